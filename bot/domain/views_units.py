"""Read models of unit names: aliases as the admins see them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AliasLine:
    """One other name of a unit."""

    alias: str
    unit: str
