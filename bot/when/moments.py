"""When things happen: the review moment of a period (REVIEW_SCHEDULE moved off non-working days)."""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

from apscheduler.triggers.cron import CronTrigger

from bot.domain.periods import Period, last_reviewable_period
from bot.settings import Settings
from bot.when.calendar import WorkingDays


def review_trigger(expression: str, tz: tzinfo) -> CronTrigger:
    """REVIEW_SCHEDULE as a trigger in the county's zone (a CronTrigger without timezone= would use the
    machine's zone, not the bot's)."""
    return CronTrigger.from_crontab(expression, timezone=tz)


def daily_check_trigger(expression: str, tz: tzinfo) -> CronTrigger:
    """Every day at REVIEW_SCHEDULE's time(s) of day: the review check runs then, so a review moved off a
    holiday fires at the same hour on the next working day."""
    minute, hour = expression.split()[:2]
    return CronTrigger(minute=minute, hour=hour, timezone=tz)


def review_moment(period: Period, *, settings: Settings, workdays: WorkingDays) -> datetime:
    """The first REVIEW_SCHEDULE time after the period, moved to the next working day, never before its
    submission deadline."""
    tz = settings.tz
    cutoff = period.cutoff(grace_days=settings.report_grace_days, tz=tz)
    after = datetime.combine(period.last_day + timedelta(days=1), time(0), tz)
    nominal = review_trigger(settings.review_schedule, tz).get_next_fire_time(None, after)
    assert nominal is not None, "a crontab always fires again"
    nominal = max(nominal, cutoff)
    day = workdays.on_or_after(nominal.date())
    return datetime.combine(day, nominal.timetz().replace(tzinfo=None), tz)


def due_review(now: datetime, *, settings: Settings, workdays: WorkingDays) -> Period | None:
    """The period whose review is due at `now` (the latest closed one, once its moment has come)."""
    period = last_reviewable_period(now, months=settings.period_months, grace_days=settings.report_grace_days)
    return period if now >= review_moment(period, settings=settings, workdays=workdays) else None
