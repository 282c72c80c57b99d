"""Structured logs (bot/logs.py, bot/runtime/updates.py): one logfmt line per update with who, where, what and how it
ended — never the message text — and never the bot token, even at DEBUG with every HTTP library talking."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import re
import sys
from asyncio.subprocess import PIPE
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from telegram import Update
from telegram.ext import CommandHandler

from bot.logs import configure_logging, logfmt, uninstall_redaction
from bot.runtime.updates import command_of, update_fields
from bot.simulator import BotApiSimulator
from tests.conftest import Db
from tests.e2e.conftest import ADMIN_ID, TOKEN, make_settings, start_bot, stop_bot

SECRET = TOKEN.split(":", 1)[1]
PAIR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|\S*)')


def parse_line(line: str) -> dict[str, str]:
    """One logfmt line as a dict (quoted values are JSON strings)."""
    return {key: json.loads(value) if value.startswith('"') else value for key, value in PAIR.findall(line)}


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """configure_logging changes process-wide state: put it back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    names = ("httpx", "httpcore", "aiohttp", "telegram", "apscheduler", "aiosqlite", "asyncio", "flagbot")
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    uninstall_redaction()
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, saved in levels.items():
        logging.getLogger(name).setLevel(saved)


async def boom(update: Update, context: object) -> None:
    """A handler failing with the token in its message, as an HTTP error quoting a request URL would."""
    raise RuntimeError(f"Client error '404 Not Found' for url 'http://127.0.0.1/bot{TOKEN}/getFile'")


async def test_the_token_is_in_no_log_line_and_no_error_message(
    sim: BotApiSimulator, db: Db, restore_logging: None, caplog: pytest.LogCaptureFixture
) -> None:
    out = io.StringIO()
    configure_logging(make_settings(sim, db, log_level="DEBUG"), stream=out)
    for name in ("httpx", "httpcore", "aiohttp", "telegram", "aiosqlite"):  # everything, even the chattiest
        logging.getLogger(name).setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    bot = await start_bot(sim, db)
    bot.app.add_handler(CommandHandler("boom", boom), group=-1)  # type: ignore[attr-defined]
    try:
        user = bot.user(7301, "王联络")
        user.send("/help")
        await user.wait_replies(1)
        user.send("/boom")
        (sorry,) = await user.wait_replies(1)
        assert "出了问题" in sorry["text"]
        (alert,) = await bot.admin.wait_replies(1)
        assert "RuntimeError" in alert["text"] and "123456789:<redacted>" in alert["text"]
        await sim.wait_idle()
    finally:
        await stop_bot(bot)

    printed = out.getvalue()
    # Every Bot API call goes over aiohttp, which logs no URLs; PTB logs the Bot API URL (token in it) …
    assert "Set Bot API URL: http://127.0.0.1" in printed
    assert "123456789:<redacted>" in printed  # … and the token in it was caught
    for text in (printed, caplog.text, *(r.getMessage() for r in caplog.records)):
        assert SECRET not in text
    for call in sim.sent(chat_id=ADMIN_ID):
        assert SECRET not in json.dumps(call.params, ensure_ascii=False)
    assert all(line.startswith("ts=") for line in printed.splitlines())  # one line per record, tracebacks too
    failed = [parse_line(line) for line in printed.splitlines() if "update failed" in line]
    assert failed and "Traceback" in failed[0]["exc"] and failed[0]["level"] == "ERROR"


async def test_one_line_per_update_without_message_text(
    sim: BotApiSimulator, db: Db, restore_logging: None
) -> None:
    out = io.StringIO()
    configure_logging(make_settings(sim, db, log_level="DEBUG"), stream=out)
    bot = await start_bot(sim, db)
    bot.app.add_handler(CommandHandler("boom", boom), group=-1)  # type: ignore[attr-defined]
    group = sim.group(-100700, "县工作群")
    try:
        user = bot.user(7302, "李联络")
        sent = [
            user.send("/help"),
            user.send("/start Zq3-secretInviteCode_xyz"),
            user.send("我的秘密备注 不要记进日志"),
            user.send("/units"),  # a stranger: refused, naming the role
            user.send("/ranking@flagbot_test_bot", chat=group),
            user.send("/boom"),
        ]
        user.send_document(b"a,b\n1,2\n", "秘密台账.csv", caption="台账 机密")
        await sim.wait_idle()
        user.press(sent[0], "pick:42", check=False)
        await sim.wait_idle()
    finally:
        await stop_bot(bot)

    printed = out.getvalue()
    for private in ("秘密", "Zq3-secretInviteCode_xyz", "不要记进日志", "机密"):
        assert private not in printed
    lines = [parse_line(line) for line in printed.splitlines() if "logger=flagbot.updates" in line]
    updates = [line for line in lines if line["msg"] == "update"]
    assert len(updates) == 8
    summary = [(u["command"], u["outcome"], u["chat_type"]) for u in updates]
    assert summary == [
        ("/help", "ok", "private"),
        ("/start", "user_error", "private"),  # an invite code that does not exist
        ("text", "ok", "private"),
        ("/units", "refused", "private"),
        ("/ranking", "refused", "supergroup"),
        ("/boom", "error", "private"),
        ("document", "ok", "private"),
        ("callback:pick", "ok", "private"),
    ]
    for line in updates:
        assert line["user"] == "7302" and line["type"] in ("message", "callback_query")
        assert int(line["update_id"]) > 0 and int(line["ms"]) >= 0 and int(line["wait_ms"]) >= 0
    assert updates[4]["chat"] == "-100700"


async def test_a_revoked_token_is_not_printed_by_flagbot_run(tmp_path: Path) -> None:
    """PTB's InvalidToken quotes the token it was given; the shell prints the error with the token redacted."""

    async def unauthorized(request: web.Request) -> web.Response:
        return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)

    server = web.Application()
    server.router.add_route("*", "/{tail:.*}", unauthorized)
    runner = web.AppRunner(server)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    env = {
        **os.environ,
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{runner.addresses[0][1]}/bot",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.sqlite3'}",
        "ADMIN_IDS": "900001",
        "LOG_LEVEL": "DEBUG",
    }
    env.pop("FLAGBOT_DEBUG", None)
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, cwd=tmp_path, stdout=PIPE, stderr=PIPE
        )
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        await runner.cleanup()
    printed = (stdout + stderr).decode()
    assert process.returncode != 0
    assert "InvalidToken" in printed and "123456789:<redacted>" in printed
    assert SECRET not in printed


def _message(text: str | None = None, **fields: object) -> Update:
    data: dict[str, object] = {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 5, "type": "private"},
        "from": {"id": 5, "is_bot": False, "first_name": "x"},
        **fields,
    }
    if text is not None:
        data["text"] = text
    return Update.de_json({"update_id": 9, "message": data}, None)


@pytest.mark.parametrize(
    ("update", "command"),
    [
        (_message("/Report@flagbot_bot MS-01 60% 秘密"), "/report"),
        (_message("/报送 MS-01"), "/?"),  # not a Telegram command: never echoed
        (_message("/" + "x" * 40), "/?"),
        (_message("MS-01 60%"), "text"),
        (_message(document={"file_id": "f", "file_unique_id": "u"}, caption="/report MS-01 1"), "/report"),
        (_message(document={"file_id": "f", "file_unique_id": "u", "file_name": "秘密.xlsx"}), "document"),
        (_message(photo=[{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]), "photo"),
        (_message(sticker=None, location={"latitude": 1.0, "longitude": 2.0}), "other"),
    ],
)
def test_the_command_word_and_nothing_else(update: Update, command: str) -> None:
    assert command_of(update) == command
    assert "秘密" not in logfmt(update_fields(update))


def test_logfmt_keeps_every_value_on_one_line() -> None:
    line = logfmt({"a": 1, "b": "x y", "c": 'say "hi"\nbye', "d": "", "e": None, "f": "中文"})
    assert line == 'a=1 b="x y" c="say \\"hi\\"\\nbye" d="" e="" f=中文'
    assert parse_line(line) == {"a": "1", "b": "x y", "c": 'say "hi"\nbye', "d": "", "e": "", "f": "中文"}
