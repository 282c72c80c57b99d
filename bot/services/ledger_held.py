"""A ledger upload held for 确认/取消 (SPEC §5.1): applied after Confirm by the uploader, exactly as shown.

The pending action keeps the Telegram file id (the file is read again on Confirm), the day it was read
for, the preview's fingerprint and the caption (the note a decrease of 累计完成 needs). If the database
changed meanwhile the changes differ: nothing is applied and a new preview takes the old one's place.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.views_ledger import HeldImport, LedgerPreview
from bot.ledger.parse import ParsedLedger
from bot.ledger.summary import ImportSummary
from bot.services.errors import UserError
from bot.services.held_reports import claim_pending
from bot.services.ledger import import_ledger
from storage.queries import people as people_q

KIND = "ledger"


async def hold_import(
    session: AsyncSession,
    preview: LedgerPreview,
    *,
    user_id: int,
    chat_id: int,
    file_id: str,
    file_name: str,
    today: date,
    note: str,
    now: datetime,
) -> int:
    """Keep an upload waiting for its buttons; the pending action's id (what the buttons carry)."""
    pending = await people_q.add_pending(
        session,
        kind=KIND,
        user_id=user_id,
        chat_id=chat_id,
        payload={
            "file_id": file_id,
            "file_name": file_name,
            "today": today.isoformat(),
            "fingerprint": preview.fingerprint,
            "note": note.strip(),
            "needs_note": bool(preview.decreases),
        },
        now=now,
    )
    assert pending.id is not None
    return pending.id


async def held_import(session: AsyncSession, pending_id: int, *, user_id: int) -> HeldImport:
    """The held upload a button points at, for its uploader only and only while open."""
    pending = await people_q.get_pending(session, pending_id)
    if pending is None or pending.kind != KIND:
        raise UserError("pending_stale")
    if pending.user_id != user_id:
        raise UserError("ledger_not_yours")
    if pending.resolved_at is not None:
        raise UserError("pending_done")
    payload = pending.payload
    return HeldImport(
        pending_id=pending_id,
        file_id=str(payload.get("file_id") or ""),
        file_name=str(payload.get("file_name") or ""),
        today=str(payload.get("today") or ""),
        fingerprint=str(payload.get("fingerprint") or ""),
        note=str(payload.get("note") or ""),
        needs_note=bool(payload.get("needs_note")),
    )


async def confirm_import(
    session: AsyncSession,
    held: HeldImport,
    parsed: ParsedLedger,
    *,
    user_id: int,
    chat_id: int,
    now: datetime,
    tz: tzinfo,
    default_group: str,
) -> tuple[ImportSummary, int | None]:
    """Apply the held upload if its changes are still those shown; else hold the new preview (its id)."""
    if held.needs_note and not held.note:
        raise UserError("ledger_note_missing")
    summary = await import_ledger(
        session,
        parsed,
        actor=f"tg:{user_id}",
        user_id=user_id,
        now=now,
        tz=tz,
        default_group=default_group,
        note=held.note,
        allow_decrease=True,
        expect=held.fingerprint,
    )
    if summary.rejected:  # the file reads differently now (it cannot, unless the parser changed)
        await claim_pending(session, held.pending_id, kind=KIND, user_id=user_id, outcome="rejected", now=now)
        return summary, None
    if not summary.stale:
        await claim_pending(
            session, held.pending_id, kind=KIND, user_id=user_id, outcome="confirmed", now=now
        )
        return summary, None
    await claim_pending(session, held.pending_id, kind=KIND, user_id=user_id, outcome="changed", now=now)
    again = await hold_import(
        session,
        summary.preview,
        user_id=user_id,
        chat_id=chat_id,
        file_id=held.file_id,
        file_name=held.file_name,
        today=date.fromisoformat(held.today),
        note=held.note,
        now=now,
    )
    return summary, again


async def cancel_import(session: AsyncSession, pending_id: int, *, user_id: int, now: datetime) -> None:
    """取消: nothing is imported; the buttons are spent."""
    await held_import(session, pending_id, user_id=user_id)
    await claim_pending(session, pending_id, kind=KIND, user_id=user_id, outcome="cancelled", now=now)
