"""Who may do what (SPEC §2). Pure."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.IntEnum):
    """Ordered: each role can do what the ones below it can (a head is a contact, an admin a leader)."""

    STRANGER = 0
    CONTACT = 1
    HEAD = 2
    LEADER = 3
    ADMIN = 4


@dataclass(frozen=True)
class Caller:
    """The person behind an update, as far as permissions go."""

    user_id: int
    name: str
    role: Role
    unit_id: int | None
    unit_name: str | None
    reachable: bool = True

    @property
    def has_unit(self) -> bool:
        return self.unit_id is not None

    def can(self, needed: Role) -> bool:
        """Leaders and admins without a unit cannot act as a unit's contact, so CONTACT needs a unit."""
        if needed in (Role.CONTACT, Role.HEAD):
            return self.unit_id is not None and (self.role >= needed or self.role >= Role.LEADER)
        return self.role >= needed


def role_of(*, is_admin: bool, is_leader: bool, is_head: bool, has_unit: bool) -> Role:
    if is_admin:
        return Role.ADMIN
    if is_leader:
        return Role.LEADER
    if has_unit:
        return Role.HEAD if is_head else Role.CONTACT
    return Role.STRANGER
