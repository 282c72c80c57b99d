"""The admin's side of a review in chat: a preview waiting on Publish/Cancel buttons, publishing once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.periods import Period
from bot.domain.review import ReviewResult, fingerprint
from bot.domain.views_report import Pending
from bot.outbound.publication import Publication, publish_and_announce
from bot.services.errors import UserError
from bot.services.held_reports import pending_view
from bot.services.reviews import compute_review
from bot.settings import Settings
from storage.queries import people as people_q
from storage.queries import reviews as reviews_q

KIND = "review"


async def preview(
    session: AsyncSession, period: Period, *, settings: Settings, user_id: int, now: datetime
) -> tuple[ReviewResult, int | None]:
    """The review as it stands (stored as a draft) and, unless already published, the id its buttons act on."""
    result = await compute_review(session, period, policy=settings.policy, tz=settings.tz, now=now)
    if result.status != "draft":
        return result, None
    pending = await people_q.add_pending(
        session, kind=KIND, user_id=user_id, chat_id=user_id, payload=seen_payload(result), now=now
    )
    return result, pending.id


def seen_payload(result: ReviewResult) -> dict[str, object]:
    """What a preview's buttons keep: the period, and a fingerprint of the figures the approver sees."""
    return {"period": result.period.name, "fingerprint": fingerprint(result)}


@dataclass(frozen=True)
class Changed:
    """Publish was pressed under a preview whose figures have changed since: nothing is published; this is
    the review as it stands now and the id its new buttons act on."""

    result: ReviewResult
    pending_id: int


async def _changed_since(
    session: AsyncSession, period: Period, pending_id: int, *, settings: Settings, now: datetime
) -> Changed | None:
    """The new preview when the review no longer matches the one under the pressed button (else None)."""
    pending = await people_q.get_pending(session, pending_id)
    seen = pending.payload.get("fingerprint") if pending is not None else None
    if pending is None or seen is None or pending.resolved_at is not None:
        return None
    result = await compute_review(session, period, policy=settings.policy, tz=settings.tz, now=now)
    if result.status != "draft" or fingerprint(result) == seen:
        return None
    if not await people_q.resolve_pending(session, pending_id, outcome="changed", at=now):
        raise UserError("button_done")
    fresh = await people_q.add_pending(
        session,
        kind=KIND,
        user_id=pending.user_id,
        chat_id=pending.chat_id,
        payload=seen_payload(result),
        now=now,
    )
    assert fresh.id is not None
    return Changed(result, fresh.id)


async def publish(
    session: AsyncSession,
    period: Period,
    *,
    settings: Settings,
    now: datetime,
    actor: str,
    pending_id: int | None = None,
) -> tuple[Publication, list[str]] | Changed:
    """Publish (claiming the button first, when pressed) and queue the announcements; the bound chat kinds.

    After the commit the caller builds the publication's files (FileBuilds.start).

    Any refusal raises UserError and, the caller's transaction rolling back, leaves the button usable.
    A button whose preview no longer matches the review publishes nothing and returns the new preview.
    """
    if pending_id is not None:
        changed = await _changed_since(session, period, pending_id, settings=settings, now=now)
        if changed is not None:
            return changed
    if pending_id is not None and not await people_q.resolve_pending(
        session, pending_id, outcome="published", at=now
    ):
        raise UserError("button_done")
    publication = await publish_and_announce(session, period, settings=settings, now=now, actor=actor)
    bound = sorted(b.kind for b in await people_q.list_bindings(session))
    return publication, bound


async def pending_review(session: AsyncSession, pending_id: int) -> Pending | None:
    """The preview a button belongs to (None for an unknown id or another kind of button)."""
    pending = await people_q.get_pending(session, pending_id)
    return pending_view(pending) if pending is not None and pending.kind == KIND else None


async def settle(session: AsyncSession, pending_id: int, *, outcome: str, now: datetime) -> bool:
    """Resolve a preview's buttons (cancelled / stale); False if they were already resolved."""
    return await people_q.resolve_pending(session, pending_id, outcome=outcome, at=now)


async def is_published(session: AsyncSession, period: Period) -> bool:
    review = await reviews_q.get_review(session, period.name)
    return review is not None and review.status == "published"
