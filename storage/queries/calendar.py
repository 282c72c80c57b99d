"""Admin overrides of the working-day calendar (/holiday)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import CalendarOverride


async def get_calendar_override(session: AsyncSession, day: date) -> CalendarOverride | None:
    return await session.get(CalendarOverride, day)


async def list_calendar_overrides(
    session: AsyncSession, *, since: date | None = None, until: date | None = None
) -> Sequence[CalendarOverride]:
    """Overrides in day order, optionally from `since` and up to `until` (both inclusive)."""
    query = select(CalendarOverride).order_by(CalendarOverride.day)  # type: ignore[arg-type]
    if since is not None:
        query = query.where(CalendarOverride.day >= since)  # type: ignore[operator]
    if until is not None:
        query = query.where(CalendarOverride.day <= until)  # type: ignore[operator]
    return (await session.execute(query)).scalars().all()
