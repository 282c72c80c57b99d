"""OutboxSender: the loop that sends due outbox rows within the limits and records each outcome."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import warnings
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import ExtBot
from telegram.warnings import PTBDeprecationWarning

from bot.context import Clock
from bot.logs import redact, secrets_of
from bot.runtime.delivery.limits import RateLimits, SenderOptions, backoff_s
from bot.runtime.delivery.notes import is_notice, tell_admins
from bot.runtime.delivery.payload import call_arguments
from bot.services import people
from bot.settings import Settings
from storage.queries import outbox as outbox_q
from storage.queries import people as people_q
from storage.tables import Outbox

log = logging.getLogger("flagbot.delivery")


class _TickingClock:
    """The app's clock for due times and back-off. A pinned clock (tests) ticks on from its pin here,
    so a message postponed by a few seconds still comes due while the rest of the bot sees the pin."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._last: datetime | None = None
        self._seen = 0.0

    def now(self) -> datetime:
        current, mono = self._clock.now(), time.monotonic()
        if current != self._last:
            self._last, self._seen = current, mono
            return current
        return current + timedelta(seconds=mono - self._seen)


@dataclass
class SenderStats:
    sent: int = 0
    failed: int = 0
    flood_waits: int = 0
    retries: int = 0
    migrated: int = 0
    started_at: float = field(default_factory=time.monotonic)


class OutboxSender:
    """Delivers the outbox: start() once, stop() at shutdown, wake() after queuing to skip the poll."""

    def __init__(
        self,
        *,
        bot: ExtBot,  # type: ignore[type-arg]
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        settings: Settings,
        options: SenderOptions | None = None,
        build_file: Callable[[str, datetime], None] | None = None,
    ) -> None:
        """build_file(source, queued_at): a chat's next message is a file not built yet; see it built."""
        self.bot, self.sessions, self.settings = bot, sessions, settings
        self._secrets = secrets_of(bot.token)
        self._build_file = build_file
        self.options = options or SenderOptions()
        self.stats = SenderStats()
        self._clock = _TickingClock(clock)
        self._limits = RateLimits(self.options)
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._in_flight: dict[int, asyncio.Task[None]] = {}  # chat -> its send
        self._heads: dict[int, Outbox] = {}  # chat -> its next message, in id order
        self._refresh, self._refetch_at = True, 0.0
        self._unmarked: dict[int, tuple[datetime, int]] = {}  # sent, but the mark did not commit yet
        self._network_level = 0  # failed rounds in a row; each doubles the pause of every send
        self._network_pause_until = 0.0
        self._answers: deque[tuple[float, int | None]] = deque()  # (when, chat if 429) in the last second

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def wake(self) -> None:
        """Look at the outbox now rather than at the next poll."""
        self._refresh = True
        self._wake.set()

    async def start(self) -> None:
        if self.running:
            return
        try:
            await self.bot.initialize()  # the connection pool, and getMe (not needed to send)
        except TelegramError as error:  # only its type: PTB puts the token into InvalidToken's text
            log.warning("outbox sender starts without getMe: %s", type(error).__name__)
        self._stopping = False
        self.stats = SenderStats()
        self._task = asyncio.create_task(self._run(), name="outbox-sender")
        log.info("outbox sender started")

    async def stop(self) -> None:
        """Stop taking messages, let the sends in flight finish and be marked, then close."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), self.options.stop_timeout_s)
            except TimeoutError:
                log.warning("outbox sender did not stop in time; cancelling %d sends", len(self._in_flight))
                for task in self._in_flight.values():
                    task.cancel()
                self._task.cancel()
                await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self.bot.shutdown()
        log.info("outbox sender stopped: %s", self.stats)

    # ------------------------------------------------------------------ the loop
    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        trouble = 0
        try:
            await self._seed_limits(loop.time())
        except Exception:
            log.exception("could not read the recent sends; starting with empty rate windows")
        while not self._stopping:
            self._wake.clear()
            try:
                wake_at = await self._pass(loop.time())
                trouble = 0
            except Exception:  # the database away for a moment: never let the sender die
                trouble += 1
                log.exception("outbox sender pass failed (%d in a row)", trouble)
                wake_at = loop.time() + min(self.options.idle_poll_s * 2**trouble, 30.0)
            timeout = max(0.0, wake_at - loop.time())
            if timeout > 0 and not self._stopping:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout)
        if self._in_flight:
            await asyncio.gather(*self._in_flight.values(), return_exceptions=True)

    async def _seed_limits(self, mono: float) -> None:
        """Sends of the last minute (a previous process's) count against the limits, as Telegram counts them.

        Times in the future (the previous process's clock ran ahead of ours) count as just now."""
        now = self._clock.now()
        async with self.sessions() as session:
            recent = await outbox_q.recent_sends(session, since=now - timedelta(seconds=61))
        for chat_id, sent_at in recent:
            self._limits.seed(chat_id, mono - max(0.0, (now - sent_at).total_seconds()))

    async def _pass(self, mono: float) -> float:
        """Start every send that may go now; return when to look again (earlier if a send finishes)."""
        await self._flush_unmarked()
        o = self.options
        if self._refresh or mono >= self._refetch_at:
            # Each chat's head, re-read a few times a second rather than after every send: a chat's
            # next message may not go for a second anyway, and the saved queries are sending time.
            self._refresh, self._refetch_at = False, mono + o.refetch_s
            async with self.sessions() as session:
                heads = await outbox_q.due_heads(session, now=self._clock.now(), limit=o.heads_per_fetch)
            self._heads = {
                row.chat_id: row
                for row in heads
                if row.chat_id not in self._in_flight
                and _id(row) not in self._unmarked
                and not self._waits_for_file(row)
            }
            self._limits.prune(mono)
        wake_at = min(self._refetch_at, mono + o.idle_poll_s) if self._heads else mono + o.idle_poll_s
        for chat_id, row in list(self._heads.items()):
            ready = self._limits.chat_ready_at(chat_id, mono)
            if ready > mono:
                wake_at = min(wake_at, ready)
                continue
            ready = self._limits.global_ready_at(mono)
            if ready > mono:  # later messages wait their turn: the outbox is served in order
                wake_at = min(wake_at, ready)
                break
            del self._heads[chat_id]
            self._limits.begin()
            self._in_flight[chat_id] = asyncio.create_task(self._deliver(row))
        return wake_at

    def _waits_for_file(self, row: Outbox) -> bool:
        """A file queued before it was built holds its chat (the chart after the text, in order)."""
        if row.file_pending is None:
            return False
        if self._build_file is not None:
            self._build_file(row.file_pending, row.created_at)
        return True

    async def _deliver(self, row: Outbox) -> None:
        """Send one message and record what came of it; the chat stays busy until that is recorded."""
        outbox_id = _id(row)
        try:
            try:
                sent = await self._send_counted(row)
            except RetryAfter as error:
                await self._flood_wait(row, error)
            except ChatMigrated as error:
                await self._migrated(row, error.new_chat_id)
            except Forbidden as error:
                await self._forbidden(row, error.message)
            except BadRequest as error:  # before NetworkError: BadRequest is one of them
                await self._refused(row, error.message)
            except TelegramError as error:  # network, timeouts, 5xx, and anything else from Telegram
                await self._retry(row, f"{type(error).__name__}: {error.message}")
            except Exception as error:  # a payload we cannot send (our bug): do not retry forever
                log.exception("outbox message %s could not be sent", row.id)
                await self._refused(row, f"{type(error).__name__}: {error}")
            else:
                self._network_level = 0
                self._note_answer(asyncio.get_running_loop().time())
                self.stats.sent += 1
                self._unmarked[outbox_id] = (self._clock.now(), sent.message_id)
                await self._mark_sent(outbox_id)
        except Exception:
            log.exception("could not record the outcome of outbox message %s", row.id)
        finally:
            self._in_flight.pop(row.chat_id, None)
            self._wake.set()

    async def _send_counted(self, row: Outbox) -> Message:
        """The send, counted against the limits from the moment its answer (or error) arrived."""
        try:
            return await self._send(row)
        finally:
            self._limits.end(row.chat_id, asyncio.get_running_loop().time())
            self._wake.set()  # a slot is free for other chats while this one is recorded

    async def _send(self, row: Outbox) -> Message:
        text, options = call_arguments(row)
        if row.kind == "text":
            return await self.bot.send_message(row.chat_id, text, **options)
        async with self.sessions() as session:
            data = await outbox_q.get_file_data(session, _id(row))
        if data is None:
            raise ValueError(f"the {row.kind} has no file")
        caption = text or None
        if row.kind == "photo":
            return await self.bot.send_photo(row.chat_id, data, caption=caption, **options)
        if row.kind == "document":
            filename = (row.payload or {}).get("filename") or "file"
            return await self.bot.send_document(
                row.chat_id, data, caption=caption, filename=filename, **options
            )
        raise ValueError(f"unknown outbox kind {row.kind!r}")

    async def _mark_sent(self, outbox_id: int) -> None:
        """Mark sent what Telegram accepted. Kept in memory until it commits, so it is never re-sent."""
        at, message_id = self._unmarked[outbox_id]
        async with self.sessions.begin() as session:
            await outbox_q.mark_sent(session, outbox_id, at=at, message_id=message_id)
        self._unmarked.pop(outbox_id, None)

    async def _flush_unmarked(self) -> None:
        """Marks that failed to commit before (the database was away): try them again."""
        for outbox_id in list(self._unmarked):
            if outbox_id in self._unmarked:
                await self._mark_sent(outbox_id)

    # ------------------------------------------------------------------ outcomes
    async def _flood_wait(self, row: Outbox, error: RetryAfter) -> None:
        """429: never dropped; this chat waits as long as Telegram says, every chat if it looks bot-wide."""
        seconds = _retry_after_s(error)
        mono = asyncio.get_running_loop().time()
        self.stats.flood_waits += 1
        async with self.sessions.begin() as session:
            until = self._clock.now() + timedelta(seconds=seconds)
            error_text = f"429 retry after {seconds:g}s"
            await outbox_q.postpone(session, _id(row), until=until, error=error_text, count_attempt=False)
        self._limits.hold(row.chat_id, mono + seconds)
        self._note_answer(mono, flood_chat=row.chat_id)
        floods = [chat for _, chat in self._answers if chat is not None]
        if len(set(floods)) >= self.options.flood_chats and 2 * len(floods) >= len(self._answers):
            log.warning(
                "429 for %d of %d sends in a second: pausing all %gs",
                len(floods),
                len(self._answers),
                seconds,
            )
            self._limits.pause(mono + seconds)

    def _note_answer(self, mono: float, *, flood_chat: int | None = None) -> None:
        self._answers.append((mono, flood_chat))
        while self._answers and self._answers[0][0] < mono - 1.0:
            self._answers.popleft()

    async def _migrated(self, row: Outbox, new_chat_id: int) -> None:
        """The group became a supergroup: its bindings and its unsent messages move to the new id."""
        self.stats.migrated += 1
        async with self.sessions.begin() as session:
            await people.follow_migration(session, old_chat_id=row.chat_id, new_chat_id=new_chat_id)
            await outbox_q.move_chat(session, old_chat_id=row.chat_id, new_chat_id=new_chat_id)
        log.info("chat %s migrated to %s; its messages follow", row.chat_id, new_chat_id)

    async def _forbidden(self, row: Outbox, error: str) -> None:
        """Blocked (or removed from the group): the chat's messages fail, the person is unreachable, admins told."""
        error = redact(error, self._secrets)  # stored and forwarded: never the token
        async with self.sessions.begin() as session:
            now, text = self._clock.now(), f"Forbidden: {error}"
            await outbox_q.mark_failed(session, _id(row), at=now, error=text)
            count = 1 + await outbox_q.fail_pending_to_chat(session, row.chat_id, at=now, error=text)
            self.stats.failed += count
            if row.chat_id > 0:
                known = await people_q.get_person(session, row.chat_id) is not None
                newly = await people.mark_unreachable(session, row.chat_id) is not None
                if (newly or not known) and not is_notice(row):
                    await tell_admins(
                        session, row, "delivery_unreachable", settings=self.settings, now=now, count=count
                    )
            elif not is_notice(row):
                await tell_admins(
                    session, row, "delivery_group_forbidden", settings=self.settings, now=now, count=count
                )
        log.warning("chat %s refuses messages (%s): %d failed", row.chat_id, error, count)

    async def _refused(self, row: Outbox, error: str) -> None:
        """Telegram will never take this message as it is (too long, bad markup, chat not found)."""
        error = redact(error, self._secrets)  # stored and forwarded: never the token
        self.stats.failed += 1
        async with self.sessions.begin() as session:
            now = self._clock.now()
            await outbox_q.mark_failed(session, _id(row), at=now, error=error)
            if not is_notice(row):
                await tell_admins(
                    session, row, "delivery_rejected", settings=self.settings, now=now, error=error
                )
        log.warning("outbox message %s to %s refused: %s", row.id, row.chat_id, error)

    async def _retry(self, row: Outbox, error: str) -> None:
        """Network trouble: this message backs off; so does the whole sender while the trouble lasts."""
        error = redact(error, self._secrets)  # stored and forwarded: never the token
        o, mono = self.options, asyncio.get_running_loop().time()
        if mono >= self._network_pause_until:  # a send since the last pause failed too: wait longer
            self._network_level += 1
            self._network_pause_until = mono + backoff_s(self._network_level, o)
            self._limits.pause(self._network_pause_until)
        attempts = row.attempts + 1
        async with self.sessions.begin() as session:
            now = self._clock.now()
            if attempts >= o.max_attempts:
                self.stats.failed += 1
                await outbox_q.mark_failed(session, _id(row), at=now, error=error, count_attempt=True)
                if not is_notice(row):
                    await tell_admins(
                        session,
                        row,
                        "delivery_gave_up",
                        settings=self.settings,
                        now=now,
                        error=error,
                        attempts=attempts,
                    )
                log.error(
                    "outbox message %s to %s given up after %d attempts: %s",
                    row.id,
                    row.chat_id,
                    attempts,
                    error,
                )
                return
            self.stats.retries += 1
            until = now + timedelta(seconds=backoff_s(attempts, o))
            await outbox_q.postpone(session, _id(row), until=until, error=error)
        log.info("outbox message %s to %s: %s; try %d at %s", row.id, row.chat_id, error, attempts + 1, until)


def _id(row: Outbox) -> int:
    assert row.id is not None, "an outbox row read from the database has an id"
    return row.id


def _retry_after_s(error: RetryAfter) -> float:
    """RetryAfter.retry_after is an int or a timedelta depending on PTB_TIMEDELTA; both are fine here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
