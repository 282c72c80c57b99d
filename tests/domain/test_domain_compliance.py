"""The plan curve, expected/actual/compliance and a project's status (SPEC §6)."""

from datetime import date

import pytest

from bot.domain.compliance import (
    Plan,
    Reading,
    Status,
    compliance,
    is_stalled,
    last_increase,
    project_state,
    schedule_status,
)
from bot.domain.compliance import (
    expected as expected_on,
)
from bot.domain.periods import month_end
from bot.domain.policy import Policy

D = date
DEFAULT = Policy()
TOL = DEFAULT.on_schedule_tolerance
SERIOUS = DEFAULT.serious_lag_below


def expected(plan: Plan, on: date) -> float:
    return expected_on(plan, on)


# --- the plan curve -------------------------------------------------------------------------------

CALENDAR_YEAR = Plan(target=12, start=D(2026, 1, 1), due=D(2026, 12, 31))


@pytest.mark.parametrize("k", range(1, 13))
def test_calendar_year_month_end_is_k(k):
    # T=12, n=12: the end of month k expects 12·k/12 = k.
    assert expected(CALENDAR_YEAR, month_end(2026, k)) == pytest.approx(k)


@pytest.mark.parametrize(
    ("on", "value"),
    [
        (D(2025, 6, 1), 0.0),  # before S
        (D(2025, 12, 31), 0.0),
        (D(2026, 1, 1), 0.0),  # on S
        (D(2026, 1, 2), 1 / 30),  # (Jan 1, 0) → (Jan 31, 1): 30 days; 1 day after S
        (D(2026, 1, 16), 0.5),  # 15 days after S of 30 → 15/30 = 0.5
        (D(2026, 2, 14), 1.5),  # (Jan 31, 1) → (Feb 28, 2): 14 of 28 days → 1 + 0.5
        (D(2026, 7, 16), 6 + 16 / 31),  # (Jun 30, 6) → (Jul 31, 7): 16 of 31 days
        (D(2026, 12, 16), 11 + 16 / 31),  # (Nov 30, 11) → (Dec 31, 12): 16 of 31 days
        (D(2026, 12, 31), 12.0),  # on E
        (D(2027, 3, 1), 12.0),  # after E
    ],
)
def test_calendar_year_between_month_ends(on, value):
    assert expected(CALENDAR_YEAR, on) == pytest.approx(value)


def test_on_and_before_start_is_exactly_zero_and_on_and_after_due_exactly_target():
    assert expected(CALENDAR_YEAR, D(2026, 1, 1)) == 0
    assert expected(CALENDAR_YEAR, D(2020, 1, 1)) == 0
    assert expected(CALENDAR_YEAR, D(2026, 12, 31)) == 12
    assert expected(CALENDAR_YEAR, D(2030, 1, 1)) == 12


MID_YEAR = Plan(target=20, start=D(2026, 3, 15), due=D(2026, 12, 31))


@pytest.mark.parametrize(
    ("on", "value"),
    [
        # n = Mar..Dec = 10 months; end of the k-th month expects 20·k/10 = 2k.
        (D(2026, 3, 15), 0.0),
        (D(2026, 3, 1), 0.0),
        (D(2026, 3, 23), 1.0),  # (Mar 15, 0) → (Mar 31, 2): 8 of 16 days → 1
        (D(2026, 3, 31), 2.0),  # k=1 → T/10
        (D(2026, 4, 30), 4.0),  # k=2
        (D(2026, 11, 30), 18.0),  # k=9
        (D(2026, 12, 31), 20.0),  # E
    ],
)
def test_mid_year_start(on, value):
    assert expected(MID_YEAR, on) == pytest.approx(value)


TWO_YEARS = Plan(target=24, start=D(2026, 7, 1), due=D(2027, 6, 30))


@pytest.mark.parametrize(
    ("on", "value"),
    [
        # n = Jul 2026..Jun 2027 = 12 months; month k expects 24·k/12 = 2k.
        (D(2026, 7, 31), 2.0),
        (D(2026, 12, 31), 12.0),  # k=6
        (D(2027, 1, 16), 12 + 2 * 16 / 31),  # (Dec 31, 12) → (Jan 31, 14): 16 of 31 days
        (D(2027, 1, 31), 14.0),  # k=7
        (D(2027, 2, 28), 16.0),  # k=8
        (D(2027, 5, 31), 22.0),  # k=11
        (D(2027, 6, 30), 24.0),  # E
    ],
)
def test_project_spanning_two_years(on, value):
    assert expected(TWO_YEARS, on) == pytest.approx(value)


@pytest.mark.parametrize(
    ("plan", "on", "value"),
    [
        # Due mid-month: n = Jan..Jun = 6, points at Jan..May ends = k; then (Jun 15, 6).
        (Plan(target=6, start=D(2026, 1, 1), due=D(2026, 6, 15)), D(2026, 5, 31), 5.0),
        (Plan(target=6, start=D(2026, 1, 1), due=D(2026, 6, 15)), D(2026, 6, 8), 5 + 8 / 15),
        # Start on a month end: Jan 31 is not strictly inside, Feb 28 is k=2 of n=12 → 2.
        (Plan(target=12, start=D(2026, 1, 31), due=D(2026, 12, 31)), D(2026, 2, 28), 2.0),
        (Plan(target=12, start=D(2026, 1, 31), due=D(2026, 12, 31)), D(2026, 2, 14), 1.0),  # 14/28 of 2
    ],
)
def test_default_points_edge_dates(plan, on, value):
    assert expected(plan, on) == pytest.approx(value)


EXPLICIT = Plan(
    target=100,
    start=D(2026, 1, 1),
    due=D(2026, 12, 31),
    points=((D(2026, 3, 31), 10), (D(2026, 6, 30), 40), (D(2026, 9, 30), 70)),
)


@pytest.mark.parametrize(
    ("on", "value"),
    [
        (D(2026, 3, 31), 10.0),  # the default would be 25
        (D(2026, 1, 31), 10 * 30 / 89),  # (Jan 1, 0) → (Mar 31, 10): 89 days, Jan 31 is day 30
        (D(2026, 6, 30), 40.0),
        (D(2026, 5, 15), 10 + 30 * 45 / 91),  # (Mar 31, 10) → (Jun 30, 40): 91 days; May 15 is day 45
        (D(2026, 9, 30), 70.0),
        (D(2026, 11, 15), 85.0),  # (Sep 30, 70) → (Dec 31, 100): 92 days; Nov 15 is day 46 → 70 + 15
        (D(2026, 12, 31), 100.0),
    ],
)
def test_explicit_points_override_default(on, value):
    assert expected(EXPLICIT, on) == pytest.approx(value)


def test_a_single_explicit_point():
    plan = Plan(target=100, start=D(2026, 1, 1), due=D(2026, 12, 31), points=((D(2026, 6, 30), 60),))
    # (Jan 1, 0) → (Jun 30, 60): 180 days; Mar 31 is day 89.
    assert expected(plan, D(2026, 3, 31)) == pytest.approx(60 * 89 / 180)
    # (Jun 30, 60) → (Dec 31, 100): 184 days; Oct 31 is day 123.
    assert expected(plan, D(2026, 10, 31)) == pytest.approx(60 + 40 * 123 / 184)


OUTSIDE = Plan(
    target=100,
    start=D(2026, 3, 15),
    due=D(2026, 12, 31),
    points=(
        (D(2026, 2, 28), 50),  # before S: ignored
        (D(2026, 3, 15), 30),  # on S: the curve is 0 there
        (D(2026, 6, 30), 40),
        (D(2026, 12, 31), 10),  # on E: the curve is T there
        (D(2027, 1, 31), 5),  # after E: ignored
    ),
)


@pytest.mark.parametrize(
    ("on", "value"),
    [
        (D(2026, 2, 28), 0.0),
        (D(2026, 3, 15), 0.0),
        (D(2026, 4, 30), 40 * 46 / 107),  # (Mar 15, 0) → (Jun 30, 40): 107 days; Apr 30 is day 46
        (D(2026, 6, 30), 40.0),
        (D(2026, 12, 31), 100.0),
        (D(2027, 1, 31), 100.0),
    ],
)
def test_points_outside_start_due_are_ignored(on, value):
    assert expected(OUTSIDE, on) == pytest.approx(value)


@pytest.mark.parametrize(
    ("target", "start", "due"),
    [
        (0, D(2026, 1, 1), D(2026, 12, 31)),
        (-1, D(2026, 1, 1), D(2026, 12, 31)),
        (5, D(2026, 1, 1), D(2026, 1, 1)),
    ],
)
def test_plan_validation(target, start, due):
    with pytest.raises(ValueError):
        Plan(target=target, start=start, due=due)


# --- compliance and status -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected_", "ratio"),
    [(0, 0, 1.0), (5, 0, 1.0), (3, 4, 0.75), (6, 4, 1.5), (0, 4, 0.0)],
)
def test_compliance(actual, expected_, ratio):
    assert compliance(actual=actual, expected=expected_) == ratio


@pytest.mark.parametrize(
    ("actual", "expected_", "status"),
    [
        (100, 100, Status.DONE),
        (100, 50, Status.DONE),  # done wins over ahead
        (120, 100, Status.DONE),
        (60, 50, Status.AHEAD),  # 1.2
        (50, 50, Status.AHEAD),  # exactly 1.0
        (0, 0, Status.AHEAD),  # compliance is 1 when nothing is expected
        (49.99, 50, Status.ON_SCHEDULE),  # 0.9998
        (95, 100, Status.ON_SCHEDULE),  # exactly 0.95 = 1 − 0.05
        (19, 20, Status.ON_SCHEDULE),  # 0.95
        (94.9, 100, Status.LAGGING),  # 0.949
        (80, 100, Status.LAGGING),  # exactly 0.8: lagging, not serious
        (4, 5, Status.LAGGING),  # 0.8
        (79.9, 100, Status.SERIOUS),  # 0.799
        (0, 10, Status.SERIOUS),
    ],
)
def test_status_defaults(actual, expected_, status):
    got = schedule_status(actual=actual, expected=expected_, target=100, tolerance=TOL, serious_below=SERIOUS)
    assert got is status


@pytest.mark.parametrize(
    ("actual", "expected_", "status"),
    [
        # Figures a person checks by hand: target 12, 3 expected at the end of March.
        (2.85, 3, Status.ON_SCHEDULE),  # 2.85 ÷ 3 = 0.95
        (2.4, 3, Status.LAGGING),  # 2.4 ÷ 3 = 0.8 exactly: lagging, not seriously lagging
        (5.6, 7, Status.LAGGING),  # 5.6 ÷ 7 = 0.8
        (11.4, 12, Status.ON_SCHEDULE),  # 0.95
    ],
)
def test_status_at_boundaries_computed_by_hand(actual, expected_, status):
    got = schedule_status(actual=actual, expected=expected_, target=12, tolerance=TOL, serious_below=SERIOUS)
    assert got is status


@pytest.mark.parametrize(
    ("actual", "status"),
    [(90, Status.ON_SCHEDULE), (89, Status.LAGGING), (50, Status.LAGGING), (49, Status.SERIOUS)],
)
def test_status_custom_thresholds(actual, status):
    got = schedule_status(actual=actual, expected=100, target=200, tolerance=0.1, serious_below=0.5)
    assert got is status


def test_behind_statuses():
    assert {s for s in Status if s.is_behind} == {Status.LAGGING, Status.SERIOUS}


# --- stalled ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "start", "today", "done", "days", "stalled"),
    [
        (D(2026, 1, 1), D(2025, 12, 1), D(2026, 1, 31), False, 30, True),  # 30 days without increase
        (D(2026, 1, 1), D(2025, 12, 1), D(2026, 1, 30), False, 30, False),  # 29 days
        (None, D(2026, 1, 1), D(2026, 1, 31), False, 30, True),  # never reported: 30 days after start
        (None, D(2026, 1, 1), D(2026, 1, 30), False, 30, False),
        (D(2026, 1, 1), D(2025, 12, 1), D(2026, 3, 1), True, 30, False),  # done is never stalled
        (None, D(2026, 3, 1), D(2026, 1, 31), False, 30, False),  # not started yet
        (D(2026, 1, 1), D(2025, 12, 1), D(2026, 1, 8), False, 7, True),  # STALL_AFTER_DAYS=7
        (D(2026, 1, 1), D(2025, 12, 1), D(2026, 1, 7), False, 7, False),
    ],
)
def test_is_stalled(last, start, today, done, days, stalled):
    got = is_stalled(last_increase_on=last, start=start, today=today, done=done, stall_after_days=days)
    assert got is stalled


@pytest.mark.parametrize(
    ("readings", "day"),
    [
        ([], None),
        ([(D(2026, 1, 5), 10)], D(2026, 1, 5)),
        ([(D(2026, 1, 5), 10), (D(2026, 2, 1), 10)], D(2026, 1, 5)),  # same value is no increase
        ([(D(2026, 1, 5), 10), (D(2026, 2, 1), 12)], D(2026, 2, 1)),
        ([(D(2026, 1, 5), 10), (D(2026, 2, 1), 8)], D(2026, 1, 5)),  # a decrease is no increase
        ([(D(2026, 1, 5), 0)], None),  # 0 is no increase from nothing
    ],
)
def test_last_increase(readings, day):
    assert last_increase([Reading(on, value) for on, value in readings]) == day


# --- a project's state on a day --------------------------------------------------------------------

MAR_APR_FIRST = D(2026, 3, 1)  # period 2026-04
APR_30 = D(2026, 4, 30)  # CALENDAR_YEAR expects 4 here


def state(plan, readings, today=APR_30):
    return project_state(
        plan,
        [Reading(on, value) for on, value in readings],
        today=today,
        period_first_day=MAR_APR_FIRST,
        tolerance=TOL,
        serious_below=SERIOUS,
        stall_after_days=DEFAULT.stall_after_days,
    )


@pytest.mark.parametrize(
    ("readings", "actual", "ratio", "status", "not_reported", "stalled"),
    [
        ([(D(2026, 1, 20), 1), (D(2026, 3, 10), 3), (D(2026, 4, 20), 4)], 4, 1.0, Status.AHEAD, False, False),
        # Out of order input: the latest by date counts.
        ([(D(2026, 4, 20), 4), (D(2026, 1, 20), 1)], 4, 1.0, Status.AHEAD, False, False),
        # Nothing since Feb 20: not reported in Mar–Apr; 69 days without increase; 2/4 = 0.5.
        ([(D(2026, 1, 20), 1), (D(2026, 2, 20), 2)], 2, 0.5, Status.SERIOUS, True, True),
        # Reported on the period's first day: 3.8/4 = 0.95; Mar 1 → Apr 30 = 60 days without increase.
        ([(D(2026, 3, 1), 3.8)], 3.8, 0.95, Status.ON_SCHEDULE, False, True),
        # Same value again in the period: reported, but the last increase was Feb 10 (79 days).
        ([(D(2026, 2, 10), 3.5), (D(2026, 4, 25), 3.5)], 3.5, 0.875, Status.LAGGING, False, True),
        ([], 0, 0.0, Status.SERIOUS, True, True),  # never reported: 119 days after start
        ([(D(2026, 1, 10), 12)], 12, 3.0, Status.DONE, True, False),  # done: never stalled
        # A reading after today is ignored: actual 3 → 0.75.
        ([(D(2026, 3, 5), 3), (D(2026, 5, 3), 4)], 3, 0.75, Status.SERIOUS, False, True),
    ],
)
def test_project_state(readings, actual, ratio, status, not_reported, stalled):
    s = state(CALENDAR_YEAR, readings)
    assert s.expected == pytest.approx(4)
    assert s.actual == pytest.approx(actual)
    assert s.compliance == pytest.approx(ratio)
    assert s.status is status
    assert s.not_reported is not_reported
    assert s.stalled is stalled


def test_never_reported_project_stalls_30_days_after_its_start():
    plan = Plan(target=12, start=D(2026, 4, 15), due=D(2026, 12, 31))
    early = state(plan, [], today=D(2026, 5, 14))  # 29 days after start
    late = state(plan, [], today=D(2026, 5, 15))  # 30 days after start
    assert not early.stalled
    assert late.stalled
    assert late.not_reported
    # n = Apr..Dec = 9: Apr 30 expects 12/9; May 31 expects 24/9; May 15 is 15 of 31 days between.
    assert late.expected == pytest.approx(12 / 9 + (12 / 9) * 15 / 31)
