"""The working-day calendar: holidays, make-up Saturdays, overrides, and years the package does not know."""

from datetime import date

import pytest

from bot.when.calendar import WorkingDays, missing_calendar_warning, package_covers


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 10, 1), False),  # National Day
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),  # first day back after the National Day holiday
        (date(2026, 9, 25), False),  # Mid-autumn Festival, a Friday
        (date(2026, 10, 10), True),  # make-up Saturday (调休)
        (date(2026, 10, 11), False),  # an ordinary Sunday
        (date(2026, 11, 27), True),  # an ordinary Friday
        (date(2027, 1, 4), True),  # 2027: not in the package → Monday–Friday
        (date(2027, 1, 9), False),
    ],
)
def test_is_working(day: date, working: bool) -> None:
    assert WorkingDays().is_working(day) is working


def test_overrides_win_over_the_package_and_the_fallback() -> None:
    days = WorkingDays({date(2026, 10, 11): True, date(2027, 1, 4): False})
    assert days.is_working(date(2026, 10, 11)) and not days.is_working(date(2027, 1, 4))


def test_moving_off_a_holiday_and_counting_back() -> None:
    days = WorkingDays()
    assert days.on_or_after(date(2026, 10, 1)) == date(2026, 10, 8)  # Oct 1–7 off
    assert days.on_or_after(date(2026, 10, 10)) == date(2026, 10, 10)  # the make-up Saturday works
    # Three working days before Thursday Oct 8: Oct 1–7 are off, so Sep 30, 29, 28 → Sep 28.
    assert days.working_days_before(date(2026, 10, 8), 3) == date(2026, 9, 28)


def test_coverage_and_the_november_warning() -> None:
    assert package_covers(2026) and not package_covers(2027)
    assert missing_calendar_warning(date(2026, 10, 31)) is None
    assert missing_calendar_warning(date(2026, 11, 1)) == 2027
