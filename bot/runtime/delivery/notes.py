"""The sender's notes to the admins: who could not be reached, what Telegram refused (SPEC §9).

What each note says about the failed message (who, how it began); queued by bot.outbound.admin_notes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbound import admin_notes
from bot.render.language import LANGUAGES
from bot.render.marks import plain
from bot.render.texts import message
from bot.settings import Settings
from storage.queries import ledger as ledger_q
from storage.queries import people as people_q
from storage.tables import Outbox

# The group a failed message went to, by its binding's kind.
_CHAT_KINDS = {"leaders": "delivery_chat_leaders", "workgroup": "delivery_chat_workgroup"}


def is_notice(row: Outbox) -> bool:
    """A note to the admins itself: its failure is only logged, so notes cannot breed notes."""
    return admin_notes.is_notice(row.payload)


async def tell_admins(
    session: AsyncSession, row: Outbox, key: str, *, settings: Settings, now: datetime, **params: Any
) -> None:
    """Tell the admins (but the chat that failed) about `row`, through bot.outbound.admin_notes."""
    who = {lang: await who_is(session, row.chat_id, lang) for lang in LANGUAGES}  # each admin reads theirs
    extra: dict[str, Any] = dict(params)
    if "error" in extra:
        extra["error"] = plain(str(extra["error"])[:200])
    if key == "delivery_unreachable":
        count = int(extra.pop("count", 0))
        extra["dropped"] = (lambda lang: message("delivery_dropped", lang, count=count)) if count else ""
    await admin_notes.tell_admins(
        session,
        key=key,
        params={"who": who.__getitem__, "preview": _preview(row.text), **extra},
        settings=settings,
        now=now,
        dedupe_key=f"delivery:{row.id}",
        skip=row.chat_id,
    )


def _preview(text: str) -> str:
    return plain(text[:80] + ("…" if len(text) > 80 else "")) or "—"


async def who_is(session: AsyncSession, chat_id: int, lang: str) -> str:
    """The chat, as an admin would recognise it: a person (with their unit) or a bound group."""
    if chat_id > 0:
        person = await people_q.get_person(session, chat_id)
        if person is None:
            return message("delivery_who_chat", lang, chat_id=chat_id)
        unit = await ledger_q.get_unit(session, person.unit_id) if person.unit_id else None
        name = plain(person.name or person.username or chat_id)
        if unit is not None:
            return message(
                "delivery_who_person_unit", lang, name=name, unit=plain(unit.name), chat_id=chat_id
            )
        return message("delivery_who_person", lang, name=name, chat_id=chat_id)
    for binding in await people_q.list_bindings(session):
        if binding.chat_id == chat_id:
            kind = (
                message(_CHAT_KINDS[binding.kind], lang)
                if binding.kind in _CHAT_KINDS
                else plain(binding.kind)
            )
            title = plain(binding.title) or kind
            return message("delivery_who_group", lang, title=title, chat_id=chat_id)
    return message("delivery_who_chat", lang, chat_id=chat_id)
