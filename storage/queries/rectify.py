"""The rectification list (RectificationItem) and 约谈 / measures (UnitMeasure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import RectificationItem, UnitMeasure

OPEN_STATES = ("open", "submitted", "returned", "approved")  # not yet 销号


async def list_items(
    session: AsyncSession, *, period: str, unit_id: int | None = None
) -> Sequence[RectificationItem]:
    """A review's rectification items (one unit's when given), in the order they were opened."""
    query = select(RectificationItem).where(RectificationItem.period == period)
    if unit_id is not None:
        query = query.where(RectificationItem.unit_id == unit_id)
    return (await session.execute(query.order_by(RectificationItem.id))).scalars().all()  # type: ignore[arg-type]


async def get_item(session: AsyncSession, item_id: int) -> RectificationItem | None:
    return await session.get(RectificationItem, item_id)


async def list_open_items_of_project(
    session: AsyncSession, project_id: int, *, created_before: datetime
) -> Sequence[RectificationItem]:
    """The project's items not yet 销号 that were opened before `created_before` (a later report closes them)."""
    query = select(RectificationItem).where(
        RectificationItem.project_id == project_id,
        RectificationItem.state.in_(OPEN_STATES),  # type: ignore[attr-defined]
        RectificationItem.created_at < created_before,
    )
    return (await session.execute(query.order_by(RectificationItem.id))).scalars().all()


async def add_item(session: AsyncSession, item: RectificationItem) -> RectificationItem:
    session.add(item)
    await session.flush()
    return item


async def add_measure(
    session: AsyncSession, *, unit_id: int, kind: str, note: str, at: datetime, by_user: int
) -> UnitMeasure:
    measure = UnitMeasure(unit_id=unit_id, kind=kind, note=note, at=at, by_user=by_user)
    session.add(measure)
    await session.flush()
    return measure


async def list_measures(session: AsyncSession, unit_id: int) -> Sequence[UnitMeasure]:
    """A unit's 约谈 and measures, oldest first."""
    query = select(UnitMeasure).where(UnitMeasure.unit_id == unit_id).order_by(UnitMeasure.at, UnitMeasure.id)  # type: ignore[arg-type]
    return (await session.execute(query)).scalars().all()
