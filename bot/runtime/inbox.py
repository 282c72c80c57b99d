"""The inbox (SPEC §9): nothing Telegram sent us is lost on a crash, and several processes share the work.

PTB's Updater confirms a getUpdates batch (the next call's offset) before the batch was processed, so a
SIGKILL loses whatever was queued in memory. Here every update is first committed to the `inbox` table,
and only then confirmed: by the poller's next offset (InboxPoller, bot/runtime/poller.py), or by answering the
webhook's POST with 200 (bot/runtime/webhook.py). A crash loses nothing: rows stored and not processed are processed at the next
start-up, updates not stored Telegram delivers again, and a re-delivered update that is already stored is
not stored (nor processed) again. Handlers are at-least-once; reports are idempotent by (chat, message id).

The dispatcher feeds each row to the Application through the application's own update processor
(`app.update_processor.process_update(update, app.process_update(update))`, exactly what PTB's update
fetcher does), in update_id order, one task per update: PerUserUpdateProcessor's per-user FIFO locks
therefore keep one user's updates in order, and whatever the processor adds (logs, flood control) applies.
After the processor returned the row is marked processed (marks are written in batches as they come).
An update whose handler failed for a passing reason — the database or Telegram unreachable, a 429 — is
processed again after a back-off (a report is stored once however often it is retried); anything else
reached the error handler and is done. Which errors are passing, and what the user hears while an update
waits for its next try (at most one "it will be done shortly"), is bot/runtime/retry.py.

Rows carry a claim (claimed_by, claimed_at) so several webhook processes never process one update twice:
a process claims what it stores, keeps its claims fresh while processing, and the others take over
claims that went stale (its process died) or rows nobody claimed. A sole process (polling, or SQLite)
takes every unprocessed row at start-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext

from bot.context import AppState
from bot.runtime.retry import RetryNotes, backoff_s, brief, is_passing
from storage.queries import inbox as inbox_q

log = logging.getLogger("flagbot.inbox")


@dataclass(frozen=True)
class InboxOptions:
    max_in_flight: int = 2000  # dispatched and not yet marked; beyond it new rows wait in the table
    sweep_s: float = 5.0  # how often to look for rows nobody is processing
    heartbeat_s: float = 30.0  # how often a process refreshes its claims
    stale_after_s: float = 120.0  # a claim not refreshed for this long belongs to a dead process
    keep_days: int = 7  # processed rows are kept this long (re-delivery takes minutes; this is for people)
    prune_every_s: float = 3600.0
    retries: int = 8  # an update failing for a passing reason is tried this many more times
    retry_base_s: float = 1.0  # then 2, 4, 8 … seconds later
    retry_max_s: float = 60.0
    max_attempts: int = 5  # a row claimed this often crashed its process each time: skipped, logged
    drain_s: float = 30.0  # at a stop, how long the updates being processed may take to finish


def utcnow() -> datetime:
    """Inbox times are the machine's real time (the bot's clock may be pinned in tests)."""
    return datetime.now(UTC)


def worker_name() -> str:
    """Names this process in claims: host, pid and a random part (a restarted process is someone new)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(3)}"


class InboxDispatcher:
    """Stores updates, claims them, processes them through the Application, marks them processed."""

    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        *,
        sole: bool,
        options: InboxOptions | None = None,
        worker: str | None = None,
    ) -> None:
        self.app = app
        self.state: AppState = app.bot_data
        self.sessions = self.state.sessions
        self.sole = sole  # the only process on this database: takes every unprocessed row at start-up
        self.options = options or InboxOptions()
        self.worker = worker or worker_name()
        self.processed = 0
        self._in_flight: set[int] = set()  # dispatched, not yet marked processed
        self._to_mark: set[int] = set()
        self._passing: dict[int, BaseException] = {}  # update_id -> why its handler failed just now
        self.notes = RetryNotes()  # what the error handler needs to know about the retries
        self._tasks: set[asyncio.Task[None]] = set()
        self._background: list[asyncio.Task[None]] = []
        self._mark_wanted = asyncio.Event()
        self._sweep_wanted = asyncio.Event()
        self._room = asyncio.Event()
        self._room.set()
        self._running = False
        self._stopping = asyncio.Event()  # set at stop: updates waiting for a retry are left for later

    # ------------------------------------------------------------------ life cycle
    async def start(self) -> int:
        """Register the error hook, process what an earlier run left (first), start the background loops."""
        self.app.add_error_handler(self._note_error)  # type: ignore[arg-type]
        self.state.retry_notes = self.notes
        self._running = True
        self._stopping.clear()
        recovered = 0
        while True:  # claim in chunks, oldest first, so they enter the processor in update_id order
            try:
                rows = await self._claim(take_all=self.sole, limit=500)
            except Exception as error:  # noqa: BLE001 - the database may be down at start-up: the sweeper retries
                log.warning("inbox: cannot read the unprocessed updates yet (%s)", brief(error))
                break
            self._dispatch_rows(rows)
            recovered += len(rows)
            if len(rows) < 500 or len(self._in_flight) >= self.options.max_in_flight:
                break
        if recovered:
            log.info("inbox: %d update(s) stored before the last stop are processed first", recovered)
        self._background = [
            asyncio.create_task(self._marker(), name="inbox-marker"),
            asyncio.create_task(self._sweeper(), name="inbox-sweeper"),
        ]
        return recovered

    async def stop(self) -> None:
        """Let the updates being processed finish (drain_s at most), write their marks, free other claims."""
        self._running = False
        self._stopping.set()
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=self.options.drain_s)
            for task in pending:  # unmarked: the next start-up (or another process) processes them again
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        self._background = []
        with contextlib.suppress(Exception):
            await self._write_marks()
        with contextlib.suppress(Exception):
            async with self.sessions.begin() as session:
                await inbox_q.release_claims(session, worker=self.worker)
        with contextlib.suppress(ValueError, KeyError):
            self.app.remove_error_handler(self._note_error)  # type: ignore[arg-type]
        if self.state.retry_notes is self.notes:
            self.state.retry_notes = None

    # ------------------------------------------------------------------ storing
    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    async def wait_for_room(self) -> None:
        """Until fewer than max_in_flight updates are being processed (the poller fetches no faster)."""
        while len(self._in_flight) >= self.options.max_in_flight:
            self._room.clear()
            await self._room.wait()

    async def store(self, updates: Sequence[dict[str, Any]]) -> list[int]:
        """Commit updates to the inbox, then process the new ones. Raises when the database refused: the
        caller must then not confirm them (the poller keeps its offset, the webhook answers 5xx)."""
        claim = len(self._in_flight) < self.options.max_in_flight
        async with self.sessions.begin() as session:
            new = await inbox_q.add_updates(
                session, updates, now=utcnow(), claimed_by=self.worker if claim else None
            )
        if claim:
            by_id = {int(data["update_id"]): data for data in updates}
            self._dispatch_rows([(update_id, by_id[update_id], 1) for update_id in new])
        elif new:
            self._sweep_wanted.set()  # stored unclaimed: whoever has room takes them
        return new

    # ------------------------------------------------------------------ processing
    def _dispatch_rows(self, rows: Sequence[tuple[int, dict[str, Any], int]]) -> None:
        for update_id, data, attempts in rows:
            if update_id in self._in_flight:
                continue
            self._in_flight.add(update_id)
            if attempts > self.options.max_attempts:
                log.error(
                    "inbox: update %s was claimed %d times without finishing; skipped", update_id, attempts
                )
                self._finish(update_id)
                continue
            task = asyncio.create_task(self._process(update_id, data), name=f"inbox-update-{update_id}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _process(self, update_id: int, data: dict[str, Any]) -> None:
        """One update through the application's update processor, again after a back-off while it fails
        for a passing reason; then marked processed."""
        try:
            for attempt in range(self.options.retries + 1):
                try:
                    update = Update.de_json(data, self.app.bot)
                except Exception:  # noqa: BLE001 - an update PTB cannot read will never be readable
                    log.exception("inbox: update %s cannot be read; skipped", update_id)
                    break
                self._passing.pop(update_id, None)
                self.notes.attempt(update_id, will_retry=attempt < self.options.retries)
                await self.app.update_processor.process_update(update, self.app.process_update(update))
                reason = self._passing.pop(update_id, None)
                if reason is None:
                    break
                if attempt == self.options.retries:
                    log.error("inbox: update %s still fails (%s); given up", update_id, brief(reason))
                    break
                delay = backoff_s(attempt, base_s=self.options.retry_base_s, max_s=self.options.retry_max_s)
                log.warning(
                    "inbox: update %s failed (%s); trying again in %.0f s", update_id, brief(reason), delay
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), delay)
                if self._stopping.is_set():  # unmarked: the next start (or another process) tries again
                    self._in_flight.discard(update_id)
                    self.notes.forget(update_id)
                    return
        except asyncio.CancelledError:
            self._in_flight.discard(update_id)  # not marked: processed again later
            self.notes.forget(update_id)
            raise
        except Exception:  # noqa: BLE001 - process_update handles handler errors; this would be a PTB bug
            log.exception("inbox: update %s could not be processed", update_id)
        self.notes.forget(update_id)
        self._finish(update_id)

    async def _note_error(self, update: object, context: CallbackContext) -> None:  # type: ignore[type-arg]
        """An error handler beside the real one: remembers updates that failed for a passing reason."""
        if isinstance(update, Update) and update.update_id in self._in_flight and is_passing(context.error):
            assert context.error is not None
            self._passing[update.update_id] = context.error

    def _finish(self, update_id: int) -> None:
        self.processed += 1
        self._to_mark.add(update_id)
        self._mark_wanted.set()

    # ------------------------------------------------------------------ background loops
    async def _write_marks(self) -> None:
        while self._to_mark:
            batch = sorted(self._to_mark)[:500]
            async with self.sessions.begin() as session:
                await inbox_q.mark_processed(session, batch, at=utcnow())
            for update_id in batch:
                self._to_mark.discard(update_id)
                self._in_flight.discard(update_id)
            if len(self._in_flight) < self.options.max_in_flight:
                self._room.set()

    async def _marker(self) -> None:
        """Writes the processed marks as they come: one at a time when quiet, in batches under load."""
        pause = 0.5
        while True:
            await self._mark_wanted.wait()
            self._mark_wanted.clear()
            try:
                await self._write_marks()
                pause = 0.5
            except Exception as error:  # noqa: BLE001 - the database is away: keep the marks, try again
                log.warning(
                    "inbox: cannot mark %d update(s) processed yet (%s)", len(self._to_mark), brief(error)
                )
                await asyncio.sleep(pause)
                pause = min(pause * 2, 10.0)
                self._mark_wanted.set()

    async def _claim(
        self, *, take_all: bool = False, limit: int = 500
    ) -> list[tuple[int, dict[str, Any], int]]:
        now = utcnow()
        async with self.sessions.begin() as session:
            return await inbox_q.claim_pending(
                session,
                worker=self.worker,
                now=now,
                stale_before=now - timedelta(seconds=self.options.stale_after_s),
                limit=limit,
                take_all=take_all,
                exclude=self._in_flight,
            )

    async def _sweeper(self) -> None:
        """Takes rows nobody processes (stored unclaimed, or their process died), keeps our claims fresh,
        and forgets old processed rows."""
        o = self.options
        loop = asyncio.get_running_loop()
        next_heartbeat, next_prune = loop.time() + o.heartbeat_s, loop.time() + 60.0
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._sweep_wanted.wait(), o.sweep_s)
            self._sweep_wanted.clear()
            try:
                room = o.max_in_flight - len(self._in_flight)
                if room > 0:
                    rows = await self._claim(limit=min(room, 500))
                    if rows:
                        log.info("inbox: took over %d unprocessed update(s)", len(rows))
                        self._dispatch_rows(rows)
                if loop.time() >= next_heartbeat and self._in_flight:
                    async with self.sessions.begin() as session:
                        await inbox_q.refresh_claims(
                            session, sorted(self._in_flight), worker=self.worker, now=utcnow()
                        )
                    next_heartbeat = loop.time() + o.heartbeat_s
                if loop.time() >= next_prune:
                    async with self.sessions.begin() as session:
                        pruned = await inbox_q.prune_processed(
                            session, before=utcnow() - timedelta(days=o.keep_days)
                        )
                    if pruned:
                        log.info("inbox: forgot %d update(s) processed over %d days ago", pruned, o.keep_days)
                    next_prune = loop.time() + o.prune_every_s
            except Exception as error:  # noqa: BLE001 - the database is away: next round
                log.warning("inbox: sweep failed (%s)", brief(error))
