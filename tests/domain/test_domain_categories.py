"""Per-category knobs and indicator-scored categories (SPEC §7), worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.domain.categories import (
    KnobError,
    dump_rules,
    indicator_score,
    knob_name,
    load_rules,
    parse_knob,
    policy_for,
)
from bot.domain.flags import Candidate, FlagColor, award_flags
from bot.domain.policy import Policy


@pytest.mark.parametrize(
    ("score", "bonus", "shown"),
    [
        ("88.25", "1.5", "89.8"),  # 89.75 rounds half up
        ("90", "-2.35", "87.7"),  # 87.65 rounds half up
        ("92.5", "0", "92.5"),
        ("79.94", "0", "79.9"),
        ("100", "3", "103.0"),  # a bonus may lift a score over 100
    ],
)
def test_indicator_score_is_score_plus_bonus_rounded_half_up(score: str, bonus: str, shown: str) -> None:
    assert indicator_score(Decimal(score), Decimal(bonus)) == Decimal(shown)


def indicator_pool(scores: dict[str, str]) -> list[Candidate[str]]:
    # indicator categories have no projects to report: every candidate counts as reported
    return [Candidate(unit, Decimal(score), True) for unit, score in scores.items()]


def test_an_indicator_category_with_its_own_knobs_and_a_tie() -> None:
    # 闯创干 with 红旗名额 1, 红旗最低分 90, 黄旗线 75 (globally 3, 100, 80)
    policy = policy_for(Policy(), {"red_top_n": "1", "red_min_score": "90", "yellow_below": "75"})
    shown = {
        "甲": indicator_score(Decimal("94"), Decimal("1")),  # 95.0
        "乙": indicator_score(Decimal("95"), Decimal("0")),  # 95.0: tied with 甲
        "丙": indicator_score(Decimal("91.5"), Decimal("-1.55")),  # 89.95 → 90.0
        "丁": indicator_score(Decimal("76"), Decimal("-1.05")),  # 74.95 → 75.0: on the line, not below
        "戊": indicator_score(Decimal("74.9"), Decimal("0")),  # 74.9 < 75: yellow
    }
    awards = award_flags(indicator_pool({k: str(v) for k, v in shown.items()}), policy)
    assert {u: (a.rank, a.flag) for u, a in awards.items()} == {
        "甲": (1, FlagColor.RED),  # the tie shares rank 1: both within 红旗名额 1
        "乙": (1, FlagColor.RED),
        "丙": (3, None),  # rank 3 > 1
        "丁": (4, None),
        "戊": (5, FlagColor.YELLOW),
    }
    # the same scores under the global knobs: nobody reaches 100, 丁 and 戊 are below 80
    globally = award_flags(indicator_pool({k: str(v) for k, v in shown.items()}), Policy())
    assert {u: a.flag for u, a in globally.items()} == {
        "甲": None,
        "乙": None,
        "丙": None,
        "丁": FlagColor.YELLOW,
        "戊": FlagColor.YELLOW,
    }


def test_per_category_red_and_yellow_knobs_on_project_scores() -> None:
    pool = [
        Candidate("A", Decimal("98.0"), True),
        Candidate("B", Decimal("96.5"), True),
        Candidate("C", Decimal("85.0"), False),  # not every project reported: never red
        Candidate("D", Decimal("72.0"), True),
    ]
    own = policy_for(Policy(), load_rules('{"red_min_score": "95", "yellow_below": "70", "red_top_n": "2"}'))
    assert {k: a.flag for k, a in award_flags(pool, own).items()} == {
        "A": FlagColor.RED,
        "B": FlagColor.RED,
        "C": None,
        "D": None,  # 72 ≥ 70
    }
    assert {k: a.flag for k, a in award_flags(pool, Policy()).items()} == {
        "A": None,  # 98 < 100
        "B": None,
        "C": None,
        "D": FlagColor.YELLOW,  # 72 < 80
    }


def test_no_rules_is_the_global_policy() -> None:
    assert policy_for(Policy(), {}) == Policy()
    assert policy_for(Policy(), load_rules("{}")) == Policy()
    assert load_rules('{"red_min_score": "90", "gone": 1}') == {"red_min_score": "90"}
    assert load_rules("not json") == {}


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("红旗最低分", "red_min_score"),
        ("RED_TOP_N", "red_top_n"),
        ("黄旗线", "yellow_below"),
        ("末位黄旗", "yellow_bottom_n"),
    ],
)
def test_knobs_are_named_in_chinese_or_english(word: str, name: str) -> None:
    assert knob_name(word) == name


@pytest.mark.parametrize(
    ("name", "text", "stored"),
    [("red_min_score", "90", "90"), ("red_min_score", "92.50", "92.5"), ("yellow_below", "70%", "70"),
     ("red_top_n", "2", "2"), ("yellow_bottom_n", "0", "0"), ("score_cap", "1.2", "1.2")],
)  # fmt: skip
def test_knob_values_are_stored_canonically(name: str, text: str, stored: str) -> None:
    assert parse_knob(name, text) == stored


@pytest.mark.parametrize(
    ("name", "text"),
    [("red_top_n", "0"), ("red_top_n", "1.5"), ("red_min_score", "-1"), ("yellow_below", "abc"),
     ("score_cap", "0"), ("yellow_bottom_n", "nan")],
)  # fmt: skip
def test_bad_knob_values_are_refused(name: str, text: str) -> None:
    with pytest.raises(KnobError):
        parse_knob(name, text)


def test_an_unknown_knob_is_refused() -> None:
    with pytest.raises(KnobError):
        knob_name("红旗数量")


def test_rules_round_trip_in_knob_order() -> None:
    assert (
        dump_rules({"yellow_below": "70", "red_min_score": "90"})
        == '{"red_min_score": "90", "yellow_below": "70"}'
    )
