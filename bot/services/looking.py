"""The look commands' use cases (SPEC §4): a unit's flags (/myflag), the rankings, one unit (/unit).

/history lives in bot.services.history and /plan, /plans in bot.services.rectification.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.categories import Kind
from bot.domain.compliance import Status
from bot.domain.flags import FlagColor, Transition
from bot.domain.periods import Period
from bot.domain.policy import Policy
from bot.domain.rank_change import rank_changes
from bot.domain.review import ReviewResult
from bot.domain.values import normalize_text
from bot.domain.views import (
    CategoryFlag,
    FlagRecord,
    MyFlag,
    PastScore,
    RankingView,
    UnitDetail,
)
from bot.services.errors import UserError
from bot.services.history import report_lines
from bot.services.indicator_scores import category_setup
from bot.services.people import find_unit
from bot.services.reviews import load_review
from bot.services.standing import (
    live_standings,
    red_line,
    unit_projects_now,
    worst_first,
)
from storage.queries import ledger as ledger_q
from storage.queries import reports as reports_q
from storage.queries import reviews as reviews_q
from storage.tables import Review, Unit

RECENT_REPORTS = 10
PULLING_DOWN = 3


# ---------------------------------------------------------------------------------------------- reviews


def period_of(review: Review) -> Period:
    """A stored review's period, with the period length that was in force for it."""
    months = Policy.from_json(review.policy).period_months
    year, month = (int(part) for part in review.period.split("-"))
    return Period(year, month, months)


async def last_published(session: AsyncSession, *, now: datetime, tz: tzinfo) -> ReviewResult | None:
    """The latest published review, loaded; None before the first publication."""
    published = await reviews_q.list_reviews(session, published_only=True)
    if not published:
        return None
    return await load_review(session, period_of(published[-1]), tz=tz, now=now)


# ---------------------------------------------------------------------------------------------- /myflag


async def my_flag(
    session: AsyncSession, unit_id: int, *, now: datetime, policy: Policy, tz: tzinfo
) -> MyFlag:
    """/myflag: the unit's flags at the last published review and where it stands now."""
    unit = await ledger_q.get_unit(session, unit_id)
    assert unit is not None
    reviews = await reviews_q.list_reviews(session, published_only=True)
    review = await load_review(session, period_of(reviews[-1]), tz=tz, now=now) if reviews else None
    standings = await live_standings(session, as_of=now, policy=policy, tz=tz)
    previous: dict[int, PastScore] = {}
    before = reviews[-2] if len(reviews) >= 2 else None
    if before is not None and before.id is not None:
        previous = {
            s.category_id: PastScore(
                period_of(before), FlagColor(s.flag) if s.flag else None, s.rank, Decimal(s.score_tenths) / 10
            )
            for s in await reviews_q.list_scores(session, before.id)
            if s.unit_id == unit_id
        }
    published = {e.category_id: e for e in (review.entries if review else []) if e.unit_id == unit_id}
    live = {e.category_id: e for e in standings.entries_of(unit_id)}
    names = {c.id: c.name for c in await ledger_q.list_categories(session)}
    setup = await category_setup(session, standings.period.name, policy=policy)  # each category's knobs
    categories = []
    for category_id in sorted(set(published) | set(live)):
        entry = published.get(category_id)
        now_entry = live.get(category_id)
        review_red = None
        if entry is not None and review is not None:
            pool = [
                e.score for e in review.entries if e.category_id == category_id and e.group == entry.group
            ]
            review_red = red_line(pool, review.policy_of(entry.category))
        live_red = None
        if now_entry is not None:
            live_red = red_line(
                (e.score for e in standings.pool(category_id, now_entry.group)),
                setup.policy(category_id, policy),
            )
        behind = [
            p
            for p in worst_first(standings.projects_of(unit_id))
            if p.category_id == category_id and p.started and p.status is not Status.DONE and p.compliance < 1
        ]
        categories.append(
            CategoryFlag(
                category_id=category_id,
                category=names.get(category_id, ""),
                published=entry,
                previous=previous.get(category_id),
                red_line=review_red,
                yellow_line=(
                    review.policy_of(entry.category)
                    if review and entry
                    else setup.policy(category_id, policy)
                ).yellow_below,
                live=now_entry,
                live_red_line=live_red,
                pulling_down=behind[:PULLING_DOWN],
                kind=entry.kind if entry is not None else setup.kind(category_id),
                live_yellow_line=setup.policy(category_id, policy).yellow_below,
            )
        )
    return MyFlag(
        unit=unit.name,
        review=review,
        badges=review.badges.get(unit.name, set()) if review else set(),
        standings=standings,
        categories=categories,
    )


# --------------------------------------------------------------------------------------------- /ranking


async def ranking(
    session: AsyncSession, *, now: datetime, policy: Policy, tz: tzinfo, category_ref: str = ""
) -> RankingView:
    """/ranking [category]: live standings with the last published flags beside them."""
    categories = [(c.id, c.name) for c in await ledger_q.list_categories(session) if c.id is not None]
    if not categories:
        raise UserError("look_no_projects")
    chosen = pick_categories(categories, category_ref) if category_ref.strip() else categories
    standings = await live_standings(session, as_of=now, policy=policy, tz=tz)
    review = await last_published(session, now=now, tz=tz)
    last_flags = {(e.unit_id, e.category_id): e.flag for e in review.entries} if review else {}
    return RankingView(
        standings=standings,
        categories=chosen,
        last_period=review.period if review else None,
        last_flags=last_flags,
        rank_changes=rank_changes(standings.entries, review.entries) if review else {},
    )


def pick_categories(categories: Sequence[tuple[int, str]], ref: str) -> list[tuple[int, str]]:
    """A category by exact name, else by an unambiguous part of it (any case)."""
    needle = normalize_text(ref).strip().casefold()
    exact = [c for c in categories if c[1].casefold() == needle]
    if exact:
        return exact
    partial = [c for c in categories if needle in c[1].casefold()]
    if len(partial) == 1:
        return partial
    names = [name for _, name in (partial or categories)]
    key = "look_category_ambiguous" if partial else "look_category_unknown"
    raise UserError(key, ref=ref.strip(), categories="、".join(names))


# ------------------------------------------------------------------------------------ /unit and /history


async def resolve_unit(session: AsyncSession, ref: str) -> Unit:
    """A unit by name, short name or part of its name; an unknown one lists the units there are."""
    try:
        return await find_unit(session, normalize_text(ref))
    except UserError as error:
        if error.key != "unit_not_found":
            raise
        names = [u.name for u in await ledger_q.list_units(session)]
        raise UserError("look_unit_not_found", ref=ref.strip(), units="、".join(names[:40])) from None


async def unit_detail(
    session: AsyncSession, ref: str, *, now: datetime, policy: Policy, tz: tzinfo
) -> UnitDetail:
    """/unit: one unit's projects now, its last reports and its flags over the published reviews."""
    unit = await resolve_unit(session, ref)
    assert unit.id is not None
    projects = await unit_projects_now(session, unit.id, as_of=now, policy=policy, tz=tz)
    rows = await ledger_q.list_projects(session, unit_id=unit.id)
    reports = await reports_q.list_valid_reports(session, project_ids=[p.id for p in rows if p.id])
    lines = report_lines(rows, [r for r in reports if r.reported_at <= now], tz=tz, policy=policy)
    listed = await ledger_q.list_categories(session)
    categories = {c.id: c.name for c in listed}
    kinds = {c.id: Kind(c.kind) for c in listed}
    reviews = {r.period: r for r in await reviews_q.list_reviews(session, published_only=True)}
    flags = [
        FlagRecord(
            period=period_of(reviews[period]),
            category=categories.get(s.category_id, ""),
            flag=FlagColor(s.flag) if s.flag else None,
            rank=s.rank,
            score=Decimal(s.score_tenths) / 10,
            transition=Transition(s.transition),
            streak=s.streak,
            kind=kinds.get(s.category_id, Kind.PROJECTS),
        )
        for period, s in await reviews_q.list_unit_scores(session, unit.id)
    ]
    return UnitDetail(
        unit=unit.name,
        group=unit.group_name,
        on=now.astimezone(tz).date(),
        projects=worst_first(projects),
        reports=list(reversed(lines))[:RECENT_REPORTS],
        flags=flags,
    )
