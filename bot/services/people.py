"""Who is who: people, roles, invites, chat bindings (SPEC §2, §4)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.roles import Caller, Role, role_of
from bot.domain.views_admin import InviteView, PersonView, UnitRef
from bot.services.errors import UserError
from storage.queries import ledger as ledger_q
from storage.queries import people as people_q
from storage.queries.reviews import add_audit
from storage.tables import ChatBinding, Invite, Person, Unit

INVITE_DAYS = 7
CHAT_KINDS = ("leaders", "workgroup")


async def caller_of(
    session: AsyncSession,
    *,
    user_id: int,
    name: str,
    username: str | None,
    language: str | None,
    admin_ids: list[int],
    now: datetime,
) -> Caller:
    """The caller's role and unit; remembers their name, username and language (and that they reach us)."""
    name = name[:100]
    known = await people_q.get_caller_row(session, user_id)
    if (
        known is None
        or (known.name, known.username, known.language, known.reachable) != (name, username, language, True)
        or (user_id in admin_ids and not known.is_admin)
    ):
        # Something to remember (the uncommon case: most updates are answered from the one query above).
        person = await people_q.get_person(session, user_id)
        if person is None:
            person = Person(user_id=user_id, created_at=now, updated_at=now)
        person.name, person.username, person.language, person.reachable = name, username, language, True
        person.is_admin = person.is_admin or user_id in admin_ids
        person.updated_at = now
        session.add(person)
        await session.flush()
        known = await people_q.get_caller_row(session, user_id)
        assert known is not None
    return Caller(
        user_id=user_id,
        name=known.name,
        role=role_of(
            is_admin=known.is_admin,
            is_leader=known.is_leader,
            is_head=known.is_head,
            has_unit=known.unit_id is not None,
        ),
        unit_id=known.unit_id,
        unit_name=known.unit_name,
        reachable=known.reachable,
    )


async def find_unit(session: AsyncSession, ref: str) -> Unit:
    """A unit by exact name, short name or an unambiguous part of its name."""
    ref = ref.strip()
    if not ref:
        raise UserError("unit_missing")
    units = await ledger_q.list_units(session)
    for unit in units:
        if ref in (unit.name, unit.short_name):
            return unit
    matches = [u for u in units if ref in u.name]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UserError("unit_not_found", ref=ref)
    raise UserError("unit_ambiguous", ref=ref, choices=[u.name for u in matches[:8]])


def unit_ref(unit: Unit) -> UnitRef:
    """The plain view of a unit row."""
    assert unit.id is not None
    return UnitRef(id=unit.id, name=unit.name, group=unit.group_name)


async def pick_unit(session: AsyncSession, ref: str) -> UnitRef:
    """find_unit, as a view for the handlers."""
    return unit_ref(await find_unit(session, ref))


async def invite_to(
    session: AsyncSession, *, ref: str, head: bool, created_by: int, now: datetime
) -> InviteView:
    """/invite: the unit named by `ref`, and a fresh invite to it."""
    unit = await find_unit(session, ref)
    invite = await create_invite(session, unit=unit, head=head, created_by=created_by, now=now)
    return InviteView(unit=unit.name, head=head, code=invite.code, expires_at=invite.expires_at)


async def create_invite(
    session: AsyncSession, *, unit: Unit, head: bool, created_by: int, now: datetime
) -> Invite:
    """A single-use, unguessable invite (128 random bits) valid for 7 days."""
    assert unit.id is not None
    invite = Invite(
        code=secrets.token_urlsafe(16),
        unit_id=unit.id,
        head=head,
        created_by=created_by,
        created_at=now,
        expires_at=now + timedelta(days=INVITE_DAYS),
    )
    session.add(invite)
    await add_audit(
        session,
        at=now,
        actor=f"tg:{created_by}",
        action="invite.create",
        target=unit.name,
        detail={"head": head},
    )
    await session.flush()
    return invite


async def accept_invite(session: AsyncSession, *, code: str, user_id: int, now: datetime) -> UnitRef:
    """Bind the user to the invite's unit; an unknown, expired or used code is refused."""
    invite = await people_q.get_invite(session, code.strip())
    if invite is None or invite.id is None:
        raise UserError("invite_invalid")
    if invite.used_by is not None:
        raise UserError("invite_used")
    if now >= invite.expires_at:
        raise UserError("invite_expired")
    if not await people_q.claim_invite(session, invite.id, user_id=user_id, at=now):
        raise UserError("invite_used")
    person = await people_q.get_person(session, user_id)
    assert person is not None  # caller_of ran first
    person.unit_id, person.is_head, person.updated_at = invite.unit_id, invite.head, now
    session.add(person)
    unit = await ledger_q.get_unit(session, invite.unit_id)
    assert unit is not None
    await add_audit(
        session,
        at=now,
        actor=f"tg:{user_id}",
        action="invite.accept",
        target=unit.name,
        detail={"head": invite.head},
    )
    return unit_ref(unit)


async def find_person(session: AsyncSession, ref: str) -> Person:
    """A person by Telegram user id or @username (they must have talked to the bot once)."""
    ref = ref.strip()
    person = None
    if ref.lstrip("-").isdigit():
        person = await people_q.get_person(session, int(ref))
    elif ref.startswith("@") or ref:
        known = await people_q.list_people_by_username(session, ref)
        if len(known) > 1:  # a username that changed hands: never guess which one is meant
            ids = ", ".join(str(p.user_id) for p in known[:8])
            raise UserError("person_ambiguous", ref=ref, ids=ids)
        person = known[0] if known else None
    if person is None:
        raise UserError("person_not_found", ref=ref)
    return person


async def set_role(
    session: AsyncSession,
    *,
    ref: str,
    role: str,
    grant: bool,
    actor: int,
    now: datetime,
    admin_ids: list[int],
) -> PersonView:
    """/grant and /revoke of leader or admin."""
    if role not in ("leader", "admin"):
        raise UserError("role_invalid", role=role)
    person = await find_person(session, ref)
    if not grant and role == "admin" and person.user_id in admin_ids:
        raise UserError("revoke_configured_admin")
    if role == "leader":
        person.is_leader = grant
    else:
        person.is_admin = grant
    person.updated_at = now
    session.add(person)
    await add_audit(
        session,
        at=now,
        actor=f"tg:{actor}",
        action=f"role.{'grant' if grant else 'revoke'}",
        target=str(person.user_id),
        detail={"role": role},
    )
    return PersonView(
        user_id=person.user_id,
        name=person.name,
        is_admin=person.is_admin,
        is_leader=person.is_leader,
        is_head=person.is_head,
        has_unit=person.unit_id is not None,
        language=person.language,
    )


async def bind_chat(
    session: AsyncSession, *, kind: str, chat_id: int, title: str, actor: int, now: datetime
) -> ChatBinding:
    """/bind leaders|workgroup in a group."""
    if kind not in CHAT_KINDS:
        raise UserError("bind_kind_invalid", kind=kind)
    binding = await people_q.get_binding(session, kind) or ChatBinding(
        kind=kind, chat_id=chat_id, bound_by=actor, bound_at=now
    )
    binding.chat_id, binding.title, binding.bound_by, binding.bound_at = chat_id, title[:200], actor, now
    session.add(binding)
    await add_audit(
        session, at=now, actor=f"tg:{actor}", action="chat.bind", target=kind, detail={"chat_id": chat_id}
    )
    return binding


async def unbind_chat(session: AsyncSession, *, chat_id: int, actor: int, now: datetime) -> list[str]:
    """/unbind in a group: forget whatever this group was bound as."""
    removed = []
    for binding in await people_q.list_bindings(session):
        if binding.chat_id == chat_id:
            removed.append(binding.kind)
            await session.delete(binding)
    if not removed:
        raise UserError("unbind_nothing")
    await add_audit(session, at=now, actor=f"tg:{actor}", action="chat.unbind", target=",".join(removed))
    return removed


async def follow_migration(session: AsyncSession, *, old_chat_id: int, new_chat_id: int) -> None:
    """A group became a supergroup: its bindings follow it."""
    for binding in await people_q.list_bindings(session):
        if binding.chat_id == old_chat_id:
            binding.chat_id = new_chat_id
            session.add(binding)


async def mark_unreachable(session: AsyncSession, user_id: int) -> Person | None:
    """The user blocked the bot: stop writing to them until they write again."""
    person = await people_q.get_person(session, user_id)
    if person is not None and person.reachable:
        person.reachable = False
        session.add(person)
        return person
    return None


async def privileged_people(
    session: AsyncSession, *, admin_ids: Iterable[int]
) -> dict[int, tuple[Role, bool]]:
    """Leaders and admins (ADMIN_IDS included): user id -> (role, has a unit), for their command menus."""
    people = list(await people_q.list_people(session, leaders=True))
    people += list(await people_q.list_people(session, admins=True))
    privileged = {
        p.user_id: (Role.ADMIN if p.is_admin else Role.LEADER, p.unit_id is not None) for p in people
    }
    for admin_id in admin_ids:
        privileged[admin_id] = (Role.ADMIN, privileged.get(admin_id, (Role.ADMIN, False))[1])
    return privileged
