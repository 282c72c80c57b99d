"""Webhook mode: the secret is checked, an update is stored before the 200, a re-delivery is processed once,
rows a dead process held are taken over, /healthz tells the truth."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.runtime.app import build_application, start_webhook, stop_app
from bot.runtime.health import health
from bot.settings import Settings
from bot.simulator import BotApiSimulator
from storage.db import make_engine, make_sessionmaker
from storage.queries import inbox as inbox_q
from storage.tables import Inbox
from tests.conftest import Db
from tests.faults.harness import (
    ROOT,
    SECRET,
    TOKEN,
    BotProcess,
    bot_env,
    free_port,
    prepare_county,
    webhook_env,
)

PATH = "/telegram/webhook"


async def inbox_rows(url: str) -> int:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            return int((await session.execute(select(func.count()).select_from(Inbox))).scalar_one())
    finally:
        await engine.dispose()


async def post(port: int, update: dict[str, object], secret: str | None = SECRET) -> int:
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"http://127.0.0.1:{port}{PATH}", json=update, headers=headers) as response,
    ):
        return response.status


def start_update(update_id: int, user_id: int, text: str = "/start") -> dict[str, object]:
    """A private message as Telegram would POST it."""
    user = {"id": user_id, "is_bot": False, "first_name": "王", "language_code": "zh-hans"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": user_id, "type": "private", "first_name": "王"},
            "from": user,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
        },
    }


async def test_a_request_without_the_right_secret_gets_403_and_stores_nothing(
    sim: BotApiSimulator, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'webhook.sqlite3'}"
    await prepare_county(url, 1)
    bot = BotProcess(bot_env(sim, url, **webhook_env(free_port())), tmp_path)
    await bot.start()
    try:
        sim.user(4242, "王")  # the simulator knows the chat the bot will answer in
        body = await bot.wait_healthy()
        assert body["database"] == "ok" and body["inbox_backlog"] == 0 and body["version"]
        assert sim.webhook["secret_token"] == SECRET  # setWebhook told Telegram the secret to send back
        assert await post(bot.port, start_update(1, 4242), secret=None) == 403  # type: ignore[arg-type]
        assert await post(bot.port, start_update(2, 4242), secret="guess") == 403  # type: ignore[arg-type]
        assert await inbox_rows(url) == 0
        assert await post(bot.port, start_update(3, 4242)) == 200  # type: ignore[arg-type]
        await sim.wait_for(lambda: bool(sim.messages(4242)), 20, "the reply to the one good request")
        assert await inbox_rows(url) == 1
        assert len(sim.sent(chat_id=4242, method="sendMessage")) == 1
    finally:
        code = await bot.stop()
    assert code == 0, bot.logs()[-3000:]
    assert SECRET not in bot.logs() and TOKEN.split(":")[1] not in bot.logs()


@pytest.mark.parametrize(
    ("secret", "said"),
    [("", "WEBHOOK_SECRET is not"), ("x", "WEBHOOK_SECRET must be at least 16 characters (it has 1)")],
)
async def test_webhook_url_without_a_secret_or_with_a_short_one_is_refused_with_a_clear_error(
    tmp_path: Path, secret: str, said: str
) -> None:
    env = {
        **os.environ,
        "TELEGRAM_TOKEN": TOKEN,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}",
        "WEBHOOK_URL": "https://bot.example.org/telegram/webhook",
        "WEBHOOK_SECRET": secret,
        "PYTHONPATH": str(ROOT),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, cwd=tmp_path, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert said in stderr.decode() and "Traceback" not in stderr.decode()


async def test_healthz_says_503_when_the_database_is_away() -> None:
    engine = make_engine("postgresql+asyncpg://postgres@127.0.0.1:9/nowhere")
    try:
        status, body = await health(make_sessionmaker(engine), role="follower", timeout_s=5)
    finally:
        await engine.dispose()
    assert status == 503 and body["scheduler"] == "follower"
    assert (body["status"], body["database"]) == ("degraded", "unavailable")  # no host, user or error text
    assert "nowhere" not in str(body) and "127.0.0.1" not in str(body)


# ------------------------------------------------------------- in process, on SQLite and PostgreSQL


@pytest.fixture
async def webhook_bot(sim: BotApiSimulator, db: Db) -> AsyncIterator[tuple[object, int]]:
    port = free_port()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        telegram_token=TOKEN,
        telegram_api_base_url=f"{sim.url}/bot",
        telegram_file_base_url=f"{sim.url}/file/bot",
        database_url=db.url,
        webhook_url=f"https://bot.example.org{PATH}",
        webhook_secret=SECRET,
        webhook_listen="127.0.0.1",
        webhook_port=port,
    )
    app = build_application(settings, sessions=db.sessions)
    yield app, port
    await stop_app(app)


async def test_an_update_delivered_twice_is_processed_once(
    sim: BotApiSimulator, db: Db, webhook_bot: tuple[object, int]
) -> None:
    app, port = webhook_bot
    sim.user(4343, "王")
    await start_webhook(app)  # type: ignore[arg-type]
    update = start_update(7, 4343)
    assert await post(port, update) == 200
    await sim.wait_for(lambda: bool(sim.messages(4343)), 10, "the reply")
    assert await post(port, update) == 200  # Telegram did not see our 200 and sent it again
    await sim.wait_idle(timeout=10, quiet=0.5)
    assert len(sim.sent(chat_id=4343, method="sendMessage")) == 1


async def test_rows_a_dead_process_held_are_taken_over_live_claims_are_not(
    sim: BotApiSimulator, db: Db, webhook_bot: tuple[object, int]
) -> None:
    now = datetime.now(UTC)
    sim.user(5001, "王")
    sim.user(5002, "李")
    async with db.sessions.begin() as session:
        await inbox_q.add_updates(
            session, [start_update(20, 5001)], now=now - timedelta(minutes=10), claimed_by="dead:1:x"
        )
        await inbox_q.add_updates(session, [start_update(21, 5002)], now=now, claimed_by="alive:2:y")
    app, _ = webhook_bot
    await start_webhook(app)  # type: ignore[arg-type]
    await sim.wait_for(lambda: bool(sim.messages(5001)), 15, "the reply to the update the dead process held")
    await sim.wait_idle(timeout=10, quiet=0.5)
    sole = db.url.startswith("sqlite")  # SQLite has one process: whatever is unprocessed is its own
    assert bool(sim.messages(5002)) is sole
