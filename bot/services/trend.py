"""/myflag's trend picture (issue 4 item 6): the figures behind it, gathered from the database.

纵向看变化: the unit's score in each category over the last published reviews, each against the red and
yellow lines of the policy stored with that review, then today's live score and the forecast for the
period's last day. 横向看差距: every unit of its group in that category today, by live score — the other
units without their names (a contact may not see /ranking, only where it stands among them).

The picture itself is drawn by bot.render.trend_chart from a `Trend`; nothing here draws.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.categories import Kind, load_rules, policy_for
from bot.domain.flags import FlagColor
from bot.domain.policy import Policy
from bot.domain.views import CategoryTrend, Lines, Neighbour, ReviewPoint, Standings, Trend, UnitForecast
from bot.services.forecast import PACE_WINDOW_DAYS, forecast_unit
from bot.services.looking import period_of
from bot.services.standing import live_standings
from bot.settings import Settings
from storage.queries import ledger as ledger_q
from storage.queries import reviews as reviews_q
from storage.tables import Review

TREND_REVIEWS = 6  # a year of bimonthly reviews: enough to see a direction, few enough to read on a phone


def review_policy(review: Review, category: str) -> Policy:
    """The knobs a stored review judged a category by (its policy with the category's own ones)."""
    special = review.policy.get("categories") or {}
    return policy_for(Policy.from_json(review.policy), special.get(category, {}))


async def unit_trend(
    session: AsyncSession,
    unit_id: int,
    *,
    now: datetime,
    settings: Settings,
    standings: Standings | None = None,
    forecast: UnitForecast | None = None,
) -> Trend:
    """One unit's trend and place in its groups; pass the standings and forecast when already at hand."""
    policy, tz = settings.policy, settings.tz
    unit = await ledger_q.get_unit(session, unit_id)
    assert unit is not None
    if standings is None:
        standings = await live_standings(session, as_of=now, policy=policy, tz=tz)
    if forecast is None:
        forecast = await forecast_unit(session, unit_id, now=now, settings=settings)
    scores = await reviews_q.list_unit_scores(session, unit_id)
    scored = {name for name, _ in scores}
    # the last reviews the unit was ranked in (a unit added later has no gap for the reviews before it)
    reviews = [r for r in await reviews_q.list_reviews(session, published_only=True) if r.period in scored][
        -TREND_REVIEWS:
    ]
    periods = [period_of(r) for r in reviews]
    shown = {r.period: index for index, r in enumerate(reviews)}
    past: dict[int, list[ReviewPoint | None]] = {}
    for name, s in scores:
        if name not in shown:
            continue
        points = past.setdefault(s.category_id, [None] * len(reviews))
        flag = FlagColor(s.flag) if s.flag else None
        points[shown[name]] = ReviewPoint(periods[shown[name]], Decimal(s.score_tenths) / 10, flag, s.rank)
    live = {e.category_id: e for e in standings.entries_of(unit_id)}
    ahead = {c.category_id: c for c in forecast.categories}
    listed = {c.id: c for c in await ledger_q.list_categories(session)}
    names = {category_id: c.name for category_id, c in listed.items()}
    categories = []
    for category_id in sorted(set(past) | set(live)):
        entry = live.get(category_id)
        pool = (
            [
                Neighbour(e.rank, e.score, e.unit_id == unit_id)
                for e in standings.pool(category_id, entry.group)
            ]
            if entry is not None
            else []
        )
        coming = ahead.get(category_id)
        row = listed.get(category_id)
        name = names.get(category_id, "")
        categories.append(
            CategoryTrend(
                category_id=category_id,
                category=names.get(category_id, ""),
                reviews=past.get(category_id, [None] * len(reviews)),
                now=entry.score if entry else None,
                rank=entry.rank if entry else None,
                forecast=coming.score if coming else None,
                forecast_flag=coming.flag if coming else None,
                group=entry.group if entry else None,
                pool=pool,
                kind=Kind(row.kind) if row is not None else Kind.PROJECTS,
                # its own knobs: today's, and those each review judged it by (kept with the review)
                lines=Lines.of(policy_for(policy, load_rules(row.rules) if row is not None else {})),
                review_lines=[Lines.of(review_policy(r, name)) for r in reviews],
            )
        )
    return Trend(
        unit=unit.name,
        on=now.astimezone(tz).date(),
        forecast_on=forecast.on,
        pace_days=PACE_WINDOW_DAYS,
        periods=periods,
        review_lines=[Lines.of(Policy.from_json(r.policy)) for r in reviews],
        lines=Lines.of(policy),
        categories=categories,
    )
