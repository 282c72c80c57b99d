"""/healthz in polling mode: with HEALTH_PORT set, `flagbot run` serves the same answer as in webhook mode
(database, leader or follower, inbox backlog) on a small server of its own; a port in use stops it with one
sentence."""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path
from typing import Any

from bot.simulator import BotApiSimulator
from tests.faults.harness import ROOT, BotProcess, bot_env, free_port, prepare_county


def polling_bot(sim: BotApiSimulator, url: str, workdir: Path, name: str = "bot") -> BotProcess:
    port = free_port()
    bot = BotProcess(bot_env(sim, url, HEALTH_PORT=str(port)), workdir, name)
    bot.port = port  # BotProcess knows the webhook's port only; /healthz is on HEALTH_PORT here
    return bot


async def started(bot: BotProcess) -> dict[str, Any]:
    """/healthz once the bot has started (it answers "starting" before: the port is bound first)."""
    body = await bot.wait_healthy(60)
    while body["scheduler"] == "starting":
        await asyncio.sleep(0.1)
        body = (await bot.health())[1]
    return body


async def test_polling_mode_answers_healthz_on_the_health_port(sim: BotApiSimulator, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'health.sqlite3'}"
    await prepare_county(url, 1)
    bot = await polling_bot(sim, url, tmp_path).start()
    try:
        body = await started(bot)
        assert body["database"] == "ok" and body["scheduler"] == "leader" and body["version"]
        assert body["inbox_backlog"] == 0 and body["outbox_backlog"] == 0
        user = sim.user(4242, "王")
        user.send("/help")
        await user.wait_replies(1, timeout=30)  # and it polls and answers as usual
        assert sim.webhook is None or not sim.webhook.get("url")  # still long polling, no webhook
    finally:
        code = await bot.stop()
    assert code == 0, bot.logs()[-3000:]
    assert "Traceback" not in bot.logs()


async def test_two_polling_processes_one_leader_one_follower(
    sim: BotApiSimulator, pg_url: str, tmp_path: Path
) -> None:
    await prepare_county(pg_url, 1)
    first = await polling_bot(sim, pg_url, tmp_path, "first").start()
    second = None
    try:
        assert (await started(first))["scheduler"] == "leader"
        second = await polling_bot(sim, pg_url, tmp_path, "second").start()
        body = await started(second)
        assert body["scheduler"] == "follower" and body["database"] == "ok"  # a standby says so
        assert (await first.health())[1]["scheduler"] == "leader"
    finally:
        codes = [await bot.stop() for bot in (first, second) if bot is not None]
    assert codes == [0, 0], first.logs()[-2000:]


async def test_a_health_port_in_use_stops_run_with_one_sentence(sim: BotApiSimulator, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'busy.sqlite3'}"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = bot_env(sim, url, HEALTH_PORT=str(port), PYTHONPATH=str(ROOT))
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, cwd=tmp_path, stderr=asyncio.subprocess.PIPE
        )
        _, stderr = await asyncio.wait_for(process.communicate(), 60)
    said = stderr.decode()
    assert process.returncode == 2, said
    assert f"HEALTH_PORT: cannot listen on 127.0.0.1:{port}" in said and "Traceback" not in said
