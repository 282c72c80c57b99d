"""Importing a ledger (台账, SPEC §5): all or nothing, idempotent, never touching existing reports."""

from __future__ import annotations

from datetime import datetime, time, tzinfo
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ledger.parse import LedgerRow, ParsedLedger
from bot.ledger.summary import ImportSummary
from bot.services.indicator_scores import ledger_conflicts
from bot.services.plans import refresh_plan_months
from storage.queries import ledger as ledger_q
from storage.queries import reports as reports_q
from storage.queries import reviews as reviews_q
from storage.tables import Project, Report, plan_json


async def import_ledger(
    session: AsyncSession,
    parsed: ParsedLedger,
    *,
    actor: str,
    user_id: int | None,
    now: datetime,
    tz: tzinfo,
    default_group: str,
) -> ImportSummary:
    """Create or update projects by code; a file with any bad row changes nothing."""
    if parsed.errors:
        return ImportSummary(errors=parsed.errors)
    if conflicts := await ledger_conflicts(session, parsed):  # projects for an indicator-scored category
        return ImportSummary(errors=conflicts)
    summary = ImportSummary()
    for row in parsed.rows:
        project, state = await _upsert_project(
            session, row, now=now, default_group=default_group, summary=summary
        )
        getattr(summary, state).append(project.code)
        if row.actual is not None and await _import_actual(
            session, project, row, actor=actor, user_id=user_id, now=now, tz=tz
        ):
            summary.reports_added += 1
    await reviews_q.add_audit(
        session,
        at=now,
        actor=actor,
        action="ledger.import",
        detail={
            "created": len(summary.created),
            "updated": len(summary.updated),
            "reports": summary.reports_added,
        },
    )
    return summary


async def _upsert_project(
    session: AsyncSession, row: LedgerRow, *, now: datetime, default_group: str, summary: ImportSummary
) -> tuple[Project, str]:
    unit = await ledger_q.get_unit_by_name(session, row.unit)
    if unit is None:
        unit = await ledger_q.add_unit(session, name=row.unit, group=row.group or default_group, now=now)
        summary.units_created.append(unit.name)
    category = await ledger_q.get_category_by_name(session, row.category)
    if category is None:
        category = await ledger_q.add_category(session, name=row.category, now=now)
        summary.categories_created.append(category.name)
    values: dict[str, Any] = {
        "name": row.name,
        "unit_id": unit.id,
        "category_id": category.id,
        "target": row.target,
        "measure": row.measure,
        "start": row.start,
        "due": row.due,
        "weight": row.weight,
        "plan": plan_json(row.plan),
    }
    project = await ledger_q.get_project_by_code(session, row.code)
    if project is None:
        project = Project(code=row.code.strip().upper(), created_at=now, updated_at=now, **values)
        session.add(project)
        await session.flush()
        state = "created"
    else:
        changed = any(getattr(project, k) != v for k, v in values.items())
        for key, value in values.items():
            setattr(project, key, value)
        if changed:
            project.updated_at = now
        session.add(project)
        state = "updated" if changed else "unchanged"
    await refresh_plan_months(session, project)
    return project, state


async def _import_actual(
    session: AsyncSession,
    project: Project,
    row: LedgerRow,
    *,
    actor: str,
    user_id: int | None,
    now: datetime,
    tz: tzinfo,
) -> bool:
    """Store the 累计完成 column as a report dated as_of, unless the project already has that value."""
    assert project.id is not None and row.actual is not None
    day = row.as_of or now.astimezone(tz).date()
    # Dated the end of the as-of day (but never in the future), so it counts for that day's period.
    reported_at = min(datetime.combine(day, time(23, 59, 59), tz), now)
    key = f"import:{project.code}:{day.isoformat()}:{row.actual:g}"
    if await reports_q.get_report_by_source_key(session, key) is not None:
        return False
    # "Skipped if the project already has this value": re-importing yesterday's file must not push
    # progress reported since then back down.
    if await reports_q.has_value(session, project.id, row.actual):
        return False
    await reports_q.add_report(
        session,
        Report(
            project_id=project.id,
            kind="report",
            value=row.actual,
            note="台账导入",
            reported_at=reported_at,
            received_at=now,
            user_id=user_id,
            reporter=actor,
            source="import",
            source_key=key,
        ),
    )
    return True
