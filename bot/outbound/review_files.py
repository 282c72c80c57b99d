"""A published review's files — the ranking chart(s) and the workbook — built after the publishing
transaction, off the event loop, and attached to the outbox rows queued for them (SPEC §7, §9).

How, and why:
- The publishing transaction commits the review, its texts and one outbox row per file under its dedupe
  key, with `file_pending` naming what builds it (`review:<period>:<lang>`) and no bytes. Drawing and
  building take seconds on a province; inside the transaction they held the database (on SQLite the
  one connection every update waits for) and, for the workbook, the event loop.
- After the commit a process of its own reads the published review and the workbook's data and builds
  the files (file_maker.py); they are attached in a second, short transaction (`attach_file` fills a row
  only while it is pending, so a file built twice is attached — and sent — once).
- The sender holds a chat whose next message is a file not built yet (its order: text, chart, workbook)
  and asks FileBuilds.ensure for it. A crash between the commit and the attach leaves the rows pending:
  the next sender to meet them builds them from the stored review. Never lost, never twice: the rows
  exist once (their dedupe keys committed with the review), and each is sent once when it has its bytes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbound.file_maker import (
    CHART_KEY,
    NOTICE_SUFFIX,
    SLIDES_SUFFIX,
    WIDE_KEY,
    WORKBOOK_SUFFIX,
    BuildOrder,
    BuiltFiles,
    build_elsewhere,
)
from bot.outbound.papers import PaperSettings
from bot.settings import Settings
from storage.queries import outbox as outbox_q

log = logging.getLogger("flagbot.publication")

# How long a pending file may wait for the process that queued it before a sender builds it itself:
# that process may be building it right now (another process behind the same database). A file queued
# longer ago than this (a crash, a restart) is built at once.
BUILD_GRACE_S = 10.0


def _bytes_for(key: str, built: BuiltFiles) -> bytes | None:
    match = CHART_KEY.search(key)
    if match is not None:
        number = int(match.group(1))
        return built.charts[number - 1] if 0 < number <= len(built.charts) else None
    match = WIDE_KEY.search(key)
    if match is not None:
        number = int(match.group(1))
        return built.wide[number - 1] if 0 < number <= len(built.wide) else None
    if key.endswith(WORKBOOK_SUFFIX):
        return built.workbook
    if key.endswith(NOTICE_SUFFIX):
        return built.notice
    if key.endswith(SLIDES_SUFFIX):
        return built.slides
    return None


async def attach(
    sessions: async_sessionmaker[AsyncSession], source: str, built: BuiltFiles, *, now: datetime
) -> int:
    """Each pending row of the source gets its file (or fails), a short transaction each; how many.

    One transaction per file: a province's 280 images are tens of megabytes, and on SQLite one write
    of them all would hold the connection (and the event loop) while the bot should be answering."""
    async with sessions() as session:
        keys = await outbox_q.pending_files(session, source)
    attached, failed = 0, []
    for key in keys:
        data = _bytes_for(key, built)
        if data is None:
            failed.append(key)
            continue
        async with sessions.begin() as session:
            attached += await outbox_q.attach_file(session, key, data)
    if failed:
        error = "; ".join(built.errors.values()) or "the file could not be built"
        async with sessions.begin() as session:
            await outbox_q.fail_files(session, failed, at=now, error=f"not built: {error}")
    return attached


def _url(sessions: async_sessionmaker[AsyncSession], settings: Settings) -> str:
    """The database the sessions use (the building process opens its own connection to it)."""
    bind = sessions.kw.get("bind")
    url = getattr(bind, "url", None)
    return url.render_as_string(hide_password=False) if url is not None else settings.database_url


async def build_and_attach(
    sessions: async_sessionmaker[AsyncSession], source: str, *, settings: Settings, now: datetime
) -> int:
    """Build in a process of its own (file_maker.py), outside any transaction, then attach; how many."""
    async with sessions() as session:
        if not await outbox_q.pending_files(session, source):
            return 0  # built and attached already (by another process, or a build that finished here)
    order = BuildOrder(
        source,
        _url(sessions, settings),
        settings.tz,
        settings.period_months,
        now,
        PaperSettings.of(settings),
        settings.flag_names,
    )
    started = time.monotonic()
    built = await build_elsewhere(order)
    log.info("%s: files built in %.1f s", source, time.monotonic() - started)
    return await attach(sessions, source, built, now=now)


class FileBuilds:
    """The file builds running in this process, one per source (the application's state holds one).

    start(): after a publication's commit. ensure(): the sender met a file not built yet; it is built
    from the stored review unless a build runs here, or the file is young enough that the process which
    queued it may be building it (BUILD_GRACE_S)."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        settings: Settings,
        now: Callable[[], datetime],
        grace_s: float = BUILD_GRACE_S,
    ) -> None:
        self.sessions, self.settings, self._now, self.grace_s = sessions, settings, now, grace_s
        self.after_attach: Callable[[], None] | None = None  # the sender's wake
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._first_asked: dict[str, float] = {}
        self._not_before: dict[str, float] = {}  # after a failed build: not again before then

    def start(self, source: str) -> None:
        """Build and attach a publication's files in the background (nothing if already building)."""
        self._spawn(source)

    def ensure(self, source: str, *, queued_at: datetime) -> None:
        """See that a pending file gets built: by the build running here, or by one started now."""
        if source in self._tasks:
            return
        mono = asyncio.get_running_loop().time()
        if mono < self._not_before.get(source, 0.0):
            return
        first = self._first_asked.setdefault(source, mono)
        if mono - first < self.grace_s and (self._now() - queued_at).total_seconds() < self.grace_s:
            return
        log.info("building %s's files from the stored review", source)
        self._spawn(source)

    def _spawn(self, source: str) -> None:
        if source in self._tasks:
            return

        async def run() -> None:
            try:
                attached = await build_and_attach(
                    self.sessions, source, settings=self.settings, now=self._now()
                )
                log.info("%s: %s files attached", source, attached)
                self._first_asked.pop(source, None)
                if self.after_attach is not None:
                    self.after_attach()
            except asyncio.CancelledError:
                raise
            except Exception:
                # The database away, say: the rows stay pending; a sender asks again after the grace.
                log.exception("the files of %s could not be built and attached", source)
                self._not_before[source] = asyncio.get_running_loop().time() + self.grace_s
            finally:
                self._tasks.pop(source, None)

        self._tasks[source] = asyncio.create_task(run(), name=f"files {source}")

    async def stop(self, timeout: float = 10.0) -> None:
        """Let the builds finish for a while, then cancel them (their rows stay pending, built later)."""
        tasks = list(self._tasks.values())
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=timeout)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
