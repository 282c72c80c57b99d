"""The rectification list (SPEC §12): one item per lagging project of a yellow-flag unit's yellow categories,
filled in by its contacts (/plan), approved or returned by leaders (/plans), 销号 by a later report that
brings the project to 序时 or by a leader. Every state change is written to the audit log."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.flags import FlagColor
from bot.domain.policy import Policy
from bot.domain.review import ReviewResult
from bot.domain.values import normalize_text
from bot.domain.views_rectify import ItemChange, ItemState, PlanItem, PlansBoard, UnitPlan
from bot.services.errors import UserError
from bot.services.looking import last_published
from bot.services.projects import live_state
from bot.services.reviews import ProjectAtCutoff, projects_at_cutoff
from storage.queries import ledger as ledger_q
from storage.queries import rectify as rectify_q
from storage.queries import reviews as reviews_q
from storage.tables import Project, RectificationItem

MAX_FIELD_CHARS = 500
_FIELD_SPLIT = re.compile(r"[;；\n]")
_DAY = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def is_lagging(item: ProjectAtCutoff, policy: Policy) -> bool:
    """Behind schedule at the review's cut-off (what the yellow-flag notice lists)."""
    return item.actual < item.target and item.compliance < 1 - policy.on_schedule_tolerance


def _yellow(review: ReviewResult) -> dict[int, set[int]]:
    """unit id → its yellow-flag category ids in the review."""
    yellow: dict[int, set[int]] = defaultdict(set)
    for e in review.entries:
        if e.flag is FlagColor.YELLOW:
            yellow[e.unit_id].add(e.category_id)
    return yellow


async def open_items(
    session: AsyncSession,
    review: ReviewResult,
    counted: list[ProjectAtCutoff],
    *,
    policy: Policy,
    now: datetime,
) -> int:
    """At publication: one open item per lagging project in each yellow unit's yellow categories (once)."""
    yellow = _yellow(review)
    existing = {i.project_id for i in await rectify_q.list_items(session, period=review.period.name)}
    added = 0
    for p in counted:
        if (
            p.category_id in yellow.get(p.unit_id, ())
            and is_lagging(p, policy)
            and p.project_id not in existing
        ):
            await rectify_q.add_item(
                session,
                RectificationItem(
                    period=review.period.name,
                    unit_id=p.unit_id,
                    project_id=p.project_id,
                    category_id=p.category_id,
                    created_at=now,
                    updated_at=now,
                ),
            )
            added += 1
    return added


async def _ensure_items(
    session: AsyncSession, review: ReviewResult, *, policy: Policy, tz: tzinfo, now: datetime
) -> None:
    """A review published before the list existed gets its items the first time anyone looks."""
    if not _yellow(review) or await rectify_q.list_items(session, period=review.period.name):
        return
    counted = await projects_at_cutoff(session, review.period, policy=policy, tz=tz)
    await open_items(session, review, counted, policy=policy, now=review.published_at or now)


async def _review(session: AsyncSession, *, policy: Policy, tz: tzinfo, now: datetime) -> ReviewResult:
    review = await last_published(session, now=now, tz=tz)
    if review is None or review.published_at is None:
        raise UserError("look_no_review")
    await _ensure_items(session, review, policy=policy, tz=tz, now=now)
    return review


class _Names:
    """Unit, project and category names for the items (three small queries)."""

    def __init__(
        self, units: dict[int, str], projects: dict[int, tuple[str, str, str]], cats: dict[int, str]
    ):
        self.units, self.projects, self.categories = units, projects, cats

    @staticmethod
    async def load(session: AsyncSession) -> _Names:
        units = {u.id: u.name for u in await ledger_q.list_units(session) if u.id is not None}
        cats = {c.id: c.name for c in await ledger_q.list_categories(session) if c.id is not None}
        return _Names(units, await ledger_q.project_labels(session), cats)

    def view(self, item: RectificationItem, *, today: date) -> PlanItem:
        assert item.id is not None
        code, name, _ = self.projects.get(item.project_id, ("", "", ""))
        state = ItemState(item.state)
        return PlanItem(
            id=item.id,
            unit_id=item.unit_id,
            unit=self.units.get(item.unit_id, ""),
            code=code,
            name=name,
            category=self.categories.get(item.category_id, ""),
            problem=item.problem,
            measure=item.measure,
            owner=item.owner,
            due=item.due,
            state=state,
            comment=item.comment,
            overdue=state is not ItemState.CLOSED and item.due is not None and item.due < today,
        )


def _unit_plans(
    review: ReviewResult,
    items: list[RectificationItem],
    names: _Names,
    *,
    due_days: int,
    now: datetime,
    tz: tzinfo,
) -> list[UnitPlan]:
    assert review.published_at is not None
    deadline = review.published_at + timedelta(days=due_days)
    today = now.astimezone(tz).date()
    by_unit: dict[int, list[RectificationItem]] = defaultdict(list)
    for item in items:
        by_unit[item.unit_id].append(item)
    plans = []
    for unit_id, categories in _yellow(review).items():
        views = [names.view(i, today=today) for i in by_unit.get(unit_id, [])]
        plans.append(
            UnitPlan(
                unit_id=unit_id,
                unit=names.units.get(unit_id, ""),
                period=review.period,
                categories=sorted(names.categories.get(c, "") for c in categories),
                items=views,
                deadline=deadline,
                late=now > deadline and any(v.state is ItemState.OPEN for v in views),
            )
        )
    # the ones needing a push first: not sent, then with overdue or returned items, then by name
    return sorted(plans, key=lambda p: (p.sent, not p.needs_reminding, p.unit))


async def unit_plan(
    session: AsyncSession, unit_id: int, *, policy: Policy, tz: tzinfo, now: datetime, due_days: int
) -> UnitPlan:
    """/plan: the caller's unit's list for the last published review; refused when it has no yellow flag."""
    review = await _review(session, policy=policy, tz=tz, now=now)
    if unit_id not in _yellow(review):
        unit = await ledger_q.get_unit(session, unit_id)
        raise UserError("rectify_not_yellow", unit=unit.name if unit else "")
    items = list(await rectify_q.list_items(session, period=review.period.name, unit_id=unit_id))
    plans = _unit_plans(review, items, await _Names.load(session), due_days=due_days, now=now, tz=tz)
    return next(p for p in plans if p.unit_id == unit_id)


async def plans_board(
    session: AsyncSession, *, policy: Policy, tz: tzinfo, now: datetime, due_days: int
) -> PlansBoard:
    """/plans, the reminders and the export: every yellow-flag unit's list for the last published review."""
    review = await _review(session, policy=policy, tz=tz, now=now)
    assert review.published_at is not None
    items = list(await rectify_q.list_items(session, period=review.period.name))
    units = _unit_plans(review, items, await _Names.load(session), due_days=due_days, now=now, tz=tz)
    return PlansBoard(
        period=review.period,
        published_at=review.published_at,
        deadline=review.published_at + timedelta(days=due_days),
        units=units,
    )


def parse_day(text: str) -> date:
    """2027-01-31, 2027/1/31, 2027年1月31日, or 31 Jan 2027 (the English examples' form)."""
    cleaned = normalize_text(text).strip()
    found = _DAY.match(cleaned)
    if not found:
        try:
            return datetime.strptime(cleaned, "%d %b %Y").date()
        except ValueError:
            raise UserError("rectify_bad_due", text=text) from None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        raise UserError("rectify_bad_due", text=text) from None


def parse_fields(text: str, *, today: date) -> tuple[str, str, str, date]:
    """'问题；措施；责任人；完成时限' → the four fields, each checked."""
    parts = [p.strip() for p in _FIELD_SPLIT.split(text.strip())]
    if len(parts) != 4 or not all(parts):
        raise UserError("rectify_bad_fields", count=len([p for p in parts if p]))
    problem, measure, owner, due_text = parts
    for value in (problem, measure, owner):
        if len(value) > MAX_FIELD_CHARS:
            raise UserError("rectify_field_too_long", limit=MAX_FIELD_CHARS)
    due = parse_day(due_text)
    if due < today:
        raise UserError("rectify_due_past", day=due)
    return problem, measure, owner[:100], due


def _find(plan_items: list[PlanItem], ref: str) -> PlanItem:
    """An item by its project's code (any case) or an unambiguous part of the project's name."""
    ref = normalize_text(ref).strip()
    exact = [i for i in plan_items if i.code.lower() == ref.lower()]
    found = exact or [i for i in plan_items if ref and ref in i.name]
    if len(found) != 1:
        codes = "、".join(i.code for i in plan_items)
        raise UserError(
            "rectify_item_unknown" if not found else "rectify_item_ambiguous", ref=ref, codes=codes
        )
    return found[0]


async def _audit(
    session: AsyncSession,
    item: RectificationItem,
    *,
    actor: str,
    action: str,
    now: datetime,
    reason: str = "",
) -> None:
    await reviews_q.add_audit(
        session,
        at=now,
        actor=actor,
        action=f"plan.{action}",
        target=f"{item.period}/{item.unit_id}/{item.project_id}",
        detail={"item": item.id, "state": item.state},
        reason=reason,
    )


async def fill_item(
    session: AsyncSession,
    unit_id: int,
    *,
    user_id: int,
    ref: str,
    text: str,
    policy: Policy,
    tz: tzinfo,
    now: datetime,
    due_days: int,
) -> tuple[UnitPlan, ItemChange]:
    """/plan <project> 问题；措施；责任人；完成时限: fill in (or fix) one item; approved ones are final."""
    plan = await unit_plan(session, unit_id, policy=policy, tz=tz, now=now, due_days=due_days)
    target = _find(plan.items, ref)
    if not target.state.editable:
        raise UserError("rectify_item_final", code=target.code)
    problem, measure, owner, due = parse_fields(text, today=now.astimezone(tz).date())
    row = await rectify_q.get_item(session, target.id)
    assert row is not None
    row.problem, row.measure, row.owner, row.due = problem, measure, owner, due
    row.state, row.submitted_at, row.updated_at = ItemState.SUBMITTED.value, now, now
    await _audit(session, row, actor=f"tg:{user_id}", action="submit", now=now)
    await session.flush()
    plan = await unit_plan(session, unit_id, policy=policy, tz=tz, now=now, due_days=due_days)
    [item] = [i for i in plan.items if i.id == target.id]
    return plan, ItemChange(item, "submitted")


_ALLOWED = {
    "approve": (ItemState.SUBMITTED,),
    "return": (ItemState.SUBMITTED, ItemState.APPROVED),
    "close": (ItemState.OPEN, ItemState.SUBMITTED, ItemState.RETURNED, ItemState.APPROVED),
}
_RESULT = {"approve": ItemState.APPROVED, "return": ItemState.RETURNED, "close": ItemState.CLOSED}
_CANNOT = {
    "approve": "rectify_cannot_approve",
    "return": "rectify_cannot_return",
    "close": "rectify_cannot_close",
}
_DONE = {"approve": "approved", "return": "returned", "close": "closed"}


async def item_by_code(session: AsyncSession, code: str, *, policy: Policy, tz: tzinfo, now: datetime) -> int:
    """The id of the last published review's item for a project code or name part (/plans 通过 A1)."""
    review = await _review(session, policy=policy, tz=tz, now=now)
    names = await _Names.load(session)
    today = now.astimezone(tz).date()
    items = [
        names.view(i, today=today) for i in await rectify_q.list_items(session, period=review.period.name)
    ]
    return _find(items, code).id


async def decide(
    session: AsyncSession, item_id: int, *, action: str, comment: str, user_id: int, now: datetime, tz: tzinfo
) -> ItemChange:
    """A leader approves, returns (with a comment) or closes (销号) an item."""
    row = await rectify_q.get_item(session, item_id)
    if row is None:
        raise UserError("rectify_item_gone")
    state = ItemState(row.state)
    names = await _Names.load(session)
    code = names.view(row, today=now.astimezone(tz).date()).code
    if state not in _ALLOWED[action]:
        raise UserError(_CANNOT[action], code=code)
    if action == "return" and not comment.strip():
        raise UserError("rectify_return_needs_comment", code=code)
    row.state, row.updated_at = _RESULT[action].value, now
    row.comment = comment.strip()[:MAX_FIELD_CHARS]
    if action == "return":
        row.returned_at = now
    if action == "close":
        row.closed_at = now
    await _audit(session, row, actor=f"tg:{user_id}", action=action, now=now, reason=row.comment)
    await session.flush()
    return ItemChange(names.view(row, today=now.astimezone(tz).date()), _DONE[action], row.comment)


async def close_on_schedule(
    session: AsyncSession, project_id: int, *, reported_at: datetime, now: datetime, tz: tzinfo
) -> list[ItemChange]:
    """A report bringing the project to 序时 closes its open items (those opened before the report)."""
    rows = await rectify_q.list_open_items_of_project(session, project_id, created_before=reported_at)
    if not rows:
        return []
    names = await _Names.load(session)
    changes = []
    for row in rows:
        row.state, row.closed_at, row.updated_at = ItemState.CLOSED.value, now, now
        await _audit(session, row, actor="bot", action="auto_close", now=now)
        changes.append(ItemChange(names.view(row, today=now.astimezone(tz).date()), "auto_closed"))
    await session.flush()
    return changes


async def close_reached(
    session: AsyncSession, reported: Mapping[int, datetime], *, policy: Policy, now: datetime, tz: tzinfo
) -> list[ItemChange]:
    """Projects just given a value (project id → the report's time) — by a chat report, `flagbot report` or a
    ledger's 累计完成: each one at 序时 now (or ahead, or done) closes its items opened before that report."""
    changes: list[ItemChange] = []
    for project_id, reported_at in sorted(reported.items()):
        if not await rectify_q.list_open_items_of_project(session, project_id, created_before=reported_at):
            continue  # the usual case: nothing to close, no need to work out the project's state
        project = await session.get(Project, project_id)
        if project is None:
            continue
        live = await live_state(session, project, now=now, policy=policy, tz=tz)
        if live.state.status.is_behind:
            continue
        changes += await close_on_schedule(session, project_id, reported_at=reported_at, now=now, tz=tz)
    return changes


async def item_view(session: AsyncSession, item_id: int, *, now: datetime, tz: tzinfo) -> PlanItem | None:
    """One item as the buttons need it (None when it is gone)."""
    row = await rectify_q.get_item(session, item_id)
    if row is None:
        return None
    return (await _Names.load(session)).view(row, today=now.astimezone(tz).date())


async def unit_items(session: AsyncSession, unit_id: int, *, now: datetime, tz: tzinfo) -> list[PlanItem]:
    """The unit's items at the last published review (empty before any, or without a yellow flag)."""
    review = await reviews_q.list_reviews(session, published_only=True)
    if not review:
        return []
    names = await _Names.load(session)
    today = now.astimezone(tz).date()
    rows = await rectify_q.list_items(session, period=review[-1].period, unit_id=unit_id)
    return [names.view(r, today=today) for r in rows]


async def review_items(session: AsyncSession, period: str, *, now: datetime, tz: tzinfo) -> list[PlanItem]:
    """Every item of a review's rectification lists, for the workbook (empty for a draft review)."""
    rows = await rectify_q.list_items(session, period=period)
    if not rows:
        return []
    names = await _Names.load(session)
    today = now.astimezone(tz).date()
    return [names.view(r, today=today) for r in rows]
