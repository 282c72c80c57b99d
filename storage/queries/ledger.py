"""Units, categories, projects and plan points."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import Category, PlanMonth, Project, Unit, plan_points


async def get_unit_by_name(session: AsyncSession, name: str) -> Unit | None:
    return (await session.execute(select(Unit).where(Unit.name == name))).scalars().first()


async def get_unit(session: AsyncSession, unit_id: int) -> Unit | None:
    return await session.get(Unit, unit_id)


async def list_units(session: AsyncSession) -> Sequence[Unit]:
    rows = await session.execute(select(Unit).order_by(Unit.group_name, Unit.name))
    return rows.scalars().all()


async def add_unit(
    session: AsyncSession, *, name: str, group: str, now: datetime, short_name: str = ""
) -> Unit:
    unit = Unit(name=name, group_name=group, short_name=short_name, created_at=now)
    session.add(unit)
    await session.flush()
    return unit


async def get_category_by_name(session: AsyncSession, name: str) -> Category | None:
    rows = await session.execute(select(Category).where(Category.name == name))
    return rows.scalars().first()


async def list_categories(session: AsyncSession) -> Sequence[Category]:
    return (await session.execute(select(Category).order_by(Category.id))).scalars().all()


async def add_category(session: AsyncSession, *, name: str, now: datetime) -> Category:
    category = Category(name=name, created_at=now)
    session.add(category)
    await session.flush()
    return category


_PROJECT_BY_CODE = select(Project).where(Project.code == bindparam("code"))


async def get_project_by_code(session: AsyncSession, code: str) -> Project | None:
    rows = await session.execute(_PROJECT_BY_CODE, {"code": code.strip().upper()})
    return rows.scalars().first()


class ProjectRow(NamedTuple):
    """The project columns a report needs, as plain values (every chat report reads one: no ORM object)."""

    id: int
    code: str
    name: str
    unit_id: int
    target: float
    measure: str
    start: date
    due: date
    plan: str

    @property
    def plan_points(self) -> tuple[tuple[date, float], ...]:
        return plan_points(self.plan)


def project_row(project: Project) -> ProjectRow:
    """The plain row of an ORM project."""
    assert project.id is not None
    return ProjectRow(
        project.id,
        project.code,
        project.name,
        project.unit_id,
        project.target,
        project.measure,
        project.start,
        project.due,
        project.plan,
    )


async def list_projects(
    session: AsyncSession, *, unit_id: int | None = None, started_by: date | None = None
) -> Sequence[Project]:
    """Projects in code order, optionally of one unit or started on or before a day."""
    query = select(Project).order_by(Project.code)
    if unit_id is not None:
        query = query.where(Project.unit_id == unit_id)
    if started_by is not None:
        query = query.where(Project.start <= started_by)
    return (await session.execute(query)).scalars().all()


async def project_labels(session: AsyncSession) -> dict[int, tuple[str, str, str]]:
    """project id → (code, name, measure): plain rows (a province's follow-up notes name 50,000 projects)."""
    connection = await session.connection()
    rows = await connection.execute(select(Project.id, Project.code, Project.name, Project.measure))
    return {project_id: (code, name, measure) for project_id, code, name, measure in rows}


async def count_projects(session: AsyncSession) -> int:
    return int((await session.execute(select(func.count()).select_from(Project))).scalar_one())


async def count_projects_by_unit(session: AsyncSession) -> dict[int, int]:
    """unit id → number of projects it leads."""
    rows = await session.execute(select(Project.unit_id, func.count()).group_by(Project.unit_id))
    return {int(unit_id): int(n) for unit_id, n in rows}


async def count_projects_by_category(session: AsyncSession) -> dict[int, int]:
    """category id → number of projects in it."""
    rows = await session.execute(select(Project.category_id, func.count()).group_by(Project.category_id))
    return {int(category_id): int(n) for category_id, n in rows}


async def replace_plan_months(
    session: AsyncSession, project_id: int, months: Iterable[tuple[date, float]]
) -> None:
    """Store a project's expected value at each month end (see PlanMonth)."""
    await session.execute(delete(PlanMonth).where(PlanMonth.project_id == project_id))
    rows = [{"project_id": project_id, "month_end": day, "expected": value} for day, value in months]
    if rows:
        await session.execute(insert(PlanMonth), rows)


async def count_projects_in_use(session: AsyncSession, *, started_by: date, created_before: datetime) -> int:
    """Projects started by a day that were already in the ledger before a moment (a scheduled review runs
    only for a period the bot was keeping the ledger of)."""
    query = (
        select(func.count())
        .select_from(Project)
        .where(Project.start <= started_by, Project.created_at < created_before)
    )
    return int((await session.execute(query)).scalar_one())
