"""On which days each reminder goes out (SPEC §8): working days only, from REMIND_AT on; the deadline
run, the weekly stalled-projects run, the mid-period forecast and the missing-calendar warning."""

from __future__ import annotations

from datetime import date, datetime

from bot.domain.periods import Period, period_containing
from bot.settings import Settings
from bot.when.calendar import WorkingDays


def reminders_due(local: datetime, *, settings: Settings, days: WorkingDays) -> bool:
    """Do the day's reminders run at this local time: a working day, REMIND_AT or later?"""
    return days.is_working(local.date()) and local.time() >= settings.remind_at


def deadline_period(today: date, *, settings: Settings, days: WorkingDays) -> Period | None:
    """The period whose deadline reminders run today: from REMIND_BEFORE_DAYS working days before its
    submission deadline through the deadline day."""
    current = period_containing(today, months=settings.period_months)
    for period in (current.previous(), current):
        deadline = period.deadline_day(grace_days=settings.report_grace_days)
        if days.working_days_before(deadline, settings.remind_before_days) <= today <= deadline:
            return period
    return None


def stalled_day(today: date, days: WorkingDays) -> bool:
    """Stalled projects are raised weekly, on the first working day of the ISO week."""
    return days.is_first_of_week(today)


def forecast_period(today: date, *, settings: Settings, days: WorkingDays) -> Period | None:
    """Mid-period: the period whose forecast warning goes out today (the first working day from the first
    day of its last month), or None."""
    period = period_containing(today, months=settings.period_months)
    return period if today == days.on_or_after(date(period.year, period.month, 1)) else None
