"""Leadership (SPEC §10): exactly one process at a time runs the scheduler and the outbox sender.

With PostgreSQL the leader holds a session-level advisory lock, `pg_try_advisory_lock(LOCK_KEY)`, on a
connection of its own kept open for as long as it leads. The others try again every `retry_s` (10 s).
When the leader dies its connection closes, PostgreSQL frees the lock, and the next attempt of another
process wins: a take-over within a minute (≈ 10 s). Advisory locks are per database: two counties' bots
on one server do not compete.

The leader checks its connection every `check_s` (5 s). If it broke (PostgreSQL restarting, the network),
the lock went with it; the leader asks for it again at once and then every second: it keeps its duties if
it gets the lock back (a sole process rides through a PostgreSQL restart without stopping anything), and
steps down as soon as another process holds it, or when the database stays away for `grace_s` (30 s).
Two leaders can therefore overlap only for the few seconds between another process taking the lock and
the old leader noticing; the outbox sender marks each message sent as it goes, so an overlap can at worst
repeat a message in flight.

With SQLite there is only ever one process (one writer, one file): it always leads.

A Leadership knows nothing about what leading means: on_gain / on_loss (bot/runtime/app.py) start and stop the
duties — the JobQueue jobs, the outbox sender, the poller in polling mode, setWebhook in webhook mode.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from storage.db import is_sqlite, normalize_url

log = logging.getLogger("flagbot.leader")


def lock_key(name: str = "flagbot") -> int:
    """A fixed signed 64-bit number derived from a name: the advisory lock's key."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


LOCK_KEY = lock_key()  # -1952217741078581211, the same in every process (docs/deployment.md)

Duty = Callable[[], Awaitable[None]]

# The lock's connection is idle for hours: keep the server from closing it as idle and notice a dead peer.
_SESSION_SETTINGS = {
    "application_name": "flagbot-leader",
    "idle_session_timeout": "0",
    "idle_in_transaction_session_timeout": "0",
    "tcp_keepalives_idle": "30",
    "tcp_keepalives_interval": "10",
    "tcp_keepalives_count": "3",
}


class Leadership:
    """Who holds the scheduler and the sender: start() once (it leads at once if it can), stop() at the end."""

    def __init__(
        self,
        database_url: str | None,
        *,
        on_gain: Duty,
        on_loss: Duty,
        retry_s: float = 10.0,
        check_s: float = 5.0,
        grace_s: float = 30.0,
        key: int = LOCK_KEY,
    ) -> None:
        self.url = normalize_url(database_url)
        self.on_gain, self.on_loss = on_gain, on_loss
        self.retry_s, self.check_s, self.grace_s, self.key = retry_s, check_s, grace_s, key
        self.is_leader = False
        self._engine: AsyncEngine | None = None
        self._connection: AsyncConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._changing = asyncio.Lock()

    @property
    def role(self) -> str:
        return "leader" if self.is_leader else "follower"

    async def start(self) -> None:
        """Try once now (so a sole process has its jobs and sender when this returns), then keep watch."""
        if is_sqlite(self.url):
            await self._gain()
            return
        self._engine = create_async_engine(
            self.url, poolclass=NullPool, connect_args={"server_settings": _SESSION_SETTINGS}
        )
        if await self._try_lock():
            await self._gain()
        self._task = asyncio.create_task(self._watch(), name="leadership")

    async def stop(self) -> None:
        """Stop the duties and let go of the lock (the next process takes over at its next attempt)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self._lose()
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.check_s if self.is_leader else self.retry_s)
            if not self.is_leader:
                if await self._try_lock():
                    await self._gain()
                continue
            if await self._still_holding():
                continue
            # The lock's connection broke: PostgreSQL restarting, or the network. The lock went with it, but
            # nobody may have taken it: take it again at once, and step down only if someone else did or
            # the database stays away for grace_s (a sole process then keeps its duties through a restart).
            log.warning("the leader's database connection broke; taking the lock again")
            await self._close_connection()
            outcome = await self._regain()
            if outcome is None:
                log.info("still leading (the lock is ours again)")
                continue
            log.warning("lost the leadership (%s); following", outcome)
            await self._lose()

    async def _try_lock(self) -> bool | None:
        """pg_try_advisory_lock on a fresh connection, kept if we got the lock; None: database unreachable."""
        assert self._engine is not None
        connection: AsyncConnection | None = None
        try:
            connection = await self._engine.connect()
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            got = (
                await connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key})
            ).scalar()
        except Exception as error:  # noqa: BLE001 - the database is away: follow, try again later
            lines = str(error).strip().splitlines()
            log.warning(
                "cannot ask for the leadership (%s: %s)",
                type(error).__name__,
                lines[0][:200] if lines else "",
            )
            if connection is not None:
                with contextlib.suppress(Exception):
                    await connection.close()
            return None
        if not got:
            await connection.close()
            log.debug("another process leads")
            return False
        self._connection = connection
        return True

    async def _regain(self) -> str | None:
        """None when the lock is ours again; otherwise why not."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.grace_s
        while True:
            got = await self._try_lock()
            if got:
                return None
            if got is False:
                return "another process took the lock"
            if loop.time() >= deadline:
                return f"the database was unreachable for {self.grace_s:.0f} s"
            await asyncio.sleep(1.0)

    async def _still_holding(self) -> bool:
        if self._connection is None:
            return False
        try:
            await asyncio.wait_for(self._connection.execute(text("SELECT 1")), timeout=max(self.check_s, 5.0))
            return True
        except Exception:  # noqa: BLE001 - any failure means the session (and its lock) may be gone
            return False

    async def _gain(self) -> None:
        async with self._changing:
            if self.is_leader:
                return
            self.is_leader = True
            log.info("leading: this process runs the scheduler and the outbox sender")
            try:
                await self.on_gain()
            except Exception:  # noqa: BLE001 - a duty that failed to start is logged; the others run
                log.exception("starting the leader's duties failed")

    async def _lose(self) -> None:
        async with self._changing:
            if self.is_leader:
                self.is_leader = False
                try:
                    await self.on_loss()
                except Exception:  # noqa: BLE001
                    log.exception("stopping the leader's duties failed")
            await self._close_connection()

    async def _close_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # closing ends the session: PostgreSQL frees the lock
                await asyncio.wait_for(connection.close(), timeout=5.0)


class LeaderRunning(RuntimeError):
    """A flagbot process leads on this database (it is running); the message says so."""


@contextlib.asynccontextmanager
async def no_bot_running(database_url: str | None) -> AsyncIterator[None]:
    """Hold the leader's lock for the duration (so no bot starts leading meanwhile), or raise LeaderRunning.

    For maintenance that must not run beside a bot, such as `flagbot restore`. On SQLite there is no way
    to tell, and nothing is held.
    """
    url = normalize_url(database_url)
    if is_sqlite(url):
        yield
        return
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            got = (
                await connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY})
            ).scalar()
            if not got:
                raise LeaderRunning("a flagbot process is running on this database: stop it first")
            try:
                yield
            finally:
                with contextlib.suppress(Exception):
                    await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
    finally:
        await engine.dispose()
