"""Properties of the domain rules (SPEC §6–§7), checked with Hypothesis."""

import json
import math
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.domain.compliance import Plan, compliance, expected
from bot.domain.flags import Candidate, FlagColor, award_flags
from bot.domain.periods import add_months, last_closed_period, month_end, parse_period, period_containing
from bot.domain.policy import Policy
from bot.domain.scoring import percent_half_up, rank_1224, unit_score

PROPS = settings(max_examples=200, deadline=None)

starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
targets = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
one_decimal = st.integers(min_value=0, max_value=1500).map(lambda n: Decimal(n).scaleb(-1))


@st.composite
def plans(draw, *, with_points: bool):
    start = draw(starts)
    due = start + timedelta(days=draw(st.integers(min_value=1, max_value=800)))
    target = draw(targets)
    points = ()
    if with_points:
        # Month ends around (and beyond) [start, due], amounts anywhere in [-T, 2T], in no particular order.
        months = (due.year - start.year) * 12 + due.month - start.month
        raw = draw(
            st.lists(
                st.tuples(
                    st.integers(min_value=-2, max_value=months + 2),
                    st.floats(min_value=-1.0, max_value=2.0, allow_nan=False),
                ),
                max_size=12,
            )
        )
        points = tuple((month_end(*add_months(start.year, start.month, k)), f * target) for k, f in raw)
    return Plan(target=target, start=start, due=due, points=points)


def _days(first: date, last: date):
    for n in range((last - first).days + 1):
        yield first + timedelta(days=n)


@PROPS
@given(plans(with_points=True))
def test_expected_is_monotone_zero_before_start_target_after_due(plan):
    curve = plan
    previous = -math.inf
    for day in _days(plan.start - timedelta(days=3), plan.due + timedelta(days=3)):
        value = expected(curve, day)
        assert value >= previous, day
        assert 0 <= value <= plan.target
        if day <= plan.start:
            assert value == 0
        if day >= plan.due:
            assert value == plan.target
        previous = value


@PROPS
@given(plans(with_points=False), st.data())
def test_curve_passes_through_monotone_ledger_points(plan, data):
    # Month ends strictly inside (S, E) with non-decreasing amounts in [0, T]: the curve goes through each.
    inside = [d for d in (month_end(*add_months(plan.start.year, plan.start.month, k)) for k in range(40))]
    inside = [d for d in inside if plan.start < d < plan.due]
    assume(inside)
    chosen = sorted(data.draw(st.sets(st.sampled_from(inside), min_size=1)))
    fractions = sorted(data.draw(st.lists(st.floats(0, 1), min_size=len(chosen), max_size=len(chosen))))
    points = tuple((d, f * plan.target) for d, f in zip(chosen, fractions, strict=True))
    curve = replace(plan, points=points)
    for day, amount in points:
        assert math.isclose(expected(curve, day), amount, rel_tol=1e-9, abs_tol=1e-9 * plan.target)


@PROPS
@given(plans(with_points=False))
def test_default_points_are_k_over_n_of_target(plan):
    start, due, target = plan.start, plan.due, plan.target
    n = 0  # calendar months from S's month through E's month, counted one by one
    year, month = start.year, start.month
    while (year, month) <= (due.year, due.month):
        n += 1
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    curve = plan
    year, month = start.year, start.month
    for k in range(1, n + 1):
        end = month_end(year, month)
        if start < end < due:
            assert math.isclose(expected(curve, end), target * k / n, rel_tol=1e-9)
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)


# --- scores, ranks and flags -----------------------------------------------------------------------

projects = st.tuples(
    st.integers(min_value=1, max_value=5),  # weight
    st.floats(min_value=0, max_value=100, allow_nan=False),  # expected
    st.floats(min_value=0, max_value=150, allow_nan=False),  # actual
)
groups = st.lists(
    st.tuples(st.lists(projects, min_size=1, max_size=4), st.booleans()),  # projects, all_reported
    min_size=1,
    max_size=7,
)
policies = st.builds(
    Policy,
    score_cap=st.sampled_from([1.0, 1.2, 1.5, 2.0]),
    red_top_n=st.integers(min_value=1, max_value=5),
    red_min_score=one_decimal,
    yellow_below=one_decimal,
    yellow_bottom_n=st.integers(min_value=0, max_value=4),
)
FLAG_ORDER = {FlagColor.YELLOW: 0, None: 1, FlagColor.RED: 2}


def _standings(group, policy):
    scores = {
        i: unit_score([(w, compliance(actual=a, expected=e)) for w, e, a in projs], cap=policy.score_cap)
        for i, (projs, _) in enumerate(group)
    }
    awards = award_flags([Candidate(i, scores[i], reported) for i, (_, reported) in enumerate(group)], policy)
    return scores, awards


@PROPS
@given(groups, policies, st.data())
def test_a_higher_actual_never_lowers_score_rank_or_flag(group, policy, data):
    unit = data.draw(st.integers(min_value=0, max_value=len(group) - 1))
    projs, reported = group[unit]
    index = data.draw(st.integers(min_value=0, max_value=len(projs) - 1))
    raise_by = data.draw(st.floats(min_value=0.001, max_value=200, allow_nan=False))
    weight, expected, actual = projs[index]
    raised = list(group)
    raised[unit] = ([*projs[:index], (weight, expected, actual + raise_by), *projs[index + 1 :]], reported)

    before_scores, before = _standings(group, policy)
    after_scores, after = _standings(raised, policy)
    assert after_scores[unit] >= before_scores[unit]
    assert after[unit].rank <= before[unit].rank
    assert FLAG_ORDER[after[unit].flag] >= FLAG_ORDER[before[unit].flag]


candidate_lists = st.lists(st.tuples(one_decimal, st.booleans()), min_size=1, max_size=10)


@PROPS
@given(candidate_lists, policies)
def test_flags_follow_the_rules(rows, policy):
    awards = award_flags([Candidate(i, s, r) for i, (s, r) in enumerate(rows)], policy)
    scores = [s for s, _ in rows]
    for i, (score, reported) in enumerate(rows):
        rank = 1 + sum(1 for other in scores if other > score)
        from_bottom = 1 + sum(1 for other in scores if other < score)
        flag = awards[i].flag
        assert awards[i].rank == rank
        red = rank <= policy.red_top_n and score >= policy.red_min_score and reported
        assert (flag is FlagColor.RED) is red
        if flag is FlagColor.RED:
            assert score >= policy.red_min_score
        lagging = score < policy.yellow_below or (
            policy.yellow_bottom_n > 0 and from_bottom <= policy.yellow_bottom_n
        )
        assert (flag is FlagColor.YELLOW) is (lagging and not red)
        if flag is FlagColor.YELLOW and policy.yellow_bottom_n == 0:
            assert score < policy.yellow_below


@PROPS
@given(st.dictionaries(st.integers(), one_decimal, max_size=12))
def test_rank_is_one_plus_strictly_higher(scores):
    ranks = rank_1224(scores)
    assert ranks.keys() == scores.keys()
    for key, score in scores.items():
        assert ranks[key] == 1 + sum(1 for other in scores.values() if other > score)


def _half_up_by_hand(ratio: Fraction) -> Decimal:
    tenths = math.floor(ratio * 1000 + Fraction(1, 2))  # percent with one decimal, half up
    return Decimal(tenths).scaleb(-1)


@PROPS
@given(
    st.integers(min_value=1, max_value=1000).flatmap(lambda q: st.tuples(st.integers(0, 2 * q), st.just(q)))
)
def test_percent_half_up_matches_exact_arithmetic(pq):
    p, q = pq
    assert percent_half_up(p / q) == _half_up_by_hand(Fraction(p, q))


@PROPS
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=5),
            st.sampled_from([1, 2, 3, 4, 5, 6, 8, 10, 16, 20, 25, 100]).flatmap(
                lambda q: st.tuples(st.integers(0, 2 * q), st.just(q))
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_unit_score_matches_exact_arithmetic(items):
    cap = Fraction(3, 2)
    exact = sum(w * min(Fraction(p, q), cap) for w, (p, q) in items) / sum(w for w, _ in items)
    assert unit_score([(w, p / q) for w, (p, q) in items], cap=1.5) == _half_up_by_hand(exact)


# --- periods and policy ----------------------------------------------------------------------------


@PROPS
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from([1, 2, 3, 4, 6, 12])
)
def test_periods_tile_the_calendar(day, months):
    p = period_containing(day, months=months)
    assert p.first_day <= day <= p.last_day
    assert p.next().first_day == p.last_day + timedelta(days=1)
    assert parse_period(p.name, months=months) == p
    closed = last_closed_period(day, months=months)
    assert closed.last_day < day <= closed.next().last_day


@PROPS
@given(policies, st.integers(min_value=0, max_value=10), st.sampled_from([1, 2, 3, 4, 6, 12]))
def test_policy_json_round_trip(policy, grace, months):
    policy = replace(policy, grace_days=grace, period_months=months)
    assert Policy.from_json(json.loads(json.dumps(policy.to_json()))) == policy
