"""What the bot says about rectification lists (SPEC §12) by itself: the unit is told of every leader's
decision and of an item closed by a report; overdue and returned lists are reminded on working days (the
contacts, and the unit head once the plan deadline has passed); a third consecutive yellow flag tells the
leaders that 约谈 is due. Everything is queued in the caller's transaction, each message once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.flags import Transition
from bot.domain.review import ReviewResult
from bot.domain.views_rectify import ItemChange
from bot.outbound.recipients import Recipient, group, person, unit_contacts
from bot.render import rectify as render
from bot.render.chat import split_message
from bot.render.marks import plain
from bot.render.periods import period_label
from bot.render.texts import message
from bot.services import rectify as rectify_s
from bot.services.errors import UserError
from bot.settings import Settings
from storage.queries import outbox as outbox_q
from storage.queries import people as people_q

INTERVIEW_STREAK = 3  # the third consecutive yellow flag: 约谈 is due


async def _queue(
    session: AsyncSession, to: list[Recipient], texts: dict[str, str], *, key: str, now: datetime
) -> int:
    queued = 0
    for r in to:
        for number, part in enumerate(split_message(texts[r.lang]), start=1):
            suffix = "" if number == 1 else f":{number}"
            queued += await outbox_q.enqueue(
                session, chat_id=r.user_id, text=part, now=now, dedupe_key=f"{key}:{r.user_id}{suffix}"
            )
    return queued


async def tell_unit(session: AsyncSession, change: ItemChange, *, settings: Settings, now: datetime) -> int:
    """The unit's contacts hear of a decision on one of its items (or of its 销号 by a report)."""
    to = await unit_contacts(session, change.item.unit_id, settings=settings)
    texts = {lang: render.told_text(change, lang=lang) for lang in {r.lang for r in to}}
    key = f"plan:{change.action}:{change.item.id}:{now.isoformat()}"
    return await _queue(session, to, texts, key=key, now=now)


async def decide_and_tell(
    session: AsyncSession,
    *,
    item_id: int | None,
    code: str = "",
    action: str,
    comment: str,
    user_id: int,
    settings: Settings,
    now: datetime,
) -> ItemChange:
    """A leader's approval, return or 销号 (of the item with this id, or of the project code), told to the unit."""
    tz = settings.tz
    if item_id is None:
        item_id = await rectify_s.item_by_code(session, code, policy=settings.policy, tz=tz, now=now)
    if action == "return" and not comment.strip():
        raise UserError("rectify_return_needs_comment", code=code)
    change = await rectify_s.decide(
        session, item_id, action=action, comment=comment, user_id=user_id, now=now, tz=tz
    )
    await tell_unit(session, change, settings=settings, now=now)
    return change


async def close_after_report(
    session: AsyncSession, project_id: int, *, reported_at: datetime, settings: Settings, now: datetime
) -> list[ItemChange]:
    """A report that brings the project to 序时 closes its open items; the unit is told."""
    return await close_reached(session, {project_id: reported_at}, settings=settings, now=now)


async def close_reached(
    session: AsyncSession, reported: Mapping[int, datetime], *, settings: Settings, now: datetime
) -> list[ItemChange]:
    """The one way items close by themselves (销号), whatever brought the value — the chat's /report, the
    shell's `flagbot report`, a ledger's 累计完成 (project id → the report's time): each project at 序时
    now closes its open items, and its unit is told, in the caller's transaction."""
    changes = await rectify_s.close_reached(
        session, reported, policy=settings.policy, now=now, tz=settings.tz
    )
    for change in changes:
        await tell_unit(session, change, settings=settings, now=now)
    return changes


async def remind_plans(session: AsyncSession, *, settings: Settings, now: datetime) -> int:
    """On working days (the caller checks): each yellow unit whose list is late, returned or past due."""
    try:
        board = await rectify_s.plans_board(
            session, policy=settings.policy, tz=settings.tz, now=now, due_days=settings.plan_due_days
        )
    except UserError:  # no published review yet
        return 0
    today = now.astimezone(settings.tz).date()
    queued = 0
    for plan in board.units:
        if not plan.needs_reminding:
            continue
        to = await unit_contacts(session, plan.unit_id, settings=settings, heads_only=False)
        if now <= plan.deadline:  # before the plan deadline the head is left out
            heads = {
                r.user_id
                for r in await unit_contacts(session, plan.unit_id, settings=settings, heads_only=True)
            }
            to = [r for r in to if r.user_id not in heads]
        texts = {lang: render.reminder_text(plan, lang=lang, tz=settings.tz) for lang in {r.lang for r in to}}
        queued += await _queue(session, to, texts, key=f"plan:remind:{today}", now=now)
    return queued


async def interview_due(
    session: AsyncSession, result: ReviewResult, *, settings: Settings, now: datetime
) -> int:
    """At publication: a unit's third (or later) consecutive yellow flag tells the leaders 约谈 is due."""
    due = [
        e for e in result.entries if e.transition is Transition.KEPT_YELLOW and e.streak >= INTERVIEW_STREAK
    ]
    if not due:
        return 0
    binding = await people_q.get_binding(session, "leaders")
    if binding is not None:
        to = [group(binding.chat_id, settings=settings)]
    else:
        to = [
            person(p.user_id, p.language, settings=settings)
            for p in await people_q.list_people(session, leaders=True)
            if p.reachable
        ]

    def text(lang: str) -> str:
        return "\n".join(
            message(
                "measure_due",
                lang,
                unit=plain(e.unit),
                category=plain(e.category),
                streak=e.streak,
                period=period_label(result.period, lang),
            )
            for e in due
        )

    texts = {lang: text(lang) for lang in {r.lang for r in to}}
    return await _queue(session, to, texts, key=f"plan:interview:{result.period.name}", now=now)
