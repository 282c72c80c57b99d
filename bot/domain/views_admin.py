"""Read models of the admin commands' lists (/units, /categories, /holiday). Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
