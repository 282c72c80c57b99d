"""Keeping each project's precomputed month-end 序时进度 (storage.tables.PlanMonth) in step with its plan."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.compliance import Plan, expected
from bot.domain.periods import add_months, month_end
from storage.queries.ledger import replace_plan_months
from storage.tables import Project


def month_ends(project: Project) -> list:  # type: ignore[type-arg]
    """Every month end from the start's month through the due month."""
    ends = []
    year, month = project.start.year, project.start.month
    while (year, month) <= (project.due.year, project.due.month):
        ends.append(month_end(year, month))
        year, month = add_months(year, month, 1)
    return ends


async def refresh_plan_months(session: AsyncSession, project: Project) -> None:
    """Recompute the project's expected value at each month end; call after creating or changing it."""
    assert project.id is not None
    plan = Plan(target=project.target, start=project.start, due=project.due, points=project.plan_points)
    await replace_plan_months(
        session, project.id, [(day, expected(plan, day)) for day in month_ends(project)]
    )
