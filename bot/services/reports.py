"""Recording progress reports (SPEC §4 /report, §9): validated, confirmed when odd, stored once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.policy import Policy
from bot.domain.values import ValueProblem, parse_reported_value
from bot.services.errors import UserError
from bot.services.projects import LiveProject, find_project, live_state
from storage.queries import reports as reports_q
from storage.tables import Project, Report

MAX_NOTE_CHARS = 1000
UNDO_MINUTES = 30


@dataclass(frozen=True)
class ReportRequest:
    """What someone said: '<project> <value>[%] [note]', when, who, and where from."""

    project_ref: str
    value_text: str
    note: str
    reported_at: datetime
    source: str = "chat"
    source_key: str | None = None
    user_id: int | None = None
    reporter: str = ""
    evidence: str | None = None
    unit_id: int | None = None  # a contact may only report for their own unit
    confirmed: bool = False  # the person already confirmed a decrease or a jump past the target


@dataclass(frozen=True)
class NeedsConfirmation:
    """A decrease or a jump past the target: ask before storing, and ask for a note explaining it."""

    project: Project
    value: float
    previous: float
    reason: str  # "decrease" | "above_target"


@dataclass(frozen=True)
class Stored:
    """The report is stored (or was already: duplicate=True) and this is where the project stands now."""

    report: Report
    previous: float
    live: LiveProject
    duplicate: bool = False


async def submit_report(
    session: AsyncSession, request: ReportRequest, *, now: datetime, policy: Policy, tz: tzinfo
) -> Stored | NeedsConfirmation:
    """Validate and store one cumulative value; never stores the same source message twice."""
    if request.source_key:
        existing = await reports_q.get_report_by_source_key(session, request.source_key)
        if existing is not None:
            return await _stored(session, existing, now=now, policy=policy, tz=tz, duplicate=True)
    project = await find_project(session, request.project_ref, unit_id=request.unit_id)
    try:
        typed = parse_reported_value(request.value_text)
    except ValueProblem as problem:
        raise UserError(f"value_{problem.kind}", text=request.value_text, measure=project.measure) from None
    note = request.note.strip()
    if len(note) > MAX_NOTE_CHARS:
        raise UserError("note_too_long", limit=MAX_NOTE_CHARS, length=len(note))
    value = round(typed.amount(target=project.target), 6)
    assert project.id is not None
    latest = (
        await reports_q.latest_values(session, before=request.reported_at, project_ids=[project.id])
    ).get(project.id)
    previous = latest.value if latest else 0.0
    unusual = "decrease" if value < previous else "above_target" if value > project.target else None
    if unusual and not request.confirmed:
        return NeedsConfirmation(project=project, value=value, previous=previous, reason=unusual)
    if unusual and not note:
        raise UserError("note_required", reason=unusual)
    report = Report(
        project_id=project.id,
        kind="report",
        value=value,
        note=note,
        reported_at=request.reported_at,
        received_at=now,
        user_id=request.user_id,
        reporter=request.reporter[:100],
        source=request.source,
        source_key=request.source_key,
        evidence=request.evidence,
    )
    try:
        async with session.begin_nested():
            await reports_q.add_report(session, report)
    except IntegrityError:
        # Another worker stored the same message a moment ago (Telegram re-delivery): answer as it did.
        assert request.source_key is not None
        existing = await reports_q.get_report_by_source_key(session, request.source_key)
        if existing is None:
            raise
        return await _stored(session, existing, now=now, policy=policy, tz=tz, duplicate=True)
    return Stored(
        report=report,
        previous=previous,
        live=await live_state(session, project, now=now, policy=policy, tz=tz),
    )


async def _stored(
    session: AsyncSession, report: Report, *, now: datetime, policy: Policy, tz: tzinfo, duplicate: bool
) -> Stored:
    project = await session.get(Project, report.project_id)
    assert project is not None and project.id is not None
    before = await reports_q.latest_values(session, before=report.reported_at, project_ids=[project.id])
    previous = before[project.id].value if project.id in before else 0.0
    live = await live_state(session, project, now=now, policy=policy, tz=tz)
    return Stored(report=report, previous=previous, live=live, duplicate=duplicate)


async def withdraw_last_report(
    session: AsyncSession, *, user_id: int, now: datetime, policy: Policy, tz: tzinfo
) -> tuple[Report, LiveProject]:
    """/undo: withdraw the caller's own latest report if it is under 30 minutes old (a new record)."""
    last = await reports_q.last_report_by_user(session, user_id)
    if last is None:
        raise UserError("undo_nothing")
    if (now - last.received_at).total_seconds() > UNDO_MINUTES * 60:
        raise UserError("undo_too_late", minutes=UNDO_MINUTES)
    withdrawal = Report(
        project_id=last.project_id,
        kind="withdrawal",
        value=None,
        note="",
        reported_at=now,
        received_at=now,
        user_id=user_id,
        source="chat",
        corrects_id=last.id,
    )
    await reports_q.add_report(session, withdrawal)
    project = await session.get(Project, last.project_id)
    assert project is not None
    return last, await live_state(session, project, now=now, policy=policy, tz=tz)
