"""Telegram and PostgreSQL going away for a while: the bot keeps serving once they are back, nothing lost.

The Bot API outage is a minute: 20 s each of 500s, timeouts and 429s; PostgreSQL is stopped for ~3 s under
load on a private cluster (tests/faults/pg_cluster.py).
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from bot.simulator import BotApiSimulator
from tests.faults.harness import (
    ACK,
    CONTACT_BASE,
    BotProcess,
    bot_env,
    missing_acks,
    prepare_county,
    send_reports,
    stored_reports,
    wait_until,
)
from tests.faults.pg_cluster import PrivateCluster

pytestmark = pytest.mark.slow


async def answered(contacts, values, timeout: float) -> float:  # type: ignore[no-untyped-def]
    """Wait until every contact got an acknowledgement of each value; how long it took."""
    started = time.monotonic()
    await wait_until(
        lambda: not missing_acks(contacts, values),
        timeout,
        lambda: f"acknowledgements; missing {missing_acks(contacts, values)}",
    )
    return time.monotonic() - started


async def test_bot_api_500s_timeouts_and_429s_for_a_minute(sim: BotApiSimulator, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'outage.sqlite3'}"
    await prepare_county(url, 20)
    contacts = [sim.user(CONTACT_BASE + u, f"联络员{u}") for u in range(1, 21)]
    bot = await BotProcess(bot_env(sim, url), tmp_path).start()
    try:
        contacts[0].send("/help")
        await contacts[0].wait_replies(1, timeout=60)
        send_reports(contacts, 2, first=1)
        await answered(contacts, range(1, 3), 30)

        sim.throttle.timeout_hold = 7.0  # longer than PTB's 5 s read timeout: the bot gives up first
        started = time.monotonic()
        for k, kind in ((3, "500"), (4, "timeout"), (5, "429")):  # a report from everyone in each phase
            sim.outage(20, kind)  # type: ignore[arg-type]
            send_reports(contacts, 1, first=k)
            await asyncio.sleep(20)
        assert time.monotonic() - started >= 60
        stats = sim.stats
        assert stats["5xx"] > 0 and stats["429"] > 0 and stats["timeouts"] > 0, stats

        await answered(contacts, range(1, 6), 180)  # what was said during the outage is answered
        send_reports(contacts, 1, first=6)
        assert await answered(contacts, range(6, 7), 30) < 15  # and the bot is back to normal
    finally:
        code = await bot.stop()
    assert code == 0, bot.logs()[-3000:]
    assert await stored_reports(url) == (120, 120, {(u, float(k)) for u in range(1, 21) for k in range(1, 7)})
    # Telegram was the trouble: no apology, no "later" (it could not have arrived before the real answer)
    for contact in contacts[1:]:
        assert all(ACK.search(m.get("text") or "") for m in contact.chat.bot_messages())


async def test_postgresql_restarted_under_load(
    sim: BotApiSimulator, private_pg: PrivateCluster, tmp_path: Path
) -> None:
    url = private_pg.url
    await prepare_county(url, 30)
    contacts = [sim.user(CONTACT_BASE + u, f"联络员{u}") for u in range(1, 31)]
    bot = await BotProcess(bot_env(sim, url), tmp_path).start()
    try:
        contacts[0].send("/help")
        await contacts[0].wait_replies(1, timeout=60)
        send_reports(contacts, 3, first=1)
        await answered(contacts, range(1, 4), 30)

        async def waves() -> None:  # 30 reports every 0.25 s, before, during and after the restart
            for k in range(4, 16):
                send_reports(contacts, 1, first=k)
                await asyncio.sleep(0.25)

        load = asyncio.create_task(waves())
        await asyncio.sleep(0.6)
        await asyncio.to_thread(private_pg.stop, "fast")  # every connection is cut
        await asyncio.sleep(3)
        await asyncio.to_thread(private_pg.start)
        await load
        await answered(contacts, range(1, 16), 90)
        send_reports(contacts, 1, first=16)
        assert await answered(contacts, range(16, 17), 30) < 10  # reconnected by itself
        assert bot.running
    finally:
        code = await bot.stop()
    assert code == 0, bot.logs()[-3000:]
    rows, keys, values = await stored_reports(url)
    assert (rows, keys) == (30 * 16, 30 * 16)
    assert values == {(u, float(k)) for u in range(1, 31) for k in range(1, 17)}
