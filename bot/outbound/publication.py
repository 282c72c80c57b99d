"""Publishing a review and queuing what it says to whom (SPEC §7), in the same transaction; its files
are built after that transaction (review_files.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.flags import FlagColor
from bot.domain.periods import Period, parse_period
from bot.domain.review import ReviewResult
from bot.domain.views_export import LaggingProject
from bot.outbound.admin_notes import tell_admins
from bot.outbound.file_maker import source_of
from bot.outbound.papers import give_number, queue_documents
from bot.outbound.recipients import group_lang, lang_of
from bot.outbound.rectify import interview_due
from bot.outbound.reminders import queue_escalations
from bot.outbound.review_files import build_and_attach
from bot.render.announcement import announcement_caption, announcement_messages
from bot.render.chart import ranking_chart_count
from bot.render.chat import split_message
from bot.render.followup import lagging_notice, yellow_notice
from bot.render.fonts import CjkFontMissingError, cjk_font
from bot.render.marks import plain
from bot.render.periods import period_label
from bot.render.texts import message
from bot.render.wide_chart import categories
from bot.services.rectify import open_items
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
from storage.tables import Person


@dataclass(frozen=True)
class Publication:
    """A review just published, and what its files are to be built from once the transaction commits."""

    result: ReviewResult
    files: str  # what builds its files (outbox.file_pending): FileBuilds.start(files) after the commit


async def publish_and_announce(
    session: AsyncSession, period: Period, *, settings: Settings, now: datetime, actor: str
) -> Publication:
    """Publish the period's review (once) and queue everything it says to whom.

    The announcement (and the ranking chart) to the leaders' chat and the work group, the workbook to the
    leaders' chat, the yellow flag with its three questions to each yellow unit's contacts, a gentler
    note to lagging units, and the escalation of a second consecutive yellow. Everything is queued in the
    caller's transaction: either the review is published and every message is queued, or nothing is.
    The chart and workbook rows are queued without their bytes: after the commit the caller has them
    built (FileBuilds.start or build_and_attach with the returned `files`), outside the transaction
    (bot/outbound/review_files.py).
    """
    policy, tz = settings.policy, settings.tz
    # The projects at the cut-off (two heavy queries on a province-sized ledger) are computed once, after
    # the cheap refusals, for the review, the workbook and the follow-up notes alike.
    await check_publishable(session, period, policy=policy, tz=tz, now=now)
    counted = await projects_at_cutoff(session, period, policy=policy, tz=tz)
    result = await publish_review(
        session, period, policy=policy, tz=tz, now=now, actor=actor, counted=counted
    )
    doc_number = await give_number(session, period.name, now=now, tz=settings.tz)
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
    source = source_of(period.name, lang)
    label = period_label(period, lang)
    captions = [announcement_caption(result, lang, page=n, pages=charts) for n in range(1, charts + 1)]
    for kind in ("leaders", "workgroup"):
        binding = await people_q.get_binding(session, kind)
        if binding is None:
            continue
        key = f"review:{period.name}:{kind}"
        for number, text in enumerate(messages, start=1):
            await enqueue(session, chat_id=binding.chat_id, text=text, now=now, dedupe_key=f"{key}:{number}")
        for number, caption in enumerate(captions, start=1):
            await enqueue(
                session,
                chat_id=binding.chat_id,
                kind="photo",
                text=caption,
                file_pending=source,
                payload={"filename": f"ranking-{period.name}-{number}.png"},
                now=now,
                dedupe_key=f"{key}:chart:{number}",
            )
        for number, category in enumerate(categories(result) if charts else [], start=1):
            name = message("documents_file_chart", lang, period=label, category=category)
            await enqueue(
                session,
                chat_id=binding.chat_id,
                kind="document",
                text=message("documents_caption_chart", lang, category=category),
                file_pending=source,
                payload={"filename": f"{name}.png"},
                now=now,
                dedupe_key=f"{key}:wide:{number}",
            )
        if kind == "leaders":  # the meeting's three documents (SPEC §11)
            await queue_documents(
                session,
                result,
                chat_id=binding.chat_id,
                source=source,
                key=key,
                number=doc_number,
                prefix=settings.doc_number_prefix,
                lang=lang,
                now=now,
            )
    await _follow_up(session, result, counted, period=period, settings=settings, now=now)
    await queue_escalations(session, result, settings=settings, now=now)
    await open_items(session, result, counted, policy=policy, now=now)  # the rectification lists (§12)
    await interview_due(session, result, settings=settings, now=now)
    return Publication(result, source)


async def publish_now(
    sessions: async_sessionmaker[AsyncSession],
    period: Period,
    *,
    settings: Settings,
    now: datetime,
    actor: str,
) -> Publication:
    """Publish in a transaction of its own, then build and attach the files (the command line, tests)."""
    async with sessions.begin() as session:
        publication = await publish_and_announce(session, period, settings=settings, now=now, actor=actor)
    await build_and_attach(sessions, publication.files, settings=settings, now=now)
    return publication


async def _charts(
    session: AsyncSession, result: ReviewResult, *, lang: str, settings: Settings, now: datetime
) -> int:
    """How many ranking charts to queue (drawn after the commit); without a CJK font none (boxes would
    be worse) and the admins are told."""
    try:
        cjk_font()
    except CjkFontMissingError as error:
        await tell_admins(
            session,
            key="review_chart_missing",
            params={"error": plain(str(error))},
            settings=settings,
            now=now,
            dedupe_key=f"review:{result.period.name}:nofont",
        )
        return 0
    return ranking_chart_count(result)


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
    projects = await ledger_q.project_labels(session)
    categories = {e.category_id: e.category for e in result.entries}
    behind: dict[int, list[LaggingProject]] = defaultdict(list)
    for item in counted:
        if item.actual < item.target and item.compliance < 1 - policy.on_schedule_tolerance:
            code, name, measure = projects[item.project_id]
            behind[item.unit_id].append(
                LaggingProject(
                    code,
                    name,
                    measure,
                    item.expected,
                    item.actual,
                    item.compliance,
                    target=item.target,
                    not_reported=not item.reported_in_period and not item.done_before_period,
                    category=categories.get(item.category_id, ""),
                )
            )
    yellow: dict[int, list[str]] = defaultdict(list)
    for entry in result.entries:
        if entry.flag is FlagColor.YELLOW:
            yellow[entry.unit_id].append(entry.category)
    plan_due = (now + timedelta(days=settings.plan_due_days)).astimezone(settings.tz).date()
    # Two queries for every unit's name and contacts, not two per unit (a province has 2,000).
    units = {u.id: u for u in await ledger_q.list_units(session)}
    people: dict[int | None, list[Person]] = defaultdict(list)
    for person in await people_q.list_people(session):
        people[person.unit_id].append(person)
    for unit_id in sorted(set(yellow) | set(behind)):
        unit = units[unit_id]
        lagging = sorted(behind.get(unit_id, []), key=lambda p: p.compliance)
        for person in people.get(unit_id, []):
            lang = lang_of(settings, person.language)
            label = period_label(period, lang)
            if unit_id in yellow:
                text = yellow_notice(
                    unit=unit.name,
                    period_label=label,
                    categories=yellow[unit_id],
                    projects=lagging,
                    plan_due=plan_due,
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
