"""争先进位, worked out by hand: 3rd → 1st is ↑2, 1st → 2nd is ↓1, a unit not ranked before is 新."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.domain.rank_change import rank_change, rank_changes
from bot.render.rank_change import rank_change_label


@dataclass(frozen=True)
class R:
    unit_id: int
    category_id: int
    group: str
    rank: int


@pytest.mark.parametrize(
    ("before", "now", "change", "zh", "en"),
    [
        (3, 1, 2, "↑2", "↑2"),
        (1, 2, -1, "↓1", "↓1"),
        (4, 4, 0, "→", "→"),
        (None, 5, None, "新", "new"),
        (2, 2, 0, "→", "→"),  # a tie kept ("1224": still 2nd)
    ],
)
def test_rank_change_and_its_label(
    before: int | None, now: int, change: int | None, zh: str, en: str
) -> None:
    assert rank_change(before, now) == change
    assert rank_change_label(change, "zh") == zh
    assert rank_change_label(change, "en") == en


def test_rank_changes_within_category_and_group() -> None:
    previous = [
        R(1, 10, "县直部门", 1),  # A: 1st → 2nd
        R(2, 10, "县直部门", 2),  # B: 2nd, tied → 2nd (ranks 1224: C was 2nd too)
        R(3, 10, "县直部门", 2),  # C: 2nd → 1st
        R(4, 10, "县直部门", 4),  # D: 4th → 4th
        R(5, 20, "县直部门", 1),  # E in another category: not ranked in 10 last time
        R(6, 10, "县直部门", 3),  # F moved to 乡镇: new there
    ]
    current = [
        R(3, 10, "县直部门", 1),
        R(1, 10, "县直部门", 2),
        R(2, 10, "县直部门", 2),
        R(4, 10, "县直部门", 4),
        R(5, 10, "县直部门", 5),
        R(6, 10, "乡镇", 1),
        R(5, 20, "县直部门", 3),  # E: 1st → 3rd in category 20
    ]
    assert rank_changes(current, previous) == {
        (3, 10): 1,
        (1, 10): -1,
        (2, 10): 0,
        (4, 10): 0,
        (5, 10): None,
        (6, 10): None,
        (5, 20): -2,
    }


def test_no_previous_review_makes_everyone_new() -> None:
    assert rank_changes([R(1, 10, "乡镇", 1)], []) == {(1, 10): None}
