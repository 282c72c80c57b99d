"""Unit aliases (other names of a unit, kept by the admins)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import Unit, UnitAlias


async def list_aliases(session: AsyncSession) -> Sequence[tuple[UnitAlias, Unit]]:
    rows = await session.execute(
        select(UnitAlias, Unit).join(Unit, Unit.id == UnitAlias.unit_id).order_by(Unit.name, UnitAlias.alias)
    )
    return [(alias, unit) for alias, unit in rows.all()]


async def get_alias_by_key(session: AsyncSession, key: str) -> UnitAlias | None:
    return (await session.execute(select(UnitAlias).where(UnitAlias.alias_key == key))).scalars().first()


async def add_alias(
    session: AsyncSession, *, alias: str, key: str, unit_id: int, now: datetime, actor: str
) -> UnitAlias:
    row = UnitAlias(alias=alias, alias_key=key, unit_id=unit_id, created_at=now, created_by=actor)
    session.add(row)
    await session.flush()
    return row


async def delete_alias(session: AsyncSession, alias: UnitAlias) -> None:
    await session.delete(alias)
    await session.flush()
