"""End to end: the real Application, over HTTP, against the local Bot API simulator, on a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

import pytest

from bot.context import Clock
from bot.runtime.app import build_application, start_polling, stop_app
from bot.settings import Settings
from bot.simulator import BotApiSimulator, SimUser
from tests.conftest import Db, shanghai

ADMIN_ID = 900001
TOKEN = "123456789:TESTTOKENTESTTOKENTESTTOKEN"
DEFAULT_NOW = shanghai(2026, 10, 20, 10, 0)


@dataclass
class Harness:
    sim: BotApiSimulator
    app: object
    clock: Clock
    db: Db
    settings: Settings

    def user(
        self, user_id: int, name: str = "联络员", *, lang: str = "zh-hans", username: str | None = None
    ) -> SimUser:
        return self.sim.user(user_id, name, username=username, language_code=lang)

    @property
    def admin(self) -> SimUser:
        return self.sim.user(ADMIN_ID, "考核办", username="kaohe", language_code="zh-hans")

    def at(self, moment: datetime) -> None:
        """Pin the bot's clock (message dates are set per message by the tests)."""
        self.clock.set(moment)


def make_settings(sim: BotApiSimulator, db: Db, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "telegram_token": TOKEN,
        "telegram_api_base_url": f"{sim.url}/bot",
        "telegram_file_base_url": f"{sim.url}/file/bot",
        "admin_ids": [ADMIN_ID],
        "database_url": db.url,
        "timezone": "Asia/Shanghai",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
async def sim() -> AsyncIterator[BotApiSimulator]:
    simulator = BotApiSimulator(bot_username="flagbot_test_bot")
    await simulator.start()
    yield simulator
    await simulator.stop()


async def start_bot(
    sim: BotApiSimulator, db: Db, clock_at: datetime = DEFAULT_NOW, **overrides: object
) -> Harness:
    settings = make_settings(sim, db, **overrides)
    clock = Clock(settings, fixed=clock_at)
    app = build_application(settings, sessions=db.sessions, clock=clock)
    await start_polling(app, poll_timeout=1)
    return Harness(sim=sim, app=app, clock=clock, db=db, settings=settings)


async def stop_bot(harness: Harness) -> None:
    await stop_app(harness.app)  # type: ignore[arg-type]


@pytest.fixture
async def bot(sim: BotApiSimulator, db: Db) -> AsyncIterator[Harness]:
    """The bot running against the simulator, on each database backend; the clock pinned to 2026-10-20 10:00."""
    harness = await start_bot(sim, db)
    yield harness
    await stop_bot(harness)
