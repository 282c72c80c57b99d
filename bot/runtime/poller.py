"""Long polling through the inbox: getUpdates → commit to the inbox → only then ask for the next batch.

PTB's Updater confirms a batch (the next call's offset) before the batch was processed, so a SIGKILL loses
whatever it had queued. InboxPoller asks for the next batch — whose offset confirms this one — only once
this one is committed to the inbox (bot/runtime/inbox.py), so a crash loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.runtime.retry import brief, retry_after_s

if TYPE_CHECKING:
    from bot.runtime.inbox import InboxDispatcher

log = logging.getLogger("flagbot.inbox")

READ_TIMEOUT_S = 5.0  # beyond the long poll's own timeout: PTB's default for getUpdates


class InboxPoller:
    """getUpdates → commit to the inbox → only then ask for the next batch (whose offset confirms these)."""

    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        dispatcher: InboxDispatcher,
        *,
        timeout: int = 10,
        limit: int = 100,
    ) -> None:
        self.app, self.dispatcher = app, dispatcher
        self.timeout, self.limit = timeout, limit
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        if self.running:
            return
        try:  # getUpdates is refused while a webhook is set (an earlier run in webhook mode)
            await self.app.bot.delete_webhook(drop_pending_updates=False)
        except TelegramError as error:
            log.warning("could not remove the webhook (%s); polling anyway", error)
        self._task = asyncio.create_task(self._loop(), name="inbox-poller")

    async def stop(self) -> None:
        """Stop asking. Updates fetched and not stored are not confirmed: Telegram delivers them again."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _fetch(self, offset: int | None) -> list[dict[str, Any]]:
        """getUpdates as Telegram's JSON. The inbox stores exactly that and the dispatcher reads it into
        Update objects; PTB's get_updates would read every update here too, and to_dict() write it back
        (a tenth of the CPU per update in a burst). PTB's own methods go through Bot._post; its public
        twin, do_api_request, warns for a method PTB has (and we want the same call without the reading).
        """
        result = await self.app.bot._post(
            "getUpdates",
            {
                "offset": offset,
                "timeout": self.timeout,
                "limit": self.limit,
                "allowed_updates": Update.ALL_TYPES,
            },
            read_timeout=READ_TIMEOUT_S + self.timeout,  # a long poll may take `timeout` seconds to answer
        )
        return list(result) if isinstance(result, list) else []

    async def _loop(self) -> None:
        offset: int | None = None  # not from the table: after a week of quiet Telegram restarts its ids
        pause = 1.0
        while True:
            await self.dispatcher.wait_for_room()
            try:
                updates = await self._fetch(offset)
            except RetryAfter as error:
                wait = retry_after_s(error)
                log.warning("getUpdates: flood control, waiting %.0f s", wait)
                await asyncio.sleep(wait)
                continue
            except (NetworkError, Conflict, InvalidToken) as error:
                # Telegram unreachable or failing (5xx, timeouts), another poller, a revoked token: keep trying
                log.warning("getUpdates failed (%s); again in %.0f s", brief(error), pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 10.0)
                continue
            pause = 1.0
            if not updates:
                continue
            data = updates
            store_pause = 1.0
            while True:  # nothing is confirmed before it is stored
                try:
                    await self.dispatcher.store(data)
                    break
                except Exception as error:  # noqa: BLE001 - the database is away: hold the batch
                    log.warning(
                        "inbox: cannot store %d update(s) (%s); again in %.0f s",
                        len(data),
                        brief(error),
                        store_pause,
                    )
                    await asyncio.sleep(store_pause)
                    store_pause = min(store_pause * 2, 10.0)
            offset = int(updates[-1]["update_id"]) + 1
