"""build_application(settings, …) -> Application: the one builder chain."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, Defaults

from bot.context import AppState, BotContext, Clock
from bot.render.texts import use_flag_names
from bot.runtime.delivery import start_sender, stop_sender
from bot.runtime.errors import on_error
from bot.runtime.inbox import InboxDispatcher, InboxOptions
from bot.runtime.jobs import JOBS, schedule_jobs
from bot.runtime.leader import Leadership
from bot.runtime.poller import InboxPoller
from bot.runtime.ratelimit import GatedRateLimiter
from bot.runtime.transport import AiohttpRequest
from bot.runtime.updates import PerUserUpdateProcessor
from bot.runtime.webhook import WebhookServer, webhook_path
from bot.settings import Settings
from handlers import register
from handlers.menus import set_command_menus
from storage.db import is_sqlite, normalize_url

log = logging.getLogger("flagbot")


def build_application(
    settings: Settings,
    *,
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock | None = None,
    token: str | None = None,
) -> Application:  # type: ignore[type-arg]
    """The bot: settings, database, Bot API endpoints, rate limits, ordered concurrency, handlers."""
    use_flag_names(settings.flag_names)
    context_types = ContextTypes(context=BotContext, bot_data=AppState)
    app = (
        Application.builder()
        .token(token or settings.require_token())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_file_base_url)
        .request(AiohttpRequest())
        # getUpdates waits up to its long-poll timeout plus the read timeout (bot/runtime/poller.py)
        .get_updates_request(AiohttpRequest(connection_pool_size=1))
        .defaults(Defaults(tzinfo=settings.tz, parse_mode=ParseMode.HTML))
        .context_types(context_types)
        # Replies to users are not throttled by us (broadcasts are: the outbox sender keeps Telegram's
        # 30/s, 1/s per chat and 20/min per group). The limiter still keeps replies in one group under
        # 20 a minute and retries a 429 after the retry_after Telegram asks for.
        .rate_limiter(GatedRateLimiter(overall_max_rate=0, group_max_rate=20, max_retries=3))
        .concurrent_updates(PerUserUpdateProcessor(language=settings.language))
        .build()
    )
    if app.job_queue is None:  # PTB leaves it out silently when APScheduler is missing
        raise RuntimeError("the JobQueue is missing: install python-telegram-bot[job-queue]")
    app.bot_data.configure(settings=settings, sessions=sessions, clock=clock or Clock(settings))
    register(app)
    app.add_error_handler(on_error)  # type: ignore[arg-type]
    return app


@dataclass
class Runtime:
    """What runs beside an Application after start_polling / start_webhook, so stop_app can stop it."""

    mode: str  # "polling" (the inbox poller), "updater" (PTB's Updater) or "webhook"
    leadership: Leadership | None = None
    dispatcher: InboxDispatcher | None = None
    poller: InboxPoller | None = None
    webhook: WebhookServer | None = None

    @property
    def role(self) -> str:
        return self.leadership.role if self.leadership is not None else "follower"


def runtime_of(app: Application) -> Runtime | None:  # type: ignore[type-arg]
    state: AppState = app.bot_data
    return state.runtime


async def _open(app: Application) -> Settings:  # type: ignore[type-arg]
    """Initialize, learn our username, set the command menus, start the application."""
    await app.initialize()
    state: AppState = app.bot_data
    state.bot_username = app.bot.username or ""
    await set_command_menus(app.bot, app.bot_data)
    await app.start()
    return state.settings


async def _start_schedule(app: Application, *, with_sender: bool) -> None:  # type: ignore[type-arg]
    """The leader's common duties: the jobs table (then the review catch-up) and the outbox sender."""
    try:
        await schedule_jobs(app)  # adds the jobs first: a failed catch-up still leaves them scheduled
    except Exception:  # noqa: BLE001 - the database may be away right now; the jobs run at their times
        log.exception("the review catch-up at start-up failed")
    if with_sender:
        await start_sender(app)


async def _stop_schedule(app: Application) -> None:  # type: ignore[type-arg]
    await stop_sender(app)
    if app.job_queue is not None:
        for spec in JOBS:
            for job in app.job_queue.get_jobs_by_name(spec.name):
                job.schedule_removal()


async def start_polling(
    app: Application,  # type: ignore[type-arg]
    *,
    poll_timeout: int = 10,
    with_sender: bool = True,
    inbox: bool = True,
    inbox_options: InboxOptions | None = None,
) -> None:
    """Start the bot in polling mode (stop with stop_app).

    The leader (always, on SQLite; the holder of the advisory lock on PostgreSQL — a second process is a
    standby) polls, runs the jobs and the outbox sender. inbox=True (the default, and what `flagbot run`
    uses) stores each batch in the inbox before confirming it; inbox=False uses PTB's Updater, which
    confirms a batch before processing it (a crash loses what it had queued).
    """
    settings = await _open(app)
    runtime = Runtime(mode="polling" if inbox else "updater")

    async def gain() -> None:
        if inbox:
            # The only poller: whatever an earlier run left unprocessed is ours, and goes first.
            runtime.dispatcher = InboxDispatcher(app, sole=True, options=inbox_options)
            await runtime.dispatcher.start()
            runtime.poller = InboxPoller(app, runtime.dispatcher, timeout=poll_timeout)
            await runtime.poller.start()
        else:
            assert app.updater is not None
            await app.updater.start_polling(
                poll_interval=0.0, timeout=poll_timeout, drop_pending_updates=False
            )
        await _start_schedule(app, with_sender=with_sender)

    async def lose() -> None:
        await _stop_schedule(app)
        if runtime.poller is not None:
            await runtime.poller.stop()
            runtime.poller = None
        if runtime.dispatcher is not None:
            await runtime.dispatcher.stop()
            runtime.dispatcher = None
        if app.updater is not None and app.updater.running:
            await app.updater.stop()

    runtime.leadership = leadership = Leadership(settings.database_url, on_gain=gain, on_loss=lose)
    state: AppState = app.bot_data
    state.runtime = runtime
    await leadership.start()


def check_webhook_settings(settings: Settings) -> None:
    """WEBHOOK_URL needs WEBHOOK_SECRET (Telegram sends it back in a header; we refuse requests without it)."""
    from bot.settings import MIN_WEBHOOK_SECRET, SettingsError

    secret = settings.webhook_secret
    if not secret:
        raise SettingsError(
            "WEBHOOK_URL is set but WEBHOOK_SECRET is not: choose a secret of 16–256 letters, digits, _ or - "
            "(e.g. `openssl rand -hex 32`) and put it in .env."
        )
    if len(secret) < MIN_WEBHOOK_SECRET:  # Settings refuses it already; this guards Settings built otherwise
        raise SettingsError(f"WEBHOOK_SECRET must be at least {MIN_WEBHOOK_SECRET} characters.")
    if len(secret) > 256 or not all(c.isascii() and (c.isalnum() or c in "_-") for c in secret):
        raise SettingsError("WEBHOOK_SECRET may only hold 16–256 letters, digits, _ and - (Telegram's rule).")
    if not settings.webhook_url.startswith(("https://", "http://")):
        raise SettingsError("WEBHOOK_URL must be the public https:// address Telegram posts updates to.")


async def start_webhook(
    app: Application,  # type: ignore[type-arg]
    *,
    with_sender: bool = True,
    inbox_options: InboxOptions | None = None,
    set_webhook: bool = True,
) -> WebhookServer:
    """Start the bot in webhook mode (stop with stop_app): the webhook server and the inbox dispatcher in
    every process; the jobs, the outbox sender and setWebhook in the leader only."""
    state: AppState = app.bot_data
    check_webhook_settings(state.settings)
    settings = await _open(app)
    sole = is_sqlite(normalize_url(settings.database_url))  # SQLite: one process; PostgreSQL: maybe many
    dispatcher = InboxDispatcher(app, sole=sole, options=inbox_options)
    runtime = Runtime(mode="webhook", dispatcher=dispatcher)
    state.runtime = runtime
    await dispatcher.start()

    async def gain() -> None:
        if set_webhook:
            try:
                await app.bot.set_webhook(
                    url=settings.webhook_url,
                    secret_token=settings.webhook_secret,
                    allowed_updates=Update.ALL_TYPES,
                    drop_pending_updates=False,
                )
            except TelegramError as error:
                log.error("setWebhook failed (%s): Telegram keeps its previous webhook setting", error)
        await _start_schedule(app, with_sender=with_sender)

    async def lose() -> None:
        await _stop_schedule(app)

    runtime.leadership = leadership = Leadership(settings.database_url, on_gain=gain, on_loss=lose)
    runtime.webhook = server = WebhookServer(
        dispatcher,
        secret=settings.webhook_secret,
        path=webhook_path(settings.webhook_url),
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        role=lambda: runtime.role,
    )
    await server.start()
    await leadership.start()
    return server


async def stop_app(app: Application) -> None:  # type: ignore[type-arg]
    """Stop taking updates, give up the leadership (the sender's sends in flight finish and are recorded),
    let the updates being processed finish and the files being built a little while, close."""
    state: AppState = app.bot_data
    runtime, state.runtime = state.runtime, None
    if runtime is not None:
        if runtime.webhook is not None:
            await runtime.webhook.stop()
        if runtime.poller is not None:
            await runtime.poller.stop()
        if runtime.leadership is not None:
            await runtime.leadership.stop()
        if runtime.dispatcher is not None:
            await runtime.dispatcher.stop()
    else:
        await stop_sender(app)
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await state.file_builds.stop()  # a build cut short leaves its rows pending: built at the next start
    await app.shutdown()
