"""Unit scores (rounded half-up to one decimal) and '1224' ranks (SPEC §7)."""

from decimal import Decimal

import pytest

from bot.domain.policy import Policy
from bot.domain.scoring import percent_half_up, rank_1224, unit_score

CAP = Policy().score_cap


@pytest.mark.parametrize(
    ("items", "score"),
    [
        ([(1, 1.0)], "100.0"),
        ([(1, 0.8), (1, 0.6)], "70.0"),
        ([(1, 1.0), (3, 0.6)], "70.0"),  # (1·1 + 3·0.6) ÷ 4 = 2.8 ÷ 4 = 0.7
        ([(2, 0.9), (1, 0.6)], "80.0"),  # (1.8 + 0.6) ÷ 3 = 0.8
        ([(3, 0.95), (1, 0.65)], "87.5"),  # (2.85 + 0.65) ÷ 4 = 0.875
        ([(0.5, 1.2), (1.5, 0.8)], "90.0"),  # (0.6 + 1.2) ÷ 2 = 0.9
        ([(1, 2.0)], "150.0"),  # capped at 1.5
        ([(1, 2.0), (1, 0.5)], "100.0"),  # (1.5 + 0.5) ÷ 2 = 1.0, not (2 + 0.5) ÷ 2 = 1.25
        ([(1, 1.5)], "150.0"),
        ([(1, 0.0)], "0.0"),
        ([(1, 0.8125)], "81.3"),  # 81.25 → half up
        ([(1, 0.81249)], "81.2"),  # 81.249
        ([(1, 1 / 3)], "33.3"),  # 33.33…
        ([(1, 2 / 3)], "66.7"),  # 66.66…
        ([(1, 0.8), (1, 0.825)], "81.3"),  # 1.625 ÷ 2 = 0.8125 → 81.25 → 81.3
        ([(1, 0.6), (1, 0.725)], "66.3"),  # 1.325 ÷ 2 = 0.6625 → 66.25 → 66.3
        ([(1, 0.9995)], "100.0"),  # 99.95 → 100.0
        ([(1, 0.99949)], "99.9"),  # 99.949
        ([(1, 0.0005)], "0.1"),  # 0.05 → 0.1
        ([(1, 0.00049)], "0.0"),  # 0.049
    ],
)
def test_unit_score(items, score):
    got = unit_score(items, cap=CAP)
    assert got == Decimal(score)
    assert str(got) == score  # shown with exactly one decimal


def test_custom_cap():
    assert unit_score([(1, 1.5)], cap=1.2) == Decimal("120.0")
    assert unit_score([(1, 1.5), (1, 0.6)], cap=1.2) == Decimal("90.0")  # (1.2 + 0.6) ÷ 2


def test_no_projects_no_score():
    assert unit_score([], cap=CAP) is None


@pytest.mark.parametrize(
    ("ratio", "percent"),
    [(0.8125, "81.3"), (0.81249, "81.2"), (1 / 3, "33.3"), (0.0, "0.0"), (1.5, "150.0"), (0.125, "12.5")],
)
def test_percent_half_up(ratio, percent):
    assert str(percent_half_up(ratio)) == percent


def _d(scores):
    return {k: Decimal(v) for k, v in scores.items()}


@pytest.mark.parametrize(
    ("scores", "ranks"),
    [
        ({"a": "90", "b": "80", "c": "80", "d": "70"}, {"a": 1, "b": 2, "c": 2, "d": 4}),
        ({"a": "80", "b": "80", "c": "80"}, {"a": 1, "b": 1, "c": 1}),
        ({"a": "55.5"}, {"a": 1}),
        ({}, {}),
        ({"a": "100", "b": "100", "c": "90", "d": "90", "e": "80"}, {"a": 1, "b": 1, "c": 3, "d": 3, "e": 5}),
        ({"a": "70.0", "b": "100.0", "c": "100"}, {"a": 3, "b": 1, "c": 1}),  # 100.0 == 100
        ({"a": "81.2", "b": "81.3"}, {"a": 2, "b": 1}),
        ({"a": "10", "b": "20", "c": "30", "d": "30", "e": "30"}, {"a": 5, "b": 4, "c": 1, "d": 1, "e": 1}),
    ],
)
def test_rank_1224(scores, ranks):
    assert rank_1224(_d(scores)) == ranks
