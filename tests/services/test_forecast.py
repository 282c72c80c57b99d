"""The early warning's arithmetic, worked by hand: pace, forecast, compliance, score, flag, and the fixes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.domain.compliance import Plan
from bot.domain.flags import FlagColor
from bot.domain.policy import Policy
from bot.domain.views import ProjectForecast
from bot.services.forecast import (
    fixes_for,
    forecast_entries,
    forecast_value,
    pace_per_day,
    project_forecast,
)

YEAR = Plan(target=120, start=date(2026, 1, 1), due=date(2026, 12, 31))  # 10 a month: 100 by Oct 31
TODAY, OCT_31 = date(2026, 10, 8), date(2026, 10, 31)  # 23 days left


@pytest.mark.parametrize(
    ("now", "before", "days", "pace"),
    [
        (70, 55, 30, 0.5),  # 15 in 30 days
        (55, 55, 30, 0.0),  # no progress
        (40, 55, 30, 0.0),  # a correction downwards is no negative pace
        (12, 0, 6, 2.0),  # started 6 days ago
        (12, 0, 0, 0.0),  # starts today: no pace yet
    ],
)
def test_pace_per_day(now: float, before: float, days: int, pace: float) -> None:
    assert pace_per_day(actual_now=now, actual_before=before, days=days) == pytest.approx(pace)


@pytest.mark.parametrize(
    ("actual", "pace", "days_left", "value"),
    [
        (70, 0.5, 23, 81.5),
        (110, 1.0, 23, 120),  # capped at the target
        (125, 0.0, 23, 125),  # already reported above the target: kept
        (70, 0.5, -3, 70),  # the last day has passed
    ],
)
def test_forecast_value(actual: float, pace: float, days_left: int, value: float) -> None:
    assert forecast_value(actual=actual, pace=pace, days_left=days_left, target=120) == pytest.approx(value)


def forecast(
    code: str,
    *,
    actual: float,
    before: float,
    weight: float = 1.0,
    unit_id: int = 1,
    plan: Plan = YEAR,
    category_id: int = 1,
) -> ProjectForecast:
    return project_forecast(
        project_id=hash(code) % 10_000,
        code=code,
        name=f"项目{code}",
        unit_id=unit_id,
        category_id=category_id,
        measure="个",
        weight=weight,
        plan=plan,
        actual=actual,
        actual_before=before,
        today=TODAY,
        on=OCT_31,
    )


def test_one_project_by_hand() -> None:
    p = forecast("A", actual=70, before=55)
    # pace 15/30 = 0.5 a day; 23 days left → 70 + 11.5 = 81.5; expected on Oct 31 = 100 → 81.5 %
    assert (p.pace, p.forecast, p.expected) == (pytest.approx(0.5), pytest.approx(81.5), pytest.approx(100))
    assert p.compliance == pytest.approx(0.815)
    assert p.shortfall == pytest.approx(18.5)
    assert p.weighted_shortfall == pytest.approx(0.185)


def test_a_project_started_within_the_window_is_paced_from_its_start() -> None:
    late = Plan(target=60, start=date(2026, 10, 2), due=date(2026, 12, 31))
    p = forecast("L", actual=12, before=0, plan=late)
    assert p.pace == pytest.approx(2.0)  # 12 in the 6 days since Oct 2
    assert p.forecast == pytest.approx(12 + 2.0 * 23)


def test_the_unit_score_flag_and_the_project_that_would_change_it() -> None:
    a = forecast("A", actual=70, before=55)  # 81.5 %
    b = forecast("B", actual=50, before=50, weight=2)  # stalled at 50 %
    others = [forecast(f"X{i}", actual=100, before=70, unit_id=2 + i) for i in range(3)]  # 1 a day → 120
    entries = forecast_entries(
        [a, b, *others],
        units={
            1: ("应急管理局", "县直部门"),
            2: ("人社局", "县直部门"),
            3: ("发改局", "县直部门"),
            4: ("交通运输局", "县直部门"),
        },
        categories={1: "民生实事"},
        policy=Policy(),
    )
    mine = next(e for e in entries if e.unit_id == 1)
    # (1 × 0.815 + 2 × 0.5) ÷ 3 = 0.605 → 60.5 %, under the yellow line of 80
    assert mine.score == Decimal("60.5")
    assert (mine.flag, mine.rank, mine.pool_size) == (FlagColor.YELLOW, 4, 4)
    # weight × shortfall: B 2 × 0.5 = 1.0 before A 1 × 0.185; B alone on schedule gives
    # (0.815 + 2 × 1) ÷ 3 = 93.8 %, enough
    assert [p.code for p in mine.fixes] == ["B"]
    assert mine.score_if_fixed == Decimal("93.8")
    assert [p.code for p in mine.projects] == ["B", "A"]  # lowest compliance first
    # the others reach the target: 120 ÷ 100 = 120 %, shared first place, red (a forecast assumes reports)
    others_now = {e.unit_id: (e.score, e.rank, e.flag) for e in entries if e.unit_id != 1}
    assert others_now == {u: (Decimal("120.0"), 1, FlagColor.RED) for u in (2, 3, 4)}


def test_fixes_take_as_many_projects_as_the_line_needs() -> None:
    projects = [
        forecast("A", actual=40, before=40, weight=1),  # 40 %
        forecast("B", actual=30, before=30, weight=1),  # 30 %
        forecast("C", actual=20, before=20, weight=1),  # 20 %
    ]
    fixes, score = fixes_for(projects, cap=1.5, line=Decimal("80"))
    # C first (largest shortfall): (0.4 + 0.3 + 1) ÷ 3 = 56.7; then B: (0.4 + 1 + 1) ÷ 3 = 80.0 → enough
    assert [p.code for p in fixes] == ["C", "B"]
    assert score == Decimal("80.0")


def test_a_bottom_n_yellow_names_the_heaviest_shortfalls() -> None:
    units = {1: ("甲", "乡镇"), 2: ("乙", "乡镇")}
    a = forecast("A", actual=90, before=80, unit_id=1)  # 90 + 23/3 ≈ 97.7 %: above the line
    b = forecast("B", actual=100, before=70, unit_id=2)
    entries = forecast_entries(
        [a, b], units=units, categories={1: "重点项目"}, policy=Policy(yellow_bottom_n=1)
    )
    mine = next(e for e in entries if e.unit_id == 1)
    assert mine.flag is FlagColor.YELLOW and mine.score >= Decimal("80")
    assert [p.code for p in mine.fixes] == ["A"]
