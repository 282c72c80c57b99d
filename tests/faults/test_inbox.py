"""Polling through the inbox, in process: what an earlier run stored and did not process goes first, in
order, before anything new."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from bot.simulator import BotApiSimulator
from storage.queries import inbox as inbox_q
from storage.tables import Inbox, Person
from tests.conftest import Db
from tests.e2e.conftest import start_bot, stop_bot
from tests.factories import add_project
from tests.faults.harness import ACK


def report_update(update_id: int, user_id: int, text: str, date: int) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": date,
            "chat": {"id": user_id, "type": "private", "first_name": "王"},
            "from": {"id": user_id, "is_bot": False, "first_name": "王", "language_code": "zh-hans"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
        },
    }


async def test_updates_left_unprocessed_by_a_crash_go_first_in_order(sim: BotApiSimulator, db: Db) -> None:
    async with db.sessions.begin() as session:
        project = await add_project(
            session, "P1", unit="人社局", start=date(2000, 1, 1), due=date(2100, 12, 31)
        )
        now = datetime.now(UTC)
        session.add(Person(user_id=4242, name="王", unit_id=project.unit_id, created_at=now, updated_at=now))
    contact = sim.user(4242, "王")
    base = int(time.time()) - 300
    left = [report_update(900 + k, 4242, f"/report P1 {k}", base + k) for k in (1, 2, 3)]
    async with db.sessions.begin() as session:  # stored by a process that was then killed
        await inbox_q.add_updates(session, left, now=now - timedelta(seconds=5), claimed_by="gone:1:x")

    harness = await start_bot(sim, db, clock_at=datetime.now(UTC))
    try:
        contact.send("/report P1 4", date=base + 4)
        await sim.wait_for(lambda: len(contact.chat.bot_messages()) >= 4, 15, "four acknowledgements")
        texts = [r.get("text") or "" for r in contact.chat.bot_messages()]
        values = [int(m.group(1)) for text in texts if (m := ACK.search(text))]
        assert values == [1, 2, 3, 4]
        for _ in range(100):  # each is marked processed just after its handler finished
            async with db.sessions() as session:
                pending = await inbox_q.inbox_backlog(session)
                stored = (await session.execute(select(func.count()).select_from(Inbox))).scalar_one()
            if not pending:
                break
            await asyncio.sleep(0.05)
        assert (pending, stored) == (0, 4)
    finally:
        await stop_bot(harness)
