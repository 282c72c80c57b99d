"""The outbox: messages queued in the same transaction as the event that causes them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import Outbox


async def enqueue(
    session: AsyncSession,
    *,
    chat_id: int,
    text: str,
    now: datetime,
    kind: str = "text",
    payload: dict[str, Any] | None = None,
    file_data: bytes | None = None,
    dedupe_key: str | None = None,
    not_before: datetime | None = None,
) -> bool:
    """Queue one message; False when a message with the same dedupe key was queued before (sent once)."""
    if dedupe_key is not None:
        existing = await session.execute(select(Outbox.id).where(Outbox.dedupe_key == dedupe_key))
        if existing.first() is not None:
            return False
    row = Outbox(
        chat_id=chat_id,
        kind=kind,
        text=text,
        payload=payload or {},
        file_data=file_data,
        dedupe_key=dedupe_key,
        created_at=now,
        not_before=not_before or now,
    )
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        return False  # queued a moment ago by another process
    return True


async def due_messages(session: AsyncSession, *, now: datetime, limit: int = 100) -> Sequence[Outbox]:
    """Unsent, not failed, due messages in the order they were queued."""
    query = (
        select(Outbox)
        .where(Outbox.sent_at.is_(None), Outbox.failed_at.is_(None), Outbox.not_before <= now)
        .order_by(Outbox.id)
        .limit(limit)
    )
    return (await session.execute(query)).scalars().all()


async def mark_sent(session: AsyncSession, outbox_id: int, *, at: datetime, message_id: int | None) -> None:
    await session.execute(
        update(Outbox).where(Outbox.id == outbox_id).values(sent_at=at, telegram_message_id=message_id)
    )


async def postpone(session: AsyncSession, outbox_id: int, *, until: datetime, error: str) -> None:
    await session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id)
        .values(not_before=until, attempts=Outbox.attempts + 1, error=error[:500])
    )


async def mark_failed(session: AsyncSession, outbox_id: int, *, at: datetime, error: str) -> None:
    await session.execute(
        update(Outbox).where(Outbox.id == outbox_id).values(failed_at=at, error=error[:500])
    )


async def move_chat(session: AsyncSession, *, old_chat_id: int, new_chat_id: int) -> None:
    """A group became a supergroup: unsent messages follow it."""
    await session.execute(
        update(Outbox)
        .where(Outbox.chat_id == old_chat_id, Outbox.sent_at.is_(None))
        .values(chat_id=new_chat_id)
    )


async def list_outbox(session: AsyncSession) -> Sequence[Outbox]:
    return (await session.execute(select(Outbox).order_by(Outbox.id))).scalars().all()
