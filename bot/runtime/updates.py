"""Processing updates concurrently across users while keeping each user's updates in order; one log line
per update; flood control."""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
import time
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import BaseUpdateProcessor

from bot.logs import Outcome, end_tracking, track_outcome
from bot.render.buttons import verb_for_log
from bot.render.language import language_for
from bot.render.texts import message
from handlers.markup import to_html, to_plain

log = logging.getLogger("flagbot.updates")

_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@\w+)?$")


def ordering_key(update: object) -> int:
    """Updates of one user (or, without a user, one chat) are processed one after another."""
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return 0


def command_of(update: Update) -> str:
    """What the update asks, without its text (privacy): /cmd, text, document, photo, callback:<verb>, …"""
    if update.callback_query is not None:
        return f"callback:{verb_for_log(update.callback_query.data)}"
    msg = update.effective_message
    if msg is None:
        return "-"
    text = msg.text or msg.caption or ""
    if text.startswith("/"):
        match = _COMMAND.match(text.split(maxsplit=1)[0])
        return f"/{match.group(1).lower()}" if match else "/?"
    if msg.document is not None:
        return "document"
    if msg.photo:
        return "photo"
    if msg.text is not None:
        return "text"
    return "other"


def update_fields(update: object) -> dict[str, object]:
    """The log line's who/where/what of an update (ids, chat type, command word; never message text)."""
    if not isinstance(update, Update):
        return {"update_id": "-", "type": type(update).__name__}
    user, chat = update.effective_user, update.effective_chat
    kind = next((name for name in Update.ALL_TYPES if getattr(update, name, None) is not None), "unknown")
    return {
        "update_id": update.update_id,
        "type": kind,
        "user": user.id if user else "-",
        "chat": chat.id if chat else "-",
        "chat_type": chat.type if chat else "-",
        "command": command_of(update),
    }


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Up to `workers` updates at once, but never two of the same user; flood control; a log line each.

    PTB's default handles one update at a time (≈ 18 updates/s with 50 ms of network per API call);
    its plain concurrent mode reorders one user's messages and conversations. asyncio.Lock is fair
    (first come, first served), so a user's updates run in the order they arrived. The user's lock is
    taken before a worker slot, so one user flooding the bot waits on their own lock and cannot
    occupy the slots other users need (PTB's own semaphore is set high enough never to be the limit).

    Flood control: once `flood_queue` updates of one user are waiting (or running), further ones are
    dropped unprocessed. The user is told once (the "slow_down" message) per `notice_every_s`; a dropped
    button press is answered with the same sentence as a toast, so no press is left spinning.
    """

    def __init__(
        self,
        workers: int = 32,
        max_waiting: int = 10_000,
        *,
        flood_queue: int = 40,  # a contact catching up on 30 projects at once is not a flood; 100 in a second is
        notice_every_s: float = 60.0,
        language: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(max_waiting)
        self._workers = asyncio.BoundedSemaphore(workers)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._noticed: dict[int, float] = {}  # user → when they were last told to slow down
        self.flood_queue = flood_queue
        self.notice_every_s = notice_every_s
        self.language = language  # LANGUAGE: "" = each user's Telegram language
        self._clock = clock

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        key = ordering_key(update)
        arrived = self._clock()
        if key and self._waiting.get(key, 0) >= self.flood_queue:
            if inspect.iscoroutine(coroutine):
                coroutine.close()  # never awaited: it must not warn
            await self._drop(update, key)
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock, self._workers:
                started = self._clock()
                box, token = track_outcome()
                try:
                    await coroutine
                except BaseException:
                    box.value = Outcome.ERROR
                    raise
                finally:
                    end_tracking(token)
                    self._log(update, box.value, started=started, arrived=arrived)
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # forget idle users so the dicts do not grow forever
                del self._waiting[key]
                del self._locks[key]

    def _log(self, update: object, outcome: Outcome, *, started: float, arrived: float) -> None:
        level = logging.WARNING if outcome is Outcome.ERROR else logging.INFO
        if not log.isEnabledFor(level):  # LOG_LEVEL=WARNING: no fields built for a line nobody writes
            return
        done = self._clock()
        fields = update_fields(update)
        fields.update(
            outcome=outcome.value,
            ms=round((done - started) * 1000),
            wait_ms=round((started - arrived) * 1000),
        )
        log.log(level, "update", extra={"fields": fields})

    async def _drop(self, update: object, key: int) -> None:
        """Flood control: not processed; the user is told (once per burst for messages)."""
        now = self._clock()
        self._log(update, Outcome.DROPPED, started=now, arrived=now)
        if not isinstance(update, Update):
            return
        user = update.effective_user
        lang = language_for(fixed=self.language or None, telegram_code=user.language_code if user else None)
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(to_plain(message("slow_down", lang)))
                return
            last = self._noticed.get(key)
            chat = update.effective_chat
            if chat is None or (last is not None and now - last < self.notice_every_s):
                return
            self._noticed = {k: t for k, t in self._noticed.items() if now - t < self.notice_every_s}
            self._noticed[key] = now
            await update.get_bot().send_message(chat.id, to_html(message("slow_down", lang)))
        except (TelegramError, RuntimeError) as error:  # RuntimeError: an update built without a bot
            log.warning("could not tell user %s to slow down: %s", key, error)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
