"""Read models of the admin commands' lists (/units, /categories, /holiday). Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.roles import Role


@dataclass(frozen=True)
class UnitLine:
    """One unit in /units."""

    name: str
    group: str
    projects: int
    people: int


@dataclass(frozen=True)
class CategoryLine:
    """One category in /categories."""

    name: str
    projects: int


@dataclass(frozen=True)
class HolidayLine:
    """One calendar override in /holiday."""

    day: date
    working: bool


@dataclass(frozen=True)
class UnitRef:
    """A unit an admin or an invite named: what the answer says about it, and its id for the next step."""

    id: int
    name: str
    group: str


@dataclass(frozen=True)
class CategoryRef:
    """A category an admin named."""

    id: int
    name: str


@dataclass(frozen=True)
class InviteView:
    """A fresh invite: the code its link carries and until when it works."""

    unit: str
    head: bool
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class PersonView:
    """Someone whose role an admin changed: who, and the roles they hold now."""

    user_id: int
    name: str
    is_admin: bool
    is_leader: bool
    is_head: bool
    has_unit: bool
    language: str | None = None  # their Telegram's language: the note of a granted role is written in it


@dataclass(frozen=True)
class OpenInvite:
    """An invite not used and not expired (/invites lists them, with a button to cancel each)."""

    id: int
    unit: str
    head: bool
    created_by: int
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Unbound:
    """A contact or head taken off their unit by /revoke: who, and which unit they were bound to."""

    user_id: int
    name: str
    unit: str
    was_head: bool
    role: Role  # what they are now (a leader or admin stays one)
