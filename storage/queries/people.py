"""People, invites, chat bindings and pending button actions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import ChatBinding, Invite, PendingAction, Person, Unit


async def get_person(session: AsyncSession, user_id: int) -> Person | None:
    return await session.get(Person, user_id)


class CallerRow(NamedTuple):
    """What every command needs to know about its caller, read in one query."""

    name: str
    username: str | None
    language: str | None
    reachable: bool
    is_admin: bool
    is_leader: bool
    is_head: bool
    unit_id: int | None  # None also when the person's unit no longer exists
    unit_name: str | None


_CALLER = (  # built once: it runs for every update
    select(
        Person.name,
        Person.username,
        Person.language,
        Person.reachable,
        Person.is_admin,
        Person.is_leader,
        Person.is_head,
        Unit.id,
        Unit.name,
    )
    .select_from(Person)
    .outerjoin(Unit, Unit.id == Person.unit_id)  # type: ignore[arg-type]
    .where(Person.user_id == bindparam("user_id"))
)


async def get_caller_row(session: AsyncSession, user_id: int) -> CallerRow | None:
    """The person and their unit's name (Core, one join)."""
    row = (await (await session.connection()).execute(_CALLER, {"user_id": user_id})).first()
    return CallerRow(*row) if row is not None else None


async def get_person_by_username(session: AsyncSession, username: str) -> Person | None:
    # Telegram usernames are case-insensitive: @Zhang and @zhang are the same person.
    wanted = username.lstrip("@").lower()
    rows = await session.execute(select(Person).where(func.lower(Person.username) == wanted))
    return rows.scalars().first()


async def list_people(
    session: AsyncSession, *, unit_id: int | None = None, admins: bool = False, leaders: bool = False
) -> Sequence[Person]:
    query = select(Person).order_by(Person.user_id)
    if unit_id is not None:
        query = query.where(Person.unit_id == unit_id)
    if admins:
        query = query.where(Person.is_admin)
    if leaders:
        query = query.where(Person.is_leader)
    return (await session.execute(query)).scalars().all()


async def get_invite(session: AsyncSession, code: str) -> Invite | None:
    return (await session.execute(select(Invite).where(Invite.code == code))).scalars().first()


async def claim_invite(session: AsyncSession, invite_id: int, *, user_id: int, at: datetime) -> bool:
    """Mark an invite used; False if someone used it first (single use even under a race)."""
    result = await session.execute(
        update(Invite)
        .where(Invite.id == invite_id, Invite.used_by.is_(None))
        .values(used_by=user_id, used_at=at)
    )
    return result.rowcount == 1


async def get_binding(session: AsyncSession, kind: str) -> ChatBinding | None:
    return await session.get(ChatBinding, kind)


async def list_bindings(session: AsyncSession) -> Sequence[ChatBinding]:
    return (await session.execute(select(ChatBinding))).scalars().all()


async def get_pending(session: AsyncSession, pending_id: int) -> PendingAction | None:
    return await session.get(PendingAction, pending_id)


async def resolve_pending(session: AsyncSession, pending_id: int, *, outcome: str, at: datetime) -> bool:
    """Resolve a button action once; False if it was already resolved (a button pressed twice)."""
    result = await session.execute(
        update(PendingAction)
        .where(PendingAction.id == pending_id, PendingAction.resolved_at.is_(None))
        .values(resolved_at=at, outcome=outcome)
    )
    return result.rowcount == 1


async def open_pending(session: AsyncSession, *, user_id: int, kind: str) -> PendingAction | None:
    """The user's latest unresolved action of a kind (the guided report flow waits on one)."""
    query = (
        select(PendingAction)
        .where(
            PendingAction.user_id == user_id, PendingAction.kind == kind, PendingAction.resolved_at.is_(None)
        )
        .order_by(PendingAction.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalars().first()


async def add_pending(
    session: AsyncSession, *, kind: str, user_id: int, chat_id: int, payload: dict[str, object], now: datetime
) -> PendingAction:
    """Something a button will act on; the button's callback data carries only the returned row's id."""
    pending = PendingAction(kind=kind, user_id=user_id, chat_id=chat_id, payload=payload, created_at=now)
    session.add(pending)
    await session.flush()
    return pending


async def count_people_by_unit(session: AsyncSession) -> dict[int, int]:
    """unit id → how many people (contacts and heads) are bound to it."""
    query = select(Person.unit_id).where(Person.unit_id.is_not(None))  # type: ignore[union-attr]
    counts: dict[int, int] = {}
    for unit_id in (await session.execute(query)).scalars():
        counts[unit_id] = counts.get(unit_id, 0) + 1
    return counts


async def list_open_pending(
    session: AsyncSession, *, user_id: int, kinds: Sequence[str]
) -> Sequence[PendingAction]:
    """The user's unresolved actions of some kinds, oldest first (/cancel resolves them all)."""
    query = (
        select(PendingAction)
        .where(
            PendingAction.user_id == user_id,
            PendingAction.kind.in_(list(kinds)),  # type: ignore[attr-defined]
            PendingAction.resolved_at.is_(None),  # type: ignore[union-attr]
        )
        .order_by(PendingAction.id)  # type: ignore[arg-type]
    )
    return (await session.execute(query)).scalars().all()


async def list_people_by_username(session: AsyncSession, username: str) -> Sequence[Person]:
    """Everyone known under a username (case-insensitive): more than one when a username changed hands."""
    wanted = username.lstrip("@").lower()
    query = select(Person).where(func.lower(Person.username) == wanted).order_by(Person.user_id)
    return (await session.execute(query)).scalars().all()


async def list_open_invites(session: AsyncSession, *, now: datetime) -> Sequence[Invite]:
    """Invites neither used nor expired, oldest first."""
    query = (
        select(Invite)
        .where(Invite.used_by.is_(None), Invite.expires_at > now)  # type: ignore[union-attr]
        .order_by(Invite.id)  # type: ignore[arg-type]
    )
    return (await session.execute(query)).scalars().all()


async def get_invite_by_id(session: AsyncSession, invite_id: int) -> Invite | None:
    return await session.get(Invite, invite_id)
