"""While the inbox retries an update that failed for a passing reason, the user hears "received, it will be
done shortly" once — not an apology at every attempt — and then the real answer; if the retries run out,
one sentence saying to send it again.

The passing reason is real: another transaction (a long ledger import, a migration by hand) holds the
report table, and the bot's connections have a lock_timeout, so each attempt fails with PostgreSQL's
"lock not available" while the table is held.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import text

from bot.render.texts import message
from bot.runtime.app import build_application, start_polling, stop_app
from bot.runtime.inbox import InboxOptions
from bot.settings import Settings
from bot.simulator import BotApiSimulator
from storage.db import make_engine, make_sessionmaker
from tests.faults.harness import CONTACT_BASE, TOKEN, prepare_county, stored_reports

WILL_RETRY = message("will_retry", "zh")
FAILED = message("failed_try_again", "zh")


@asynccontextmanager
async def bot_with_lock_timeout(sim: BotApiSimulator, url: str, options: InboxOptions) -> AsyncIterator[None]:
    """The real application, polling the simulator, its connections giving up on a lock after 0.3 s."""
    engine = make_engine(url, connect_args={"server_settings": {"lock_timeout": "300"}})
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        telegram_token=TOKEN,
        telegram_api_base_url=f"{sim.url}/bot",
        telegram_file_base_url=f"{sim.url}/file/bot",
        database_url=url,
    )
    app = build_application(settings, sessions=make_sessionmaker(engine))
    await start_polling(app, poll_timeout=1, inbox_options=options)
    try:
        yield
    finally:
        await stop_app(app)
        await engine.dispose()


@asynccontextmanager
async def report_table_held(url: str) -> AsyncIterator[None]:
    """Another transaction holds the report table (nobody may even read it) until the block ends."""
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("SET LOCAL lock_timeout = '15s'"))  # fail, never hang, if it cannot
            await conn.execute(text("LOCK TABLE report IN ACCESS EXCLUSIVE MODE"))
            yield
    finally:
        await engine.dispose()


def inbox_retries(caplog: pytest.LogCaptureFixture) -> int:
    return sum("trying again" in r.getMessage() for r in caplog.records if r.name == "flagbot.inbox")


async def test_a_retried_update_says_later_once_then_answers(
    sim: BotApiSimulator, pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="flagbot")
    await prepare_county(pg_url, 1)
    contact = sim.user(CONTACT_BASE + 1, "联络员1")
    async with bot_with_lock_timeout(sim, pg_url, InboxOptions(retry_base_s=0.5)):
        async with report_table_held(pg_url):
            contact.send("/report P1 5")
            (later,) = await contact.wait_replies(1, timeout=20)
            assert later["text"] == WILL_RETRY
            # tried again after 0.5 s and 1 s, failing each time (the table is still held): no new message
            await sim.wait_for(lambda: inbox_retries(caplog) >= 3, 20, "three failed attempts")
            assert len(contact.chat.bot_messages()) == 1
        (answer,) = await contact.wait_replies(1, timeout=30)  # the table is free: the real answer
        assert "累计完成5" in answer["text"]
        await sim.wait_idle(timeout=10, quiet=0.5)
    assert [m["text"] for m in contact.chat.bot_messages()] == [WILL_RETRY, answer["text"]]
    assert await stored_reports(pg_url) == (1, 1, {(1, 5.0)})


async def test_when_the_retries_run_out_the_user_is_asked_to_send_again(
    sim: BotApiSimulator, pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="flagbot")
    await prepare_county(pg_url, 1)
    contact = sim.user(CONTACT_BASE + 1, "联络员1")
    async with bot_with_lock_timeout(sim, pg_url, InboxOptions(retries=2, retry_base_s=0.3)):
        async with report_table_held(pg_url):
            contact.send("/report P1 5")
            later, failed = await contact.wait_replies(2, timeout=20)
            assert (later["text"], failed["text"]) == (WILL_RETRY, FAILED)
            assert inbox_retries(caplog) == 2  # three attempts in all, one "later", one "send again"
            await asyncio.sleep(0.5)
        assert await stored_reports(pg_url) == (0, 0, set())  # nothing half-way
        contact.send("/report P1 5")  # sent again, as asked
        (answer,) = await contact.wait_replies(1, timeout=20)
        assert "累计完成5" in answer["text"]
    assert await stored_reports(pg_url) == (1, 1, {(1, 5.0)})
