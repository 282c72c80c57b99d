"""build_application(settings, …) -> Application: the one builder chain."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ContextTypes, Defaults

from bot.context import AppState, BotContext, Clock
from bot.delivery import start_sender, stop_sender
from bot.jobs import schedule_jobs
from bot.menus import set_command_menus
from bot.settings import Settings
from bot.updates import PerUserUpdateProcessor
from handlers import register

log = logging.getLogger("flagbot")


def build_application(
    settings: Settings,
    *,
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock | None = None,
    token: str | None = None,
) -> Application:  # type: ignore[type-arg]
    """The bot: settings, database, Bot API endpoints, rate limits, ordered concurrency, handlers."""
    context_types = ContextTypes(context=BotContext, bot_data=AppState)
    app = (
        Application.builder()
        .token(token or settings.require_token())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_file_base_url)
        .defaults(Defaults(tzinfo=settings.tz, parse_mode=ParseMode.HTML))
        .context_types(context_types)
        # Replies to users are not throttled by us (broadcasts are: the outbox sender keeps Telegram's
        # 30/s, 1/s per chat and 20/min per group). The limiter still keeps replies in one group under
        # 20 a minute and retries a 429 after the retry_after Telegram asks for.
        .rate_limiter(AIORateLimiter(overall_max_rate=0, group_max_rate=20, max_retries=3))
        .concurrent_updates(PerUserUpdateProcessor())
        .build()
    )
    if app.job_queue is None:  # PTB leaves it out silently when APScheduler is missing
        raise RuntimeError("the JobQueue is missing: install python-telegram-bot[job-queue]")
    app.bot_data.configure(settings=settings, sessions=sessions, clock=clock or Clock(settings))
    register(app)
    return app


async def start_polling(
    app: Application,  # type: ignore[type-arg]
    *,
    poll_timeout: int = 10,
    with_sender: bool = True,
) -> None:
    """Initialize, set the menus, start the updater, the application and the outbox sender (stop with stop_app)."""
    await app.initialize()
    state: AppState = app.bot_data
    state.bot_username = app.bot.username or ""
    await set_command_menus(app.bot, app.bot_data)
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=poll_timeout, drop_pending_updates=False)
    await app.start()
    await schedule_jobs(app)  # the jobs table, then the review check once (catch-up after downtime)
    if with_sender:
        await start_sender(app)


async def stop_app(app: Application) -> None:  # type: ignore[type-arg]
    """Stop the outbox sender (its sends in flight finish and are recorded), stop polling, finish what is running, close."""
    await stop_sender(app)
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
