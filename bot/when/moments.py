"""When things happen: the review moment of a period (REVIEW_SCHEDULE moved off non-working days), the
catch-up window after a downtime, and the triggers of the scheduled jobs (bot/runtime/jobs.py's table).

Every trigger carries the county's timezone explicitly: a CronTrigger without one uses the machine's zone.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

from apscheduler.triggers.cron import CronTrigger

from bot.domain.periods import Period, last_reviewable_period
from bot.settings import Settings
from bot.when.calendar import WorkingDays

# A review whose moment passed while the bot was down is published at start-up — within a week. Later
# than that it is left to the admins (/review publish): a bot deployed, or restarted after a long outage,
# must not publish a stale period by itself.
CATCH_UP_DAYS = 7


def review_trigger(expression: str, tz: tzinfo) -> CronTrigger:
    """REVIEW_SCHEDULE as a trigger in the county's zone."""
    return CronTrigger.from_crontab(expression, timezone=tz)


def daily_check_trigger(expression: str, tz: tzinfo) -> CronTrigger:
    """Every day at REVIEW_SCHEDULE's time(s) of day: the review check runs then, so a review moved off a
    holiday fires at the same hour on the next working day."""
    minute, hour = expression.split()[:2]
    return CronTrigger(minute=minute, hour=hour, timezone=tz)


def review_check_trigger(settings: Settings) -> CronTrigger:
    """The review check's trigger: daily at REVIEW_SCHEDULE's time(s) of day, in the county's zone."""
    return daily_check_trigger(settings.review_schedule, settings.tz)


def remind_trigger(settings: Settings) -> CronTrigger:
    """Every day at REMIND_AT in the county's zone; the job itself skips days that are not working days
    (a make-up Saturday works, a holiday Monday does not, so no day-of-week field can say it)."""
    at = settings.remind_at
    return CronTrigger(hour=at.hour, minute=at.minute, second=at.second, timezone=settings.tz)


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


def past_catch_up(now: datetime, moment: datetime) -> bool:
    """Is a review moment too long ago for the bot to publish it by itself (more than CATCH_UP_DAYS)?"""
    return now - moment > timedelta(days=CATCH_UP_DAYS)
