"""The review's one big read: every project started by the period's last day with its expected value there
and its latest valid report before the deadline, in one query.

It was two (the projects, then the latest values) read through SQLAlchemy's result layer: on a province
(50,000 projects) that layer cost about as much as the database did. On PostgreSQL the one joined query runs
straight on the driver connection under the session (the same transaction, so it sees what the session
sees); SQLite keeps SQLAlchemy's path (docs/benchmarks.md, "The full review against the raw query").
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.dialects.postgresql import asyncpg as postgresql_asyncpg
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.compiler import SQLCompiler

from storage.queries.reports import still_valid
from storage.tables import PlanMonth, Project, Report

# Typed by what they are compared with (the report's time, the project's start day).
_SINCE: Any = bindparam("since")
_BEFORE: Any = bindparam("before")
_DAY: Any = bindparam("day")


def _latest(dialect: str) -> Any:
    """Each project's latest valid (value, reported at or after `since`) before `before`, as a subquery."""
    recent = (Report.reported_at >= _SINCE).label("recent")
    valid = (Report.reported_at < _BEFORE, still_valid())
    if dialect == "postgresql":
        # DISTINCT ON picks each project's first row in the given order: about twice as fast there as
        # numbering every row with a window function.
        return (
            select(Report.project_id, Report.value, recent)
            .where(*valid)
            .ext(distinct_on(Report.project_id))
            .order_by(Report.project_id, Report.reported_at.desc(), Report.id.desc())
            .subquery()
        )
    position = func.row_number().over(
        partition_by=Report.project_id, order_by=(Report.reported_at.desc(), Report.id.desc())
    )
    ranked = (
        select(Report.project_id, Report.value, recent, position.label("position")).where(*valid).subquery()
    )
    return (
        select(ranked.c.project_id, ranked.c.value, ranked.c.recent).where(ranked.c.position == 1).subquery()
    )


def _statement(dialect: str) -> Any:
    latest = _latest(dialect)
    return (
        select(
            Project.id,
            Project.unit_id,
            Project.category_id,
            Project.target,
            Project.start,
            Project.due,
            Project.weight,
            # The plan's JSON only where no month end was precomputed: 15 MB less to read on a province.
            case((PlanMonth.expected.is_(None), Project.plan), else_=None).label("plan"),
            PlanMonth.expected,
            latest.c.value,
            latest.c.recent,
        )
        .outerjoin(PlanMonth, (PlanMonth.project_id == Project.id) & (PlanMonth.month_end == _DAY))
        .outerjoin(latest, latest.c.project_id == Project.id)
        .where(Project.start <= _DAY)
    )


COUNTED = {name: _statement(name) for name in ("sqlite", "postgresql")}
_PG = COUNTED["postgresql"].compile(dialect=postgresql_asyncpg.dialect())
assert isinstance(_PG, SQLCompiler)
_PG_SQL, _PG_ORDER = _PG.string, list(_PG.positiontup or [])


async def counted_rows(
    session: AsyncSession, *, day: date, since: datetime, before: datetime
) -> list[tuple[Any, ...]]:
    """(id, unit_id, category_id, target, start, due, weight, plan or None, expected on `day` or None,
    latest value or None, whether that report is at or after `since` or None) of each project started by
    `day`. `since` and `before` are aware datetimes."""
    if since.tzinfo is None or before.tzinfo is None:
        raise ValueError("counted_rows needs timezone-aware datetimes")
    connection = await session.connection()
    values = {"since": since, "before": before, "day": day}
    if connection.dialect.name == "postgresql":
        driver = (await connection.get_raw_connection()).driver_connection
        assert driver is not None
        return [tuple(row) for row in await driver.fetch(_PG_SQL, *(values[name] for name in _PG_ORDER))]
    return [tuple(row) for row in (await connection.execute(COUNTED["sqlite"], values)).all()]
