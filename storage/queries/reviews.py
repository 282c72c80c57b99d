"""Reviews and their scores; the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Integer, delete, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import AuditLog, RectificationPlan, Review, Score


async def get_review(session: AsyncSession, period: str) -> Review | None:
    return (await session.execute(select(Review).where(Review.period == period))).scalars().first()


async def latest_published_before(session: AsyncSession, period: str) -> Review | None:
    """The last published review of an earlier period (period names sort as dates)."""
    query = (
        select(Review)
        .where(Review.status == "published", Review.period < period)
        .order_by(Review.period.desc())  # type: ignore[attr-defined]
        .limit(1)
    )
    return (await session.execute(query)).scalars().first()


async def list_reviews(session: AsyncSession, *, published_only: bool = False) -> Sequence[Review]:
    query = select(Review).order_by(Review.period)
    if published_only:
        query = query.where(Review.status == "published")
    return (await session.execute(query)).scalars().all()


async def list_scores(session: AsyncSession, review_id: int) -> Sequence[Score]:
    return (await session.execute(select(Score).where(Score.review_id == review_id))).scalars().all()


async def score_rows(session: AsyncSession, review_id: int) -> Sequence[Any]:
    """A review's scores as read-only rows (attribute access like Score): no ORM objects for 8,000 rows."""
    connection = await session.connection()
    result = await connection.execute(select(*Score.__table__.columns).where(Score.review_id == review_id))
    return result.all()


async def override_rows(session: AsyncSession, review_id: int) -> Sequence[Any]:
    """A draft's overridden scores only (not all 8,000 rows of a province to find the few)."""
    connection = await session.connection()
    query = select(*Score.__table__.columns).where(
        Score.review_id == review_id, Score.override_reason.is_not(None)
    )
    return (await connection.execute(query)).all()


_SCORE_COLUMNS = [c for c in Score.__table__.columns if c.name != "id"]
# PostgreSQL: the 8,000 rows of a province as one array per column in one statement; an executemany
# builds and binds every row's parameters in Python first (a sixth of the whole review there).


def _pg_array(column: Any) -> str:
    if isinstance(column.type, Boolean):
        return "BOOLEAN[]"
    return "INTEGER[]" if isinstance(column.type, Integer) else "TEXT[]"


_KEY = ("review_id", "unit_id", "category_id")
_VALUES = [c.name for c in _SCORE_COLUMNS if c.name not in _KEY]
# A recomputed draft mostly scores as before: rows that did not change are left alone (no new row version,
# no foreign-key checks); changed ones are updated, new ones inserted, gone ones deleted. On a province
# (8,000 scores) that is about 25 ms against 130 ms for deleting and inserting them all.
_PG_UPSERT = text(
    f"INSERT INTO score ({', '.join(c.name for c in _SCORE_COLUMNS)}) SELECT * FROM unnest("
    + ", ".join(f"CAST(:{c.name} AS {_pg_array(c)})" for c in _SCORE_COLUMNS)
    + f") ON CONFLICT ({', '.join(_KEY)}) DO UPDATE SET "
    + ", ".join(f"{name} = EXCLUDED.{name}" for name in _VALUES)
    + f" WHERE ({', '.join(f'score.{name}' for name in _VALUES)})"
    + f" IS DISTINCT FROM ({', '.join(f'EXCLUDED.{name}' for name in _VALUES)})"
)
_PG_DELETE_GONE = text(
    "DELETE FROM score WHERE review_id = :review_id AND (unit_id, category_id) NOT IN "
    "(SELECT * FROM unnest(CAST(:unit_id AS INTEGER[]), CAST(:category_id AS INTEGER[])))"
)


async def replace_scores(session: AsyncSession, review_id: int, scores: Sequence[dict[str, Any]]) -> None:
    """A draft's scores are recomputed as a whole; a published review's never change."""
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        columns = {c.name: [row.get(c.name) for row in scores] for c in _SCORE_COLUMNS}
        gone = {"review_id": review_id, "unit_id": columns["unit_id"], "category_id": columns["category_id"]}
        await connection.execute(_PG_DELETE_GONE, gone)
        if scores:
            await connection.execute(_PG_UPSERT, columns)
        return
    await session.execute(delete(Score).where(Score.review_id == review_id))  # type: ignore[arg-type]
    if scores:
        # Core executemany on the connection: the ORM's bulk path costs more than the rows
        await connection.execute(insert(Score.__table__), list(scores))


async def mark_published(session: AsyncSession, review_id: int, *, at: datetime, by: str) -> bool:
    """Publish a draft; False if it was already published (by anyone, even a moment ago)."""
    result = await session.execute(
        update(Review)
        .where(Review.id == review_id, Review.status == "draft")  # type: ignore[arg-type]
        .values(status="published", published_at=at, published_by=by)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def add_audit(
    session: AsyncSession,
    *,
    at: datetime,
    actor: str,
    action: str,
    target: str = "",
    detail: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    session.add(
        AuditLog(at=at, actor=actor, action=action, target=target, detail=detail or {}, reason=reason)
    )


async def list_audit_for(
    session: AsyncSession, *, action: str, target: str | None = None
) -> Sequence[AuditLog]:
    """The audit entries of one action (on one target: e.g. a project's field changes), oldest first."""
    query = select(AuditLog).where(AuditLog.action == action)
    if target is not None:
        query = query.where(AuditLog.target == target)
    query = query.order_by(AuditLog.at, AuditLog.id)  # type: ignore[arg-type]
    return (await session.execute(query)).scalars().all()


async def list_audit(session: AsyncSession) -> Sequence[AuditLog]:
    return (await session.execute(select(AuditLog).order_by(AuditLog.id))).scalars().all()  # type: ignore[arg-type]


async def list_unit_scores(session: AsyncSession, unit_id: int) -> list[tuple[str, Score]]:
    """(period, score) of one unit in every published review, oldest first: its flag history."""
    query = (
        select(Review.period, Score)
        .join(Review, Review.id == Score.review_id)
        .where(Score.unit_id == unit_id, Review.status == "published")
        .order_by(Review.period, Score.category_id)
    )
    return [(period, score) for period, score in (await session.execute(query)).all()]


async def add_rectification_plan(
    session: AsyncSession, *, unit_id: int, period: str, text: str, user_id: int, now: datetime
) -> RectificationPlan:
    plan = RectificationPlan(unit_id=unit_id, period=period, text=text, user_id=user_id, created_at=now)
    session.add(plan)
    await session.flush()
    return plan


async def list_rectification_plans(
    session: AsyncSession, *, period: str, unit_id: int | None = None
) -> Sequence[RectificationPlan]:
    """Plans answering a review, oldest first (the latest of a unit is the one that stands)."""
    query = select(RectificationPlan).where(RectificationPlan.period == period)
    if unit_id is not None:
        query = query.where(RectificationPlan.unit_id == unit_id)
    query = query.order_by(RectificationPlan.created_at, RectificationPlan.id)
    return (await session.execute(query)).scalars().all()
