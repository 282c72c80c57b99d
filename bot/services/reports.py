"""Recording progress reports (SPEC §4 /report, §9): validated, confirmed when odd, stored once."""

from __future__ import annotations

from bisect import insort
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.policy import Policy
from bot.domain.values import ValueProblem, parse_reported_value
from bot.domain.views_report import (
    LiveProject,
    NeedsConfirmation,
    Preview,
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
from storage.queries import reports as reports_q
from storage.queries.ledger import ProjectRow, project_row
from storage.report_path import ReportLink
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
        first=checked.first,
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
    return Stored(
        report=stored_report(report),
        previous=previous,
        live=live,
        duplicate=duplicate,
        first=project.id not in before,
    )


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


@dataclass(frozen=True)
class _Checked:
    """A report checked but not stored, with the row and history submit_report goes on with."""

    project: ProjectRow
    value: float
    previous: float
    reason: str | None  # "decrease" | "above_target" | None
    history: list[reports_q.HistoryRow]  # the project's valid values up to `until`, in time order
    first: bool = False  # no valid value before this one: the reply says 首次报送, not "较上次 +14.5"


async def preview_report(session: AsyncSession, request: ReportRequest) -> Preview:
    """Validate a report the way submit_report does, without storing anything."""
    checked = await _check(ReportLink(session), request)
    return Preview(
        project=project_view(checked.project),
        value=checked.value,
        previous=checked.previous,
        reason=checked.reason,
        first=checked.first,
    )


# What is wrong with a typed value (bot.domain.values), as the key of its refusal.
_VALUE_PROBLEMS = {"not_number": "value_not_number", "negative": "value_negative"}


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
        raise UserError(
            _VALUE_PROBLEMS[problem.kind], text=request.value_text, measure=project.measure
        ) from None
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
    return _Checked(
        project=project, value=value, previous=previous, reason=reason, history=history, first=not earlier
    )
