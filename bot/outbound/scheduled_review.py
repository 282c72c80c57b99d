"""The review on time (SPEC §7): the daily check publishes the due period's review once, at its moment or
at the first start-up after it — or, with REVIEW_REQUIRES_APPROVAL, asks the admins and leaders once to
press Publish under the draft (the same buttons as /review's preview)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.periods import Period
from bot.outbound import review_desk
from bot.outbound.admin_notes import tell_admins
from bot.outbound.file_maker import source_of
from bot.outbound.papers import queue_documents
from bot.outbound.publication import publish_and_announce
from bot.outbound.recipients import admins
from bot.outbound.reminders import queue_private
from bot.render import reminders as render
from bot.render.admin import review_preview_text
from bot.render.buttons import keyboard_json, publish_cancel
from bot.services.calendar_overrides import working_days
from bot.services.reviews import compute_review
from bot.settings import Settings
from bot.when.moments import due_review, past_catch_up, review_moment
from storage.queries import ledger as ledger_q
from storage.queries import outbox as outbox_q
from storage.queries import people as people_q

SCHEDULER = "scheduler"  # the actor of a review the schedule published, in the audit log


class ReviewOutcome(enum.StrEnum):
    NOT_DUE = "not_due"
    PUBLISHED = "published"
    ALREADY_PUBLISHED = "already_published"
    APPROVAL_ASKED = "approval_asked"
    AWAITING_APPROVAL = "awaiting_approval"  # asked before; the draft waits for a press of Publish
    TOO_LATE = "too_late"  # the moment is past bot.when's catch-up window: left to the admins
    NOTHING_TO_REVIEW = "nothing_to_review"  # no project was in the ledger by the period's deadline


@dataclass(frozen=True)
class ReviewCheck:
    outcome: ReviewOutcome
    period: Period | None = None
    files: str | None = None  # published: what builds its files, once the transaction commits


async def scheduled_review(session: AsyncSession, *, settings: Settings, now: datetime) -> ReviewCheck:
    """The review check: publish the due period's review once (or ask for approval once).

    Two checks at once, or an admin publishing at the same moment, make publish_review refuse the second
    publication with UserError("review_already_published"); the caller rolls back and lets it be.
    """
    days = await working_days(session, now.astimezone(settings.tz).date())
    period = due_review(now, settings=settings, workdays=days)
    if period is None:
        return ReviewCheck(ReviewOutcome.NOT_DUE)
    if await review_desk.is_published(session, period):
        return ReviewCheck(ReviewOutcome.ALREADY_PUBLISHED, period)
    moment = review_moment(period, settings=settings, workdays=days)
    # Projects of the period known by now: without any, nothing is skipped and nothing is said.
    known = await ledger_q.count_projects_in_use(session, started_by=period.last_day, created_before=now)
    if past_catch_up(now, moment):
        if known:
            await tell_skipped(session, period, key="review_skipped_too_late", settings=settings, now=now)
        return ReviewCheck(ReviewOutcome.TOO_LATE, period)
    cutoff = period.cutoff(grace_days=settings.report_grace_days, tz=settings.tz)
    if not await ledger_q.count_projects_in_use(session, started_by=period.last_day, created_before=cutoff):
        if known:  # its projects arrived after its deadline
            await tell_skipped(session, period, key="review_skipped_late_ledger", settings=settings, now=now)
        return ReviewCheck(ReviewOutcome.NOTHING_TO_REVIEW, period)
    if settings.review_requires_approval:
        asked = await ask_approval(session, period, settings=settings, now=now, moment=moment)
        return ReviewCheck(ReviewOutcome.APPROVAL_ASKED if asked else ReviewOutcome.AWAITING_APPROVAL, period)
    publication = await publish_and_announce(session, period, settings=settings, now=now, actor=SCHEDULER)
    return ReviewCheck(ReviewOutcome.PUBLISHED, period, publication.files)


async def tell_skipped(
    session: AsyncSession, period: Period, *, key: str, settings: Settings, now: datetime
) -> None:
    """A due review the schedule leaves alone is never skipped in silence: the admins are told once why,
    and how to publish it by hand (the daily check finds it again each day; the dedupe key keeps it once)."""
    await tell_admins(
        session,
        key=key,
        params={"period": period, "code": period.name},  # the period in words; its code for /review
        settings=settings,
        now=now,
        dedupe_key=f"review-skipped:{period.name}",
    )


def _approval_key(period: Period, user_id: int) -> str:
    return f"review-approval:{period.name}:{user_id}"


async def ask_approval(
    session: AsyncSession, period: Period, *, settings: Settings, now: datetime, moment: datetime
) -> int:
    """The draft with /review's Publish/Cancel buttons to every admin and leader not asked yet; how many."""
    recipients = [
        r
        for r in await admins(session, settings=settings, leaders=True)
        if not await outbox_q.has_dedupe_key(session, _approval_key(period, r.user_id))
    ]
    if not recipients:
        return 0
    tz = settings.tz
    result = await compute_review(session, period, policy=settings.policy, tz=tz, now=now)
    for r in recipients:
        pending = await people_q.add_pending(  # what /review's preview makes: the buttons act on it
            session,
            kind=review_desk.KIND,
            user_id=r.user_id,
            chat_id=r.user_id,
            payload=review_desk.seen_payload(result),
            now=now,
        )
        assert pending.id is not None
        text = render.approval_head(period=period, moment=moment, tz=tz, lang=r.lang)
        text += "\n\n" + review_preview_text(result, tz=tz, lang=r.lang)
        markup = keyboard_json(publish_cancel(pending.id, lang=r.lang))  # the same buttons as /review's
        key = _approval_key(period, r.user_id)
        await queue_private(session, r, text, key=key, now=now, markup=markup)
        # With the preview, the documents as they would go out (a draft: the 通报 is not numbered yet);
        # built after the commit, when the sender meets them (review_files.FileBuilds.ensure).
        source = source_of(period.name, r.lang, draft=True)
        await queue_documents(
            session,
            result,
            chat_id=r.user_id,
            source=source,
            key=key,
            number=None,
            prefix=settings.doc_number_prefix,
            lang=r.lang,
            now=now,
        )
    return len(recipients)
