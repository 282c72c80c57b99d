"""Unit scores and '1224' ranks within a (category, group) (SPEC §7)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

_ONE_DECIMAL = Decimal("0.1")
# Floats such as 0.8125 * 100 can come out as 81.24999999999999; settling to 9 places first makes
# "round half up" behave as a person computing by hand would expect.
_SETTLE = Decimal("1e-9")


def percent_half_up(ratio: float) -> Decimal:
    """A ratio as a percentage rounded half-up to one decimal: 0.8125 → 81.3."""
    return (Decimal(ratio) * 100).quantize(_SETTLE).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def unit_score(items: Iterable[tuple[float, float]], *, cap: float) -> Decimal | None:
    """Σ w·min(compliance, cap) ÷ Σ w as a rounded percentage; None when there is nothing to score.

    items are (weight, compliance) pairs of the unit's counted projects in one category.
    """
    total_weight = 0.0
    weighted = 0.0
    for weight, ratio in items:
        total_weight += weight
        weighted += weight * min(ratio, cap)
    if total_weight <= 0:
        return None
    return percent_half_up(weighted / total_weight)


def rank_1224(scores: Mapping[K, Decimal]) -> dict[K, int]:
    """Highest first; equal scores share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(scores.values(), reverse=True)
    first_position: dict[Decimal, int] = {}
    for position, score in enumerate(ordered, start=1):
        first_position.setdefault(score, position)
    return {key: first_position[score] for key, score in scores.items()}
