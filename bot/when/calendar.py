"""The working-day calendar (SPEC §8): chinese-calendar's holidays and make-up days (调休), admin overrides
(/holiday), and Monday–Friday for years the package does not cover — never a crash.

The overrides are read from the database by bot.services.calendar_overrides.working_days, which returns
the WorkingDays of this module: nothing else decides what a working day is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

# The /holiday overrides read around a day: reviews look back at most 3 months, reminders forward a few days.
OVERRIDE_SPAN = timedelta(days=400)


def override_window(around: date) -> tuple[date, date]:
    """The first and last day whose overrides a calendar used `around` a day needs."""
    return around - OVERRIDE_SPAN, around + OVERRIDE_SPAN


@lru_cache(maxsize=64)
def package_covers(year: int) -> bool:
    """Whether chinese-calendar knows the year's holidays (it raises NotImplementedError otherwise)."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkingDays:
    """Is a day a working day? Overrides first, then the package, then Monday–Friday."""

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self.overrides = dict(overrides or {})

    def is_working(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if package_covers(day.year):
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def on_or_after(self, day: date) -> date:
        """The first working day from `day` on (a review due on a holiday moves here)."""
        for _ in range(60):  # the longest Chinese holiday is about 8 days; 60 is a safe bound
            if self.is_working(day):
                return day
            day += timedelta(days=1)
        return day

    def is_first_of_week(self, day: date) -> bool:
        """A working day with no working day before it in its ISO week (a holiday Monday moves it on)."""
        monday = day - timedelta(days=day.weekday())
        earlier = (monday + timedelta(days=i) for i in range(day.weekday()))
        return self.is_working(day) and not any(self.is_working(d) for d in earlier)

    def working_days_before(self, day: date, count: int) -> date:
        """The working day `count` working days before `day` (count=0: day itself if working)."""
        current = day
        while not self.is_working(current):
            current -= timedelta(days=1)
        remaining = count
        while remaining > 0:
            current -= timedelta(days=1)
            if self.is_working(current):
                remaining -= 1
        return current


def missing_calendar_warning(today: date) -> int | None:
    """From November 1, the next year if the package does not cover it yet (admins are warned)."""
    if today.month >= 11 and not package_covers(today.year + 1):
        return today.year + 1
    return None
