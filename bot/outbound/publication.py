"""Publishing a review and queuing what it says to whom (SPEC §7), in the same transaction."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.flags import FlagColor
from bot.domain.periods import Period, parse_period
from bot.domain.review import ReviewResult
from bot.domain.views_export import LaggingProject
from bot.outbound.admin_notes import tell_admins
from bot.outbound.export import export_review
from bot.outbound.recipients import group_lang, lang_of
from bot.outbound.reminders import queue_escalations
from bot.render.announcement import announcement_caption, announcement_messages
from bot.render.chart import ranking_charts
from bot.render.chat import split_message
from bot.render.followup import lagging_notice, yellow_notice
from bot.render.fonts import CjkFontMissingError
from bot.render.marks import plain
from bot.render.periods import period_label
from bot.render.texts import message
from bot.services.reviews import (
    ProjectAtCutoff,
    check_publishable,
    load_review,
    projects_at_cutoff,
    publish_review,
)
from bot.settings import Settings
from storage.queries import ledger as ledger_q
from storage.queries import people as people_q
from storage.queries import reviews as reviews_q
from storage.queries.outbox import enqueue


async def publish_and_announce(
    session: AsyncSession, period: Period, *, settings: Settings, now: datetime, actor: str
) -> ReviewResult:
    """Publish the period's review (once) and queue everything it says to whom.

    The announcement (and the ranking chart) to the leaders' chat and the work group, the workbook to the
    leaders' chat, the yellow flag with its three questions to each yellow unit's contacts, a gentler
    note to lagging units, and the escalation of a second consecutive yellow. Everything happens in the
    caller's transaction: either the review is published and every message is queued, or nothing is.
    """
    policy, tz = settings.policy, settings.tz
    # The projects at the cut-off (two heavy queries on a province-sized ledger) are computed once, after
    # the cheap refusals, for the review, the workbook and the follow-up notes alike.
    await check_publishable(session, period, policy=policy, tz=tz, now=now)
    counted = await projects_at_cutoff(session, period, policy=policy, tz=tz)
    result = await publish_review(
        session, period, policy=policy, tz=tz, now=now, actor=actor, counted=counted
    )
    lang = group_lang(settings)  # the leaders' chat and the work group read one language
    previous_review = await reviews_q.latest_published_before(session, period.name)
    previous = (
        await load_review(
            session,
            parse_period(previous_review.period, months=settings.period_months),
            tz=settings.tz,
            now=now,
        )
        if previous_review is not None
        else None
    )
    messages = announcement_messages(result, tz=settings.tz, lang=lang, previous=previous)
    charts = await _charts(session, result, lang=lang, settings=settings, now=now)
    workbook = await export_review(session, period, policy=policy, tz=tz, now=now, lang=lang, counted=counted)
    for kind in ("leaders", "workgroup"):
        binding = await people_q.get_binding(session, kind)
        if binding is None:
            continue
        key = f"review:{period.name}:{kind}"
        for number, text in enumerate(messages, start=1):
            await enqueue(session, chat_id=binding.chat_id, text=text, now=now, dedupe_key=f"{key}:{number}")
        for number, png in enumerate(charts, start=1):
            await enqueue(
                session,
                chat_id=binding.chat_id,
                kind="photo",
                text=announcement_caption(result, lang, page=number, pages=len(charts)),
                file_data=png,
                payload={"filename": f"ranking-{period.name}-{number}.png"},
                now=now,
                dedupe_key=f"{key}:chart:{number}",
            )
        if kind == "leaders":
            await enqueue(
                session,
                chat_id=binding.chat_id,
                kind="document",
                text=message("workbook_caption", lang, period=period_label(period, lang)),
                file_data=workbook,
                payload={"filename": f"flagbot-{period.name}.xlsx"},
                now=now,
                dedupe_key=f"{key}:workbook",
            )
    await _follow_up(session, result, counted, period=period, settings=settings, now=now)
    await queue_escalations(session, result, settings=settings, now=now)
    return result


async def _charts(
    session: AsyncSession, result: ReviewResult, *, lang: str, settings: Settings, now: datetime
) -> list[bytes]:
    """The ranking chart(s), drawn in a thread; without a CJK font none (boxes would be worse) and the
    admins are told."""
    try:
        return await asyncio.to_thread(ranking_charts, result, lang=lang)
    except CjkFontMissingError as error:
        await tell_admins(
            session,
            key="review_chart_missing",
            params={"error": plain(str(error))},
            settings=settings,
            now=now,
            dedupe_key=f"review:{result.period.name}:nofont",
        )
        return []


async def _follow_up(
    session: AsyncSession,
    result: ReviewResult,
    counted: list[ProjectAtCutoff],
    *,
    period: Period,
    settings: Settings,
    now: datetime,
) -> None:
    """Each yellow unit's contacts: the flag, the lagging projects, the three questions, a plan request;
    lagging units without a yellow flag: a gentler note. `counted`: the review's projects at the cut-off."""
    policy = settings.policy
    projects = {p.id: p for p in await ledger_q.list_projects(session)}
    behind: dict[int, list[LaggingProject]] = defaultdict(list)
    for item in counted:
        if item.actual < item.target and item.compliance < 1 - policy.on_schedule_tolerance:
            p = projects[item.project_id]
            behind[item.unit_id].append(
                LaggingProject(p.code, p.name, p.measure, item.expected, item.actual, item.compliance)
            )
    yellow: dict[int, list[str]] = defaultdict(list)
    for entry in result.entries:
        if entry.flag is FlagColor.YELLOW:
            yellow[entry.unit_id].append(entry.category)
    for unit_id in sorted(set(yellow) | set(behind)):
        unit = await ledger_q.get_unit(session, unit_id)
        assert unit is not None
        lagging = sorted(behind.get(unit_id, []), key=lambda p: p.compliance)
        for person in await people_q.list_people(session, unit_id=unit_id):
            lang = lang_of(settings, person.language)
            label = period_label(period, lang)
            if unit_id in yellow:
                text = yellow_notice(
                    unit=unit.name,
                    period_label=label,
                    categories=yellow[unit_id],
                    projects=lagging,
                    plan_due_days=settings.plan_due_days,
                    lang=lang,
                )
                key = f"review:{period.name}:yellow:{person.user_id}"
            else:
                text = lagging_notice(unit=unit.name, period_label=label, projects=lagging, lang=lang)
                key = f"review:{period.name}:lagging:{person.user_id}"
            for number, part in enumerate(split_message(text), start=1):
                await enqueue(
                    session, chat_id=person.user_id, text=part, now=now, dedupe_key=f"{key}:{number}"
                )
