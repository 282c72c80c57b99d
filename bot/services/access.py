"""Taking access back (SPEC §2, §4 /revoke; issue 10 item 6): unbinding a contact or head from their unit,
open invites listed and cancelled. Every change goes to the audit log with who and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.roles import role_of
from bot.domain.views_admin import OpenInvite, Unbound
from bot.services.errors import UserError
from bot.services.people import find_person
from storage.queries import ledger as ledger_q
from storage.queries import people as people_q
from storage.queries.reviews import add_audit
from storage.tables import Invite


async def unbind_person(session: AsyncSession, *, ref: str, actor: int, now: datetime) -> Unbound:
    """/revoke contact|head: the person leaves their unit (and its head mark); their reports stay."""
    person = await find_person(session, ref)
    if person.unit_id is None:
        raise UserError("revoke_no_unit", name=person.name or str(person.user_id), user_id=person.user_id)
    unit = await ledger_q.get_unit(session, person.unit_id)
    unit_name = unit.name if unit is not None else str(person.unit_id)
    was_head = person.is_head
    person.unit_id, person.is_head, person.updated_at = None, False, now
    session.add(person)
    await add_audit(
        session,
        at=now,
        actor=f"tg:{actor}",
        action="unit.unbind",
        target=str(person.user_id),
        detail={"unit": unit_name, "head": was_head},
    )
    role = role_of(is_admin=person.is_admin, is_leader=person.is_leader, is_head=False, has_unit=False)
    return Unbound(user_id=person.user_id, name=person.name, unit=unit_name, was_head=was_head, role=role)


async def open_invites(session: AsyncSession, *, now: datetime) -> list[OpenInvite]:
    """/invites: the invites still usable, oldest first."""
    units = {u.id: u.name for u in await ledger_q.list_units(session)}
    return [_view(i, units.get(i.unit_id, "?")) for i in await people_q.list_open_invites(session, now=now)]


async def cancel_invite(session: AsyncSession, invite_id: int, *, actor: int, now: datetime) -> OpenInvite:
    """Cancel an open invite: its link stops working at once (it expires now; nothing is deleted)."""
    invite = await people_q.get_invite_by_id(session, invite_id)
    if invite is None:
        raise UserError("invite_not_found", id=invite_id)
    if invite.used_by is not None or invite.expires_at <= now:
        raise UserError("invite_not_open", id=invite_id)
    unit = await ledger_q.get_unit(session, invite.unit_id)
    unit_name = unit.name if unit is not None else "?"
    invite.expires_at = now
    session.add(invite)
    await add_audit(
        session,
        at=now,
        actor=f"tg:{actor}",
        action="invite.cancel",
        target=unit_name,
        detail={"invite": invite_id, "head": invite.head},
    )
    return _view(invite, unit_name)


def _view(invite: Invite, unit: str) -> OpenInvite:
    assert invite.id is not None
    return OpenInvite(
        id=invite.id,
        unit=unit,
        head=invite.head,
        created_by=invite.created_by,
        created_at=invite.created_at,
        expires_at=invite.expires_at,
    )
