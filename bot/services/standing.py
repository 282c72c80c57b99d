"""Live standings (SPEC §6–§7 "as of now"): every project's state and every unit's score, rank and flag.

Computed on demand, never stored. The rules are the review's: a review is these figures with `as_of` at
the period's cut-off (reports made before it) and expected taken at the period's last day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.categories import Kind
from bot.domain.compliance import (
    Plan,
    Status,
    compliance,
    expected,
    is_stalled,
    schedule_status,
)
from bot.domain.flags import Candidate, award_flags
from bot.domain.periods import Period, period_containing
from bot.domain.policy import Policy
from bot.domain.scoring import unit_score
from bot.domain.views import ProjectNow, Standings, UnitNow
from bot.services.indicator_scores import CategorySetup, category_setup
from storage.queries import ledger as ledger_q
from storage.queries import reports as reports_q
from storage.tables import Category, Project, Unit


def current_period(now: datetime, *, policy: Policy, tz: tzinfo) -> Period:
    """The period today falls in."""
    return period_containing(now.astimezone(tz).date(), months=policy.period_months)


def red_line(scores: Iterable[Decimal], policy: Policy) -> Decimal:
    """The score a unit needs for red: max(RED_MIN_SCORE, the score at rank RED_TOP_N)."""
    ordered = sorted(scores, reverse=True)
    if policy.red_top_n >= 1 and len(ordered) >= policy.red_top_n:
        return max(policy.red_min_score, ordered[policy.red_top_n - 1])
    return policy.red_min_score


def worst_first(projects: Iterable[ProjectNow]) -> list[ProjectNow]:
    """Behind first (lowest compliance), then on schedule and ahead, then done, then not yet started."""
    return sorted(
        projects,
        key=lambda p: (not p.started, p.status is Status.DONE, p.compliance, p.code),
    )


async def live_standings(
    session: AsyncSession,
    *,
    as_of: datetime,
    policy: Policy,
    tz: tzinfo,
    period: Period | None = None,
    inclusive: bool = True,
) -> Standings:
    """Every project and unit as of `as_of` for `period` (default: the period as_of falls in); 5 queries.

    Reports made up to as_of count (before it with inclusive=False, as a review's cut-off does); expected
    is taken on as_of's day, or on the period's last day once that has passed.
    """
    period = period or current_period(as_of, policy=policy, tz=tz)
    units = {u.id: u for u in await ledger_q.list_units(session)}
    categories = {c.id: c for c in await ledger_q.list_categories(session)}
    projects = await ledger_q.list_projects(session)
    facts = await _facts(session, until=as_of, inclusive=inclusive, project_ids=None)
    rows = _rows(projects, facts, units, categories, as_of=as_of, period=period, policy=policy, tz=tz)
    setup = await category_setup(session, period.name, policy=policy, categories=categories.values())
    return Standings(
        as_of=as_of,
        period=period,
        on=_expected_on(as_of, period, tz),
        policy=policy,
        projects=rows,
        entries=_entries(rows, units, policy, setup, categories),
    )


async def unit_projects_now(
    session: AsyncSession, unit_id: int, *, as_of: datetime, policy: Policy, tz: tzinfo
) -> list[ProjectNow]:
    """One unit's projects as of now (code order); no scores, so only its own rows are read (4 queries)."""
    period = current_period(as_of, policy=policy, tz=tz)
    units = {u.id: u for u in await ledger_q.list_units(session)}
    categories = {c.id: c for c in await ledger_q.list_categories(session)}
    projects = await ledger_q.list_projects(session, unit_id=unit_id)
    ids = [p.id for p in projects if p.id is not None]
    facts = await _facts(session, until=as_of, inclusive=True, project_ids=ids) if ids else {}
    return _rows(projects, facts, units, categories, as_of=as_of, period=period, policy=policy, tz=tz)


Moment = tuple[float, datetime]  # a reported value and when it was reported


@dataclass(frozen=True)
class ReportFacts:
    """What a project's state needs from its valid reports: the latest one and the last increase."""

    latest: Moment | None
    increased_at: datetime | None  # when the highest value so far was first reached

    @classmethod
    def of(cls, history: Sequence[Moment]) -> ReportFacts:
        """From a full history in time order (what /history reads anyway)."""
        highest, increased_at = 0.0, None
        for value, at in history:
            if value > highest:
                highest, increased_at = value, at
        return cls(latest=history[-1] if history else None, increased_at=increased_at)


async def _facts(
    session: AsyncSession, *, until: datetime, inclusive: bool, project_ids: Sequence[int] | None
) -> dict[int, ReportFacts]:
    """Two aggregate queries, one row per project each, however long the history."""
    latest = await reports_q.latest_values(
        session, before=until, inclusive=inclusive, project_ids=project_ids
    )
    peaks = await reports_q.peak_values(session, until=until, inclusive=inclusive, project_ids=project_ids)
    return {
        project_id: ReportFacts(
            latest=(last.value, last.reported_at),
            increased_at=peaks[project_id][1] if project_id in peaks and peaks[project_id][0] > 0 else None,
        )
        for project_id, last in latest.items()
    }


def _expected_on(as_of: datetime, period: Period, tz: tzinfo) -> date:
    return min(as_of.astimezone(tz).date(), period.last_day)


def project_now(
    project: Project,
    facts: ReportFacts,
    *,
    unit: str,
    category: str,
    as_of: datetime,
    period: Period,
    policy: Policy,
    tz: tzinfo,
) -> ProjectNow:
    """One project's state from the facts of its valid reports up to as_of."""
    assert project.id is not None
    on = _expected_on(as_of, period, tz)
    plan = Plan(target=project.target, start=project.start, due=project.due, points=project.plan_points)
    expected_then = expected(plan, on)
    last = facts.latest
    actual = last[0] if last else 0.0
    # The latest report falls in the period exactly when any report up to as_of does.
    reported = last is not None and last[1] >= period.start(tz=tz)
    status = schedule_status(
        actual=actual,
        expected=expected_then,
        target=project.target,
        tolerance=policy.on_schedule_tolerance,
        serious_below=policy.serious_lag_below,
    )
    increase = facts.increased_at.astimezone(tz).date() if facts.increased_at else None
    return ProjectNow(
        project_id=project.id,
        code=project.code,
        name=project.name,
        unit_id=project.unit_id,
        unit=unit,
        category_id=project.category_id,
        category=category,
        measure=project.measure,
        target=project.target,
        weight=project.weight,
        start=project.start,
        started=project.start <= on,
        expected=expected_then,
        actual=actual,
        compliance=compliance(actual=actual, expected=expected_then),
        status=status,
        reported_in_period=reported,
        done_before_period=not reported and actual >= project.target,
        stalled=is_stalled(
            last_increase_on=increase,
            start=project.start,
            today=as_of.astimezone(tz).date(),
            done=status is Status.DONE,
            stall_after_days=policy.stall_after_days,
        ),
        last_report_at=last[1] if last else None,
    )


def _rows(
    projects: Sequence[Project],
    facts: dict[int, ReportFacts],
    units: dict[int | None, Unit],
    categories: dict[int | None, Category],
    *,
    as_of: datetime,
    period: Period,
    policy: Policy,
    tz: tzinfo,
) -> list[ProjectNow]:
    return [
        project_now(
            p,
            facts.get(p.id or 0, _NO_REPORTS),
            unit=units[p.unit_id].name,
            category=categories[p.category_id].name,
            as_of=as_of,
            period=period,
            policy=policy,
            tz=tz,
        )
        for p in projects
    ]


_NO_REPORTS = ReportFacts(latest=None, increased_at=None)


def _entries(
    rows: Sequence[ProjectNow],
    units: dict[int | None, Unit],
    policy: Policy,
    setup: CategorySetup,
    categories: dict[int | None, Category],
) -> list[UnitNow]:
    """Scores, ranks and flags per (category, group) exactly as a review computes them (the period's given
    scores in indicator-scored categories, each category's own knobs)."""
    by_unit_category: dict[tuple[int, int], list[ProjectNow]] = defaultdict(list)
    for row in rows:
        if row.started and setup.kind(row.category_id) is Kind.PROJECTS:
            by_unit_category[(row.unit_id, row.category_id)].append(row)
    pools: dict[tuple[int, str], list[Candidate[int]]] = defaultdict(list)
    facts: dict[tuple[int, int], tuple[Decimal, bool, list[ProjectNow]]] = {}
    for (unit_id, category_id), items in by_unit_category.items():
        cap = setup.policy(category_id, policy).score_cap
        score = unit_score(((i.weight, i.compliance) for i in items), cap=cap)
        assert score is not None
        all_reported = all(i.reported_in_period or i.done_before_period for i in items)
        facts[(unit_id, category_id)] = (score, all_reported, items)
        pools[(category_id, units[unit_id].group_name)].append(Candidate(unit_id, score, all_reported))
    for (unit_id, category_id), given in setup.given.items():
        facts[(unit_id, category_id)] = (given, True, [])
        pools[(category_id, units[unit_id].group_name)].append(Candidate(unit_id, given, True))
    entries = []
    for (category_id, group), pool in pools.items():
        for unit_id, award in award_flags(pool, setup.policy(category_id, policy)).items():
            score, all_reported, items = facts[(unit_id, category_id)]
            entries.append(
                UnitNow(
                    unit_id=unit_id,
                    unit=units[unit_id].name,
                    group=group,
                    category_id=category_id,
                    category=categories[category_id].name,
                    score=score,
                    rank=award.rank,
                    flag=award.flag,
                    all_reported=all_reported,
                    projects=len(items),
                    pool_size=len(pool),
                    kind=setup.kind(category_id),
                )
            )
    entries.sort(key=lambda e: (e.category_id, e.group, e.rank, e.unit))
    return entries
