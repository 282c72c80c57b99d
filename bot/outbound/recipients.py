"""Who the bot's own messages go to, each with the language to write in: a unit's contacts, the admins."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from storage.queries import people as people_q


@dataclass(frozen=True)
class Recipient:
    user_id: int
    lang: str


def lang_of(settings: Settings, language: str | None) -> str:
    """LANGUAGE when set; otherwise en for people whose Telegram speaks English, zh for everyone else."""
    if settings.language:
        return settings.language
    return "en" if (language or "").lower().startswith("en") else "zh"


async def unit_contacts(
    session: AsyncSession, unit_id: int, *, settings: Settings, heads_only: bool = False
) -> list[Recipient]:
    """The unit's reachable contacts (its heads included), or only its heads."""
    return [
        Recipient(p.user_id, lang_of(settings, p.language))
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
        person = people.get(user_id) or await people_q.get_person(session, user_id)
        if person is None or person.reachable:
            found.append(Recipient(user_id, lang_of(settings, person.language if person else None)))
    return found
