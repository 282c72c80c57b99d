"""/history: a unit's or a project's reports and statuses over a date range (SPEC §4)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.compliance import Plan, compliance, expected, schedule_status
from bot.domain.periods import period_containing
from bot.domain.policy import Policy
from bot.domain.values import normalize_text
from bot.domain.views import HistoryView, ReportLine
from bot.domain.views_ledger import FieldChange, LedgerChangeLine
from bot.services.errors import UserError
from bot.services.people import find_unit
from bot.services.projects import find_project
from bot.services.standing import Moment, ReportFacts, current_period, project_now, worst_first
from storage.queries import ledger as ledger_q
from storage.queries import people as people_q
from storage.queries import reports as reports_q
from storage.queries import reviews as reviews_q
from storage.tables import Project, Report


def report_lines(
    projects: Sequence[Project], reports: Sequence[Report], *, tz: tzinfo, policy: Policy
) -> list[ReportLine]:
    """Reports in time order, each with its change and the status it gave the project then."""
    by_id = {p.id: p for p in projects}
    last_value: dict[int, float] = {}
    lines = []
    for r in reports:
        project = by_id[r.project_id]
        value = float(r.value or 0)
        plan = Plan(target=project.target, start=project.start, due=project.due, points=project.plan_points)
        exp = expected(plan, r.reported_at.astimezone(tz).date())
        lines.append(
            ReportLine(
                at=r.reported_at,
                code=project.code,
                name=project.name,
                measure=project.measure,
                value=value,
                change=value - last_value.get(r.project_id, 0.0),
                expected=exp,
                compliance=compliance(actual=value, expected=exp),
                status=schedule_status(
                    actual=value,
                    expected=exp,
                    target=project.target,
                    tolerance=policy.on_schedule_tolerance,
                    serious_below=policy.serious_lag_below,
                ),
                note=r.note,
                reporter=r.reporter,
            )
        )
        last_value[r.project_id] = value
    return lines


_DAY_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_day(text: str) -> date:
    """'2026-10-01' (also 2026/10/1, 2026年10月1日, full-width digits) → date; UserError otherwise."""
    match = _DAY_RE.match(normalize_text(text).strip())
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    raise UserError("look_date_invalid", text=text)


async def history(
    session: AsyncSession,
    ref: str,
    *,
    since: date | None,
    until: date | None,
    now: datetime,
    policy: Policy,
    tz: tzinfo,
) -> HistoryView:
    """/history: reports and statuses of a unit or a project over [since, until] (default: this period)."""
    today = now.astimezone(tz).date()
    since = since or current_period(now, policy=policy, tz=tz).first_day
    until = until or max(today, since)
    if until < since:
        raise UserError("look_range_reversed", since=since, until=until)
    subject, projects, is_project = await _subject(session, ref)
    end = datetime.combine(until + timedelta(days=1), time(0), tz)
    reports = await reports_q.list_valid_reports(
        session,
        project_ids=[p.id for p in projects if p.id],
        before=min(end, now + timedelta(microseconds=1)),
    )
    lines = report_lines(projects, reports, tz=tz, policy=policy)
    start = datetime.combine(since, time(0), tz)
    # The statuses are those at the end of the range (or now, for a range reaching into the future).
    as_of = min(end - timedelta(microseconds=1), now)
    period = period_containing(as_of.astimezone(tz).date(), months=policy.period_months)
    units = {u.id: u.name for u in await ledger_q.list_units(session)}
    categories = {c.id: c.name for c in await ledger_q.list_categories(session)}
    by_project: dict[int, list[Moment]] = defaultdict(list)
    for r in reports:
        by_project[r.project_id].append((float(r.value or 0), r.reported_at))
    states = [
        project_now(
            p,
            ReportFacts.of(by_project.get(p.id or 0, [])),
            unit=units.get(p.unit_id, ""),
            category=categories.get(p.category_id, ""),
            as_of=as_of,
            period=period,
            policy=policy,
            tz=tz,
        )
        for p in projects
    ]
    return HistoryView(
        subject=subject,
        is_project=is_project,
        since=since,
        until=until,
        reports=[line for line in lines if line.at >= start],
        states=worst_first(states),
        states_on=as_of.astimezone(tz).date(),
        ledger_changes=await ledger_changes(session, projects[0].code) if is_project else (),
    )


async def ledger_changes(session: AsyncSession, code: str | None) -> tuple[LedgerChangeLine, ...]:
    """Every field of the project (of every project, with None) a ledger import changed (old → new), with
    who and when; oldest first."""
    lines = []
    for entry in await reviews_q.list_audit_for(session, action="project.change", target=code):
        fields = tuple(
            FieldChange(name, pair[0], pair[1])
            for name, pair in (entry.detail.get("fields") or {}).items()
            if isinstance(pair, list) and len(pair) == 2
        )
        lines.append(
            LedgerChangeLine(
                at=entry.at,
                actor=await _who(session, entry.actor),
                fields=fields,
                note=entry.reason,
                code=entry.target,
            )
        )
    return tuple(lines)


async def _who(session: AsyncSession, actor: str) -> str:
    """'tg:<id>' as the person's name when known; 'cli:<login>' as the login."""
    kind, _, rest = actor.partition(":")
    if kind == "tg" and rest.isdigit():
        person = await people_q.get_person(session, int(rest))
        if person is not None and person.name:
            return person.name
    return rest or actor


async def _subject(session: AsyncSession, ref: str) -> tuple[str, list[Project], bool]:
    """A project code first, then a unit, then a project by part of its name."""
    ref = normalize_text(ref).strip()
    if not ref:
        raise UserError("look_history_missing")
    project = await ledger_q.get_project_by_code(session, ref)
    if project is not None:
        return f"{project.code} {project.name}", [project], True
    unit_error: UserError | None = None
    try:
        unit = await find_unit(session, ref)
        return unit.name, list(await ledger_q.list_projects(session, unit_id=unit.id)), False
    except UserError as error:
        unit_error = error
    try:
        project = await find_project(session, ref)
        return f"{project.code} {project.name}", [project], True
    except UserError as error:
        if error.key == "project_ambiguous":
            raise
    if unit_error.key == "unit_ambiguous":
        raise unit_error
    raise UserError("look_subject_not_found", ref=ref)
