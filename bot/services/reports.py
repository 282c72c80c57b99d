"""Recording progress reports (SPEC §4 /report, §9): validated, confirmed when odd, stored once."""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.policy import Policy
from bot.domain.values import ValueProblem, parse_reported_value
from bot.domain.views_report import (
    Guided,
    LiveProject,
    NeedsConfirmation,
    Pending,
    Preview,
    ProjectView,
    Stored,
    StoredReport,
)
from bot.services.errors import UserError
from bot.services.projects import (
    check_unit,
    find_by_name,
    live_state,
    live_state_from,
    project_ref,
    project_view,
)
from storage.queries import ledger as ledger_q
from storage.queries import people as people_q
from storage.queries import reports as reports_q
from storage.queries.ledger import ProjectRow, project_row
from storage.report_path import ReportLink
from storage.tables import PendingAction, Project, Report

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


async def submit_report(
    db: AsyncSession | ReportLink,
    request: ReportRequest,
    *,
    now: datetime,
    policy: Policy,
    tz: tzinfo,
) -> Stored | NeedsConfirmation:
    """Validate and store one cumulative value; never stores the same source message twice.

    The path every chat report takes, so it is lean: the project, its history (read once, for the
    previous value and for the live status after), and one insert that also detects a re-delivery —
    on the database driver when given storage.report_path's link (chat reports), else on the session.
    """
    link = db if isinstance(db, ReportLink) else ReportLink(db)
    checked = await _check(link, request, until=max(now, request.reported_at))
    project, value, previous, unusual = checked.project, checked.value, checked.previous, checked.reason
    assert project.id is not None
    note = request.note.strip()
    if unusual and request.source_key:
        # A re-delivered message that was confirmed the first time is answered as stored, not asked again.
        session = await link.session()
        existing = await reports_q.get_report_by_source_key(session, request.source_key)
        if existing is not None:
            return await _stored(session, existing, now=now, policy=policy, tz=tz, duplicate=True)
    if unusual and not request.confirmed:
        return NeedsConfirmation(
            project=project_view(project), value=value, previous=previous, reason=unusual
        )
    if unusual and not note:
        raise UserError("note_required", reason=unusual)
    values = {
        "project_id": project.id,
        "kind": "report",
        "value": value,
        "note": note,
        "reported_at": request.reported_at,
        "received_at": now,
        "user_id": request.user_id,
        "reporter": request.reporter[:100],
        "source": request.source,
        "source_key": request.source_key,
        "evidence": request.evidence,
        "corrects_id": None,
    }
    report_id = await link.insert_once(values)
    if report_id is None:
        # Telegram delivered the message again (or another worker stored it a moment ago): answer as then.
        assert request.source_key is not None
        session = await link.session()
        existing = await reports_q.get_report_by_source_key(session, request.source_key)
        assert existing is not None
        return await _stored(session, existing, now=now, policy=policy, tz=tz, duplicate=True)
    if request.reported_at <= now:  # the preview read up to now; the new value takes its place in time
        history = list(checked.history)
        insort(history, reports_q.HistoryRow(request.reported_at, value, report_id), key=_in_time)
    else:  # dated after our clock (a skewed phone): today's standing leaves it out
        history = [row for row in checked.history if row.reported_at <= now]
    return Stored(
        report=StoredReport(report_id, value, note, request.reported_at, request.evidence),
        previous=previous,
        live=live_state_from(project, history, now=now, policy=policy, tz=tz),
    )


def _in_time(row: reports_q.HistoryRow) -> tuple[datetime, int]:
    return row.reported_at, row.report_id


async def _stored(
    session: AsyncSession, report: Report, *, now: datetime, policy: Policy, tz: tzinfo, duplicate: bool
) -> Stored:
    project = await session.get(Project, report.project_id)
    assert project is not None and project.id is not None
    before = await reports_q.latest_values(session, before=report.reported_at, project_ids=[project.id])
    previous = before[project.id].value if project.id in before else 0.0
    live = await live_state(session, project, now=now, policy=policy, tz=tz)
    return Stored(report=stored_report(report), previous=previous, live=live, duplicate=duplicate)


def stored_report(report: Report) -> StoredReport:
    """The plain view of a stored report row."""
    assert report.id is not None
    return StoredReport(report.id, report.value, report.note, report.reported_at, report.evidence)


async def withdraw_last_report(
    session: AsyncSession, *, user_id: int, now: datetime, policy: Policy, tz: tzinfo
) -> tuple[StoredReport, LiveProject]:
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
    return stored_report(last), await live_state(session, project, now=now, policy=policy, tz=tz)


# ---- The chat flows around submit_report: confirmation buttons and the guided flow (SPEC §4) ----

GUIDED_HOURS = 24  # a guided report left waiting longer is forgotten, so it cannot swallow tomorrow's text


@dataclass(frozen=True)
class _Checked:
    """A report checked but not stored, with the row and history submit_report goes on with."""

    project: ProjectRow
    value: float
    previous: float
    reason: str | None  # "decrease" | "above_target" | None
    history: list[reports_q.HistoryRow]  # the project's valid values up to `until`, in time order


async def preview_report(session: AsyncSession, request: ReportRequest) -> Preview:
    """Validate a report the way submit_report does, without storing anything."""
    checked = await _check(ReportLink(session), request)
    return Preview(
        project=project_view(checked.project),
        value=checked.value,
        previous=checked.previous,
        reason=checked.reason,
    )


async def _check(link: ReportLink, request: ReportRequest, *, until: datetime | None = None) -> _Checked:
    """The project, the value as a number, the previous value, what is unusual, and the history read.

    A project named by its code comes with its history in one statement (every chat report does that);
    one named by a part of its name is looked up on the session, its history read after."""
    ref = project_ref(request.project_ref)
    until = until or request.reported_at
    found = await link.coded_project(ref, until=until)
    if found is not None:
        project, history = found
        check_unit(project.unit_id, project.code, request.unit_id)
    else:
        project = project_row(await find_by_name(await link.session(), ref, request.unit_id))
        history = None
    try:
        typed = parse_reported_value(request.value_text)
    except ValueProblem as problem:
        raise UserError(f"value_{problem.kind}", text=request.value_text, measure=project.measure) from None
    note = request.note.strip()
    if len(note) > MAX_NOTE_CHARS:
        raise UserError("note_too_long", limit=MAX_NOTE_CHARS, length=len(note))
    value = round(typed.amount(target=project.target), 6)
    if history is None:
        history = await link.history(project.id, until=until)
    # At or before the report's own time: two reports in the same second see each other.
    earlier = [row.value for row in history if row.reported_at <= request.reported_at]
    previous = earlier[-1] if earlier else 0.0
    reason = "decrease" if value < previous else "above_target" if value > project.target else None
    return _Checked(project=project, value=value, previous=previous, reason=reason, history=history)


def request_payload(request: ReportRequest) -> dict[str, Any]:
    """A report request as JSON, kept in a PendingAction until its button is pressed."""
    return {
        "project_ref": request.project_ref,
        "value_text": request.value_text,
        "note": request.note,
        "reported_at": request.reported_at.isoformat(),
        "source": request.source,
        "source_key": request.source_key,
        "user_id": request.user_id,
        "reporter": request.reporter,
        "evidence": request.evidence,
    }


def request_from_payload(payload: dict[str, Any], *, unit_id: int | None, confirmed: bool) -> ReportRequest:
    """The inverse of request_payload; the unit is the presser's at the time of pressing."""
    return ReportRequest(
        project_ref=str(payload["project_ref"]),
        value_text=str(payload["value_text"]),
        note=str(payload.get("note") or ""),
        reported_at=datetime.fromisoformat(payload["reported_at"]),
        source=str(payload.get("source") or "chat"),
        source_key=payload.get("source_key"),
        user_id=payload.get("user_id"),
        reporter=str(payload.get("reporter") or ""),
        evidence=payload.get("evidence"),
        unit_id=unit_id,
        confirmed=confirmed,
    )


async def hold_report(
    session: AsyncSession,
    request: ReportRequest,
    *,
    chat_id: int,
    now: datetime,
    reason: str | None,
    group: bool = False,
    code: str = "",
) -> Pending:
    """Keep a report waiting for its 确认/取消 button; a re-delivered message gets its earlier one back."""
    assert request.user_id is not None
    if request.source_key:
        waiting = await people_q.open_pending(session, user_id=request.user_id, kind="report")
        if waiting is not None and waiting.payload.get("request", {}).get("source_key") == request.source_key:
            return pending_view(waiting)
    payload: dict[str, object] = {
        "request": request_payload(request),
        "reason": reason,
        "group": group,
        "code": code,
    }
    return pending_view(
        await people_q.add_pending(
            session, kind="report", user_id=request.user_id, chat_id=chat_id, payload=payload, now=now
        )
    )


def pending_view(pending: PendingAction) -> Pending:
    """The plain view of a pending action row."""
    assert pending.id is not None
    return Pending(
        id=pending.id,
        kind=pending.kind,
        chat_id=pending.chat_id,
        payload=pending.payload,
        resolved=pending.resolved_at is not None,
    )


async def claim_pending(
    session: AsyncSession,
    pending_id: int,
    *,
    kind: str,
    user_id: int,
    outcome: str | Callable[[Pending], str],
    now: datetime,
) -> Pending:
    """Resolve the action a button points at, once and only for the person it belongs to.

    `outcome` may be worked out from the action itself (a confirmation without the note it needs).
    """
    pending = await people_q.get_pending(session, pending_id)
    if pending is None or pending.kind != kind:
        raise UserError("pending_stale")
    if pending.user_id != user_id:
        raise UserError("pending_not_yours")
    if pending.resolved_at is not None:
        raise UserError("pending_done")
    view = pending_view(pending)
    settled = outcome(view) if callable(outcome) else outcome
    if not await people_q.resolve_pending(session, pending_id, outcome=settled, at=now):
        raise UserError("pending_done")
    return view


def confirm_outcome(pending: Pending) -> str:
    """What pressing 确认 on a held report does: store it, or ask for the note a decrease or overshoot needs."""
    note = str(pending.payload.get("request", {}).get("note") or "").strip()
    return "note_missing" if pending.payload.get("reason") and not note else "confirmed"


async def projects_to_report(session: AsyncSession, unit_id: int) -> list[ProjectView]:
    """The unit's projects, in code order (the guided flow's buttons)."""
    return [project_view(p) for p in await ledger_q.list_projects(session, unit_id=unit_id)]


async def start_guided(
    session: AsyncSession,
    *,
    project_id: int,
    unit_id: int,
    user_id: int,
    chat_id: int,
    now: datetime,
    policy: Policy,
    tz: tzinfo,
) -> LiveProject:
    """The contact picked a project: wait for its value (replacing any earlier pick)."""
    project = await session.get(Project, project_id)
    if project is None:
        raise UserError("pending_stale")
    if project.unit_id != unit_id:
        raise UserError("project_other_unit", code=project.code)
    for old in await people_q.list_open_pending(session, user_id=user_id, kinds=("guided",)):
        assert old.id is not None
        await people_q.resolve_pending(session, old.id, outcome="replaced", at=now)
    await people_q.add_pending(
        session,
        kind="guided",
        user_id=user_id,
        chat_id=chat_id,
        payload={"project_id": project_id, "code": project.code},
        now=now,
    )
    return await live_state(session, project, now=now, policy=policy, tz=tz)


async def open_guided(session: AsyncSession, *, user_id: int, now: datetime) -> Guided | None:
    """The guided report waiting for this user's value, if any (older than GUIDED_HOURS: forgotten)."""
    pending = await people_q.open_pending(session, user_id=user_id, kind="guided")
    if pending is None or pending.id is None:
        return None
    if now - pending.created_at > timedelta(hours=GUIDED_HOURS):
        await people_q.resolve_pending(session, pending.id, outcome="expired", at=now)
        return None
    return Guided(pending_id=pending.id, project_code=str(pending.payload.get("code") or ""))


async def finish_guided(session: AsyncSession, guided: Guided, *, now: datetime) -> None:
    """The guided report got its value (a confirmation button takes over)."""
    await people_q.resolve_pending(session, guided.pending_id, outcome="value", at=now)


async def cancel_pending_reports(session: AsyncSession, *, user_id: int, now: datetime) -> int:
    """/cancel: drop the user's guided flow and unconfirmed reports; how many there were."""
    cancelled = 0
    for pending in await people_q.list_open_pending(session, user_id=user_id, kinds=("guided", "report")):
        assert pending.id is not None
        if await people_q.resolve_pending(session, pending.id, outcome="cancelled", at=now):
            cancelled += 1
    return cancelled
