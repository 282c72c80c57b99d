"""The policy: SPEC's defaults, and a JSON round trip that keeps Decimals."""

import json
from decimal import Decimal

import pytest

from bot.domain.policy import Policy


def test_defaults_are_the_spec_defaults():
    p = Policy()
    assert p.period_months == 2
    assert p.grace_days == 5
    assert p.score_cap == 1.5
    assert p.on_schedule_tolerance == 0.05
    assert p.serious_lag_below == 0.8
    assert p.stall_after_days == 30
    assert p.red_top_n == 3
    assert p.red_min_score == Decimal("100")
    assert p.yellow_below == Decimal("80")
    assert p.yellow_bottom_n == 0


@pytest.mark.parametrize(
    "policy",
    [
        Policy(),
        Policy(
            period_months=3,
            grace_days=7,
            score_cap=1.2,
            on_schedule_tolerance=0.1,
            serious_lag_below=0.7,
            stall_after_days=14,
            red_top_n=5,
            red_min_score=Decimal("99.5"),
            yellow_below=Decimal("79.95"),
            yellow_bottom_n=2,
        ),
    ],
)
def test_json_round_trip(policy):
    data = json.loads(json.dumps(policy.to_json()))
    back = Policy.from_json(data)
    assert back == policy
    assert isinstance(back.red_min_score, Decimal)
    assert isinstance(back.yellow_below, Decimal)
    assert str(back.red_min_score) == str(policy.red_min_score)
    assert str(back.yellow_below) == str(policy.yellow_below)


def test_decimals_are_strings_in_json():
    data = Policy(red_min_score=Decimal("99.5")).to_json()
    assert data["red_min_score"] == "99.5"
    assert data["yellow_below"] == "80"


def test_from_json_ignores_unknown_keys_and_defaults_missing_ones():
    back = Policy.from_json({"red_top_n": 4, "retired_knob": True})
    assert back == Policy(red_top_n=4)
