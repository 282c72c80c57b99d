"""Reports: append-only; the latest valid value per project is what counts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.queries.ledger import ProjectRow
from storage.queries.statements import insert_unless_present
from storage.tables import Project, Report

_Replacement = aliased(Report)


def still_valid():  # type: ignore[no-untyped-def]
    """A report with a value that no withdrawal or correction points at.

    NOT IN over the (few) replaced ids lets both databases build the set once, where a correlated
    NOT EXISTS probed the index for each of hundreds of thousands of rows.
    """
    replaced = select(_Replacement.corrects_id).where(_Replacement.corrects_id.is_not(None))  # type: ignore[union-attr]
    return and_(Report.value.is_not(None), Report.id.not_in(replaced))  # type: ignore[union-attr]


class Latest(NamedTuple):
    """A project's latest valid value (a tuple: a province-sized review makes 50,000 of them)."""

    value: float
    reported_at: datetime
    report_id: int


async def latest_values(
    session: AsyncSession,
    *,
    before: datetime,
    project_ids: Sequence[int] | None = None,
    inclusive: bool = False,
) -> dict[int, Latest]:
    """Each project's latest valid report made before `before` (or at it, with inclusive); one query."""
    ranked = select(
        Report.project_id,
        Report.value,
        Report.reported_at,
        Report.id,
        func.row_number()
        .over(partition_by=Report.project_id, order_by=(Report.reported_at.desc(), Report.id.desc()))  # type: ignore[union-attr,attr-defined]
        .label("position"),
    ).where(Report.reported_at <= before if inclusive else Report.reported_at < before, still_valid())
    if project_ids is not None:
        ranked = ranked.where(Report.project_id.in_(list(project_ids)))  # type: ignore[attr-defined]
    inner = ranked.subquery()
    query = select(inner.c.project_id, inner.c.value, inner.c.reported_at, inner.c.id).where(
        inner.c.position == 1
    )
    # Core execution on the session's connection: the ORM's row machinery costs more than the query here.
    connection = await session.connection()
    return {
        project_id: Latest(value, reported_at, report_id)
        for project_id, value, reported_at, report_id in await connection.execute(query)
    }


class HistoryRow(NamedTuple):
    """One valid value in a project's history (plain columns: the report path reads it on every message)."""

    reported_at: datetime
    value: float
    report_id: int


# The report path runs these for every message: built once, so only the values change per call (building
# a statement and its cache key cost more than running it). storage/report_path.py compiles them for the
# drivers.
HISTORY = (
    select(Report.reported_at, Report.value, Report.id)
    .where(
        Report.project_id == bindparam("project_id"), still_valid(), Report.reported_at <= bindparam("until")
    )
    .order_by(Report.reported_at, Report.id)  # type: ignore[arg-type]
)
_REPORT_TABLE = Report.__table__  # type: ignore[attr-defined]
INSERT_COLUMNS = tuple(c.name for c in _REPORT_TABLE.c if c.name != "id")  # what insert_report_once takes
INSERT_ONCE = insert_unless_present(_REPORT_TABLE, _REPORT_TABLE.c.source_key, returning=_REPORT_TABLE.c.id)


# A project by code with its history in one statement: a chat report's reads in one round trip. The
# project's columns come first and repeat on each history row (one row with NULLs when it has none).
CODED_PROJECT = (
    select(
        *(getattr(Project, name) for name in ProjectRow._fields), Report.reported_at, Report.value, Report.id
    )
    .select_from(Project)
    .outerjoin(
        Report,
        and_(Report.project_id == Project.id, still_valid(), Report.reported_at <= bindparam("until")),
    )
    .where(Project.code == bindparam("code"))
    .order_by(Report.reported_at, Report.id)  # type: ignore[arg-type]
)
PROJECT_WIDTH = len(ProjectRow._fields)


async def coded_project(
    session: AsyncSession, code: str, *, until: datetime
) -> tuple[ProjectRow, list[HistoryRow]] | None:
    """A project by code (any case) as a plain row, with its valid values up to `until` in time order."""
    connection = await session.connection()
    rows = (await connection.execute(CODED_PROJECT, {"code": code.strip().upper(), "until": until})).all()
    if not rows:
        return None
    history = [HistoryRow(row[-3], float(row[-2]), row[-1]) for row in rows if row[-1] is not None]
    return ProjectRow(*rows[0][:PROJECT_WIDTH]), history


async def history_values(session: AsyncSession, project_id: int, *, until: datetime) -> list[HistoryRow]:
    """A project's valid values reported at or before `until`, in time order (Core: no ORM objects)."""
    connection = await session.connection()
    rows = await connection.execute(HISTORY, {"project_id": project_id, "until": until})
    return [HistoryRow(at, float(value), rid) for at, value, rid in rows]


async def insert_report_once(session: AsyncSession, values: dict[str, Any]) -> int | None:
    """Insert a report (its columns but id) unless its source_key is stored; the new id, or None if so.

    INSERT … ON CONFLICT DO NOTHING RETURNING in one statement (both databases have it): a re-delivered
    message neither raises nor needs a savepoint, and the common case costs one round trip. Plain values,
    not a Report: building the SQLModel object cost more than the insert (every chat report comes here).
    """
    connection = await session.connection()
    return (await connection.execute(INSERT_ONCE[connection.dialect.name], values)).scalar()


async def get_report_by_source_key(session: AsyncSession, source_key: str) -> Report | None:
    rows = await session.execute(select(Report).where(Report.source_key == source_key))
    return rows.scalars().first()


async def list_reports(
    session: AsyncSession, *, since: datetime | None = None, before: datetime | None = None
) -> Sequence[Report]:
    """Every record (reports, withdrawals, corrections) in time order, optionally within [since, before)."""
    query = select(Report)
    if since is not None:
        query = query.where(Report.reported_at >= since)
    if before is not None:
        query = query.where(Report.reported_at < before)
    return (await session.execute(query.order_by(Report.reported_at, Report.id))).scalars().all()  # type: ignore[arg-type]


async def add_report(session: AsyncSession, report: Report) -> Report:
    session.add(report)
    await session.flush()
    return report


async def last_report_by_user(session: AsyncSession, user_id: int) -> Report | None:
    """The user's latest report that is still valid (not withdrawn or corrected)."""
    query = (
        select(Report)
        .where(Report.user_id == user_id, Report.kind == "report", still_valid())
        .order_by(Report.received_at.desc(), Report.id.desc())  # type: ignore[union-attr,attr-defined]
        .limit(1)
    )
    return (await session.execute(query)).scalars().first()


async def has_value(session: AsyncSession, project_id: int, value: float) -> bool:
    """Whether a valid report of the project ever carried this value."""
    query = (
        select(Report.id)
        .where(Report.project_id == project_id, still_valid(), func.abs(Report.value - value) < 1e-9)
        .limit(1)
    )
    return (await session.execute(query)).first() is not None


async def peak_values(
    session: AsyncSession,
    *,
    until: datetime,
    inclusive: bool = True,
    project_ids: Sequence[int] | None = None,
) -> dict[int, tuple[float, datetime]]:
    """Per project: its highest valid value reported up to `until` and when that value was first reached.

    That moment is the project's last increase (停滞 counts from it); one query, a row per project.
    """
    valid = select(Report.project_id, Report.value, Report.reported_at).where(
        Report.reported_at <= until if inclusive else Report.reported_at < until, still_valid()
    )
    if project_ids is not None:
        valid = valid.where(Report.project_id.in_(list(project_ids)))
    rows = valid.subquery()
    highest = func.max(rows.c.value).label("top")
    top = select(rows.c.project_id, highest).group_by(rows.c.project_id).subquery()
    query = (
        select(rows.c.project_id, top.c.top, func.min(rows.c.reported_at))
        .join(top, and_(top.c.project_id == rows.c.project_id, rows.c.value == top.c.top))
        .group_by(rows.c.project_id, top.c.top)
    )
    connection = await session.connection()
    return {project_id: (float(value), at) for project_id, value, at in await connection.execute(query)}


async def list_valid_reports(
    session: AsyncSession,
    *,
    project_ids: Sequence[int],
    since: datetime | None = None,
    before: datetime | None = None,
    newest_first: bool = False,
    limit: int | None = None,
) -> Sequence[Report]:
    """Valid reports of some projects, within [since, before), in time order (or newest first)."""
    if not project_ids:
        return []
    query = select(Report).where(Report.project_id.in_(list(project_ids)), still_valid())
    if since is not None:
        query = query.where(Report.reported_at >= since)
    if before is not None:
        query = query.where(Report.reported_at < before)
    if newest_first:
        query = query.order_by(Report.reported_at.desc(), Report.id.desc())
    else:
        query = query.order_by(Report.reported_at, Report.id)
    if limit is not None:
        query = query.limit(limit)
    return (await session.execute(query)).scalars().all()
