"""Reviews (讲评, SPEC §7): compute a period as of its submission deadline, keep it as a draft, publish once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.categories import Kind
from bot.domain.compliance import Plan, compliance, expected
from bot.domain.flags import (
    Candidate,
    Change,
    FlagColor,
    Previous,
    Transition,
    award_flags,
    transition,
    unit_badges,
)
from bot.domain.periods import Period
from bot.domain.policy import Policy
from bot.domain.review import Entry, ReviewResult
from bot.domain.scoring import unit_score
from bot.services.errors import UserError
from bot.services.indicator_scores import category_setup
from storage.queries import counted as counted_q
from storage.queries import ledger as ledger_q
from storage.queries import reviews as reviews_q
from storage.tables import Review, Unit, plan_points


@dataclass(slots=True)  # not frozen: a province-sized review makes 50,000 of these
class ProjectAtCutoff:
    """One counted project of the review: expected at the period's last day, actual at the deadline."""

    project_id: int
    unit_id: int
    category_id: int
    weight: float
    target: float
    expected: float
    actual: float
    compliance: float
    reported_in_period: bool
    done_before_period: bool


async def projects_at_cutoff(
    session: AsyncSession, period: Period, *, policy: Policy, tz: tzinfo
) -> list[ProjectAtCutoff]:
    """Every project counted in the period with expected, actual and whether it reported (one query)."""
    cutoff = period.cutoff(grace_days=policy.grace_days, tz=tz)
    rows = await counted_q.counted_rows(
        session, day=period.last_day, since=period.start(tz=tz), before=cutoff
    )
    counted = []
    for (
        project_id,
        unit_id,
        category_id,
        target,
        start,
        due,
        weight,
        stored_plan,
        stored_expected,
        latest_value,
        latest_recent,
    ) in rows:
        expected_then = stored_expected
        if expected_then is None:  # no precomputed month end (see PlanMonth): derive it from the plan
            plan = Plan(target=target, start=start, due=due, points=plan_points(stored_plan))
            expected_then = expected(plan, period.last_day)
        # The latest report before the deadline falls in the period exactly when any report does; if none
        # does, the value at the deadline is the value the period began with.
        actual = 0.0 if latest_value is None else latest_value
        reported = bool(latest_recent)
        counted.append(
            ProjectAtCutoff(
                project_id=project_id,
                unit_id=unit_id,
                category_id=category_id,
                weight=weight,
                target=target,
                expected=expected_then,
                actual=actual,
                compliance=compliance(actual=actual, expected=expected_then),
                reported_in_period=reported,
                done_before_period=not reported and actual >= target,
            )
        )
    return counted


async def compute_review(
    session: AsyncSession,
    period: Period,
    *,
    policy: Policy,
    tz: tzinfo,
    now: datetime,
    counted: list[ProjectAtCutoff] | None = None,
) -> ReviewResult:
    """Compute the period's review and store it as a draft (overrides on an earlier draft are kept).

    A published review is never recomputed: it is returned as stored. `counted` is the period's
    projects_at_cutoff under `policy` when the caller already has it (publication reuses one list).
    """
    existing = await reviews_q.get_review(session, period.name)
    if existing is not None and existing.status == "published":
        return await load_review(session, period, tz=tz, now=now)
    cutoff = period.cutoff(grace_days=policy.grace_days, tz=tz)
    if counted is None:
        counted = await projects_at_cutoff(session, period, policy=policy, tz=tz)
    units = {u.id: u for u in await ledger_q.list_units(session)}

    by_unit_category: dict[tuple[int, int], list[ProjectAtCutoff]] = defaultdict(list)
    for item in counted:
        by_unit_category[(item.unit_id, item.category_id)].append(item)

    setup = await category_setup(session, period.name, policy=policy)
    pools: dict[tuple[int, str], list[Candidate[int]]] = defaultdict(list)
    facts: dict[tuple[int, int], tuple[Decimal, bool, int]] = {}
    for (unit_id, category_id), items in by_unit_category.items():
        if setup.kind(category_id) is Kind.INDICATOR:
            continue  # a ledger cannot give it projects; its scores are given
        cap = setup.policy(category_id, policy).score_cap
        score = unit_score(((i.weight, i.compliance) for i in items), cap=cap)
        assert score is not None
        all_reported = all(i.reported_in_period or i.done_before_period for i in items)
        facts[(unit_id, category_id)] = (score, all_reported, len(items))
        pools[(category_id, units[unit_id].group_name)].append(Candidate(unit_id, score, all_reported))
    for (unit_id, category_id), score in setup.given.items():  # indicator categories: no projects to report
        facts[(unit_id, category_id)] = (score, True, 0)
        pools[(category_id, units[unit_id].group_name)].append(Candidate(unit_id, score, True))
    categories = {c.id: c.name for c in await ledger_q.list_categories(session)}

    previous = await _previous_flags(session, period)
    overrides = await _draft_overrides(session, existing)
    scores: list[dict[str, object]] = []
    review = existing or Review(period=period.name, cutoff=cutoff, computed_at=now)
    review.cutoff, review.computed_at = cutoff, now
    review.policy = {**policy.to_json(), "categories": setup.stored(categories, policy)}
    review.units_total = len({unit_id for unit_id, _ in facts})
    review.units_reported = review.units_total - len(
        {unit_id for (unit_id, _), (_, ok, _) in facts.items() if not ok}
    )
    session.add(review)
    await session.flush()
    assert review.id is not None
    for (category_id, group), pool in pools.items():
        for unit_id, award in award_flags(pool, setup.policy(category_id, policy)).items():
            score, all_reported, n = facts[(unit_id, category_id)]
            override = overrides.get((unit_id, category_id))
            flag = award.flag
            if override:  # an admin's override on the earlier draft stands until publication
                flag = FlagColor(override[0]) if override[0] else None
            change = transition(previous.get((unit_id, category_id)), flag)
            scores.append(
                {
                    "review_id": review.id,
                    "unit_id": unit_id,
                    "category_id": category_id,
                    "group_name": group,
                    "score_tenths": int(score * 10),
                    "rank": award.rank,
                    "proposed_flag": award.flag.value if award.flag else None,
                    "flag": flag.value if flag else None,
                    "transition": change.transition.value,
                    "streak": change.streak,
                    "projects_counted": n,
                    "all_reported": all_reported,
                    "override_reason": override[1] if override else None,
                }
            )
    await reviews_q.replace_scores(session, review.id, scores)
    # The result from what was just written, not read back: 8,000 score rows on a province.
    rows = (SimpleNamespace(**score) for score in scores)
    return _assemble(review, rows, period=period, units=units, categories=categories, now=now)


async def _previous_flags(session: AsyncSession, period: Period) -> dict[tuple[int, int], Previous]:
    before = await reviews_q.latest_published_before(session, period.name)
    if before is None or before.id is None:
        return {}
    return {
        (s.unit_id, s.category_id): Previous(FlagColor(s.flag) if s.flag else None, s.streak)
        for s in await reviews_q.score_rows(session, before.id)
    }


async def _draft_overrides(
    session: AsyncSession, draft: Review | None
) -> dict[tuple[int, int], tuple[str | None, str]]:
    if draft is None or draft.id is None:
        return {}
    return {
        (s.unit_id, s.category_id): (s.flag, s.override_reason)
        for s in await reviews_q.override_rows(session, draft.id)
        if s.override_reason
    }


async def load_review(session: AsyncSession, period: Period, *, tz: tzinfo, now: datetime) -> ReviewResult:
    """The stored review of a period, ready to render."""
    review = await reviews_q.get_review(session, period.name)
    if review is None or review.id is None:
        raise UserError("review_missing", period=period)
    units = {u.id: u for u in await ledger_q.list_units(session)}
    categories = {c.id: c.name for c in await ledger_q.list_categories(session)}
    rows = await reviews_q.score_rows(session, review.id)
    return _assemble(review, rows, period=period, units=units, categories=categories, now=now)


def _assemble(
    review: Review,
    rows: Iterable[Any],
    *,
    period: Period,
    units: Mapping[int | None, Unit],
    categories: Mapping[int | None, str],
    now: datetime,
) -> ReviewResult:
    """A review and its score rows (anything with Score's attributes) as the ReviewResult renderers use."""
    special = review.policy.get("categories") or {}  # kinds and own knobs, as in force at the review
    kinds = {i: Kind(special.get(name, {}).get("kind", Kind.PROJECTS)) for i, name in categories.items()}
    # Looked up, not constructed, for each of 8,000 rows on a province (an enum call is a slow path).
    flag_of: dict[str | None, FlagColor | None] = {None: None, "": None, **{f.value: f for f in FlagColor}}
    transition_of = {t.value: t for t in Transition}
    entries = [
        Entry(
            unit_id=s.unit_id,
            unit=units[s.unit_id].name,
            group=s.group_name,
            category_id=s.category_id,
            category=categories[s.category_id],
            score=Decimal(s.score_tenths) / 10,
            rank=s.rank,
            flag=flag_of[s.flag],
            proposed_flag=flag_of[s.proposed_flag],
            transition=transition_of[s.transition],
            streak=s.streak,
            projects_counted=s.projects_counted,
            all_reported=s.all_reported,
            override_reason=s.override_reason,
            kind=kinds[s.category_id],
        )
        for s in rows
    ]
    entries.sort(key=lambda e: (e.category_id, e.group, e.rank, e.unit))
    flags_by_unit: dict[str, dict[str, FlagColor | None]] = defaultdict(dict)
    changes_by_unit: dict[str, dict[str, Change]] = defaultdict(dict)
    for e in entries:
        flags_by_unit[e.unit][e.category] = e.flag
        changes_by_unit[e.unit][e.category] = Change(e.transition, e.streak)
    badges = {unit: unit_badges(flags, changes_by_unit[unit]) for unit, flags in flags_by_unit.items()}
    return ReviewResult(
        period=period,
        status=review.status,
        cutoff=review.cutoff,
        provisional=review.status == "draft" and now < review.cutoff,
        policy=Policy.from_json(review.policy),
        category_rules=special,
        entries=entries,
        units_reported=review.units_reported,
        units_total=review.units_total,
        badges={unit: b for unit, b in badges.items() if b},
        published_at=review.published_at,
    )


async def check_publishable(
    session: AsyncSession, period: Period, *, policy: Policy, tz: tzinfo, now: datetime
) -> None:
    """UserError before the deadline and when already published (cheap: one lookup, nothing computed)."""
    if now < period.cutoff(grace_days=policy.grace_days, tz=tz):
        raise UserError(
            "review_not_closed",
            period=period,
            deadline=period.deadline_day(grace_days=policy.grace_days),
        )
    existing = await reviews_q.get_review(session, period.name)
    if existing is not None and existing.status == "published":
        raise UserError("review_already_published", period=period, at=existing.published_at)


async def publish_review(
    session: AsyncSession,
    period: Period,
    *,
    policy: Policy,
    tz: tzinfo,
    now: datetime,
    actor: str,
    counted: list[ProjectAtCutoff] | None = None,
) -> ReviewResult:
    """Compute (if still a draft) and publish; refused before the deadline and when already published.

    `counted`: the period's projects_at_cutoff under `policy`, when the caller computed it already.
    """
    await check_publishable(session, period, policy=policy, tz=tz, now=now)
    try:
        async with session.begin_nested():
            await compute_review(session, period, policy=policy, tz=tz, now=now, counted=counted)
    except IntegrityError:
        # Another process created this period's review a moment ago (the scheduled job and an admin's
        # button at the same instant): the first one publishes, this one says so.
        raise UserError("review_already_published", period=period, at=None) from None
    review = await reviews_q.get_review(session, period.name)
    assert review is not None and review.id is not None
    if not await reviews_q.mark_published(session, review.id, at=now, by=actor):
        raise UserError("review_already_published", period=period, at=None)
    await reviews_q.add_audit(session, at=now, actor=actor, action="review.publish", target=period.name)
    return await load_review(session, period, tz=tz, now=now)


async def override_flag(
    session: AsyncSession,
    period: Period,
    *,
    unit_id: int,
    category_id: int,
    flag: FlagColor | None,
    reason: str,
    actor: str,
    now: datetime,
    policy: Policy,
    tz: tzinfo,
) -> ReviewResult:
    """Change one flag of an unpublished review, with a reason in the audit log."""
    if not reason.strip():
        raise UserError("override_reason_missing")
    review = await reviews_q.get_review(session, period.name)
    if review is None:
        await compute_review(session, period, policy=policy, tz=tz, now=now)
        review = await reviews_q.get_review(session, period.name)
    assert review is not None and review.id is not None
    if review.status == "published":
        raise UserError("review_already_published", period=period, at=review.published_at)
    scores = {(s.unit_id, s.category_id): s for s in await reviews_q.list_scores(session, review.id)}
    score = scores.get((unit_id, category_id))
    if score is None:
        raise UserError("override_not_ranked")
    before = score.flag
    score.flag = flag.value if flag else None
    score.override_reason = reason.strip()
    previous = (await _previous_flags(session, period)).get((unit_id, category_id))
    change = transition(previous, flag)
    score.transition, score.streak = change.transition.value, change.streak
    session.add(score)
    await reviews_q.add_audit(
        session,
        at=now,
        actor=actor,
        action="review.override",
        target=f"{period.name}/{unit_id}/{category_id}",
        detail={"from": before, "to": score.flag},
        reason=reason.strip(),
    )
    await session.flush()
    return await load_review(session, period, tz=tz, now=now)
