"""Typed application state and callback context: `context.db`, `context.settings`, `context.now()`."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram import Update
from telegram.ext import CallbackContext, ExtBot

from bot.domain.roles import Caller
from bot.outbound.review_files import FileBuilds
from bot.render.language import ZH, language_for
from bot.runtime.callers import CallerCache
from bot.runtime.retry import RetryNotes
from bot.settings import Settings
from storage.report_path import ReportLink, report_link

if TYPE_CHECKING:  # both import this module
    from bot.runtime.app import Runtime
    from bot.runtime.delivery.sender import OutboxSender


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
    engine: AsyncEngine  # the sessions' engine: chat reports run on its driver (storage/report_path.py)
    clock: Clock
    bot_username: str = ""
    callers: CallerCache
    # The inbox's notes on the update being processed (will a failure be retried?), for the error
    # handler; None when updates do not come through an inbox (then nothing is retried).
    retry_notes: RetryNotes | None = None
    # What runs beside the application (updates in, leadership) and its outbox sender, while they run:
    # kept on the application's own state, so two applications in one process never share them.
    runtime: Runtime | None = None
    sender: OutboxSender | None = None
    file_builds: FileBuilds  # a publication's charts and workbook, built after its commit

    def __init__(self) -> None:
        self.callers = CallerCache()

    def configure(
        self, *, settings: Settings, sessions: async_sessionmaker[AsyncSession], clock: Clock
    ) -> None:
        self.settings, self.sessions, self.clock = settings, sessions, clock
        self.engine = sessions.kw["bind"]
        self.file_builds = FileBuilds(sessions=sessions, settings=settings, now=clock.now)


class BotContext(CallbackContext[ExtBot[None], dict, dict, AppState]):  # type: ignore[type-arg]
    """CallbackContext with typed shortcuts. One is made per update, so `caller` is this update's."""

    caller: Caller | None = None
    # The reader's language (bot.render.language), set once per update by from_update; a job's context
    # has no reader and keeps the default.
    lang: str = ZH

    @property
    def state(self) -> AppState:
        return self.bot_data

    @property
    def db(self) -> async_sessionmaker[AsyncSession]:
        return self.bot_data.sessions

    def report_db(self) -> AbstractAsyncContextManager[ReportLink]:
        """A chat report's statements on the database driver, committed when the block ends."""
        return report_link(self.bot_data.engine)

    @property
    def settings(self) -> Settings:
        return self.bot_data.settings

    def now(self) -> datetime:
        return self.bot_data.clock.now()

    @classmethod
    def from_update(cls, update: object, application: Any) -> BotContext:
        """The context of one update, with the language of whoever sent it, decided here and only here."""
        context = super().from_update(update, application)
        user = update.effective_user if isinstance(update, Update) else None
        context.lang = language_for(
            fixed=context.settings.language or None, telegram_code=user.language_code if user else None
        )
        return context


Callback = Callable[[Update, BotContext], object]
