"""Reports held for a decision (SPEC §4 /report, §9): a confirmation button, the guided flow's steps.

What a held report acts on lives in a PendingAction, so a button still works after a restart and is acted
on once; recording the report itself is bot.services.reports.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.periods import next_cutoff
from bot.domain.policy import Policy
from bot.domain.views_report import Guided, LiveProject, Pending, ProjectView
from bot.services.errors import UserError
from bot.services.projects import live_state, project_view
from bot.services.reports import ReportRequest
from storage.queries import ledger as ledger_q
from storage.queries import people as people_q
from storage.tables import PendingAction, Project

REPLACED = "replaced"  # a held report a newer one for the same project took the place of
GUIDED_HOURS = 24  # a guided report left waiting longer is forgotten, so it cannot swallow tomorrow's text


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
    waiting = await people_q.list_open_pending(session, user_id=request.user_id, kinds=("report",))
    if request.source_key:
        for held in waiting:
            if held.payload.get("request", {}).get("source_key") == request.source_key:
                return pending_view(held)
    # One held report per contact and project: the newer replaces the older, whose button then says so.
    for held in waiting:
        if code and held.id is not None and held.payload.get("code") == code:
            await people_q.resolve_pending(session, held.id, outcome=REPLACED, at=now)
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
        raise UserError("pending_replaced" if pending.outcome == REPLACED else "pending_done")
    view = pending_view(pending)
    settled = outcome(view) if callable(outcome) else outcome
    if not await people_q.resolve_pending(session, pending_id, outcome=settled, at=now):
        raise UserError("pending_done")
    return view


def stored_time(reported_at: datetime, *, now: datetime, policy: Policy, tz: tzinfo) -> datetime:
    """When a held report confirmed `now` counts: its message time if confirmed before the first submission
    deadline at or after it, else the confirmation time, so it never counts for a period closed meanwhile
    (SPEC §4)."""
    cutoff = next_cutoff(reported_at, months=policy.period_months, grace_days=policy.grace_days, tz=tz)
    return reported_at if now < cutoff else now


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
    """/cancel: drop the user's guided flows (a report's, a rectification item's) and unconfirmed reports;
    how many there were."""
    cancelled = 0
    for pending in await people_q.list_open_pending(
        session, user_id=user_id, kinds=("guided", "report", "plan_fill")
    ):
        assert pending.id is not None
        if await people_q.resolve_pending(session, pending.id, outcome="cancelled", at=now):
            cancelled += 1
    return cancelled
