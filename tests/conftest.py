"""Shared fixtures: a migrated database per test, on SQLite and (when TEST_DATABASE_URL is set) PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.domain.policy import Policy
from storage.db import make_engine, make_sessionmaker, normalize_url
from storage.migrate import upgrade

# The tests describe the product's defaults; settings of the machine running them must not leak in.
for _name in (
    "LANGUAGE",
    "TELEGRAM_TOKEN",
    "ADMIN_IDS",
    "DATABASE_URL",
    "TIMEZONE",
    "WEBHOOK_URL",
    "LOG_LEVEL",
):
    os.environ.pop(_name, None)

TZ = ZoneInfo("Asia/Shanghai")
PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def shanghai(*parts: int) -> datetime:
    """datetime(…) in Asia/Shanghai: the county's clock."""
    return datetime(*parts, tzinfo=TZ)  # type: ignore[misc]


def _backends() -> list[object]:
    backends: list[object] = ["sqlite"]
    backends.append(
        pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL not set"))
    )
    return backends


async def reset_postgres(url: str) -> None:
    """An empty public schema, so every test starts from nothing."""
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture(params=_backends())
async def database_url(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    """An empty database URL of each backend (storage and review tests run on both)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"
    else:
        url = normalize_url(PG_URL)
        await reset_postgres(url)
        yield url


@pytest.fixture
async def sqlite_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    """An empty SQLite database URL (for tests that need not run on PostgreSQL too)."""
    return f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"


@dataclass
class Db:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    url: str


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Db]:
    """A migrated database with an engine and a session factory."""
    engine = make_engine(database_url)
    await upgrade(engine)
    yield Db(engine=engine, sessions=make_sessionmaker(engine), url=database_url)
    await engine.dispose()


@pytest.fixture
def policy() -> Policy:
    return Policy()
