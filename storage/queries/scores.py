"""Indicator scores (score sheets) and category kinds and rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import Category, IndicatorScore


async def list_period_scores(session: AsyncSession, period: str) -> Sequence[IndicatorScore]:
    """Every imported indicator score of a period."""
    query = select(IndicatorScore).where(IndicatorScore.period == period).order_by(IndicatorScore.id)
    return (await session.execute(query)).scalars().all()


async def replace_period_scores(
    session: AsyncSession, period: str, category_ids: Iterable[int], rows: Iterable[IndicatorScore]
) -> None:
    """The period's scores in these categories become exactly `rows` (a re-import replaces them)."""
    ids = list(category_ids)
    await session.execute(
        delete(IndicatorScore).where(
            IndicatorScore.period == period,
            IndicatorScore.category_id.in_(ids),  # type: ignore[attr-defined]
        )
    )
    session.add_all(list(rows))
    await session.flush()


async def add_indicator_category(session: AsyncSession, *, name: str, now: datetime) -> Category:
    category = Category(name=name, created_at=now, kind="indicator")
    session.add(category)
    await session.flush()
    return category


async def set_category_rules(session: AsyncSession, category: Category, rules: str) -> None:
    category.rules = rules
    session.add(category)
    await session.flush()
