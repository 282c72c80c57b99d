"""Small builders for tests: a county in a few lines."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.policy import Policy
from bot.domain.views_report import Stored
from bot.services.plans import refresh_plan_months
from bot.services.reports import ReportRequest, submit_report
from storage.queries import ledger as ledger_q
from storage.tables import Project
from tests.conftest import TZ, shanghai

CREATED = shanghai(2026, 1, 1, 9, 0)


async def add_project(
    session: AsyncSession,
    code: str,
    *,
    unit: str,
    group: str = "县直部门",
    category: str = "民生实事",
    target: float = 120,
    start: date = date(2026, 1, 1),
    due: date = date(2026, 12, 31),
    weight: float = 1.0,
    name: str | None = None,
    precompute: bool = True,
) -> Project:
    """A project (creating its unit and category when new)."""
    unit_row = await ledger_q.get_unit_by_name(session, unit) or await ledger_q.add_unit(
        session, name=unit, group=group, now=CREATED
    )
    category_row = await ledger_q.get_category_by_name(session, category) or await ledger_q.add_category(
        session, name=category, now=CREATED
    )
    project = Project(
        code=code.upper(),
        name=name or f"{unit}{code}项目",
        unit_id=unit_row.id,  # type: ignore[arg-type]
        category_id=category_row.id,  # type: ignore[arg-type]
        target=target,
        measure="个",
        start=start,
        due=due,
        weight=weight,
        created_at=CREATED,
        updated_at=CREATED,
    )
    session.add(project)
    await session.flush()
    if precompute:  # as an import does; precompute=False exercises the review's fallback
        await refresh_plan_months(session, project)
    return project


async def report(
    session: AsyncSession,
    code: str,
    value: str | float,
    at: datetime,
    *,
    note: str = "",
    confirmed: bool = True,
    key: str | None = None,
    user_id: int | None = None,
    policy: Policy | None = None,
) -> Stored:
    """Store a report as if made at `at` (confirmed, so decreases and overshoots go through)."""
    outcome = await submit_report(
        session,
        ReportRequest(
            project_ref=code,
            value_text=str(value),
            note=note or "test",
            reported_at=at,
            source="test",
            source_key=key,
            user_id=user_id,
            confirmed=confirmed,
        ),
        now=at,
        policy=policy or Policy(),
        tz=TZ,
    )
    assert isinstance(outcome, Stored), outcome
    return outcome
