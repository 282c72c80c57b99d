"""The review fires at REVIEW_SCHEDULE in Asia/Shanghai, moved off non-working days, and in 2027 too."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.periods import Period
from bot.settings import Settings
from bot.when.calendar import WorkingDays
from bot.when.moments import due_review, review_moment

TZ = ZoneInfo("Asia/Shanghai")
SETTINGS = Settings(_env_file=None)  # type: ignore[call-arg]


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=TZ)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("period", "moment"),
    [
        (Period(2026, 2), at(2026, 3, 10, 9, 0)),  # Tuesday
        (Period(2026, 4), at(2026, 5, 11, 9, 0)),  # May 10 is a Sunday → Monday
        (Period(2026, 8), at(2026, 9, 10, 9, 0)),
        (Period(2026, 10), at(2026, 11, 10, 9, 0)),
        (Period(2026, 12), at(2027, 1, 11, 9, 0)),  # 2027 (no package data): Jan 10 is a Sunday → Monday
        (Period(2027, 2), at(2027, 3, 10, 9, 0)),
    ],
)
def test_review_moment(period: Period, moment: datetime) -> None:
    assert review_moment(period, settings=SETTINGS, workdays=WorkingDays()) == moment


def test_a_review_moves_off_an_admin_holiday() -> None:
    days = WorkingDays({date(2026, 11, 10): False})
    assert review_moment(Period(2026, 10), settings=SETTINGS, workdays=days) == at(2026, 11, 11, 9, 0)


def test_the_schedule_is_read_in_the_county_zone_not_the_machine_zone() -> None:
    settings = Settings(_env_file=None, review_schedule="30 7 10 1,3,5,7,9,11 *")  # type: ignore[call-arg]
    moment = review_moment(Period(2026, 10), settings=settings, workdays=WorkingDays())
    assert moment == at(2026, 11, 10, 7, 30)
    assert moment.astimezone(ZoneInfo("UTC")).hour == 23  # Nov 9, 23:30 UTC


def test_due_review_walks_through_a_year() -> None:
    """Hour by hour through 2026-03 … 2027-03: each period becomes due exactly at its moment."""
    days = WorkingDays()
    seen: dict[str, datetime] = {}
    now = at(2026, 3, 1, 0, 0)
    while now < at(2027, 3, 31, 0, 0):
        period = due_review(now, settings=SETTINGS, workdays=days)
        if period is not None:
            seen.setdefault(period.name, now)
        now += timedelta(hours=1)
    assert seen == {
        "2025-12": at(2026, 3, 1, 0, 0),  # already due when the walk starts (the catch-up case)
        "2026-02": at(2026, 3, 10, 9, 0),
        "2026-04": at(2026, 5, 11, 9, 0),
        "2026-06": at(2026, 7, 10, 9, 0),
        "2026-08": at(2026, 9, 10, 9, 0),
        "2026-10": at(2026, 11, 10, 9, 0),
        "2026-12": at(2027, 1, 11, 9, 0),
        "2027-02": at(2027, 3, 10, 9, 0),
    }
