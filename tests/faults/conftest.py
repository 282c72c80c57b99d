"""Fault tests: real `flagbot run` processes against the in-process Bot API simulator, on real databases."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.simulator import BotApiSimulator
from storage.db import normalize_url
from tests.conftest import PG_URL
from tests.faults.pg_cluster import PrivateCluster, unavailable_reason


@pytest.fixture
async def sim() -> AsyncIterator[BotApiSimulator]:
    simulator = BotApiSimulator(bot_username="flagbot_faults_bot")
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
def pg_url() -> str:
    """TEST_DATABASE_URL (the tests reset its public schema), or the test is skipped."""
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL not set")
    return normalize_url(PG_URL)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL of each backend (the subprocess opens it; the test prepares it)."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'faults.sqlite3'}"
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL not set")
    return normalize_url(PG_URL)


@pytest.fixture
def private_pg() -> Iterator[PrivateCluster]:
    """A PostgreSQL cluster of the test's own (to restart), or the test is skipped saying why not."""
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"no private PostgreSQL cluster: {reason}")
    cluster = PrivateCluster().create()
    try:
        yield cluster
    finally:
        cluster.destroy()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: a fault test taking more than ~20 s (deselect with -m 'not slow')"
    )
