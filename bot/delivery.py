"""The outbox sender (SPEC §9): delivers queued messages within Telegram's limits and survives restarts.

How it works, and why:
- **An asyncio task beside the application** (start_sender / stop_sender, called by start_polling /
  stop_app), not a JobQueue job. Pacing is the sender's whole job: a task sleeps exactly until the next
  message may go and wakes the moment a send finishes, while a repeating job adds up to one interval of
  latency per message to a chat, runs under APScheduler's misfire rules (a run more than 1 s late is
  skipped silently) and max_instances=1, and cannot wait for "a slot frees up".
- **Its own Bot, without a rate limiter** (same token, endpoints and defaults as app.bot, its own
  connection pool). The AIORateLimiter on app.bot retries a 429 itself while holding *every* request
  of the bot, so one broadcast hitting a limit would freeze the replies to users; `rate_limit_args=0`
  cannot switch those retries off per call (PTB computes `rate_limit_args or max_retries`, so 0 means
  "default"); its leaky buckets let 30 through at once and then 30/s, which a sliding one-second window
  counts as up to 60; and it knows no per-private-chat limit. So the sender paces itself (RateLimits)
  and handles a 429 itself: only that message and that chat wait. Replies to users keep going through
  app.bot and its limiter; the sender leaves them headroom (25 of Telegram's ~30 messages/s by default).
- **The database is the only state.** A message is due when neither sent nor failed and not_before ≤
  now; each is marked sent in its own transaction right after Telegram accepted it. A new process
  continues where the old one stopped. A crash between a send and its mark, or a timeout after Telegram
  did deliver, re-sends that one message: Telegram offers no idempotency key, so exactly-once cannot be
  had; at most the messages in flight at a crash (max_in_flight) can repeat, none at a clean stop.
- **Order per chat:** one message in flight per chat, each chat's lowest pending id goes first, and a
  message waiting for a retry holds back the later ones to its chat (queries.outbox.due_heads).
- Only one sender per database for now (several processes would need a PostgreSQL advisory lock).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import time
import warnings
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import ForceReply, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import Application, ExtBot
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.context import AppState, Clock
from bot.render.chat import escape
from bot.render.texts import message
from bot.services import people
from bot.settings import Settings
from storage.queries import ledger as ledger_q
from storage.queries import outbox as outbox_q
from storage.queries import people as people_q
from storage.tables import Outbox

log = logging.getLogger("flagbot.delivery")


@dataclass(frozen=True)
class SenderOptions:
    """Limits and timings. The defaults are for Telegram; tests shrink the back-off."""

    global_per_sec: int = 25  # Telegram allows about 30/s in all; the rest is for replies to users
    chat_interval_s: float = 1.0  # one message a second per chat
    group_per_min: int = 20  # and twenty a minute per group (chat id < 0)
    margin_s: float = 0.05  # added to every window: our clock and Telegram's are not the same clock
    max_in_flight: int = 8  # concurrent sends (to different chats)
    idle_poll_s: float = 0.5  # how often an idle sender looks for new messages (wake() is immediate)
    refetch_s: float = 0.25  # how often a busy sender re-reads the next message of each chat
    backoff_base_s: float = 5.0  # network trouble: 5 s, 10 s, 20 s … per message and for the sender
    backoff_cap_s: float = 3600.0
    max_attempts: int = 10  # ≈ 1.4 h of tries with the defaults, then failed and the admins told
    # 429s in this many chats within a second, for at least half the answers, mean a bot-wide limit:
    # every chat waits. A few scattered 429s only hold back their own chats.
    flood_chats: int = 3
    stop_timeout_s: float = 10.0  # a clean stop waits this long for the sends in flight


def backoff_s(attempts: int, options: SenderOptions) -> float:
    """Delay before the next try after `attempts` failed ones (exponential, capped, jittered)."""
    delay = min(options.backoff_base_s * 2 ** max(attempts - 1, 0), options.backoff_cap_s)
    return float(delay * random.uniform(1.0, 1.2))


class RateLimits:
    """Telegram's flood limits, checked before each send; times are monotonic seconds.

    A send counts from the moment its answer arrived (Telegram counted it earlier, on arrival) and
    while it is in flight, so these windows are never more generous than a sliding window on
    Telegram's side, whatever the network latency.
    """

    def __init__(self, options: SenderOptions) -> None:
        self._o = options
        self._done: deque[float] = deque()  # answers within the last second
        self._in_flight = 0
        self._last: dict[int, float] = {}  # chat -> its last answer
        self._group: dict[int, deque[float]] = {}  # group -> answers within the last minute
        self._held: dict[int, float] = {}  # chat -> until (429)
        self._paused_until = 0.0  # every chat (network trouble, bot-wide flood)

    def chat_ready_at(self, chat_id: int, now: float) -> float:
        o = self._o
        ready = self._held.get(chat_id, 0.0)
        if chat_id in self._last:
            ready = max(ready, self._last[chat_id] + o.chat_interval_s + o.margin_s)
        window = self._group.get(chat_id)
        if window is not None:
            while window and window[0] <= now - 60.0 - o.margin_s:
                window.popleft()
            if len(window) >= o.group_per_min:
                ready = max(ready, window[len(window) - o.group_per_min] + 60.0 + o.margin_s)
        return ready

    def global_ready_at(self, now: float) -> float:
        o = self._o
        while self._done and self._done[0] <= now - 1.0 - o.margin_s:
            self._done.popleft()
        ready = self._paused_until
        if self._in_flight >= min(o.global_per_sec, o.max_in_flight):
            return math.inf  # wait for an answer
        excess = len(self._done) + self._in_flight - o.global_per_sec
        if excess >= 0:
            ready = max(ready, self._done[excess] + 1.0 + o.margin_s)
        return ready

    def begin(self) -> None:
        self._in_flight += 1

    def end(self, chat_id: int, now: float) -> None:
        self._in_flight -= 1
        self._done.append(now)
        self._last[chat_id] = now
        if chat_id < 0:
            self._group.setdefault(chat_id, deque()).append(now)

    def seed(self, chat_id: int, at: float) -> None:
        """A send made before this sender started (by the previous process), in time order."""
        self._done.append(at)
        self._last[chat_id] = max(at, self._last.get(chat_id, at))
        if chat_id < 0:
            self._group.setdefault(chat_id, deque()).append(at)

    def hold(self, chat_id: int, until: float) -> None:
        self._held[chat_id] = max(self._held.get(chat_id, 0.0), until)

    def pause(self, until: float) -> None:
        self._paused_until = max(self._paused_until, until)

    def prune(self, now: float) -> None:
        """Forget chats that have been quiet long enough to be free again."""
        self._last = {c: t for c, t in self._last.items() if t > now - self._o.chat_interval_s - 1.0}
        self._held = {c: t for c, t in self._held.items() if t > now}
        self._group = {c: w for c, w in self._group.items() if w and w[-1] > now - 61.0}


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
    ) -> None:
        self.bot, self.sessions, self.settings = bot, sessions, settings
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
                heads = await outbox_q.due_heads(session, now=self._clock.now())
            self._heads = {
                row.chat_id: row
                for row in heads
                if row.chat_id not in self._in_flight and _id(row) not in self._unmarked
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
        payload: dict[str, Any] = dict(row.payload or {})
        options: dict[str, Any] = {}
        if "parse_mode" in payload:  # None: plain text (the default is HTML)
            options["parse_mode"] = payload["parse_mode"]
        if payload.get("reply_markup"):
            options["reply_markup"] = _markup(payload["reply_markup"])
        if payload.get("disable_notification"):
            options["disable_notification"] = True
        if row.kind == "text":
            return await self.bot.send_message(row.chat_id, row.text, **options)
        async with self.sessions() as session:
            data = await outbox_q.get_file_data(session, _id(row))
        if data is None:
            raise ValueError(f"the {row.kind} has no file")
        caption = row.text or None
        if row.kind == "photo":
            return await self.bot.send_photo(row.chat_id, data, caption=caption, **options)
        if row.kind == "document":
            filename = payload.get("filename") or "file"
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
        async with self.sessions.begin() as session:
            now, text = self._clock.now(), f"Forbidden: {error}"
            await outbox_q.mark_failed(session, _id(row), at=now, error=text)
            count = 1 + await outbox_q.fail_pending_to_chat(session, row.chat_id, at=now, error=text)
            self.stats.failed += count
            if row.chat_id > 0:
                known = await people_q.get_person(session, row.chat_id) is not None
                newly = await people.mark_unreachable(session, row.chat_id) is not None
                if (newly or not known) and not _is_notice(row):
                    await self._tell_admins(session, row, "delivery_unreachable", now=now, count=count)
            elif not _is_notice(row):
                await self._tell_admins(session, row, "delivery_group_forbidden", now=now, count=count)
        log.warning("chat %s refuses messages (%s): %d failed", row.chat_id, error, count)

    async def _refused(self, row: Outbox, error: str) -> None:
        """Telegram will never take this message as it is (too long, bad markup, chat not found)."""
        self.stats.failed += 1
        async with self.sessions.begin() as session:
            now = self._clock.now()
            await outbox_q.mark_failed(session, _id(row), at=now, error=error)
            if not _is_notice(row):
                await self._tell_admins(session, row, "delivery_rejected", now=now, error=error)
        log.warning("outbox message %s to %s refused: %s", row.id, row.chat_id, error)

    async def _retry(self, row: Outbox, error: str) -> None:
        """Network trouble: this message backs off; so does the whole sender while the trouble lasts."""
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
                await outbox_q.postpone(session, _id(row), until=now, error=error)
                await outbox_q.mark_failed(session, _id(row), at=now, error=error)
                if not _is_notice(row):
                    await self._tell_admins(
                        session, row, "delivery_gave_up", now=now, error=error, attempts=attempts
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

    async def _tell_admins(
        self, session: AsyncSession, row: Outbox, key: str, *, now: datetime, **params: Any
    ) -> None:
        """Queue a note about `row` to every reachable admin but the chat that failed (in this transaction)."""
        admins = {p.user_id: p for p in await people_q.list_people(session, admins=True)}
        ids = sorted(set(self.settings.admin_ids) | set(admins))
        for admin_id in ids:
            person = admins.get(admin_id) or await people_q.get_person(session, admin_id)
            if admin_id == row.chat_id or (person is not None and not person.reachable):
                continue
            lang = self.settings.language or (
                "en" if person is not None and (person.language or "").lower().startswith("en") else "zh"
            )
            who = await _who(session, row.chat_id, lang)
            preview = escape(row.text[:80] + ("…" if len(row.text) > 80 else "")) or "—"
            extra = dict(params)
            if "error" in extra:
                extra["error"] = escape(str(extra["error"])[:200])
            if key == "delivery_unreachable":
                count = int(extra.pop("count", 0))
                extra["dropped"] = message("delivery_dropped", lang, count=count) if count else ""
            text = message(key, lang, who=who, preview=preview, **extra)
            await outbox_q.enqueue(
                session,
                chat_id=admin_id,
                text=text,
                now=now,
                payload={"notice": True},
                dedupe_key=f"delivery:{row.id}:{admin_id}",
            )


def _id(row: Outbox) -> int:
    assert row.id is not None, "an outbox row read from the database has an id"
    return row.id


def _is_notice(row: Outbox) -> bool:
    """A note from the sender itself: its failure is only logged, so notes cannot breed notes."""
    return bool((row.payload or {}).get("notice"))


async def _who(session: AsyncSession, chat_id: int, lang: str) -> str:
    """The chat, as an admin would recognise it: a person (with their unit) or a bound group."""
    if chat_id > 0:
        person = await people_q.get_person(session, chat_id)
        if person is None:
            return message("delivery_who_chat", lang, chat_id=chat_id)
        unit = await ledger_q.get_unit(session, person.unit_id) if person.unit_id else None
        name = escape(person.name or person.username or chat_id)
        if unit is not None:
            return message(
                "delivery_who_person_unit", lang, name=name, unit=escape(unit.name), chat_id=chat_id
            )
        return message("delivery_who_person", lang, name=name, chat_id=chat_id)
    for binding in await people_q.list_bindings(session):
        if binding.chat_id == chat_id:
            title = escape(binding.title) or message(f"delivery_chat_{binding.kind}", lang)
            return message("delivery_who_group", lang, title=title, chat_id=chat_id)
    return message("delivery_who_chat", lang, chat_id=chat_id)


def _markup(data: dict[str, Any]) -> Any:
    """reply_markup stored as JSON, back into PTB's objects."""
    if "inline_keyboard" in data:
        return InlineKeyboardMarkup.de_json(data, None)
    if "keyboard" in data:
        return ReplyKeyboardMarkup.de_json(data, None)
    if data.get("remove_keyboard"):
        return ReplyKeyboardRemove(selective=data.get("selective"))
    if data.get("force_reply"):
        return ForceReply.de_json(data, None)
    raise ValueError(f"unknown reply_markup {sorted(data)}")


def _retry_after_s(error: RetryAfter) -> float:
    """RetryAfter.retry_after is an int or a timedelta depending on PTB_TIMEDELTA; both are fine here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


# ---------------------------------------------------------------------- wiring into the application
_SENDERS: dict[int, OutboxSender] = {}


def make_sender_bot(app: Application, *, pool_size: int) -> ExtBot:  # type: ignore[type-arg]
    """A Bot like app.bot (token, Bot API server, defaults) but without its rate limiter."""
    state: AppState = app.bot_data
    return ExtBot(
        token=app.bot.token,
        base_url=state.settings.telegram_api_base_url,
        base_file_url=state.settings.telegram_file_base_url,
        request=HTTPXRequest(connection_pool_size=pool_size),
        defaults=app.bot.defaults,
    )


async def start_sender(app: Application, options: SenderOptions | None = None) -> OutboxSender:  # type: ignore[type-arg]
    """Start the application's outbox sender (one per application and, for now, per database)."""
    existing = _SENDERS.get(id(app))
    if existing is not None and existing.running:
        return existing
    options = options or SenderOptions()
    state: AppState = app.bot_data
    sender = OutboxSender(
        bot=make_sender_bot(app, pool_size=options.max_in_flight + 2),
        sessions=state.sessions,
        clock=state.clock,
        settings=state.settings,
        options=options,
    )
    _SENDERS[id(app)] = sender
    await sender.start()
    return sender


async def stop_sender(app: Application) -> None:  # type: ignore[type-arg]
    """Stop the application's sender, if it has one, letting the sends in flight finish."""
    sender = _SENDERS.pop(id(app), None)
    if sender is not None:
        await sender.stop()


def sender_of(app: Application) -> OutboxSender | None:  # type: ignore[type-arg]
    return _SENDERS.get(id(app))


def wake(app: Application) -> None:  # type: ignore[type-arg]
    """After committing outbox rows: deliver them now instead of at the next poll (optional)."""
    sender = _SENDERS.get(id(app))
    if sender is not None:
        sender.wake()
