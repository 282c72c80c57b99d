"""Red and yellow flags and their transitions between reviews (SPEC §7)."""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from bot.domain.policy import Policy
from bot.domain.scoring import rank_1224

K = TypeVar("K", bound=Hashable)


# The flags' official names in the practice (SPEC §11); a county may call them otherwise (FLAG_NAMES).
OFFICIAL_FLAG_NAMES = ("贡献红旗", "落后黄旗")


class FlagColor(enum.StrEnum):
    RED = "red"
    YELLOW = "yellow"


class Transition(enum.StrEnum):
    """How a unit's flag in one category changed against the previous published review."""

    NEW_RED = "new_red"  # 新获红旗
    KEPT_RED = "kept_red"  # 守旗
    YELLOW_TO_RED = "yellow_to_red"  # 夺旗
    LOST_RED = "lost_red"  # 失去红旗
    RED_TO_YELLOW = "red_to_yellow"  # 红旗变黄旗
    NEW_YELLOW = "new_yellow"  # 新挂黄旗
    KEPT_YELLOW = "kept_yellow"  # 连续黄旗
    SHED_YELLOW = "shed_yellow"  # 摘黄旗
    NONE = "none"


@dataclass(frozen=True)
class Candidate(Generic[K]):
    """One unit in one (category, group): its rounded score and whether every due project reported."""

    key: K
    score: Decimal
    all_reported: bool


@dataclass(frozen=True)
class Award:
    rank: int
    flag: FlagColor | None


def award_flags(candidates: Iterable[Candidate[K]], policy: Policy) -> dict[K, Award]:
    """Ranks and flags within one (category, group).

    Red: rank ≤ RED_TOP_N, score ≥ RED_MIN_SCORE and every due project reported in the period.
    Yellow: score < YELLOW_BELOW, or among the bottom YELLOW_BOTTOM_N when that is on. Tied scores share
    their fate at the bottom as they share a rank at the top. A red unit is never also yellow.
    """
    pool = list(candidates)
    ranks = rank_1224({c.key: c.score for c in pool})
    awards: dict[K, Award] = {}
    for c in pool:
        flag: FlagColor | None = None
        if c.score >= policy.red_min_score and ranks[c.key] <= policy.red_top_n and c.all_reported:
            flag = FlagColor.RED
        elif c.score < policy.yellow_below or _in_bottom(c.score, pool, policy.yellow_bottom_n):
            flag = FlagColor.YELLOW
        awards[c.key] = Award(rank=ranks[c.key], flag=flag)
    return awards


def _in_bottom(score: Decimal, pool: list[Candidate[K]], bottom_n: int) -> bool:
    """Fewer than bottom_n units score strictly below this one."""
    if bottom_n <= 0:
        return False
    return sum(1 for other in pool if other.score < score) < bottom_n


@dataclass(frozen=True)
class Previous:
    """A unit's flag in a category at the previous published review and how long it had held it."""

    flag: FlagColor | None
    streak: int = 0


@dataclass(frozen=True)
class Change:
    transition: Transition
    streak: int  # consecutive reviews with the current flag, this one included (0 without a flag)

    @property
    def escalates(self) -> bool:
        """A second (or later) consecutive yellow flag goes to the unit head and the leaders."""
        return self.transition is Transition.KEPT_YELLOW and self.streak >= 2


def transition(previous: Previous | None, current: FlagColor | None) -> Change:
    """The change from the previous review's flag to this one's."""
    before = previous.flag if previous else None
    if current is None:
        if before is FlagColor.RED:
            return Change(Transition.LOST_RED, 0)
        if before is FlagColor.YELLOW:
            return Change(Transition.SHED_YELLOW, 0)
        return Change(Transition.NONE, 0)
    if before is current:
        streak = (previous.streak if previous else 0) + 1
        return Change(Transition.KEPT_RED if current is FlagColor.RED else Transition.KEPT_YELLOW, streak)
    if current is FlagColor.RED:
        return Change(Transition.YELLOW_TO_RED if before is FlagColor.YELLOW else Transition.NEW_RED, 1)
    return Change(Transition.RED_TO_YELLOW if before is FlagColor.RED else Transition.NEW_YELLOW, 1)


class Badge(enum.StrEnum):
    DOUBLE_RED = "double_red"  # 双红旗: red in two or more categories
    FLAG_WINNER = "flag_winner"  # 夺旗模范: yellow to red, and two or more red flags


def unit_badges(flags: Mapping[str, FlagColor | None], changes: Mapping[str, Change]) -> set[Badge]:
    """Unit-level honours across categories (keys are categories)."""
    reds = sum(1 for flag in flags.values() if flag is FlagColor.RED)
    badges: set[Badge] = set()
    if reds >= 2:
        badges.add(Badge.DOUBLE_RED)
        if any(change.transition is Transition.YELLOW_TO_RED for change in changes.values()):
            badges.add(Badge.FLAG_WINNER)
    return badges
