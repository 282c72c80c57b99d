"""A published review's files — the ranking chart(s) and the workbook — built after the publishing
transaction, off the event loop, and attached to the outbox rows queued for them (SPEC §7, §9).

How, and why:
- The publishing transaction commits the review, its texts and one outbox row per file under its dedupe
  key, with `file_pending` naming what builds it (`review:<period>:<lang>`) and no bytes. Drawing and
  building take seconds on a province; inside the transaction they held the database (on SQLite the
  one connection every update waits for) and, for the workbook, the event loop.
- After the commit the files are built in a process of their own (file_maker.py) from plain views read in
  that transaction (ReviewFiles), then attached in a second, short transaction (`attach_file` fills a row only while it
  is pending, so a file built twice is attached — and sent — once).
- The sender holds a chat whose next message is a file not built yet (its order: text, chart, workbook)
  and asks FileBuilds.ensure for it. A crash between the commit and the attach leaves the rows pending:
  the next sender to meet them builds them from the stored review. Never lost, never twice: the rows
  exist once (their dedupe keys committed with the review), and each is sent once when it has its bytes.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.periods import parse_period
from bot.outbound.export import workbook_data
from bot.outbound.file_maker import BuiltFiles, ReviewFiles, build_elsewhere
from bot.services.reviews import load_review
from bot.settings import Settings
from storage.queries import outbox as outbox_q
from storage.queries import reviews as reviews_q

log = logging.getLogger("flagbot.publication")

_CHART_KEY = re.compile(r":chart:(\d+)$")
WORKBOOK_SUFFIX = ":workbook"
# How long a pending file may wait for the process that queued it before a sender builds it itself:
# that process may be building it right now (another process behind the same database). A file queued
# longer ago than this (a crash, a restart) is built at once.
BUILD_GRACE_S = 30.0


def source_of(period_name: str, lang: str) -> str:
    """What builds a review's files, as stored in outbox.file_pending."""
    return f"review:{period_name}:{lang}"


def _bytes_for(key: str, built: BuiltFiles) -> bytes | None:
    match = _CHART_KEY.search(key)
    if match is not None:
        number = int(match.group(1))
        return built.charts[number - 1] if 0 < number <= len(built.charts) else None
    if key.endswith(WORKBOOK_SUFFIX):
        return built.workbook
    return None


async def attach(
    sessions: async_sessionmaker[AsyncSession], source: str, built: BuiltFiles, *, now: datetime
) -> int:
    """The second, short transaction: each pending row of the source gets its file (or fails); how many."""
    attached = 0
    async with sessions.begin() as session:
        failed = []
        for key in await outbox_q.pending_files(session, source):
            data = _bytes_for(key, built)
            if data is None:
                failed.append(key)
            elif await outbox_q.attach_file(session, key, data):
                attached += 1
        if failed:
            error = "; ".join(built.errors.values()) or "the file could not be built"
            await outbox_q.fail_files(session, failed, at=now, error=f"not built: {error}")
    return attached


async def build_and_attach(
    sessions: async_sessionmaker[AsyncSession], files: ReviewFiles, *, now: datetime
) -> int:
    """Build off the event loop, outside any transaction, then attach; how many files were attached."""
    built = await build_elsewhere(files)
    return await attach(sessions, files.source, built, now=now)


async def stored_files(
    session: AsyncSession, source: str, *, settings: Settings, now: datetime
) -> ReviewFiles | None:
    """The files of a published review read back from the database (a crash before they were built)."""
    parts = source.split(":")
    if len(parts) != 3 or parts[0] != "review":
        return None
    period = parse_period(parts[1], months=settings.period_months)
    review = await reviews_q.get_review(session, period.name)
    if review is None or review.status != "published":
        return None
    pending = await outbox_q.pending_files(session, source)
    lang = parts[2]
    result = await load_review(session, period, tz=settings.tz, now=now)
    workbook = None
    if any(key.endswith(WORKBOOK_SUFFIX) for key in pending):
        workbook = await workbook_data(
            session, period, policy=result.policy, tz=settings.tz, now=now, lang=lang, result=result
        )
    charts = any(_CHART_KEY.search(key) for key in pending)
    return ReviewFiles(source, result, lang, settings.tz, charts=charts, workbook=workbook)


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

    def building(self, source: str) -> bool:
        return source in self._tasks

    def start(self, files: ReviewFiles) -> None:
        """Build and attach a publication's files in the background (nothing if already building)."""
        self._spawn(files.source, lambda: build_and_attach(self.sessions, files, now=self._now()))

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
        self._spawn(source, lambda: self._recover(source))

    async def _recover(self, source: str) -> int:
        now = self._now()
        async with self.sessions() as session:
            files = await stored_files(session, source, settings=self.settings, now=now)
        if files is None:  # no such published review: the rows can never be built
            async with self.sessions.begin() as session:
                keys = await outbox_q.pending_files(session, source)
                await outbox_q.fail_files(session, keys, at=now, error="not built: no published review")
            return 0
        return await build_and_attach(self.sessions, files, now=now)

    def _spawn(self, source: str, work: Callable[[], object]) -> None:
        if source in self._tasks:
            return

        async def run() -> None:
            try:
                attached = await work()  # type: ignore[misc]
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

    async def wait(self) -> None:
        """Until the builds running now are done (tests, and the CLI before it exits)."""
        while self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    async def stop(self, timeout: float = 10.0) -> None:
        """Let the builds finish for a while, then cancel them (their rows stay pending, built later)."""
        tasks = list(self._tasks.values())
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=timeout)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
