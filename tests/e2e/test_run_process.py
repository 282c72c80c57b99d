"""`flagbot run` as a real process against the simulator: answers, stops on SIGTERM, never logs the token."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.simulator import BotApiSimulator
from tests.e2e.conftest import TOKEN


async def test_flagbot_run_serves_and_stops_cleanly(sim: BotApiSimulator, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"{sim.url}/bot",
        "TELEGRAM_FILE_BASE_URL": f"{sim.url}/file/bot",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.sqlite3'}",
        "ADMIN_IDS": "900001",
        "LOG_LEVEL": "DEBUG",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        user = sim.user(4242, "王", language_code="zh-hans")
        user.send("/start")
        (answer,) = await user.wait_replies(1, timeout=30)
        assert "流动红黄旗" in answer["text"]
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    logs = (stdout + stderr).decode()
    assert process.returncode == 0, logs
    assert TOKEN not in logs
    assert TOKEN.split(":")[1] not in logs
    assert "Traceback" not in logs
