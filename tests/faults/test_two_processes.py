"""Two webhook processes on one PostgreSQL: both answer updates, one leads (scheduler and outbox sender),
each review is announced once, and when the leader is killed the other takes over within a minute."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.simulator import BotApiSimulator
from storage.db import make_engine, make_sessionmaker
from storage.tables import Outbox, Review
from tests.faults.harness import (
    CONTACT_BASE,
    BotProcess,
    WebhookRelay,
    bot_env,
    free_port,
    missing_acks,
    prepare_county,
    review_due_now,
    send_reports,
    stored_reports,
    wait_until,
    webhook_env,
)

pytestmark = pytest.mark.slow

LEADERS_CHAT = -100500
CONTACTS = 20


async def outbox_state(url: str) -> tuple[int, int, list[str]]:
    """(reviews published, outbox rows not yet sent, the texts queued for the leaders' chat)."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            published = (
                await session.execute(
                    select(func.count()).select_from(Review).where(Review.status == "published")
                )
            ).scalar_one()
            unsent = (
                await session.execute(
                    select(func.count())
                    .select_from(Outbox)
                    .where(Outbox.sent_at.is_(None), Outbox.failed_at.is_(None))
                )
            ).scalar_one()
            texts = (
                (await session.execute(select(Outbox.text).where(Outbox.chat_id == LEADERS_CHAT)))
                .scalars()
                .all()
            )
    finally:
        await engine.dispose()
    return int(published), int(unsent), list(texts)


async def test_two_webhook_processes_one_leader_one_announcement_and_a_takeover(
    sim: BotApiSimulator, pg_url: str, tmp_path: Path
) -> None:
    await prepare_county(pg_url, CONTACTS, leaders=[800001], leaders_chat=LEADERS_CHAT)
    group = sim.group(LEADERS_CHAT, "县领导群")
    contacts = [sim.user(CONTACT_BASE + u, f"联络员{u}") for u in range(1, CONTACTS + 1)]
    due = review_due_now()
    a = BotProcess(bot_env(sim, pg_url, **due, **webhook_env(free_port())), tmp_path, "a")
    b = BotProcess(bot_env(sim, pg_url, **due, **webhook_env(free_port())), tmp_path, "b")
    await a.start()
    try:
        await a.wait_healthy()
        await wait_until(lambda: "leading:" in a.logs(), 30, "a leading")
        await b.start()
        assert (await b.wait_healthy())["scheduler"] == "follower"
        assert sim.webhook["url"] == "https://bot.example.org/telegram/webhook"  # set by the leader
        assert sim.webhook["secret_token"]

        targets = [f"http://127.0.0.1:{p.port}/telegram/webhook" for p in (a, b)]
        async with WebhookRelay(sim, targets) as relay:
            send_reports(contacts, 3, first=1)
            await wait_until(lambda: not missing_acks(contacts, range(1, 4)), 60, "the first three waves")
            assert "msg=update" in a.logs() and "msg=update" in b.logs()  # both answered updates

            # the review became due before they started: the leader published it once, its sender announces
            await wait_until(lambda: bool(group.bot_messages()), 60, "the announcement in the leaders' chat")
            published, _, queued = await outbox_state(pg_url)
            assert published == 1 and queued
            roles = sorted([(await a.health())[1]["scheduler"], (await b.health())[1]["scheduler"]])
            assert roles == ["follower", "leader"]

            a.kill()
            await a.wait()
            killed = time.monotonic()
            await wait_until(lambda: "lost" in b.logs() or "leading:" in b.logs(), 60, "b taking over")
            while (await b.health())[1]["scheduler"] != "leader":
                assert time.monotonic() - killed < 60, b.logs()[-3000:]
                await asyncio.sleep(0.5)
            takeover_s = time.monotonic() - killed
            print(f"takeover after {takeover_s:.1f} s")

            send_reports(contacts, 3, first=4)  # the relay fails over to b, like a load balancer would
            await wait_until(lambda: not missing_acks(contacts, range(1, 7)), 60, "the waves after the kill")
            await wait_until(lambda: "review check" in b.logs(), 30, "b's catch-up review check")
            # b's sender delivers anything a left unsent (a chart a never built takes b a few seconds to
            # draw in its child process); nothing twice, checked below
            drained = time.monotonic() + 60
            while (await outbox_state(pg_url))[1]:
                assert time.monotonic() < drained, b.logs()[-3000:]
                await asyncio.sleep(0.5)
            assert relay.delivered >= CONTACTS * 6
    finally:
        if a.running:
            a.kill()
        code = await b.stop()
    assert code == 0, b.logs()[-3000:]
    assert takeover_s < 60

    published, unsent, queued = await outbox_state(pg_url)
    assert published == 1 and unsent == 0
    sent_texts = [m.get("text") or m.get("caption") for m in group.bot_messages()]
    assert len(sent_texts) == len(queued)  # every queued announcement message delivered exactly once
    assert "already_published" in b.logs()  # b's catch-up found the review published: no second one
    rows, keys, _ = await stored_reports(pg_url)
    assert rows == keys == CONTACTS * 6


async def test_a_second_polling_process_stands_by_and_takes_over(
    sim: BotApiSimulator, pg_url: str, tmp_path: Path
) -> None:
    await prepare_county(pg_url, 1)
    contact = sim.user(CONTACT_BASE + 1, "联络员1")
    a = await BotProcess(bot_env(sim, pg_url), tmp_path, "a").start()
    b: BotProcess | None = None
    try:
        await wait_until(lambda: "leading:" in a.logs(), 30, "a leading")
        b = await BotProcess(bot_env(sim, pg_url), tmp_path, "b").start()
        await wait_until(lambda: "standing by" in b.logs(), 30, "b standing by")
        contact.send("/report P1 1")
        await contact.wait_replies(1, timeout=20)
        a.kill()
        await a.wait()
        killed = time.monotonic()
        contact.send("/report P1 2")  # nobody polls until b takes over; Telegram keeps it meanwhile
        await contact.wait_replies(1, timeout=60)
        assert time.monotonic() - killed < 30
        assert "getUpdates failed" not in b.logs()  # never two pollers at once (no 409 Conflict)
    finally:
        if a.running:
            a.kill()
        code = await b.stop() if b is not None else 0
    assert code == 0
    assert (await stored_reports(pg_url))[:2] == (2, 2)
