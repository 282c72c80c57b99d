"""Review periods (SPEC §7): two-month periods named by their last month, deadlines, parsing."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.periods import Period, last_closed_period, parse_period, period_containing

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_2026_10_is_september_to_october():
    p = Period(2026, 10)
    assert p.months == 2
    assert p.first_day == date(2026, 9, 1)
    assert p.last_day == date(2026, 10, 31)
    assert p.contains(date(2026, 9, 1))
    assert p.contains(date(2026, 10, 31))
    assert not p.contains(date(2026, 8, 31))
    assert not p.contains(date(2026, 11, 1))


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [
        (Period(2026, 2), date(2026, 1, 1), date(2026, 2, 28)),
        (Period(2028, 2), date(2028, 1, 1), date(2028, 2, 29)),  # leap year
        (Period(2026, 12), date(2026, 11, 1), date(2026, 12, 31)),
        (Period(2026, 3, 3), date(2026, 1, 1), date(2026, 3, 31)),
        (Period(2026, 12, 3), date(2026, 10, 1), date(2026, 12, 31)),
        (Period(2026, 5, 1), date(2026, 5, 1), date(2026, 5, 31)),
    ],
)
def test_first_and_last_day(period, first, last):
    assert (period.first_day, period.last_day) == (first, last)


@pytest.mark.parametrize(
    ("period", "name", "zh", "en"),
    [
        (Period(2026, 10), "2026-10", "2026年9—10月", "Sep–Oct 2026"),
        (Period(2027, 2), "2027-02", "2027年1—2月", "Jan–Feb 2027"),
        (Period(2026, 12), "2026-12", "2026年11—12月", "Nov–Dec 2026"),
        (Period(2026, 3, 3), "2026-03", "2026年1—3月", "Jan–Mar 2026"),
        (Period(2026, 5, 1), "2026-05", "2026年5月", "May 2026"),
    ],
)
def test_naming(period, name, zh, en):
    assert period.name == name
    assert str(period) == name
    assert period.label_zh() == zh
    assert period.label_en() == en


@pytest.mark.parametrize(
    ("months", "year", "month", "previous", "following"),
    [
        (2, 2027, 2, (2026, 12), (2027, 4)),
        (2, 2026, 12, (2026, 10), (2027, 2)),
        (2, 2026, 10, (2026, 8), (2026, 12)),
        (3, 2027, 3, (2026, 12), (2027, 6)),
        (3, 2026, 12, (2026, 9), (2027, 3)),
        (1, 2027, 1, (2026, 12), (2027, 2)),
        (12, 2026, 12, (2025, 12), (2027, 12)),
    ],
)
def test_previous_and_next_across_years(months, year, month, previous, following):
    p = Period(year, month, months)
    assert p.previous() == Period(*previous, months)
    assert p.next() == Period(*following, months)
    assert p.previous().next() == p


@pytest.mark.parametrize(
    ("year", "month", "months"),
    [(2026, 9, 2), (2026, 13, 2), (2026, 0, 2), (2026, 4, 3), (2026, 10, 5), (2026, 10, 0)],
)
def test_invalid_periods_are_refused(year, month, months):
    with pytest.raises(ValueError):
        Period(year, month, months)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 9, 1), 2, Period(2026, 10)),
        (date(2026, 10, 31), 2, Period(2026, 10)),
        (date(2026, 8, 31), 2, Period(2026, 8)),
        (date(2026, 11, 1), 2, Period(2026, 12)),
        (date(2026, 12, 31), 2, Period(2026, 12)),
        (date(2027, 1, 1), 2, Period(2027, 2)),
        (date(2028, 2, 29), 2, Period(2028, 2)),
        (date(2027, 3, 1), 2, Period(2027, 4)),
        (date(2026, 1, 1), 3, Period(2026, 3, 3)),
        (date(2026, 3, 31), 3, Period(2026, 3, 3)),
        (date(2026, 4, 1), 3, Period(2026, 6, 3)),
        (date(2026, 12, 31), 3, Period(2026, 12, 3)),
    ],
)
def test_period_containing(day, months, expected):
    assert period_containing(day, months=months) == expected


@pytest.mark.parametrize(
    ("today", "months", "expected"),
    [
        (date(2026, 11, 1), 2, Period(2026, 10)),  # Oct 31 is over
        (date(2026, 10, 31), 2, Period(2026, 8)),  # Oct 31 is today: 2026-10 is not closed yet
        (date(2026, 11, 10), 2, Period(2026, 10)),  # the default review day
        (date(2026, 12, 31), 2, Period(2026, 10)),
        (date(2027, 1, 1), 2, Period(2026, 12)),
        (date(2027, 1, 10), 2, Period(2026, 12)),
        (date(2026, 1, 1), 2, Period(2025, 12)),
        (date(2026, 4, 1), 3, Period(2026, 3, 3)),
        (date(2026, 3, 31), 3, Period(2025, 12, 3)),
    ],
)
def test_last_closed_period(today, months, expected):
    assert last_closed_period(today, months=months) == expected


def test_cutoff_2026_10_grace_5_shanghai():
    # Oct 31 + 5 days = Nov 5 is the deadline day; its end is Nov 6 00:00 +08:00 (= Nov 5 16:00 UTC).
    p = Period(2026, 10)
    assert p.deadline_day(grace_days=5) == date(2026, 11, 5)
    cutoff = p.cutoff(grace_days=5, tz=SHANGHAI)
    assert cutoff == datetime(2026, 11, 6, 0, 0, tzinfo=SHANGHAI)
    assert cutoff.utcoffset() == timedelta(hours=8)
    assert cutoff == datetime(2026, 11, 5, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sent", "counts"),
    [
        (datetime(2026, 11, 5, 23, 59, 59, tzinfo=SHANGHAI), True),
        (datetime(2026, 11, 6, 0, 0, 0, tzinfo=SHANGHAI), False),
        (datetime(2026, 11, 5, 15, 59, 59, tzinfo=UTC), True),  # 23:59:59 in Shanghai
        (datetime(2026, 11, 5, 16, 0, 0, tzinfo=UTC), False),  # 00:00 Nov 6 in Shanghai
        (datetime(2026, 9, 1, 0, 0, 0, tzinfo=SHANGHAI), True),
    ],
)
def test_reports_strictly_before_cutoff_count(sent, counts):
    assert (sent < Period(2026, 10).cutoff(grace_days=5, tz=SHANGHAI)) is counts


@pytest.mark.parametrize(
    ("period", "grace", "cutoff"),
    [
        (Period(2026, 12), 5, datetime(2027, 1, 6, tzinfo=SHANGHAI)),  # Dec 31 + 5 = Jan 5
        (Period(2026, 4), 5, datetime(2026, 5, 6, tzinfo=SHANGHAI)),  # Apr 30 + 5 = May 5
        (Period(2028, 2), 5, datetime(2028, 3, 6, tzinfo=SHANGHAI)),  # Feb 29 + 5 = Mar 5
        (Period(2026, 10), 0, datetime(2026, 11, 1, tzinfo=SHANGHAI)),  # no grace: end of Oct 31
    ],
)
def test_cutoff_other_periods(period, grace, cutoff):
    assert period.cutoff(grace_days=grace, tz=SHANGHAI) == cutoff


def test_period_start_is_first_instant_in_zone():
    assert Period(2026, 10).start(tz=SHANGHAI) == datetime(2026, 9, 1, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("text", "months", "expected"),
    [
        ("2026-10", 2, Period(2026, 10)),
        ("2026/10", 2, Period(2026, 10)),
        ("2026年10月", 2, Period(2026, 10)),
        (" 2026-10 ", 2, Period(2026, 10)),
        ("2026-2", 2, Period(2026, 2)),
        ("2026-06", 3, Period(2026, 6, 3)),
        ("2026年12月", 3, Period(2026, 12, 3)),
    ],
)
def test_parse_period_accepts(text, months, expected):
    assert parse_period(text, months=months) == expected


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("2026-09", 2),  # not the end of a two-month period
        ("2026-13", 2),
        ("2026-00", 2),
        ("abc", 2),
        ("", 2),
        ("2026", 2),
        ("2026-04", 3),  # quarters end in 3, 6, 9, 12
    ],
)
def test_parse_period_refuses(text, months):
    with pytest.raises(ValueError):
        parse_period(text, months=months)
