"""`flagbot doctor`: one line per check, ✓ or ✗ with what to fix, exit 0 only when everything passes — and the
token never printed. Against the Bot API simulator, real databases and places where nothing listens."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiohttp import web
from alembic.script import ScriptDirectory

from bot.cli.commands import main
from bot.cli.doctor import Say, Status, check_calendar, exit_code, report, run_checks
from bot.settings import Settings, load_settings
from bot.simulator import BotApiSimulator
from storage.db import make_engine
from storage.migrate import alembic_config, upgrade
from tests.conftest import Db

TOKEN = "123456789:TESTTOKENTESTTOKENTESTTOKEN"
SECRET = TOKEN.split(":")[1]
JUNE = date(2026, 6, 1)  # chinese-calendar 1.11 covers 2026; November would (rightly) ask for 2027


def settings(**values: object) -> Settings:
    base: dict[str, object] = {
        "telegram_token": TOKEN,
        "admin_ids": [900001],
        "language": "en",
        "telegram_api_base_url": f"http://127.0.0.1:{closed_port()}/bot",  # never the real Telegram
    }
    return Settings(_env_file=None, **{**base, **values})  # type: ignore[arg-type]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def sim() -> AsyncIterator[BotApiSimulator]:
    async with BotApiSimulator(bot_username="county_flag_bot") as simulator:
        yield simulator


async def test_a_ready_installation_passes_every_check(sim: BotApiSimulator, db: Db) -> None:
    ready = settings(telegram_api_base_url=f"{sim.url}/bot", database_url=db.url)
    checks = await run_checks(lambda: ready, today=JUNE)
    text = report(checks, "en")
    assert [c.status for c in checks] == [Status.OK] * 6, text
    assert exit_code(checks) == 0
    lines = text.splitlines()
    assert lines[1] == "✓ token: present (bot id 123456789)"
    assert "@county_flag_bot" in lines[3] and sim.url in lines[3]
    assert "schema at head" in lines[2]
    assert "covers 2026" in lines[4] and "2027 not yet" in lines[4]
    assert lines[-1] == "All checks passed."
    assert SECRET not in text
    assert [c.method for c in sim.sent()] == ["getMe"]


def test_bad_database_and_no_bot_api_from_the_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    port = closed_port()
    for name, value in {
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{port}/bot",
        "DATABASE_URL": f"postgresql://flagbot:hunter2@127.0.0.1:{closed_port()}/county",
        "ADMIN_IDS": "900001",
        "LANGUAGE": "",
    }.items():
        monkeypatch.setenv(name, value)
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        assert main(["doctor", "--timeout", "3"]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("✓ 设置") and lines[1] == "✓ 令牌：已设置（机器人 id 123456789）"
    assert lines[2].startswith("✗ 数据库：无法连接 postgresql+asyncpg://flagbot:***@127.0.0.1:")
    assert "请检查 DATABASE_URL" in lines[2]
    assert lines[3].startswith(f"✗ Bot API：无法连接 http://127.0.0.1:{port}（") and "离线" in lines[3]
    assert lines[-1] == "2 项检查未通过。"
    assert SECRET not in out and "hunter2" not in out


async def test_a_database_not_migrated_is_told_what_to_run(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite3"
    checks = await run_checks(lambda: settings(database_url=f"sqlite:///{missing}"), today=JUNE, timeout_s=2)
    assert checks[2].status is Status.FAILED and "does not exist yet" in checks[2].detail
    assert "flagbot db upgrade" in checks[2].detail and not missing.exists()  # the doctor creates nothing

    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    checks = await run_checks(lambda: settings(database_url=f"sqlite:///{empty}"), today=JUNE, timeout_s=2)
    assert "no schema yet" in checks[2].detail

    script = ScriptDirectory.from_config(alembic_config())
    first = script.get_base()
    if first in script.get_heads():
        return  # one migration only: nothing can be behind yet
    old = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite+aiosqlite:///{old}")
    await upgrade(engine, first)
    await engine.dispose()
    checks = await run_checks(lambda: settings(database_url=f"sqlite:///{old}"), today=JUNE, timeout_s=2)
    assert checks[2].status is Status.FAILED
    assert f"schema at {first}, head is" in checks[2].detail and "flagbot db upgrade" in checks[2].detail


async def test_invalid_settings_skip_what_needs_them() -> None:
    checks = await run_checks(
        lambda: load_settings(_env_file=None, timezone="Mars/Base"), today=JUNE, lang="en"
    )
    text = report(checks, "en")
    assert text.splitlines()[0].startswith("✗ settings: invalid settings — TIMEZONE")
    assert [c.status for c in checks[1:4]] == [Status.SKIPPED] * 3
    assert checks[4].ok and checks[5].ok  # the calendar and the font are checked all the same
    assert exit_code(checks) == 1

    checks = await run_checks(lambda: settings(telegram_token="", admin_ids=[]), today=JUNE, timeout_s=2)
    assert checks[0].status is Status.FAILED and "ADMIN_IDS is empty" in checks[0].detail
    assert checks[1].status is Status.FAILED and "TELEGRAM_TOKEN is not set" in checks[1].detail
    assert checks[3].status is Status.SKIPPED


async def test_a_short_webhook_secret_is_reported() -> None:
    checks = await run_checks(
        lambda: load_settings(_env_file=None, webhook_secret="short-secret"), today=JUNE, lang="en"
    )
    first = report(checks, "en").splitlines()[0]
    assert first.startswith("✗ settings: invalid settings — WEBHOOK_SECRET")
    assert "at least 16 characters (it has 12)" in first and "short-secret" not in first
    assert exit_code(checks) == 1


async def test_a_refused_token(tmp_path: Path) -> None:
    async def unauthorized(request: web.Request) -> web.Response:
        return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", unauthorized)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        db_url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
        ready = settings(telegram_api_base_url=f"http://127.0.0.1:{port}/bot", database_url=db_url)
        checks = await run_checks(lambda: ready, today=JUNE, timeout_s=2)
    finally:
        await runner.cleanup()
    assert checks[3].status is Status.FAILED
    assert (
        checks[3].detail
        == f"http://127.0.0.1:{port} refused the token (HTTP 401) — copy it again from @BotFather (/token)."
    )


@pytest.mark.parametrize(
    ("today", "ok", "words"),
    [
        (date(2026, 6, 1), True, "covers 2026; 2027 not yet"),
        (date(2025, 12, 1), True, "covers 2025 and 2026"),
        (date(2026, 11, 1), False, "covers 2026 but not 2027 yet (admins are warned from November 1)"),
        (date(2031, 3, 1), False, "does not know 2031's holidays: working days fall back to Monday–Friday"),
    ],
)
def test_calendar_coverage(today: date, ok: bool, words: str) -> None:
    check = check_calendar(today, Say("en"))
    assert check.ok is ok and words in check.detail


async def test_a_malformed_database_url_keeps_its_password() -> None:
    for url in ("postgresql://flagbot:hunter2@db:port/county", "mysql://flagbot:hunter2@db/county"):
        checks = await run_checks(lambda url=url: settings(database_url=url), today=JUNE, timeout_s=2)
        assert checks[2].status is Status.FAILED and "check DATABASE_URL" in checks[2].detail
        assert "hunter2" not in report(checks, "en")
