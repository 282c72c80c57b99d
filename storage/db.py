"""Engines and sessions. No globals: the edge makes one engine and passes it down."""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path
from typing import Any

import aiosqlite
from sqlalchemy import event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

DEFAULT_SQLITE_URL = "sqlite+aiosqlite:///flagbot.sqlite3"


def normalize_url(url: str | None) -> str:
    """The async driver URL: unset → the SQLite file; postgresql:// → postgresql+asyncpg://."""
    if not url:
        return DEFAULT_SQLITE_URL
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        return "postgresql+asyncpg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    return url


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for an in-memory database)."""
    if not is_sqlite(url):
        return None
    path = url.split(":///", 1)[1] if ":///" in url else ""
    return Path(path) if path and path != ":memory:" else None


def make_engine(url: str | None, **kwargs: Any) -> AsyncEngine:
    """An async engine; SQLite gets WAL, a busy timeout and foreign keys so concurrent writers wait."""
    url = normalize_url(url)
    if is_sqlite(url):
        # One connection: SQLite allows one writer at a time, and writers that collide back off in
        # sleeps of up to 100 ms ("database is locked" once the timeout runs out). Queuing for the one
        # connection in asyncio instead keeps concurrent handlers fast and never locked.
        kwargs.setdefault("pool_size", 1)
        kwargs.setdefault("max_overflow", 0)
        kwargs.setdefault("pool_timeout", 120)
        engine = create_async_engine(url, async_creator=_inline_sqlite_creator(url), **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    # No ping before each use of a pooled connection: it was a round trip per transaction (~14% of the
    # bot's CPU per report). After a PostgreSQL restart the first statement on a stale connection fails,
    # SQLAlchemy then drops the whole pool, and the inbox retries that update (bot/runtime/retry.py).
    kwargs.setdefault("pool_pre_ping", False)
    # A kept-open connection for each of the 32 update workers (bot/runtime/updates.py): SQLAlchemy closes an
    # overflow connection when it is returned, so a smaller pool opened and closed connections all
    # through a burst (a new PostgreSQL backend, TLS negotiation and start-up queries each time: ~140
    # in 3,000 reports with SQLAlchemy's default of 5, still dozens with 20). The overflow is for the
    # sender, the scheduler and the odd handler that holds two sessions.
    kwargs.setdefault("pool_size", 32)
    kwargs.setdefault("max_overflow", 8)
    return create_async_engine(url, **kwargs)


class InlineSQLiteConnection(aiosqlite.Connection):
    """aiosqlite without its worker thread: every call runs in the event loop's thread.

    aiosqlite runs each call (cursor, execute, fetch, close, commit) in a thread of its own; a chat
    report made about twenty such calls, and handing the GIL to the thread and back cost more than the
    queries: most of the bot's CPU per report (docs/benchmarks.md). The bot's own queries take well
    under a millisecond (indexed, one project's rows), so they run in the event loop's thread here.
    The price: a long statement (a province-sized review, seconds) holds the loop while it runs, as
    does waiting for another process's write lock. SQLite is for one county on one machine; PostgreSQL
    (asyncpg, no threads) is the database for more.
    """

    def __await__(self) -> Any:
        return self._connect().__await__()  # no worker thread is started: nothing runs in one

    async def _connect(self) -> InlineSQLiteConnection:
        if self._connection is None:
            self._connection = self._connector()
        return self

    async def _execute(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)

    @property
    def sqlite(self) -> sqlite3.Connection:
        """The sqlite3 connection itself, for statements run without any adapter (storage/report_path.py)."""
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return self._connection

    def stop(self) -> None:
        self._running = False
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _inline_sqlite_creator(url: str) -> Any:
    """SQLAlchemy's async_creator: the connection the aiosqlite dialect would make, but inline."""
    parsed = make_url(url)
    args, options = parsed.get_dialect()().create_connect_args(parsed)
    connector = partial(sqlite3.connect, *args, **{**options, "timeout": 30})

    async def create() -> InlineSQLiteConnection:
        return await InlineSQLiteConnection(connector, iter_chunk_size=64)

    return create


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit (we render after the transaction)."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
