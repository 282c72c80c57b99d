"""Typed application state and callback context: `context.db`, `context.settings`, `context.now()`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.ext import CallbackContext, ExtBot

from bot.domain.roles import Caller
from bot.outbound.review_files import FileBuilds
from bot.runtime.callers import CallerCache
from bot.runtime.retry import RetryNotes
from bot.settings import Settings
from storage.db import autocommit_sessions


class Clock:
    """The time source. Real by default; tests set it to a fixed moment (no patching of the event loop)."""

    def __init__(self, settings: Settings, fixed: datetime | None = None) -> None:
        self._tz = settings.tz
        self._fixed = fixed

    def now(self) -> datetime:
        return self._fixed if self._fixed is not None else datetime.now(self._tz)

    def set(self, moment: datetime | None) -> None:
        """Pin the clock to an aware moment (None: back to real time)."""
        if moment is not None and moment.tzinfo is None:
            raise ValueError("the clock needs a timezone-aware time")
        self._fixed = moment


class AppState:
    """What every handler and job needs. PTB builds bot_data with no arguments; build_application fills it."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    autocommit: async_sessionmaker[AsyncSession]  # each statement its own transaction (storage.db)
    clock: Clock
    bot_username: str = ""
    callers: CallerCache
    # The inbox's notes on the update being processed (will a failure be retried?), for the error
    # handler; None when updates do not come through an inbox (then nothing is retried).
    retry_notes: RetryNotes | None = None
    file_builds: FileBuilds  # a publication's charts and workbook, built after its commit

    def __init__(self) -> None:
        self.callers = CallerCache()

    def configure(
        self, *, settings: Settings, sessions: async_sessionmaker[AsyncSession], clock: Clock
    ) -> None:
        self.settings, self.sessions, self.clock = settings, sessions, clock
        self.autocommit = autocommit_sessions(sessions)
        self.file_builds = FileBuilds(sessions=sessions, settings=settings, now=clock.now)


class BotContext(CallbackContext[ExtBot[None], dict, dict, AppState]):  # type: ignore[type-arg]
    """CallbackContext with typed shortcuts. One is made per update, so `caller` is this update's."""

    caller: Caller | None = None

    @property
    def state(self) -> AppState:
        return self.bot_data

    @property
    def db(self) -> async_sessionmaker[AsyncSession]:
        return self.bot_data.sessions

    @property
    def db_autocommit(self) -> async_sessionmaker[AsyncSession]:
        """For a handler whose only write is one statement: no BEGIN/COMMIT round trips."""
        return self.bot_data.autocommit

    @property
    def settings(self) -> Settings:
        return self.bot_data.settings

    def now(self) -> datetime:
        return self.bot_data.clock.now()

    def lang_for(self, update: object) -> str:
        """zh by default; en for users whose Telegram language is English; LANGUAGE fixes one for all."""
        if self.settings.language:
            return self.settings.language
        user = update.effective_user if isinstance(update, Update) else None
        code = (user.language_code or "") if user else ""
        return "en" if code.lower().startswith("en") else "zh"


Callback = Callable[[Update, BotContext], object]
