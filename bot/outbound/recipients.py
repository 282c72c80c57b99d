"""Who the bot's own messages go to, each with the language to write in: a unit's contacts, the admins."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.render.language import language_for, shared_language
from bot.settings import Settings
from storage.queries import people as people_q


@dataclass(frozen=True)
class Recipient:
    user_id: int
    lang: str


def lang_of(settings: Settings, language: str | None) -> str:
    """A person's language (their Telegram's `language`), decided by bot.render.language."""
    return language_for(fixed=settings.language, telegram_code=language)


def group_lang(settings: Settings) -> str:
    """The language of a message many read at once (a bound group, a document): decided by bot.render.language."""
    return shared_language(fixed=settings.language)


def group(chat_id: int, *, settings: Settings) -> Recipient:
    """A bound group (the leaders' chat, the work group) as a recipient, in the shared language."""
    return Recipient(chat_id, group_lang(settings))


def person(user_id: int, language: str | None, *, settings: Settings) -> Recipient:
    """One person as a recipient, in their language."""
    return Recipient(user_id, lang_of(settings, language))


async def unit_contacts(
    session: AsyncSession, unit_id: int, *, settings: Settings, heads_only: bool = False
) -> list[Recipient]:
    """The unit's reachable contacts (its heads included), or only its heads."""
    return [
        person(p.user_id, p.language, settings=settings)
        for p in await people_q.list_people(session, unit_id=unit_id)
        if p.reachable and (p.is_head or not heads_only)
    ]


async def admins(session: AsyncSession, *, settings: Settings, leaders: bool = False) -> list[Recipient]:
    """The reachable admins (ADMIN_IDS and granted ones), and the leaders too when asked."""
    people = {p.user_id: p for p in await people_q.list_people(session, admins=True)}
    if leaders:
        people.update({p.user_id: p for p in await people_q.list_people(session, leaders=True)})
    found = []
    for user_id in sorted(set(people) | set(settings.admin_ids)):
        someone = people.get(user_id) or await people_q.get_person(session, user_id)
        if someone is None or someone.reachable:
            found.append(person(user_id, someone.language if someone else None, settings=settings))
    return found
