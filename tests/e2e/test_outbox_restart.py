"""The outbox across restarts and failed transactions (SPEC §9): everything is in the database, a new
process continues where the old one stopped, nothing is sent twice, and nothing is queued for an event
that did not happen."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import pytest

from bot.domain.periods import Period
from bot.outbound.publication import publish_and_announce, publish_now
from bot.simulator import BotApiSimulator, SentCall
from storage.queries import outbox as outbox_q
from storage.queries import reviews as reviews_q
from storage.tables import ChatBinding, Person
from tests.conftest import Db, shanghai
from tests.e2e.conftest import ADMIN_ID, DEFAULT_NOW, make_settings, start_bot, stop_bot
from tests.factories import add_project, report

OCT = Period(2026, 10)
AFTER_OCT = shanghai(2026, 11, 10, 9, 0)


def delivered(sim: BotApiSimulator, chat_id: int | None = None) -> list[SentCall]:
    return sim.sent(chat_id, method="sendMessage", ok=True)


async def pending(db: Db) -> int:
    async with db.sessions() as session:
        return await outbox_q.count_pending(session)


async def drained(db: Db, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while (left := await pending(db)) > 0:
        assert time.monotonic() < deadline, f"{left} messages still pending"
        await asyncio.sleep(0.05)


async def test_a_new_process_delivers_the_rest_and_nothing_twice(sim: BotApiSimulator, db: Db) -> None:
    users = [sim.user(6000 + i, f"联络员{i}") for i in range(10)]
    sim.limits(global_per_sec=30, per_chat_per_sec=1, per_group_per_min=20)
    texts = [f"第{i:02d}号通知" for i in range(50)]
    async with db.sessions.begin() as session:
        for i, text in enumerate(texts):
            await outbox_q.enqueue(session, chat_id=users[i % 10].id, text=text, now=DEFAULT_NOW)

    first = await start_bot(sim, db)
    await sim.wait_for(lambda: len(delivered(sim)) >= 15, timeout=10, what="15 messages")
    await stop_bot(first)
    sent_before = len(delivered(sim))
    assert 15 <= sent_before < 50
    assert await pending(db) == 50 - sent_before  # a clean stop recorded every message it sent

    second = await start_bot(sim, db)
    try:
        await drained(db)
    finally:
        await stop_bot(second)
    assert Counter(c.params["text"] for c in delivered(sim)) == Counter(texts)  # each exactly once
    for i, user in enumerate(users):
        assert [c.params["text"] for c in delivered(sim, user.id)] == texts[i::10]  # in order
    assert sim.stats["429"] == 0


async def build_county(db: Db) -> None:
    """Two units; 应急管理局 gets a yellow flag; leaders' chat and work group bound; one contact each."""
    async with db.sessions.begin() as s:
        good = await add_project(s, "MS-01", unit="人社局")
        bad = await add_project(s, "MS-02", unit="应急管理局")
        for user_id, unit_id in ((8101, good.unit_id), (8102, bad.unit_id)):
            s.add(
                Person(
                    user_id=user_id,
                    name=f"联络员{user_id}",
                    unit_id=unit_id,
                    created_at=DEFAULT_NOW,
                    updated_at=DEFAULT_NOW,
                )
            )
        for kind, chat_id in (("leaders", -8001), ("workgroup", -8002)):
            s.add(
                ChatBinding(kind=kind, chat_id=chat_id, title=kind, bound_by=ADMIN_ID, bound_at=DEFAULT_NOW)
            )
    async with db.sessions.begin() as s:
        await report(s, "MS-01", 110, shanghai(2026, 10, 20, 10, 0))
        await report(s, "MS-02", 40, shanghai(2026, 10, 20, 10, 0))


async def test_a_publication_that_fails_half_way_queues_nothing(sim: BotApiSimulator, db: Db) -> None:
    await build_county(db)
    settings = make_settings(sim, db)
    with pytest.raises(RuntimeError, match="half-way"):
        async with db.sessions.begin() as session:
            await publish_and_announce(session, OCT, settings=settings, now=AFTER_OCT, actor="test")
            assert len(await outbox_q.list_outbox(session)) >= 3  # queued inside the transaction …
            raise RuntimeError("crashed half-way")
    async with db.sessions() as session:
        assert list(await outbox_q.list_outbox(session)) == []  # … and gone with it
        review = await reviews_q.get_review(session, OCT.name)
    assert review is None or review.status != "published"


async def test_a_published_review_reaches_both_chats_and_the_yellow_unit(
    sim: BotApiSimulator, db: Db
) -> None:
    await build_county(db)
    sim.group(-8001, "领导群")
    sim.group(-8002, "工作群")
    for user_id in (8101, 8102):
        sim.user(user_id, f"联络员{user_id}")
    await publish_now(db.sessions, OCT, settings=make_settings(sim, db), now=AFTER_OCT, actor="test")
    harness = await start_bot(sim, db, clock_at=AFTER_OCT)
    try:
        await drained(db)
    finally:
        await stop_bot(harness)
    for group in (-8001, -8002):
        [announcement] = delivered(sim, group)
        assert "应急管理局" in announcement.params["text"] and "黄旗" in announcement.params["text"]
    assert delivered(sim, 8101) == []
    [yellow] = delivered(sim, 8102)
    assert "黄旗" in yellow.params["text"] and "/plan" in yellow.params["text"]
