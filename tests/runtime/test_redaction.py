"""The bot token never reaches a stored or forwarded error (issue 10 item 7): aiohttp's InvalidURL and
TooManyRedirects put the request URL, token and all, into their text."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from sqlalchemy import select
from telegram.error import NetworkError

from bot.context import Clock
from bot.logs import redact
from bot.outbound.admin_notes import tell_admins
from bot.runtime.app import build_application
from bot.runtime.delivery import SenderOptions, start_sender
from bot.runtime.transport import AiohttpRequest
from bot.settings import Settings
from storage.queries import outbox as outbox_q
from storage.tables import Outbox
from tests.conftest import Db, shanghai
from tests.e2e.conftest import ADMIN_ID

TOKEN = "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"  # the shape of a real one; not ours
SECRET = TOKEN.split(":")[1]


def test_a_token_shaped_string_is_redacted_even_when_we_do_not_know_it() -> None:
    text = f"InvalidURL: http://api.example/bot{TOKEN}/sendMessage"
    assert redact(text) == "InvalidURL: http://api.example/bot987654321:<redacted>/sendMessage"
    assert redact(f"x {SECRET} y", [SECRET]) == "x <redacted> y"
    assert redact("MS-01 60 路基完成 12345:short") == "MS-01 60 路基完成 12345:short"  # not a token


async def test_invalid_url_from_aiohttp_comes_out_without_the_token() -> None:
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as raised:
            await request.do_request(f"http://[::1/bot{TOKEN}/getMe", "POST")
    finally:
        await request.shutdown()
    assert "InvalidUrl" in raised.value.message and SECRET not in raised.value.message
    assert "bot987654321:<redacted>" in raised.value.message


@pytest.fixture
async def redirect_loop() -> AsyncIterator[str]:
    """A 'Bot API' that redirects every request to itself (aiohttp gives up with TooManyRedirects)."""

    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound(location=str(request.rel_url))

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", loop)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def test_outbox_error_and_the_admins_note_never_hold_the_token(redirect_loop: str, db: Db) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=TOKEN,
        telegram_api_base_url=f"{redirect_loop}/bot",
        telegram_file_base_url=f"{redirect_loop}/file/bot",
        admin_ids=[ADMIN_ID],
        database_url=db.url,
    )
    clock = Clock(settings)
    app = build_application(settings, sessions=db.sessions, clock=clock)
    options = SenderOptions(backoff_base_s=0.05, backoff_cap_s=0.1, idle_poll_s=0.05, max_attempts=1)
    sender = await start_sender(app, options)
    try:
        async with db.sessions.begin() as session:
            await outbox_q.enqueue(session, chat_id=7001, text="第一条", now=clock.now())
        sender.wake()
        deadline = time.monotonic() + 20
        while True:
            async with db.sessions() as session:
                rows = list((await session.execute(select(Outbox).order_by(Outbox.id))).scalars())  # type: ignore[arg-type]
            if rows[0].failed_at is not None and len(rows) > 1:
                break
            assert time.monotonic() < deadline, [r.error for r in rows]
            await asyncio.sleep(0.05)
    finally:
        await sender.stop()
    failed, note = rows[0], rows[1]
    assert failed.error is not None and "TooManyRedirects" in failed.error
    assert SECRET not in failed.error and "<redacted>" in failed.error
    assert note.chat_id == ADMIN_ID and "TooManyRedirects" in note.text and SECRET not in note.text


async def test_a_note_to_the_admins_never_quotes_a_token(db: Db) -> None:
    settings = Settings(_env_file=None, admin_ids=[ADMIN_ID])  # type: ignore[call-arg]
    async with db.sessions.begin() as session:
        queued = await tell_admins(
            session,
            key="admin_error_alert",
            params={"summary": f"TooManyRedirects: http://x/bot{TOKEN}/sendMessage"},
            settings=settings,
            now=shanghai(2026, 11, 10, 9, 0),
        )
    assert queued == 1
    async with db.sessions() as session:
        (row,) = (await session.execute(select(Outbox))).scalars().all()
    assert SECRET not in row.text and "bot987654321:<redacted>/sendMessage" in row.text
