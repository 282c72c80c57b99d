"""争先进位: each unit's rank change since the last review, within its (category, group). Pure."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class Ranked(Protocol):
    @property
    def unit_id(self) -> int: ...
    @property
    def category_id(self) -> int: ...
    @property
    def group(self) -> str: ...
    @property
    def rank(self) -> int: ...


def rank_change(before: int | None, now: int) -> int | None:
    """Places gained (positive: up, 3rd → 1st is +2), lost (negative) or None when not ranked before (新)."""
    return None if before is None else before - now


def rank_changes(current: Iterable[Ranked], previous: Iterable[Ranked]) -> dict[tuple[int, int], int | None]:
    """(unit id, category id) → rank_change against the previous review. A unit that was not ranked in the
    same category and group last time (new, or moved to another group) is new there."""
    before = {(e.unit_id, e.category_id, e.group): e.rank for e in previous}
    return {
        (e.unit_id, e.category_id): rank_change(before.get((e.unit_id, e.category_id, e.group)), e.rank)
        for e in current
    }
