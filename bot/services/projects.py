"""Finding projects and where they stand now."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.compliance import Plan, Reading, project_state
from bot.domain.periods import period_containing
from bot.domain.policy import Policy
from bot.domain.values import normalize_text
from bot.domain.views_report import LiveProject, ProjectView
from bot.services.errors import UserError
from storage.queries import ledger as ledger_q
from storage.queries import reports as reports_q
from storage.queries.ledger import ProjectRow
from storage.queries.reports import HistoryRow
from storage.tables import Project


async def find_project(session: AsyncSession, ref: str, *, unit_id: int | None = None) -> Project:
    """A project by code (any case) or by an unambiguous part of its name.

    With unit_id, a name search looks only at that unit's projects and a code of another unit's
    project is refused, so a contact cannot report for someone else.
    """
    ref = project_ref(ref)
    project = await ledger_q.get_project_by_code(session, ref)
    if project is not None:
        check_unit(project.unit_id, project.code, unit_id)
        return project
    return await find_by_name(session, ref, unit_id)


def project_ref(ref: str) -> str:
    """What names a project, as typed (normalized); a blank is refused."""
    ref = normalize_text(ref).strip()
    if not ref:
        raise UserError("project_missing")
    return ref


def check_unit(project_unit: int, code: str, unit_id: int | None) -> None:
    """A contact (unit_id given) may only name their own unit's projects by code."""
    if unit_id is not None and project_unit != unit_id:
        raise UserError("project_other_unit", code=code)


async def find_by_name(session: AsyncSession, ref: str, unit_id: int | None) -> Project:
    """The one project whose name contains `ref` (of the unit, when given)."""
    pool = await ledger_q.list_projects(session, unit_id=unit_id)
    needle = ref.casefold()
    matches = [p for p in pool if needle in p.name.casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UserError("project_not_found", ref=ref)
    raise UserError("project_ambiguous", ref=ref, choices=[f"{p.code} {p.name}" for p in matches[:8]])


def plan_of(project: Project | ProjectRow) -> Plan:
    """The project's plan as the rules see it."""
    return Plan(target=project.target, start=project.start, due=project.due, points=project.plan_points)


def project_view(project: Project | ProjectRow) -> ProjectView:
    """The project facts a reply shows, off the ORM row."""
    return ProjectView(
        code=project.code,
        name=project.name,
        measure=project.measure,
        target=project.target,
        project_id=project.id or 0,
    )


async def live_state(
    session: AsyncSession, project: Project, *, now: datetime, policy: Policy, tz: tzinfo
) -> LiveProject:
    """The project's expected/actual/status today, from its whole valid history."""
    assert project.id is not None
    history = await reports_q.history_values(session, project.id, until=now)
    return live_state_from(project, history, now=now, policy=policy, tz=tz)


def live_state_from(
    project: Project | ProjectRow, history: Sequence[HistoryRow], *, now: datetime, policy: Policy, tz: tzinfo
) -> LiveProject:
    """live_state from a history already read (in time order, nothing after `now`)."""
    readings = [Reading(on=row.reported_at.astimezone(tz).date(), value=row.value) for row in history]
    today = now.astimezone(tz).date()
    state = project_state(
        plan_of(project),
        readings,
        today=today,
        period_first_day=period_containing(today, months=policy.period_months).first_day,
        tolerance=policy.on_schedule_tolerance,
        serious_below=policy.serious_lag_below,
        stall_after_days=policy.stall_after_days,
    )
    return LiveProject(
        project=project_view(project),
        state=state,
        last_report_at=history[-1].reported_at if history else None,
    )


async def state_at(
    session: AsyncSession, code: str, *, at: datetime, policy: Policy, tz: tzinfo
) -> LiveProject:
    """Where the project `code` stood at `at` (a report backdated with `flagbot report --at` is shown then)."""
    return await live_state(session, await find_project(session, code), now=at, policy=policy, tz=tz)
