"""The look commands' use cases (SPEC §4): a unit's flags, rankings, one unit, history, rectification plans."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.compliance import Plan, Status, compliance, expected, schedule_status
from bot.domain.flags import Badge, FlagColor, Transition
from bot.domain.periods import Period, period_containing
from bot.domain.policy import Policy
from bot.domain.review import Entry, ReviewResult
from bot.domain.values import normalize_text
from bot.services.errors import UserError
from bot.services.people import find_unit
from bot.services.projects import find_project
from bot.services.reviews import load_review
from bot.services.standing import (
    ProjectNow,
    Standings,
    UnitNow,
    current_period,
    live_standings,
    project_now,
    red_line,
    unit_projects_now,
    worst_first,
)
from storage.queries import ledger as ledger_q
from storage.queries import reports as reports_q
from storage.queries import reviews as reviews_q
from storage.tables import Project, Report, Review, Unit

RECENT_REPORTS = 10
PULLING_DOWN = 3
MAX_PLAN_CHARS = 2000


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


@dataclass(frozen=True)
class PastScore:
    period: str
    flag: FlagColor | None
    rank: int
    score: Decimal


@dataclass(frozen=True)
class CategoryFlag:
    """One category of /myflag: the published standing, the lines, and the live estimate."""

    category_id: int
    category: str
    published: Entry | None
    previous: PastScore | None  # the review before the last published one
    red_line: Decimal | None  # in the last published review's (category, group)
    yellow_line: Decimal
    live: UnitNow | None
    live_red_line: Decimal | None
    pulling_down: list[ProjectNow]


@dataclass(frozen=True)
class MyFlag:
    unit: str
    review: ReviewResult | None
    badges: set[Badge]
    standings: Standings
    categories: list[CategoryFlag]


async def my_flag(
    session: AsyncSession, unit_id: int, *, now: datetime, policy: Policy, tz: tzinfo
) -> MyFlag:
    """/myflag: the unit's flags at the last published review and where it stands now."""
    unit = await ledger_q.get_unit(session, unit_id)
    assert unit is not None
    review = await last_published(session, now=now, tz=tz)
    standings = await live_standings(session, as_of=now, policy=policy, tz=tz)
    previous: dict[int, PastScore] = {}
    if review is not None:
        history = await reviews_q.list_unit_scores(session, unit_id)
        earlier = sorted({period for period, _ in history if period < review.period.name})
        if earlier:
            previous = {
                s.category_id: PastScore(
                    period, FlagColor(s.flag) if s.flag else None, s.rank, Decimal(s.score_tenths) / 10
                )
                for period, s in history
                if period == earlier[-1]
            }
    published = {e.category_id: e for e in (review.entries if review else []) if e.unit_id == unit_id}
    live = {e.category_id: e for e in standings.entries_of(unit_id)}
    names = {c.id: c.name for c in await ledger_q.list_categories(session)}
    categories = []
    for category_id in sorted(set(published) | set(live)):
        entry = published.get(category_id)
        now_entry = live.get(category_id)
        review_red = None
        if entry is not None and review is not None:
            pool = [
                e.score for e in review.entries if e.category_id == category_id and e.group == entry.group
            ]
            review_red = red_line(pool, review.policy)
        live_red = None
        if now_entry is not None:
            live_red = red_line((e.score for e in standings.pool(category_id, now_entry.group)), policy)
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
                yellow_line=(review.policy if review and entry else policy).yellow_below,
                live=now_entry,
                live_red_line=live_red,
                pulling_down=behind[:PULLING_DOWN],
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


@dataclass(frozen=True)
class RankingView:
    standings: Standings
    categories: list[tuple[int, str]]  # the ones shown, in order
    last_period: Period | None
    last_flags: dict[tuple[int, int], FlagColor | None]  # (unit id, category id) at the last publication


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


@dataclass(frozen=True)
class ReportLine:
    """One valid report with the change it made and the project's status at that moment."""

    at: datetime
    code: str
    name: str
    measure: str
    value: float
    change: float
    expected: float
    compliance: float
    status: Status
    note: str
    reporter: str


@dataclass(frozen=True)
class FlagRecord:
    period: Period
    category: str
    flag: FlagColor | None
    rank: int
    score: Decimal
    transition: Transition
    streak: int


@dataclass(frozen=True)
class UnitDetail:
    unit: str
    group: str
    on: date
    projects: list[ProjectNow]
    reports: list[ReportLine]  # newest first
    flags: list[FlagRecord]  # oldest first


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
    categories = {c.id: c.name for c in await ledger_q.list_categories(session)}
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


def report_lines(
    projects: Sequence[Project], reports: Sequence[Report], *, tz: tzinfo, policy: Policy
) -> list[ReportLine]:
    """Reports in time order, each with its change and the status it gave the project then."""
    by_id = {p.id: p for p in projects}
    last_value: dict[int, float] = {}
    lines = []
    for r in reports:
        project = by_id[r.project_id]
        value = float(r.value or 0)
        plan = Plan(target=project.target, start=project.start, due=project.due, points=project.plan_points)
        exp = expected(plan, r.reported_at.astimezone(tz).date())
        lines.append(
            ReportLine(
                at=r.reported_at,
                code=project.code,
                name=project.name,
                measure=project.measure,
                value=value,
                change=value - last_value.get(r.project_id, 0.0),
                expected=exp,
                compliance=compliance(actual=value, expected=exp),
                status=schedule_status(
                    actual=value,
                    expected=exp,
                    target=project.target,
                    tolerance=policy.on_schedule_tolerance,
                    serious_below=policy.serious_lag_below,
                ),
                note=r.note,
                reporter=r.reporter,
            )
        )
        last_value[r.project_id] = value
    return lines


_DAY_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_day(text: str) -> date:
    """'2026-10-01' (also 2026/10/1, 2026年10月1日, full-width digits) → date; UserError otherwise."""
    match = _DAY_RE.match(normalize_text(text).strip())
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    raise UserError("look_date_invalid", text=text)


@dataclass(frozen=True)
class HistoryView:
    subject: str  # the unit's name, or "CODE name"
    is_project: bool
    since: date
    until: date
    reports: list[ReportLine]  # in the range, in time order
    states: list[ProjectNow]  # at the end of the range, worst first
    states_on: date  # the day of those states: the range's end, or today for a range reaching past it


async def history(
    session: AsyncSession,
    ref: str,
    *,
    since: date | None,
    until: date | None,
    now: datetime,
    policy: Policy,
    tz: tzinfo,
) -> HistoryView:
    """/history: reports and statuses of a unit or a project over [since, until] (default: this period)."""
    today = now.astimezone(tz).date()
    since = since or current_period(now, policy=policy, tz=tz).first_day
    until = until or max(today, since)
    if until < since:
        raise UserError("look_range_reversed", since=since.isoformat(), until=until.isoformat())
    subject, projects, is_project = await _subject(session, ref)
    end = datetime.combine(until + timedelta(days=1), time(0), tz)
    reports = await reports_q.list_valid_reports(
        session,
        project_ids=[p.id for p in projects if p.id],
        before=min(end, now + timedelta(microseconds=1)),
    )
    lines = report_lines(projects, reports, tz=tz, policy=policy)
    start = datetime.combine(since, time(0), tz)
    # The statuses are those at the end of the range (or now, for a range reaching into the future).
    as_of = min(end - timedelta(microseconds=1), now)
    period = period_containing(as_of.astimezone(tz).date(), months=policy.period_months)
    units = {u.id: u.name for u in await ledger_q.list_units(session)}
    categories = {c.id: c.name for c in await ledger_q.list_categories(session)}
    by_project: dict[int, list[tuple[float, datetime]]] = defaultdict(list)
    for r in reports:
        by_project[r.project_id].append((float(r.value or 0), r.reported_at))
    states = [
        project_now(
            p,
            by_project.get(p.id or 0, []),
            unit=units.get(p.unit_id, ""),
            category=categories.get(p.category_id, ""),
            as_of=as_of,
            period=period,
            policy=policy,
            tz=tz,
        )
        for p in projects
    ]
    return HistoryView(
        subject=subject,
        is_project=is_project,
        since=since,
        until=until,
        reports=[line for line in lines if line.at >= start],
        states=worst_first(states),
        states_on=as_of.astimezone(tz).date(),
    )


async def _subject(session: AsyncSession, ref: str) -> tuple[str, list[Project], bool]:
    """A project code first, then a unit, then a project by part of its name."""
    ref = normalize_text(ref).strip()
    if not ref:
        raise UserError("look_history_missing")
    project = await ledger_q.get_project_by_code(session, ref)
    if project is not None:
        return f"{project.code} {project.name}", [project], True
    unit_error: UserError | None = None
    try:
        unit = await find_unit(session, ref)
        return unit.name, list(await ledger_q.list_projects(session, unit_id=unit.id)), False
    except UserError as error:
        unit_error = error
    try:
        project = await find_project(session, ref)
        return f"{project.code} {project.name}", [project], True
    except UserError as error:
        if error.key == "project_ambiguous":
            raise
    if unit_error.key == "unit_ambiguous":
        raise unit_error
    raise UserError("look_subject_not_found", ref=ref)


# ------------------------------------------------------------------------------------ /plan and /plans


@dataclass(frozen=True)
class PlanSaved:
    unit: str
    period: Period
    reviewed: bool  # the plan answers a published review (else the current period)
    flagged: list[str]  # categories where that review gave the unit a yellow flag
    count: int  # plans the unit has sent for this period, this one included


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


@dataclass(frozen=True)
class PlanStatus:
    unit: str
    categories: list[str]  # where the unit holds a yellow flag (empty: a plan sent without one)
    text: str | None
    submitted_at: datetime | None
    overdue: bool  # no plan and the due time has passed
    late: bool  # sent after the due time


@dataclass(frozen=True)
class PlansView:
    period: Period
    published_at: datetime
    due: datetime
    yellow: list[PlanStatus]
    others: list[PlanStatus]


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
