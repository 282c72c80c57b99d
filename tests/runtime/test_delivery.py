"""The outbox sender against the Bot API simulator: Telegram's limits, 429s, outages, blocked users,
migrated groups and refused messages (SPEC §9). Real database, real HTTP, real waiting (small numbers)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from bot.context import Clock
from bot.render.marks import bold
from bot.runtime.app import build_application, start_polling, stop_app
from bot.runtime.delivery import OutboxSender, RateLimits, SenderOptions, start_sender
from bot.simulator import BotApiSimulator
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.queries import outbox as outbox_q
from storage.queries import people as people_q
from storage.queries.ledger import add_unit
from storage.tables import ChatBinding, Outbox, Person
from tests.conftest import Db
from tests.e2e.conftest import ADMIN_ID, make_settings

# Telegram's limits to the letter (the default leaves 5/s for replies), with a back-off in tenths of seconds instead of seconds.
FAST = SenderOptions(
    global_per_sec=30, backoff_base_s=0.1, backoff_cap_s=1.0, idle_poll_s=0.1, max_attempts=10
)
TELEGRAM_LIMITS = {"global_per_sec": 30, "per_chat_per_sec": 1, "per_group_per_min": 20}


@dataclass
class Rig:
    sim: BotApiSimulator
    db: Db
    app: object
    sender: OutboxSender
    clock: Clock

    def now(self) -> datetime:
        return self.clock.now()

    async def queue(self, *messages: tuple[int, str], **fields: object) -> None:
        """Queue messages in one transaction, as an event would."""
        async with self.db.sessions.begin() as session:
            for chat_id, text in messages:
                await outbox_q.enqueue(session, chat_id=chat_id, text=text, now=self.now(), **fields)  # type: ignore[arg-type]
        self.sender.wake()

    async def drained(self, timeout: float = 20.0) -> None:
        """Until nothing is left to send (sent or failed) but what was queued for later."""
        deadline = time.monotonic() + timeout
        while True:
            now, rows = self.now(), await self.rows()
            pending = sum(
                1
                for r in rows
                if r.sent_at is None and r.failed_at is None and (r.error or r.not_before <= now)
            )
            if pending == 0:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{pending} messages still pending after {timeout}s")
            await asyncio.sleep(0.05)

    async def rows(self) -> list[Outbox]:
        async with self.db.sessions() as session:
            return list(await outbox_q.list_outbox(session))

    def delivered(self, chat_id: int, method: str = "sendMessage") -> list[str]:
        """Texts (or captions) Telegram accepted in a chat, in order."""
        return [
            c.params.get("text") or c.params.get("caption") or ""
            for c in self.sim.sent(chat_id, method=method, ok=True)
        ]

    def all_delivered(self) -> Counter[str]:
        return Counter(c.params["text"] for c in self.sim.sent(method="sendMessage", ok=True))


@pytest.fixture
async def sim() -> AsyncIterator[BotApiSimulator]:
    simulator = BotApiSimulator(bot_username="flagbot_test_bot")
    await simulator.start()
    yield simulator
    await simulator.stop()


@asynccontextmanager
async def running(sim: BotApiSimulator, db: Db) -> AsyncIterator[Rig]:
    """The application polling the simulator, with an outbox sender on fast back-off; real time."""
    settings = make_settings(sim, db)
    clock = Clock(settings)
    app = build_application(settings, sessions=db.sessions, clock=clock)
    await start_polling(app, poll_timeout=1, with_sender=False)
    sender = await start_sender(app, FAST)
    sim.user(ADMIN_ID, "考核办")
    try:
        yield Rig(sim=sim, db=db, app=app, sender=sender, clock=clock)
    finally:
        await stop_app(app)


@pytest.fixture
async def rig(sim: BotApiSimulator, db: Db) -> AsyncIterator[Rig]:
    """On SQLite and PostgreSQL: for what the database has a say in."""
    async with running(sim, db) as value:
        yield value


@pytest.fixture
async def sqlite_rig(sim: BotApiSimulator, sqlite_url: str) -> AsyncIterator[Rig]:
    """On SQLite only: for timing behaviour (429s, outages, back-off) that no database changes."""
    engine = make_engine(sqlite_url)
    await upgrade(engine)
    try:
        async with running(
            sim, Db(engine=engine, sessions=make_sessionmaker(engine), url=sqlite_url)
        ) as value:
            yield value
    finally:
        await engine.dispose()


def chats(sim: BotApiSimulator) -> list[int]:
    """30 private chats and 10 groups."""
    users = [sim.user(7000 + i, f"用户{i}").id for i in range(30)]
    groups = [sim.group(-7000 - i, f"群{i}").id for i in range(10)]
    return users + groups


async def test_a_hundred_messages_to_forty_chats_within_telegrams_limits(rig: Rig) -> None:
    targets = chats(rig.sim)
    rig.sim.limits(**TELEGRAM_LIMITS)
    messages = [(targets[i % 40], f"第{i:03d}条") for i in range(100)]
    await rig.queue(*messages)
    await rig.drained()
    assert rig.sim.stats["429"] == 0
    assert rig.all_delivered() == Counter(text for _, text in messages)
    for chat_id in targets:  # in the order queued, in every chat
        assert rig.delivered(chat_id) == [text for c, text in messages if c == chat_id]
    assert all(row.sent_at is not None and row.telegram_message_id for row in await rig.rows())


async def test_random_429s_delay_messages_but_each_is_delivered_once(sqlite_rig: Rig) -> None:
    rig = sqlite_rig
    targets = chats(rig.sim)
    rig.sim.limits(**TELEGRAM_LIMITS)
    rig.sim.faults(rate_429=0.1, seed=20261020)
    messages = [(targets[i % 40], f"第{i:03d}条") for i in range(100)]
    await rig.queue(*messages)
    await rig.drained(timeout=30)
    assert rig.sim.stats["429"] > 0
    assert rig.all_delivered() == Counter(text for _, text in messages)
    for chat_id in targets:
        assert rig.delivered(chat_id) == [text for c, text in messages if c == chat_id]
    rows = await rig.rows()
    assert all(row.sent_at is not None and row.failed_at is None for row in rows)
    assert all(row.attempts == 0 for row in rows)  # a flood wait is not a failed attempt


async def test_an_outage_of_500s_is_waited_out(sqlite_rig: Rig) -> None:
    rig = sqlite_rig
    targets = chats(rig.sim)[:10]
    rig.sim.outage(2.0, "500")
    started = time.monotonic()
    messages = [(targets[i % 10], f"停机后{i}") for i in range(20)]
    await rig.queue(*messages)
    await rig.drained(timeout=20)
    assert time.monotonic() - started >= 1.9
    assert rig.sim.stats["5xx"] > 0
    assert rig.all_delivered() == Counter(text for _, text in messages)
    for chat_id in targets:
        assert rig.delivered(chat_id) == [text for c, text in messages if c == chat_id]
    rows = await rig.rows()
    assert all(row.failed_at is None for row in rows) and any(row.attempts > 0 for row in rows)


async def test_a_user_who_blocked_the_bot_is_unreachable_and_the_admins_are_told(rig: Rig) -> None:
    now = rig.now()
    async with rig.db.sessions.begin() as session:
        unit = await add_unit(session, name="应急管理局", group="县直部门", now=now)
        session.add(Person(user_id=3001, name="王伟", unit_id=unit.id, created_at=now, updated_at=now))
    rig.sim.user(3001, "王伟").block_bot()
    rig.sim.user(3002, "李娜")
    await rig.queue((3001, "请提交整改措施"), (3002, "请报送进度"), (3001, "第二条提醒"))
    await rig.queue((3001, "明天的提醒"), not_before=now + timedelta(days=1))
    await rig.drained()
    rows = {row.text: row for row in await rig.rows()}
    assert rows["请提交整改措施"].failed_at is not None and rows["第二条提醒"].failed_at is not None
    assert rows["明天的提醒"].failed_at is None  # they may have unblocked the bot by then
    assert "blocked" in (rows["请提交整改措施"].error or "")
    assert rig.delivered(3002) == ["请报送进度"]
    async with rig.db.sessions() as session:
        person = await people_q.get_person(session, 3001)
    assert person is not None and person.reachable is False
    [note] = rig.delivered(ADMIN_ID)  # one note, not one per message
    assert "应急管理局 王伟" in note and "3001" in note and "屏蔽" in note and "2条" in note


async def test_a_migrated_group_is_followed_with_its_binding(rig: Rig) -> None:
    now = rig.now()
    group = rig.sim.group(-4001, "县工作群", supergroup=False)
    async with rig.db.sessions.begin() as session:
        session.add(
            ChatBinding(kind="workgroup", chat_id=-4001, title="县工作群", bound_by=ADMIN_ID, bound_at=now)
        )
    group.migrate_to(-1004001)
    await rig.queue((-4001, "讲评通报一"), (-4001, "讲评通报二"))
    await rig.drained()
    assert rig.delivered(-1004001) == ["讲评通报一", "讲评通报二"]
    assert rig.delivered(-4001) == []
    async with rig.db.sessions() as session:
        binding = await people_q.get_binding(session, "workgroup")
    assert binding is not None and binding.chat_id == -1004001
    assert {row.chat_id for row in await rig.rows()} == {-1004001}


async def test_a_message_telegram_refuses_fails_and_the_admins_are_told(rig: Rig) -> None:
    rig.sim.user(3003, "张强")
    await rig.queue((3003, "长" * 5000), (3003, "短消息"))
    await rig.drained()
    rows = await rig.rows()
    too_long = next(row for row in rows if row.text.startswith("长"))
    assert too_long.failed_at is not None and "too long" in (too_long.error or "")
    assert rig.delivered(3003) == ["短消息"]  # the next message to the chat is not held back
    [note] = rig.delivered(ADMIN_ID)
    assert "拒收" in note and "Message is too long" in note and "会话（ID 3003）" in note


async def test_giving_up_after_the_last_attempt_tells_the_admins(sqlite_rig: Rig) -> None:
    rig, sim = sqlite_rig, sqlite_rig.sim
    rig.sender.options = SenderOptions(
        backoff_base_s=0.05, backoff_cap_s=0.2, idle_poll_s=0.1, max_attempts=2
    )
    sim.user(3004, "赵敏")
    sim.outage(60.0, "500", all_methods=False)
    await rig.queue((3004, "一直发不出去"))
    deadline = time.monotonic() + 10
    while not (rows := await rig.rows())[0].failed_at:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.05)
    assert rows[0].attempts == 2 and "Internal Server Error" in (rows[0].error or "")
    sim.outage(0)
    await rig.drained()
    [note] = rig.delivered(ADMIN_ID)
    assert "重试 2 次" in note and "赵敏" not in note and "3004" in note


async def test_photos_documents_buttons_and_plain_text(rig: Rig) -> None:
    for user_id in (3005, 3006, 3007, 3008):
        rig.sim.user(user_id, "刘洋")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
    buttons = {"inline_keyboard": [[{"text": "好", "callback_data": "ok:1"}]]}
    async with rig.db.sessions.begin() as session:
        now = rig.now()
        await outbox_q.enqueue(
            session, chat_id=3005, text=bold("粗体"), now=now, payload={"reply_markup": buttons}
        )
        await outbox_q.enqueue(session, chat_id=3005, text="R&D<办>", now=now)  # literal, never markup
        await outbox_q.enqueue(session, chat_id=3006, text="a < b & c", now=now, payload={"parse_mode": None})
        await outbox_q.enqueue(session, chat_id=3007, text="排名图", now=now, kind="photo", file_data=png)
        await outbox_q.enqueue(
            session,
            chat_id=3008,
            text="台账",
            now=now,
            kind="document",
            file_data=b"a,b\n1,2\n",
            payload={"filename": "ledger.csv"},
        )
    await rig.drained()
    bold_message, literal = rig.sim.messages(3005)
    assert literal["text"] == "R&D<办>"
    assert rig.sim.sent(3005, "sendMessage")[0].params["text"] == "<b>粗体</b>"
    assert (
        bold_message["text"] == "粗体"
        and rig.sim.sent(3005, "sendMessage")[0].params["reply_markup"] == buttons
    )
    assert [m["text"] for m in rig.sim.messages(3006)] == ["a < b & c"]
    [photo] = rig.sim.sent(3007, "sendPhoto", ok=True)
    [document] = rig.sim.sent(3008, "sendDocument", ok=True)
    assert photo.file_data() == png and photo.params["caption"] == "排名图"
    assert document.file_data() == b"a,b\n1,2\n" and document.params["caption"] == "台账"
    assert document.message is not None and document.message["document"]["file_name"] == "ledger.csv"


def test_rate_limits_never_exceed_a_sliding_window() -> None:
    """The limiter alone, on a virtual clock: 1/s per chat, 20/min per group, 30/s in all."""
    limits = RateLimits(SenderOptions(global_per_sec=30, margin_s=0.0))
    now, sends = 0.0, []
    targets = [1, 2, -1] + list(range(10, 60))
    for _ in range(2000):
        for chat in targets:
            if limits.chat_ready_at(chat, now) <= now and limits.global_ready_at(now) <= now:
                limits.begin()
                limits.end(chat, now)
                sends.append((now, chat))
        now += 0.01
    for at, _ in sends:
        assert sum(1 for t, _ in sends if at - 1.0 < t <= at) <= 30
    for chat in (1, 2, -1):
        stamps = [t for t, c in sends if c == chat]
        assert all(b - a >= 1.0 for a, b in zip(stamps, stamps[1:], strict=False))
    group = [t for t, c in sends if c == -1]
    assert all(sum(1 for t in group if at - 60.0 < t <= at) <= 20 for at in group)
    assert len(group) == 20  # 20 s of virtual time: the group used its minute's quota
