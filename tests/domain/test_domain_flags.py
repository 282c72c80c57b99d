"""Red and yellow flags within one (category, group), transitions and unit badges (SPEC §7)."""

from dataclasses import replace
from decimal import Decimal

import pytest

from bot.domain.flags import (
    Badge,
    Candidate,
    Change,
    FlagColor,
    Previous,
    Transition,
    award_flags,
    transition,
    unit_badges,
)
from bot.domain.policy import Policy

RED, YELLOW = FlagColor.RED, FlagColor.YELLOW
DEFAULT = Policy()


def award(rows, policy=DEFAULT):
    """rows: (key, score, all_reported) → {key: (rank, flag)}."""
    got = award_flags([Candidate(k, Decimal(s), r) for k, s, r in rows], policy)
    return {k: (a.rank, a.flag) for k, a in got.items()}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [
                ("a", "130", True),
                ("b", "120", True),
                ("c", "110", True),
                ("d", "105", True),
                ("e", "90", True),
                ("f", "79.9", True),
                ("g", "80.0", True),
            ],
            {
                "a": (1, RED),
                "b": (2, RED),
                "c": (3, RED),
                "d": (4, None),  # 105 ≥ 100 but rank 4
                "e": (5, None),
                "g": (6, None),  # 80.0 is not below 80
                "f": (7, YELLOW),  # 79.9 < 80
            },
            id="basic",
        ),
        pytest.param(
            [
                ("a", "130", True),
                ("b", "120", True),
                ("c", "110", True),
                ("d", "110", True),
                ("e", "100", True),
            ],
            {"a": (1, RED), "b": (2, RED), "c": (3, RED), "d": (3, RED), "e": (5, None)},
            id="tie-at-rank-3-both-red",
        ),
        pytest.param(
            [
                ("a", "120", True),
                ("b", "110", True),
                ("c", "110", True),
                ("d", "110", True),
                ("e", "105", True),
            ],
            {"a": (1, RED), "b": (2, RED), "c": (2, RED), "d": (2, RED), "e": (5, None)},
            id="three-tied-at-rank-2",
        ),
        pytest.param(
            [("a", "150", True), ("b", "140", True), ("c", "130", True), ("d", "120", True)],
            {"a": (1, RED), "b": (2, RED), "c": (3, RED), "d": (4, None)},
            id="fourth-at-120-not-red",
        ),
        pytest.param(
            [("a", "100.0", True), ("b", "99.9", True)],
            {"a": (1, RED), "b": (2, None)},
            id="red-line-100-inclusive",
        ),
        pytest.param(
            [("a", "130", False), ("b", "120", True), ("c", "110", True), ("d", "105", True)],
            # a missed a report: no red, and its rank still counts (d stays 4th).
            {"a": (1, None), "b": (2, RED), "c": (3, RED), "d": (4, None)},
            id="not-all-reported",
        ),
        pytest.param(
            [("a", "99", True), ("b", "90", True)],
            {"a": (1, None), "b": (2, None)},
            id="nobody-reaches-100",
        ),
        pytest.param([("a", "100", True)], {"a": (1, RED)}, id="single-unit-red"),
        pytest.param([("a", "79.9", True)], {"a": (1, YELLOW)}, id="single-unit-yellow"),
        pytest.param(
            [("a", "50", False), ("b", "85", False)],
            {"b": (1, None), "a": (2, YELLOW)},
            id="yellow-regardless-of-reporting",
        ),
    ],
)
def test_award_flags_default_policy(rows, expected):
    assert award(rows) == expected


BOTTOM_2 = replace(DEFAULT, yellow_bottom_n=2)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [("a", "110", True), ("b", "95", True), ("c", "90", True), ("d", "85", True)],
            {"a": (1, RED), "b": (2, None), "c": (3, YELLOW), "d": (4, YELLOW)},
            id="no-ties",
        ),
        pytest.param(
            # c and d tie for the second-to-last place: they share it (as ties share a rank at the top).
            [("a", "110", True), ("b", "95", True), ("c", "90", True), ("d", "90", True), ("e", "85", True)],
            {"a": (1, RED), "b": (2, None), "c": (3, YELLOW), "d": (3, YELLOW), "e": (5, YELLOW)},
            id="tie-at-the-line",
        ),
        pytest.param(
            [("a", "110", True), ("b", "95", True), ("c", "85", True), ("d", "85", True), ("e", "85", True)],
            {"a": (1, RED), "b": (2, None), "c": (3, YELLOW), "d": (3, YELLOW), "e": (3, YELLOW)},
            id="tie-at-the-bottom",
        ),
        pytest.param(
            [("a", "110", True), ("b", "95", True), ("c", "79", True), ("d", "70", True), ("e", "60", True)],
            {"a": (1, RED), "b": (2, None), "c": (3, YELLOW), "d": (4, YELLOW), "e": (5, YELLOW)},
            id="below-80-and-bottom-2",
        ),
        pytest.param(
            [("a", "120", True), ("b", "110", True)],
            {"a": (1, RED), "b": (2, RED)},
            id="red-never-yellow",
        ),
        pytest.param(
            [("a", "120", True), ("b", "120", True), ("c", "120", True)],
            {"a": (1, RED), "b": (1, RED), "c": (1, RED)},
            id="all-tied-red",
        ),
    ],
)
def test_award_flags_bottom_n(rows, expected):
    assert award(rows, BOTTOM_2) == expected


@pytest.mark.parametrize(
    ("policy", "rows", "expected"),
    [
        pytest.param(
            replace(DEFAULT, red_top_n=1),
            [("a", "130", True), ("b", "120", True)],
            {"a": (1, RED), "b": (2, None)},
            id="red-top-1",
        ),
        pytest.param(
            replace(DEFAULT, red_top_n=5),
            [
                ("a", "130", True),
                ("b", "120", True),
                ("c", "110", True),
                ("d", "105", True),
                ("e", "101", True),
            ],
            {"a": (1, RED), "b": (2, RED), "c": (3, RED), "d": (4, RED), "e": (5, RED)},
            id="red-top-5",
        ),
        pytest.param(
            replace(DEFAULT, red_min_score=Decimal("90")),
            [("a", "95", True), ("b", "92", True), ("c", "90.0", True), ("d", "89.9", True)],
            {"a": (1, RED), "b": (2, RED), "c": (3, RED), "d": (4, None)},
            id="red-min-90",
        ),
        pytest.param(
            replace(DEFAULT, red_min_score=Decimal("110")),
            [("a", "120", True), ("b", "110", True), ("c", "105", True)],
            {"a": (1, RED), "b": (2, RED), "c": (3, None)},
            id="red-min-110",
        ),
        pytest.param(
            replace(DEFAULT, yellow_below=Decimal("85")),
            [("a", "85.0", True), ("b", "84.9", True), ("c", "80.0", True)],
            {"a": (1, None), "b": (2, YELLOW), "c": (3, YELLOW)},
            id="yellow-below-85",
        ),
        pytest.param(
            replace(DEFAULT, yellow_below=Decimal("60")),
            [("a", "79.9", True), ("b", "60.0", True), ("c", "59.9", True)],
            {"a": (1, None), "b": (2, None), "c": (3, YELLOW)},
            id="yellow-below-60",
        ),
    ],
)
def test_award_flags_changed_policy(policy, rows, expected):
    assert award(rows, policy) == expected


# --- transitions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "current", "kind", "streak", "escalates"),
    [
        (None, None, Transition.NONE, 0, False),
        (Previous(None), None, Transition.NONE, 0, False),
        (None, RED, Transition.NEW_RED, 1, False),
        (Previous(None), RED, Transition.NEW_RED, 1, False),
        (None, YELLOW, Transition.NEW_YELLOW, 1, False),  # a first yellow does not escalate
        (Previous(None), YELLOW, Transition.NEW_YELLOW, 1, False),
        (Previous(RED, 1), RED, Transition.KEPT_RED, 2, False),
        (Previous(RED, 2), RED, Transition.KEPT_RED, 3, False),  # 守旗: streak 2 → 3
        (Previous(RED, 2), None, Transition.LOST_RED, 0, False),
        (Previous(RED, 2), YELLOW, Transition.RED_TO_YELLOW, 1, False),
        (Previous(YELLOW, 1), YELLOW, Transition.KEPT_YELLOW, 2, True),  # second consecutive yellow
        (Previous(YELLOW, 2), YELLOW, Transition.KEPT_YELLOW, 3, True),
        (Previous(YELLOW, 1), RED, Transition.YELLOW_TO_RED, 1, False),  # 夺旗
        (Previous(YELLOW, 3), None, Transition.SHED_YELLOW, 0, False),  # 摘黄旗
    ],
)
def test_transition(previous, current, kind, streak, escalates):
    change = transition(previous, current)
    assert change == Change(kind, streak)
    assert change.escalates is escalates


@pytest.mark.parametrize(
    ("flags", "changes", "badges"),
    [
        (
            {"ms": RED, "zd": RED},
            {"ms": Change(Transition.KEPT_RED, 2), "zd": Change(Transition.NEW_RED, 1)},
            {Badge.DOUBLE_RED},
        ),
        (
            {"ms": RED, "zd": RED},
            {"ms": Change(Transition.YELLOW_TO_RED, 1), "zd": Change(Transition.NEW_RED, 1)},
            {Badge.DOUBLE_RED, Badge.FLAG_WINNER},
        ),
        (
            {"ms": RED, "zd": RED},
            {"ms": Change(Transition.YELLOW_TO_RED, 1), "zd": Change(Transition.YELLOW_TO_RED, 1)},
            {Badge.DOUBLE_RED, Badge.FLAG_WINNER},
        ),
        ({"ms": RED, "zd": None}, {"ms": Change(Transition.YELLOW_TO_RED, 1)}, set()),  # one red only
        ({"ms": RED, "zd": YELLOW}, {"ms": Change(Transition.NEW_RED, 1)}, set()),
        ({"ms": RED, "zd": RED, "cc": RED}, {}, {Badge.DOUBLE_RED}),
        ({"ms": YELLOW, "zd": YELLOW}, {}, set()),
        ({}, {}, set()),
    ],
)
def test_unit_badges(flags, changes, badges):
    assert unit_badges(flags, changes) == badges
