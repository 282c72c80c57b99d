"""Telling the admins (SPEC §8–§9): the one way anything in the bot tells them something.

One catalogue key per kind of note, one outbox row per reachable admin (ADMIN_IDS and granted admins) in the
caller's transaction, each in the admin's language, under a dedupe key naming the note and the admin, so a
retry, a second trigger or a restart cannot queue it twice. Every note is a `notice`: when one cannot be
delivered the sender only logs it, so notes cannot breed notes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.logs import redact
from bot.outbound.recipients import admins
from bot.render.texts import message
from bot.settings import Settings
from storage.queries import outbox as outbox_q

NOTICE = "notice"  # the outbox payload flag of a note to the admins

# A parameter whose text depends on the admin's language: called with "zh" or "en".
Localized = Callable[[str], str]


def is_notice(payload: Mapping[str, Any] | None) -> bool:
    """A note to the admins: its failure is only logged, so notes cannot breed notes."""
    return bool((payload or {}).get(NOTICE))


async def tell_admins(
    session: AsyncSession,
    *,
    key: str,
    params: Mapping[str, Any],
    settings: Settings,
    now: datetime,
    dedupe_key: str | None = None,
    skip: int | None = None,
) -> int:
    """Queue the note `key` to every reachable admin but `skip` (the chat a note is about); how many now.

    `params` are plain text (bot.render.marks.plain for what users typed); a Localized value is filled in per admin.
    With `dedupe_key`, each admin's row is keyed f"{dedupe_key}:{admin id}" and queued once; without one,
    every call queues anew (an error alert per error).
    """
    queued = 0
    for admin in await admins(session, settings=settings):
        if admin.user_id == skip:
            continue
        filled = {name: value(admin.lang) if callable(value) else value for name, value in params.items()}
        queued += await outbox_q.enqueue(
            session,
            chat_id=admin.user_id,
            text=redact(message(key, admin.lang, **filled)),  # an error quoted in a note never shows a token
            now=now,
            payload={NOTICE: True},
            dedupe_key=None if dedupe_key is None else f"{dedupe_key}:{admin.user_id}",
        )
    return queued
