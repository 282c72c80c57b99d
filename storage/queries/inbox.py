"""The inbox: Telegram updates stored before they are confirmed, claimed by one process, marked processed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.queries.statements import insert_unless_present
from storage.tables import Inbox, Outbox

_INBOX = Inbox.__table__  # type: ignore[attr-defined]
# Built once and run with a list of rows: compiled once, where a multi-row VALUES built per batch was
# compiled again for every batch size (a tenth of the bot's CPU per update under load).
_ADD_UPDATES = insert_unless_present(_INBOX, _INBOX.c.update_id, returning=_INBOX.c.update_id)


async def add_updates(
    session: AsyncSession, updates: Sequence[dict[str, Any]], *, now: datetime, claimed_by: str | None
) -> list[int]:
    """Store updates (JSON objects with an update_id); the ids newly stored, in order. Known ids are skipped:
    Telegram re-delivers what it thinks we did not get, and a row already stored is never stored twice."""
    if not updates:
        return []
    rows = [
        {
            "update_id": int(data["update_id"]),
            "data": data,
            "received_at": now,
            "claimed_by": claimed_by,
            "claimed_at": now if claimed_by else None,
            "attempts": 1 if claimed_by else 0,
        }
        for data in updates
    ]
    connection = await session.connection()
    stored = (await connection.execute(_ADD_UPDATES[connection.dialect.name], rows)).scalars().all()
    return sorted(stored)


async def claim_pending(
    session: AsyncSession,
    *,
    worker: str,
    now: datetime,
    stale_before: datetime,
    limit: int = 500,
    take_all: bool = False,
    exclude: Iterable[int] = (),
) -> list[tuple[int, dict[str, Any], int]]:
    """Claim unprocessed rows for `worker`: unclaimed ones and ones whose claim went stale (its process died);
    take_all also takes live claims (a sole process at start-up). (update_id, data, attempts), oldest first.

    On PostgreSQL the candidate rows are locked with SKIP LOCKED, so two processes claiming at once get
    different rows; SQLite has one writer at a time anyway.
    """
    candidates = select(Inbox.update_id).where(Inbox.processed_at.is_(None))
    if not take_all:
        candidates = candidates.where(
            or_(Inbox.claimed_by.is_(None), Inbox.claimed_at.is_(None), Inbox.claimed_at < stale_before)
        )
    excluded = list(exclude)
    if excluded:
        candidates = candidates.where(Inbox.update_id.not_in(excluded))
    candidates = candidates.order_by(Inbox.update_id).limit(limit).with_for_update(skip_locked=True)
    statement = (
        update(Inbox)
        .where(Inbox.update_id.in_(candidates.scalar_subquery()))
        .values(claimed_by=worker, claimed_at=now, attempts=Inbox.attempts + 1)
        .returning(Inbox.update_id, Inbox.data, Inbox.attempts)
        .execution_options(synchronize_session=False)
    )
    rows = (await session.execute(statement)).all()
    return sorted((int(row[0]), row[1], int(row[2])) for row in rows)


async def mark_processed(session: AsyncSession, update_ids: Sequence[int], *, at: datetime) -> None:
    if update_ids:
        await session.execute(
            update(Inbox)
            .where(Inbox.update_id.in_(update_ids))
            .values(processed_at=at)
            .execution_options(synchronize_session=False)
        )


async def refresh_claims(
    session: AsyncSession, update_ids: Sequence[int], *, worker: str, now: datetime
) -> None:
    """A live process keeps its claims fresh, so nobody takes over an update it is still processing."""
    if update_ids:
        await session.execute(
            update(Inbox)
            .where(Inbox.update_id.in_(update_ids), Inbox.claimed_by == worker, Inbox.processed_at.is_(None))
            .values(claimed_at=now)
            .execution_options(synchronize_session=False)
        )


async def release_claims(session: AsyncSession, *, worker: str, keep: Iterable[int] = ()) -> None:
    """At a clean stop: the worker's unprocessed rows (but `keep`) are free for the other processes at once."""
    statement = update(Inbox).where(Inbox.claimed_by == worker, Inbox.processed_at.is_(None))
    kept = list(keep)
    if kept:
        statement = statement.where(Inbox.update_id.not_in(kept))
    await session.execute(
        statement.values(claimed_by=None, claimed_at=None).execution_options(synchronize_session=False)
    )


async def prune_processed(session: AsyncSession, *, before: datetime) -> int:
    """Forget updates processed before `before` (they only guard against re-delivery, which takes minutes)."""
    result = await session.execute(
        delete(Inbox)
        .where(Inbox.processed_at.is_not(None), Inbox.processed_at < before)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def inbox_backlog(session: AsyncSession) -> int:
    """Updates stored but not yet processed."""
    query = select(func.count()).select_from(Inbox).where(Inbox.processed_at.is_(None))
    return int((await session.execute(query)).scalar_one())


async def outbox_backlog(session: AsyncSession) -> int:
    """Messages queued and neither sent nor given up (due or not)."""
    query = (
        select(func.count()).select_from(Outbox).where(Outbox.sent_at.is_(None), Outbox.failed_at.is_(None))
    )
    return int((await session.execute(query)).scalar_one())


async def get_update(session: AsyncSession, update_id: int) -> Inbox | None:
    return await session.get(Inbox, update_id)
