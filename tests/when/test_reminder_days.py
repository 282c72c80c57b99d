"""Which days each reminder runs on, the catch-up window and the jobs' triggers: all in bot.when."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.periods import Period
from bot.settings import Settings
from bot.when.calendar import WorkingDays, override_window
from bot.when.moments import CATCH_UP_DAYS, past_catch_up, remind_trigger, review_check_trigger
from bot.when.reminder_days import deadline_period, forecast_period, reminders_due, stalled_day

TZ = ZoneInfo("Asia/Shanghai")
SETTINGS = Settings(_env_file=None)  # type: ignore[call-arg]
DAYS = WorkingDays()


@pytest.mark.parametrize(
    ("day", "period"),
    [
        (date(2026, 10, 30), None),  # before REMIND_BEFORE_DAYS=3 working days ahead of Nov 5
        (date(2026, 11, 2), Period(2026, 10)),  # Monday: three working days before the deadline
        (date(2026, 11, 5), Period(2026, 10)),  # the deadline day itself
        (date(2026, 11, 6), None),
    ],
)
def test_deadline_reminders_run_in_the_last_working_days_before_the_deadline(
    day: date, period: Period | None
) -> None:
    assert deadline_period(day, settings=SETTINGS, days=DAYS) == period


def test_an_override_moves_the_deadline_window() -> None:
    days = WorkingDays({date(2026, 11, 3): False})  # a day off: one more working day back
    assert deadline_period(date(2026, 10, 30), settings=SETTINGS, days=days) == Period(2026, 10)


@pytest.mark.parametrize(
    ("day", "stalled"),
    [
        (date(2026, 10, 5), False),  # National Day week: Monday–Wednesday are off …
        (date(2026, 10, 8), True),  # … so Thursday is the week's first working day
        (date(2026, 10, 10), False),  # the make-up Saturday is working, but not the first
        (date(2026, 10, 12), True),  # an ordinary Monday
        (date(2026, 10, 13), False),
    ],
)
def test_stalled_projects_are_raised_on_the_weeks_first_working_day(day: date, stalled: bool) -> None:
    assert stalled_day(day, DAYS) is stalled


@pytest.mark.parametrize(
    ("day", "period"),
    [
        (date(2026, 10, 1), None),  # the period's last month begins on a holiday …
        (date(2026, 10, 8), Period(2026, 10)),  # … so the forecast waits for the first working day
        (date(2026, 12, 1), Period(2026, 12)),
        (date(2026, 12, 2), None),
    ],
)
def test_the_forecast_goes_out_mid_period(day: date, period: Period | None) -> None:
    assert forecast_period(day, settings=SETTINGS, days=DAYS) == period


@pytest.mark.parametrize(
    ("moment", "due"),
    [
        (datetime(2026, 10, 12, 8, 59, tzinfo=TZ), False),  # before REMIND_AT
        (datetime(2026, 10, 12, 9, 0, tzinfo=TZ), True),
        (datetime(2026, 10, 10, 9, 30, tzinfo=TZ), True),  # a make-up Saturday works
        (datetime(2026, 10, 5, 9, 30, tzinfo=TZ), False),  # a holiday Monday does not
    ],
)
def test_reminders_run_on_working_days_from_remind_at(moment: datetime, due: bool) -> None:
    assert reminders_due(moment, settings=SETTINGS, days=DAYS) is due


def test_a_review_is_caught_up_within_a_week_only() -> None:
    moment = datetime(2026, 11, 10, 9, 0, tzinfo=TZ)
    assert not past_catch_up(moment + timedelta(days=CATCH_UP_DAYS), moment)
    assert past_catch_up(moment + timedelta(days=CATCH_UP_DAYS, seconds=1), moment)


def test_the_jobs_triggers_fire_in_the_countys_zone() -> None:
    settings = Settings(_env_file=None, remind_at=time(8, 30))  # type: ignore[call-arg]
    after = datetime(2026, 11, 8, 12, 0, tzinfo=TZ)
    assert remind_trigger(settings).get_next_fire_time(None, after) == datetime(2026, 11, 9, 8, 30, tzinfo=TZ)
    # the review check runs every day at REVIEW_SCHEDULE's hour, whatever the schedule's day fields say
    assert review_check_trigger(settings).get_next_fire_time(None, after) == datetime(
        2026, 11, 9, 9, 0, tzinfo=TZ
    )


def test_the_override_window_spans_more_than_a_year_each_way() -> None:
    first, last = override_window(date(2026, 11, 10))
    assert first < date(2025, 11, 10) and last > date(2027, 11, 10)
