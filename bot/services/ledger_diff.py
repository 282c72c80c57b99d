"""What a ledger import would change (SPEC §5.1 "Nothing silently"): computed before anything is written.

The preview compares each parsed row with the stored project field by field, and each 累计完成 with the
project's actual at the report's time. bot.services.ledger applies exactly this; a held preview is
compared by its fingerprint before it is applied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, tzinfo
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.views_ledger import LEDGER_FIELDS, Decrease, FieldChange, LedgerPreview, ProjectChange
from bot.ledger.parse import LedgerRow, ParsedLedger
from bot.ledger.units import clean_name
from bot.services.unit_aliases import UnitResolver
from storage.queries import ledger as ledger_q
from storage.queries import reports as reports_q
from storage.tables import Project, plan_json


@dataclass(frozen=True)
class ActualPlan:
    """How a row's 累计完成 would be stored: as a report at `reported_at` under `key`, or not at all."""

    reported_at: datetime
    key: str


def actual_plan(row: LedgerRow, *, now: datetime, tz: tzinfo) -> ActualPlan:
    """The report a row's 累计完成 becomes: dated the end of the as-of day (never in the future)."""
    assert row.actual is not None
    day = row.as_of or now.astimezone(tz).date()
    reported_at = min(datetime.combine(day, time(23, 59, 59), tz), now)
    return ActualPlan(reported_at, f"import:{row.code.strip().upper()}:{day.isoformat()}:{row.actual:g}")


async def actual_to_store(
    session: AsyncSession, project_id: int | None, row: LedgerRow, plan: ActualPlan
) -> bool:
    """Whether the row's 累计完成 would be stored: not when this file was imported already, nor when the
    project already has this value (re-importing yesterday's file must not push progress back down)."""
    assert row.actual is not None
    if await reports_q.get_report_by_source_key(session, plan.key) is not None:
        return False
    return project_id is None or not await reports_q.has_value(session, project_id, row.actual)


def row_values(row: LedgerRow, *, unit: str | None = None) -> dict[str, Any]:
    """A parsed row's fields, JSON-ready (unit and category by name; `unit`: the unit the row's name means)."""
    return {
        "name": row.name,
        "unit": unit or row.unit,
        "category": row.category,
        "target": float(row.target),
        "measure": row.measure,
        "start": row.start.isoformat(),
        "due": row.due.isoformat(),
        "weight": float(row.weight),
        "plan": json.loads(plan_json(row.plan)),
    }


def stored_values(project: Project, *, unit: str, category: str) -> dict[str, Any]:
    """A stored project's fields, JSON-ready, in the form of row_values."""
    return {
        "name": project.name,
        "unit": unit,
        "category": category,
        "target": float(project.target),
        "measure": project.measure,
        "start": project.start.isoformat(),
        "due": project.due.isoformat(),
        "weight": float(project.weight),
        "plan": json.loads(project.plan or "[]"),
    }


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    """The fields that differ, in LEDGER_FIELDS order."""
    return tuple(FieldChange(name, old[name], new[name]) for name in LEDGER_FIELDS if old[name] != new[name])


async def preview_import(
    session: AsyncSession,
    parsed: ParsedLedger,
    *,
    now: datetime,
    tz: tzinfo,
    resolver: UnitResolver | None = None,
) -> LedgerPreview:
    """What importing `parsed` would do now; nothing is written. Sealed with its fingerprint.

    Units are found as the import finds them (the resolver: aliases, 县… prefixes), so `交通局` for
    `县交通运输局` is neither a new unit nor a changed field."""
    resolver = resolver or await UnitResolver.load(session)
    units = {u.id: u.name for u in await ledger_q.list_units(session)}
    categories = {c.id: c.name for c in await ledger_q.list_categories(session)}
    unit_names, category_names = set(units.values()), set(categories.values())
    projects = {p.code: p for p in await ledger_q.list_projects(session)}  # one query, not one a row
    created: list[str] = []
    changed: list[ProjectChange] = []
    decreases: list[Decrease] = []
    new_units: list[str] = []
    new_categories: list[str] = []
    unchanged = reports = 0
    for row in parsed.rows:
        found = resolver.find(row.unit)
        unit_name = found.name if found is not None else clean_name(row.unit)
        if unit_name not in unit_names and unit_name not in new_units:
            new_units.append(unit_name)
        if row.category not in category_names and row.category not in new_categories:
            new_categories.append(row.category)
        project = projects.get(row.code.strip().upper())
        if project is None:
            created.append(row.code.strip().upper())
        else:
            old = stored_values(
                project, unit=units.get(project.unit_id, ""), category=categories.get(project.category_id, "")
            )
            fields = field_changes(old, row_values(row, unit=unit_name))
            if fields:
                changed.append(ProjectChange(project.code, project.name, project.measure, fields))
            else:
                unchanged += 1
        if row.actual is None:
            continue
        plan = actual_plan(row, now=now, tz=tz)
        project_id = project.id if project is not None else None
        if not await actual_to_store(session, project_id, row, plan):
            continue
        reports += 1
        if project_id is None:
            continue
        earlier = await reports_q.latest_values(
            session, before=plan.reported_at, project_ids=[project_id], inclusive=True
        )
        previous = earlier[project_id].value if project_id in earlier else 0.0
        if row.actual < previous:
            assert project is not None
            decreases.append(
                Decrease(project.code, project.name, project.measure, float(previous), row.actual)
            )
    return LedgerPreview(
        created=tuple(created),
        changed=tuple(changed),
        unchanged=unchanged,
        units_created=tuple(new_units),
        categories_created=tuple(new_categories),
        reports=reports,
        decreases=tuple(decreases),
    ).sealed()
