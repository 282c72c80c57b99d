"""The outbox: messages queued in the same transaction as the event that causes them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

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
    file_pending: str | None = None,
) -> bool:
    """Queue one message; False when a message with the same dedupe key was queued before (sent once).

    file_pending: a photo or document whose bytes come later (attach_file), named by what builds it."""
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
        file_pending=file_pending,
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


async def postpone(
    session: AsyncSession, outbox_id: int, *, until: datetime, error: str, count_attempt: bool = True
) -> None:
    """Try again at `until`. A flood wait (429) is not a failed attempt: count_attempt=False.

    The error it leaves marks the row as retrying, which holds back the later messages to its chat
    (see due_heads), so a chat's messages arrive in the order they were queued.
    """
    values: dict[str, Any] = {"not_before": until, "error": error[:500]}
    if count_attempt:
        values["attempts"] = Outbox.attempts + 1
    await session.execute(update(Outbox).where(Outbox.id == outbox_id).values(**values))


async def mark_failed(
    session: AsyncSession, outbox_id: int, *, at: datetime, error: str, count_attempt: bool = False
) -> None:
    """Never to be sent (count_attempt: the failure was the last of its tries)."""
    values: dict[str, Any] = {"failed_at": at, "error": error[:500]}
    if count_attempt:
        values["attempts"] = Outbox.attempts + 1
    await session.execute(update(Outbox).where(Outbox.id == outbox_id).values(**values))


async def move_chat(session: AsyncSession, *, old_chat_id: int, new_chat_id: int) -> None:
    """A group became a supergroup: unsent messages follow it."""
    await session.execute(
        update(Outbox)
        .where(Outbox.chat_id == old_chat_id, Outbox.sent_at.is_(None))
        .values(chat_id=new_chat_id)
    )


async def list_outbox(session: AsyncSession) -> Sequence[Outbox]:
    return (await session.execute(select(Outbox).order_by(Outbox.id))).scalars().all()


def _pending() -> Any:
    return and_(Outbox.sent_at.is_(None), Outbox.failed_at.is_(None))


async def due_heads(session: AsyncSession, *, now: datetime, limit: int = 500) -> Sequence[Outbox]:
    """Each chat's first due message, in the order they were queued (file bytes left unloaded).

    A chat whose earlier message waits for a retry (a row with an error and not_before in the future)
    is left out altogether, so no message overtakes an earlier one to the same chat.
    """
    retrying = select(Outbox.chat_id).where(_pending(), Outbox.error.is_not(None), Outbox.not_before > now)
    heads = (
        select(func.min(Outbox.id))
        .where(_pending(), Outbox.not_before <= now, Outbox.chat_id.not_in(retrying))
        .group_by(Outbox.chat_id)
    )
    query = (
        select(Outbox)
        .options(defer(Outbox.file_data))
        .where(Outbox.id.in_(heads))
        .order_by(Outbox.id)
        .limit(limit)
    )
    return (await session.execute(query)).scalars().all()


async def get_file_data(session: AsyncSession, outbox_id: int) -> bytes | None:
    """The photo or document bytes of one message."""
    return (await session.execute(select(Outbox.file_data).where(Outbox.id == outbox_id))).scalar()


async def fail_pending_to_chat(session: AsyncSession, chat_id: int, *, at: datetime, error: str) -> int:
    """Every message due to a chat fails at once (the user blocked the bot); returns how many.

    Messages queued for later keep their chance: the user may have unblocked the bot by then."""
    result = await session.execute(
        update(Outbox)
        .where(Outbox.chat_id == chat_id, _pending(), Outbox.not_before <= at)
        .values(failed_at=at, error=error[:500])
    )
    return int(result.rowcount or 0)


async def count_pending(session: AsyncSession) -> int:
    """Messages neither sent nor failed yet."""
    return int(
        (await session.execute(select(func.count()).select_from(Outbox).where(_pending()))).scalar() or 0
    )


async def recent_sends(session: AsyncSession, *, since: datetime) -> Sequence[tuple[int, datetime]]:
    """(chat, sent_at) of messages sent since then: a new sender starts with the old one's rate windows."""
    query = select(Outbox.chat_id, Outbox.sent_at).where(Outbox.sent_at >= since).order_by(Outbox.sent_at)
    return [(chat_id, sent_at) for chat_id, sent_at in (await session.execute(query)).all()]


async def has_dedupe_key(session: AsyncSession, dedupe_key: str) -> bool:
    """Whether a message with this dedupe key was ever queued (sent or not)."""
    query = select(Outbox.id).where(Outbox.dedupe_key == dedupe_key).limit(1)
    return (await session.execute(query)).first() is not None


async def attach_file(session: AsyncSession, dedupe_key: str, data: bytes) -> bool:
    """The built file of a row queued with file_pending; False when it was attached already (built twice:
    a publisher and a recovering sender), so a file is attached, and sent, once."""
    result = await session.execute(
        update(Outbox)
        .where(Outbox.dedupe_key == dedupe_key, Outbox.file_pending.is_not(None))
        .values(file_data=data, file_pending=None)
    )
    return bool(result.rowcount)


async def pending_files(session: AsyncSession, source: str) -> list[str]:
    """The dedupe keys of the unsent rows still waiting for a file from this source."""
    query = (
        select(Outbox.dedupe_key)
        .where(Outbox.file_pending == source, _pending(), Outbox.dedupe_key.is_not(None))
        .order_by(Outbox.id)
    )
    return [key for key in (await session.execute(query)).scalars().all() if key is not None]


async def fail_files(session: AsyncSession, dedupe_keys: Sequence[str], *, at: datetime, error: str) -> int:
    """Files that could not be built: never sent, so the chats' later messages go on."""
    result = await session.execute(
        update(Outbox)
        .where(Outbox.dedupe_key.in_(list(dedupe_keys)), Outbox.file_pending.is_not(None), _pending())
        .values(failed_at=at, error=error[:500])
    )
    return int(result.rowcount or 0)
