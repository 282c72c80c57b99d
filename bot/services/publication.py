"""Publishing a review and queuing what it says to whom (SPEC §7), in the same transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.flags import FlagColor
from bot.domain.periods import Period
from bot.domain.review import ReviewResult
from bot.render.chat import split_message
from bot.render.review import review_text
from bot.services.reviews import publish_review
from bot.settings import Settings
from storage.queries import ledger as ledger_q
from storage.queries import people as people_q
from storage.queries.outbox import enqueue

PLAIN = {"parse_mode": None}  # outbox payload: plain text, not the bot's default HTML


async def publish_and_announce(
    session: AsyncSession, period: Period, *, settings: Settings, now: datetime, actor: str
) -> ReviewResult:
    """Publish the period's review (once) and queue the announcement and the yellow-flag messages.

    Everything happens in the caller's transaction: either the review is published and every message
    is queued, or nothing is.
    """
    result = await publish_review(
        session, period, policy=settings.policy, tz=settings.tz, now=now, actor=actor
    )
    announcement = review_text(result, tz=settings.tz, lang=settings.language or "zh")
    # review_text is plain text with unit and category names in it: sent without a parse mode, so a
    # "<" or "&" in a name cannot make Telegram refuse it; a long ranking goes out in several messages.
    parts = split_message(announcement)
    for kind in ("leaders", "workgroup"):
        binding = await people_q.get_binding(session, kind)
        if binding is not None:
            for number, part in enumerate(parts, start=1):
                await enqueue(
                    session,
                    chat_id=binding.chat_id,
                    text=part,
                    now=now,
                    payload=dict(PLAIN),
                    dedupe_key=f"review:{period.name}:{kind}" + (f":{number}" if number > 1 else ""),
                )
    yellow_units = {e.unit_id for e in result.entries if e.flag is FlagColor.YELLOW}
    for unit_id in sorted(yellow_units):
        unit = await ledger_q.get_unit(session, unit_id)
        assert unit is not None
        categories = [
            e.category for e in result.entries if e.unit_id == unit_id and e.flag is FlagColor.YELLOW
        ]
        for person in await people_q.list_people(session, unit_id=unit_id):
            await enqueue(
                session,
                chat_id=person.user_id,
                text=(
                    f"{unit.name}在{period.label_zh()}讲评中被评为黄旗（{'、'.join(categories)}）。"
                    f"请在 {settings.plan_due_days} 天内用 /plan 提交整改措施。"
                ),
                now=now,
                payload=dict(PLAIN),
                dedupe_key=f"review:{period.name}:yellow:{person.user_id}",
            )
    return result
