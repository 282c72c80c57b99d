"""Admin overrides of the working-day calendar (/holiday, SPEC §8): stored and listed here, and read into
bot.when's WorkingDays by working_days — the one way anything gets a working-day calendar with them."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.values import normalize_text
from bot.domain.views_admin import HolidayLine
from bot.services.errors import UserError
from bot.when.calendar import WorkingDays, override_window
from storage.queries import calendar as calendar_q
from storage.queries.reviews import add_audit
from storage.tables import CalendarOverride

_DAY_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_WORK_WORDS = {"work", "working", "workday", "on", "上班", "班", "工作日", "补班"}
_OFF_WORDS = {"off", "holiday", "rest", "休", "休息", "放假", "假", "节假日"}


def parse_day(text: str) -> date:
    """'2026-10-10', '2026/10/10', '2026年10月10日' → date; UserError otherwise."""
    match = _DAY_RE.match(normalize_text(text).strip())
    try:
        if match is None:
            raise ValueError(text)
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise UserError("holiday_date_invalid", text=text) from None


def parse_working(text: str) -> bool:
    """'work' → True (a working day), 'off' → False; Chinese words too."""
    word = normalize_text(text).strip().lower()
    if word in _WORK_WORDS:
        return True
    if word in _OFF_WORDS:
        return False
    raise UserError("holiday_kind_invalid", text=text)


async def set_override(
    session: AsyncSession, *, day: date, working: bool, actor: int, now: datetime
) -> CalendarOverride:
    """Make a day a working day or a day off, whatever the official calendar says (set again: replaced)."""
    override = await calendar_q.get_calendar_override(session, day)
    before = None if override is None else override.working
    if override is None:
        override = CalendarOverride(day=day, working=working, set_by=actor, set_at=now)
    override.working, override.set_by, override.set_at = working, actor, now
    session.add(override)
    await add_audit(
        session,
        at=now,
        actor=f"tg:{actor}",
        action="calendar.override",
        target=day.isoformat(),
        detail={"working": working, "before": before},
    )
    await session.flush()
    return override


async def list_overrides(session: AsyncSession, *, since: date | None = None) -> list[HolidayLine]:
    """The overrides in day order (from `since` when given)."""
    return [
        HolidayLine(day=r.day, working=r.working)
        for r in await calendar_q.list_calendar_overrides(session, since=since)
    ]


async def working_days(session: AsyncSession, around: date) -> WorkingDays:
    """The working-day calendar with the admins' /holiday overrides of the year around a day."""
    first, last = override_window(around)
    rows = await calendar_q.list_calendar_overrides(session, since=first, until=last)
    return WorkingDays({row.day: row.working for row in rows})
