"""The guided way to fill in a rectification item (docs/rectification.md): the contact presses 填写 under
/plan's list, and the next private message (问题；措施；责任人；完成时限) fills that item in."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.views_rectify import PlanItem
from bot.services.errors import UserError
from bot.services.rectify import item_view
from storage.queries import people as people_q

PLAN_FILL = "plan_fill"
FILL_HOURS = 2  # a press forgotten for longer no longer captures the next message


async def start_fill(
    session: AsyncSession,
    item_id: int,
    *,
    unit_id: int,
    user_id: int,
    chat_id: int,
    now: datetime,
    tz: tzinfo,
) -> PlanItem:
    """The contact pressed 填写 on an item: wait for its four fields (replacing any earlier press)."""
    view = await item_view(session, item_id, now=now, tz=tz)
    if view is None or view.unit_id != unit_id:
        raise UserError("rectify_item_gone")
    if not view.state.editable:
        raise UserError("rectify_item_final", code=view.code)
    for old in await people_q.list_open_pending(session, user_id=user_id, kinds=(PLAN_FILL,)):
        assert old.id is not None
        await people_q.resolve_pending(session, old.id, outcome="replaced", at=now)
    await people_q.add_pending(
        session, kind=PLAN_FILL, user_id=user_id, chat_id=chat_id, payload={"code": view.code}, now=now
    )
    return view


async def open_fill(session: AsyncSession, *, user_id: int, now: datetime) -> tuple[int, str] | None:
    """(pending id, project code) of the item waiting for this user's fields, if any."""
    pending = await people_q.open_pending(session, user_id=user_id, kind=PLAN_FILL)
    if pending is None or pending.id is None:
        return None
    if now - pending.created_at > timedelta(hours=FILL_HOURS):
        await people_q.resolve_pending(session, pending.id, outcome="expired", at=now)
        return None
    return pending.id, str(pending.payload.get("code") or "")


async def finish_fill(session: AsyncSession, pending_id: int, *, now: datetime) -> None:
    await people_q.resolve_pending(session, pending_id, outcome="filled", at=now)
