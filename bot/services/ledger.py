"""Importing a ledger (台账, SPEC §5): all or nothing, idempotent, never touching existing reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ledger.parse import LedgerRow, ParsedLedger
from bot.ledger.summary import ImportSummary
from bot.services.errors import UserError
from bot.services.indicator_scores import ledger_conflicts
from bot.services.ledger_diff import actual_plan, actual_to_store, preview_import
from bot.services.plans import refresh_plan_months
from bot.services.unit_aliases import UnitResolver
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
    note: str = "",
    allow_decrease: bool = False,
    expect: str | None = None,
) -> ImportSummary:
    """Create or update projects by code; a file with any bad row changes nothing.

    The changes are worked out first (bot.services.ledger_diff). With `expect` (a held preview's
    fingerprint) nothing is applied unless the changes are still exactly those: otherwise the summary
    is `stale` and carries the new preview. A lower 累计完成 than stored is applied only with
    allow_decrease and a note (UserError 'ledger_decrease_refused' otherwise, nothing written).
    Every changed project gets an audit entry with each field old → new.
    """
    if parsed.errors:
        return ImportSummary.of(parsed)
    if conflicts := await ledger_conflicts(session, parsed):  # projects for an indicator-scored category
        return replace(ImportSummary.of(parsed), errors=conflicts)
    units = await UnitResolver.load(session)
    preview = await preview_import(session, parsed, now=now, tz=tz, resolver=units)
    if expect is not None and preview.fingerprint != expect:
        return replace(ImportSummary.of(parsed), preview=preview, stale=True)
    note = note.strip()
    if preview.decreases and not (allow_decrease and note):
        raise UserError("ledger_decrease_refused", count=len(preview.decreases))
    summary = replace(ImportSummary.of(parsed), preview=preview)
    for row in parsed.rows:
        project, state = await _upsert_project(
            session, row, now=now, default_group=default_group, summary=summary, units=units
        )
        getattr(summary, state).append(project.code)
        if row.actual is not None and (
            at := await _import_actual(
                session, project, row, actor=actor, user_id=user_id, now=now, tz=tz, note=note
            )
        ):
            summary.reports_added += 1
            assert project.id is not None
            summary.reported[project.id] = at
    for change in preview.changed:
        await reviews_q.add_audit(
            session,
            at=now,
            actor=actor,
            action="project.change",
            target=change.code,
            detail={"fields": {f.field: [f.old, f.new] for f in change.fields}, "source": "ledger"},
            reason=note,
        )
    await reviews_q.add_audit(
        session,
        at=now,
        actor=actor,
        action="ledger.import",
        detail={
            "created": len(summary.created),
            "updated": len(summary.updated),
            "reports": summary.reports_added,
            "decreases": {d.code: [d.old, d.new] for d in preview.decreases},
        },
        reason=note,
    )
    return summary


async def _upsert_project(
    session: AsyncSession,
    row: LedgerRow,
    *,
    now: datetime,
    default_group: str,
    summary: ImportSummary,
    units: UnitResolver,
) -> tuple[Project, str]:
    unit, created = await units.get_or_add(
        session, row.unit, group=row.group, default_group=default_group, now=now
    )
    if created:
        summary.units_created.append(unit.name)
    elif unit.name != row.unit and (row.unit, unit.name) not in summary.units_matched:
        summary.units_matched.append((row.unit, unit.name))
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
    note: str,
) -> datetime | None:
    """Store the 累计完成 column as a report dated as_of (that time returned), unless the project already
    has that value (None)."""
    assert project.id is not None and row.actual is not None
    plan = actual_plan(row, now=now, tz=tz)
    if not await actual_to_store(session, project.id, row, plan):
        return None
    await reports_q.add_report(
        session,
        Report(
            project_id=project.id,
            kind="report",
            value=row.actual,
            note=f"台账导入：{note}" if note else "台账导入",
            reported_at=plan.reported_at,
            received_at=now,
            user_id=user_id,
            reporter=actor,
            source="import",
            source_key=plan.key,
        ),
    )
    return plan.reported_at
