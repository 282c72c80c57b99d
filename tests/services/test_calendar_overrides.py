"""The admins' /holiday overrides, read back as bot.when's WorkingDays: the one calendar with overrides."""

from __future__ import annotations

from datetime import date

from bot.services.calendar_overrides import set_override, working_days
from bot.when.calendar import WorkingDays
from tests.conftest import Db, shanghai

NOW = shanghai(2026, 11, 2, 9, 0)


async def test_overrides_around_a_day_make_the_working_day_calendar(db: Db) -> None:
    async with db.sessions.begin() as s:
        await set_override(s, day=date(2026, 11, 3), working=False, actor=1, now=NOW)  # a Tuesday off
        await set_override(s, day=date(2026, 11, 7), working=True, actor=1, now=NOW)  # a Saturday on
        await set_override(s, day=date(2029, 1, 1), working=True, actor=1, now=NOW)  # years away
    async with db.sessions() as s:
        days = await working_days(s, date(2026, 11, 2))
    assert isinstance(days, WorkingDays)
    assert not days.is_working(date(2026, 11, 3)) and days.is_working(date(2026, 11, 7))
    assert days.is_working(date(2026, 11, 4))  # no override: the official calendar
    assert date(2029, 1, 1) not in days.overrides  # outside the window read around the day
