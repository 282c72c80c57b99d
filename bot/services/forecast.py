"""Early warning (issue 4): each project's recent pace carried on to the period's last day, and the scores
and flags that would follow — so a unit hears it is heading for a yellow flag while it can still act.

The arithmetic, by hand: pace = (actual now − actual 30 days ago) ÷ 30 per day (never negative; counted
from the project's start when it began within the window); forecast = actual + pace × days left to the
period's last day, capped at the target; compliance = forecast ÷ expected at the last day; the unit's score
in a category is the review's weighted score of those compliances, and the flags follow the review's rules
within (category, group). The projects that would change a yellow forecast are the fewest that, brought up
to schedule, lift the score to the yellow line, taken by largest weight × shortfall.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.categories import Kind, load_rules, policy_for
from bot.domain.compliance import Plan, compliance, expected
from bot.domain.flags import Candidate, FlagColor, award_flags
from bot.domain.periods import Period, period_containing
from bot.domain.policy import Policy
from bot.domain.scoring import unit_score
from bot.domain.views import CategoryForecast, Forecast, ProjectForecast, UnitForecast
from bot.settings import Settings
from storage.queries import ledger as ledger_q
from storage.queries import reports as reports_q

PACE_WINDOW_DAYS = 30
FIXES_SHOWN = 3  # when no set of projects reaches the line (a bottom-N yellow), the worst few are named


def pace_per_day(*, actual_now: float, actual_before: float, days: int) -> float:
    """The increase per day over the last `days` days; 0 when it went down or no time passed."""
    if days <= 0:
        return 0.0
    return max(actual_now - actual_before, 0.0) / days


def forecast_value(*, actual: float, pace: float, days_left: int, target: float) -> float:
    """actual + pace × days left, never above the target (unless already reported above it)."""
    return min(actual + pace * max(days_left, 0), max(target, actual))


def project_forecast(
    *,
    project_id: int,
    code: str,
    name: str,
    unit_id: int,
    category_id: int,
    measure: str,
    weight: float,
    plan: Plan,
    actual: float,
    actual_before: float,
    today: date,
    on: date,
) -> ProjectForecast:
    """One project's forecast from its value now and PACE_WINDOW_DAYS ago."""
    days = min(PACE_WINDOW_DAYS, (today - plan.start).days)
    pace = pace_per_day(actual_now=actual, actual_before=actual_before, days=days)
    value = forecast_value(actual=actual, pace=pace, days_left=(on - today).days, target=plan.target)
    expected_then = expected(plan, on)
    return ProjectForecast(
        project_id=project_id,
        code=code,
        name=name,
        unit_id=unit_id,
        category_id=category_id,
        measure=measure,
        weight=weight,
        target=plan.target,
        actual=actual,
        pace=pace,
        forecast=value,
        expected=expected_then,
        compliance=compliance(actual=value, expected=expected_then),
    )


def score_of(projects: Iterable[ProjectForecast], *, cap: float) -> Decimal:
    score = unit_score(((p.weight, p.compliance) for p in projects), cap=cap)
    assert score is not None, "a scored category has projects"
    return score


def fixes_for(
    projects: Sequence[ProjectForecast], *, cap: float, line: Decimal
) -> tuple[list[ProjectForecast], Decimal]:
    """The fewest projects that, on schedule at the last day, lift the score to `line` (largest weight ×
    shortfall first), and the score then; every behind project if even all of them are not enough."""
    ratios = {p.project_id: p.compliance for p in projects}
    behind = sorted((p for p in projects if p.compliance < 1), key=lambda p: (-p.weighted_shortfall, p.code))
    chosen: list[ProjectForecast] = []
    score = score_of(projects, cap=cap)
    for p in behind:
        if score >= line:
            break
        ratios[p.project_id] = 1.0
        chosen.append(p)
        score = unit_score(((q.weight, ratios[q.project_id]) for q in projects), cap=cap) or score
    return chosen, score


def forecast_entries(
    projects: Sequence[ProjectForecast],
    *,
    units: dict[int, tuple[str, str]],
    categories: dict[int, str],
    policy: Policy,
    policies: Mapping[int, Policy] | None = None,
) -> list[CategoryForecast]:
    """Scores, ranks and flags per (category, group) from the forecasts, as a review would award them,
    each category by its own knobs (`policies`, category id → policy; the others by `policy`).

    A forecast assumes every project will be reported, so the red flag's reporting condition holds.
    """
    own = policies or {}
    by_key: dict[tuple[int, int], list[ProjectForecast]] = defaultdict(list)
    for p in projects:
        by_key[(p.unit_id, p.category_id)].append(p)
    pools: dict[tuple[int, str], list[Candidate[int]]] = defaultdict(list)
    scores: dict[tuple[int, int], Decimal] = {}
    for (unit_id, category_id), items in by_key.items():
        scores[(unit_id, category_id)] = score_of(items, cap=own.get(category_id, policy).score_cap)
        pools[(category_id, units[unit_id][1])].append(
            Candidate(unit_id, scores[(unit_id, category_id)], True)
        )
    entries = []
    for (category_id, group), pool in pools.items():
        rules = own.get(category_id, policy)
        for unit_id, award in award_flags(pool, rules).items():
            items = sorted(by_key[(unit_id, category_id)], key=lambda p: (p.compliance, p.code))
            fixes: list[ProjectForecast] = []
            fixed = scores[(unit_id, category_id)]
            if award.flag is FlagColor.YELLOW:
                fixes, fixed = fixes_for(items, cap=rules.score_cap, line=rules.yellow_below)
                if not fixes:  # yellow as one of the bottom N: name the heaviest shortfalls
                    worst = sorted(items, key=lambda p: (-p.weighted_shortfall, p.code))
                    fixes = [p for p in worst if p.weighted_shortfall > 0][:FIXES_SHOWN]
            entries.append(
                CategoryForecast(
                    unit_id=unit_id,
                    unit=units[unit_id][0],
                    group=group,
                    category_id=category_id,
                    category=categories.get(category_id, ""),
                    score=scores[(unit_id, category_id)],
                    rank=award.rank,
                    flag=award.flag,
                    pool_size=len(pool),
                    projects=items,
                    fixes=fixes,
                    score_if_fixed=fixed,
                    yellow_line=rules.yellow_below,
                )
            )
    entries.sort(key=lambda e: (e.category_id, e.group, e.rank, e.unit))
    return entries


async def forecast_all(
    session: AsyncSession, *, now: datetime, settings: Settings, period: Period | None = None
) -> Forecast:
    """Every unit's forecast for `period` (default: the period `now` falls in); 5 queries."""
    policy, tz = settings.policy, settings.tz
    today = now.astimezone(tz).date()
    period = period or period_containing(today, months=policy.period_months)
    on = period.last_day
    units = {u.id: (u.name, u.group_name) for u in await ledger_q.list_units(session) if u.id is not None}
    listed = [c for c in await ledger_q.list_categories(session) if c.id is not None]
    categories = {c.id: c.name for c in listed if c.id is not None}
    policies = {c.id: policy_for(policy, load_rules(c.rules)) for c in listed if c.id is not None}
    # an indicator-scored category is given its score by a sheet: there is no pace to carry on, so no forecast
    indicator = {c.id for c in listed if c.kind == Kind.INDICATOR}
    projects = [
        p for p in await ledger_q.list_projects(session, started_by=on) if p.category_id not in indicator
    ]
    latest = await reports_q.latest_values(session, before=now, inclusive=True)
    before = await reports_q.latest_values(
        session, before=now - timedelta(days=PACE_WINDOW_DAYS), inclusive=True
    )
    forecasts = []
    for p in projects:
        assert p.id is not None
        forecasts.append(
            project_forecast(
                project_id=p.id,
                code=p.code,
                name=p.name,
                unit_id=p.unit_id,
                category_id=p.category_id,
                measure=p.measure,
                weight=p.weight,
                plan=Plan(target=p.target, start=p.start, due=p.due, points=p.plan_points),
                actual=latest[p.id].value if p.id in latest else 0.0,
                actual_before=before[p.id].value if p.id in before else 0.0,
                today=today,
                on=on,
            )
        )
    return Forecast(
        as_of=now,
        period=period,
        on=on,
        days_left=max((on - today).days, 0),
        policy=policy,
        entries=forecast_entries(
            forecasts, units=units, categories=categories, policy=policy, policies=policies
        ),
    )


async def forecast_unit(
    session: AsyncSession, unit_id: int, *, now: datetime, settings: Settings
) -> UnitForecast:
    """/myflag: where the unit's categories are heading at its current pace (flags need the whole pool)."""
    everything = await forecast_all(session, now=now, settings=settings)
    return UnitForecast(
        unit_id=unit_id,
        period=everything.period,
        on=everything.on,
        days_left=everything.days_left,
        categories=everything.of(unit_id),
    )
