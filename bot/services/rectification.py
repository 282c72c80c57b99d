"""/plan and /plans: rectification plans (整改措施) answering the latest published review (SPEC §7)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.flags import FlagColor
from bot.domain.policy import Policy
from bot.domain.views import PlanSaved, PlanStatus, PlansView
from bot.services.errors import UserError
from bot.services.looking import last_published
from bot.services.standing import current_period
from storage.queries import ledger as ledger_q
from storage.queries import reviews as reviews_q

MAX_PLAN_CHARS = 2000


async def submit_plan(
    session: AsyncSession,
    *,
    unit_id: int,
    user_id: int,
    text: str,
    now: datetime,
    policy: Policy,
    tz: tzinfo,
) -> PlanSaved:
    """/plan: store the unit's rectification plan for its latest published review (or this period)."""
    text = text.strip()
    if not text:
        raise UserError("look_plan_missing")
    if len(text) > MAX_PLAN_CHARS:
        raise UserError("look_plan_too_long", limit=MAX_PLAN_CHARS, length=len(text))
    unit = await ledger_q.get_unit(session, unit_id)
    assert unit is not None
    review = await last_published(session, now=now, tz=tz)
    period = review.period if review else current_period(now, policy=policy, tz=tz)
    await reviews_q.add_rectification_plan(
        session, unit_id=unit_id, period=period.name, text=text, user_id=user_id, now=now
    )
    await reviews_q.add_audit(
        session, at=now, actor=f"tg:{user_id}", action="plan.submit", target=f"{period.name}/{unit.name}"
    )
    plans = await reviews_q.list_rectification_plans(session, period=period.name, unit_id=unit_id)
    flagged = [
        e.category
        for e in (review.entries if review else [])
        if e.unit_id == unit_id and e.flag is FlagColor.YELLOW
    ]
    return PlanSaved(
        unit=unit.name, period=period, reviewed=review is not None, flagged=flagged, count=len(plans)
    )


async def plans_overview(session: AsyncSession, *, now: datetime, due_days: int, tz: tzinfo) -> PlansView:
    """/plans: for the last published review, each yellow-flag unit's plan, or that it is missing."""
    review = await last_published(session, now=now, tz=tz)
    if review is None or review.published_at is None:
        raise UserError("look_no_review")
    due = review.published_at + timedelta(days=due_days)
    latest: dict[int, tuple[str, datetime]] = {}
    for plan in await reviews_q.list_rectification_plans(session, period=review.period.name):
        latest[plan.unit_id] = (plan.text, plan.created_at)
    yellow: dict[int, list[str]] = defaultdict(list)
    names: dict[int, str] = {}
    for e in review.entries:
        names[e.unit_id] = e.unit
        if e.flag is FlagColor.YELLOW:
            yellow[e.unit_id].append(e.category)
    units = {u.id: u.name for u in await ledger_q.list_units(session) if u.id is not None}

    def status(unit_id: int, categories: list[str]) -> PlanStatus:
        text, at = latest.get(unit_id, (None, None))
        return PlanStatus(
            unit=names.get(unit_id) or units.get(unit_id, ""),
            categories=categories,
            text=text,
            submitted_at=at,
            overdue=at is None and now > due,
            late=at is not None and at > due,
        )

    ordered = sorted(yellow, key=lambda u: (u in latest, names[u]))  # missing plans first
    others = sorted((u for u in latest if u not in yellow), key=lambda u: units.get(u, ""))
    return PlansView(
        period=review.period,
        published_at=review.published_at,
        due=due,
        yellow=[status(u, yellow[u]) for u in ordered],
        others=[status(u, []) for u in others],
    )
