"""The sender's notes to the admins: who could not be reached, what Telegram refused (SPEC §9)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.render.marks import plain
from bot.render.texts import message
from bot.settings import Settings
from storage.queries import ledger as ledger_q
from storage.queries import outbox as outbox_q
from storage.queries import people as people_q
from storage.tables import Outbox


def is_notice(row: Outbox) -> bool:
    """A note from the sender itself: its failure is only logged, so notes cannot breed notes."""
    return bool((row.payload or {}).get("notice"))


async def tell_admins(
    session: AsyncSession, row: Outbox, key: str, *, settings: Settings, now: datetime, **params: Any
) -> None:
    """Queue a note about `row` to every reachable admin but the chat that failed (in this transaction)."""
    admins = {p.user_id: p for p in await people_q.list_people(session, admins=True)}
    ids = sorted(set(settings.admin_ids) | set(admins))
    for admin_id in ids:
        person = admins.get(admin_id) or await people_q.get_person(session, admin_id)
        if admin_id == row.chat_id or (person is not None and not person.reachable):
            continue
        lang = settings.language or (
            "en" if person is not None and (person.language or "").lower().startswith("en") else "zh"
        )
        who = await who_is(session, row.chat_id, lang)
        preview = plain(row.text[:80] + ("…" if len(row.text) > 80 else "")) or "—"
        extra = dict(params)
        if "error" in extra:
            extra["error"] = plain(str(extra["error"])[:200])
        if key == "delivery_unreachable":
            count = int(extra.pop("count", 0))
            extra["dropped"] = message("delivery_dropped", lang, count=count) if count else ""
        text = message(key, lang, who=who, preview=preview, **extra)
        await outbox_q.enqueue(
            session,
            chat_id=admin_id,
            text=text,
            now=now,
            payload={"notice": True},
            dedupe_key=f"delivery:{row.id}:{admin_id}",
        )


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
            title = plain(binding.title) or message(f"delivery_chat_{binding.kind}", lang)
            return message("delivery_who_group", lang, title=title, chat_id=chat_id)
    return message("delivery_who_chat", lang, chat_id=chat_id)
