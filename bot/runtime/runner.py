"""`flagbot run`: the bot in long-polling or webhook mode (WEBHOOK_URL set) until Ctrl-C or SIGTERM."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import Callable

from telegram.ext import Application

from bot import logs
from bot.logs import RedactToken  # noqa: F401 - moved to bot.logs; still importable from here
from bot.runtime.app import (
    build_application,
    check_webhook_settings,
    runtime_of,
    start_polling,
    start_webhook,
    stop_app,
)
from bot.runtime.health import HealthServer
from bot.settings import Settings
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade

log = logging.getLogger("flagbot")


def configure_logging(settings: Settings) -> None:
    """Structured one-line logs with the token redacted (bot.logs; docs/operations.md)."""
    logs.configure_logging(settings)


async def run_bot(settings: Settings) -> int:
    """Migrate, start polling (or the webhook server), serve until a signal, stop cleanly."""
    token = settings.require_token()
    if settings.webhook_url:
        check_webhook_settings(settings)
    engine = make_engine(settings.database_url)
    health_server: HealthServer | None = None
    started = asyncio.Event()  # the health server says "starting" until the bot has started
    try:
        await upgrade(engine)
        sessions = make_sessionmaker(engine)
        app = build_application(settings, sessions=sessions, token=token)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        if wants_health_server(settings):
            # Bound before the bot starts, so a port in use stops `flagbot run` with one sentence.
            health_server = HealthServer(
                sessions,
                listen=settings.webhook_listen,
                port=settings.health_port,
                role=role_of(app, started),
            )
            await health_server.start()
        if settings.webhook_url:
            server = await start_webhook(app)
            log.info("flagbot is running as @%s (webhook, port %s)", app.bot.username, server.port)
        else:
            await start_polling(app)  # through the inbox: a crash loses no update
            runtime = runtime_of(app)
            if runtime is not None and runtime.role == "leader":
                log.info("flagbot is running as @%s (long polling)", app.bot.username)
            else:  # PostgreSQL, and another process polls: take over when it stops
                log.info("flagbot @%s is standing by: another process polls this bot", app.bot.username)
        started.set()
        settle_garbage_collector()
        await stop.wait()
        log.info("stopping")
        await stop_app(app)
    finally:
        if health_server is not None:  # the last to go: a monitor sees the process until it is gone
            await health_server.stop()
        await engine.dispose()
    return 0


GC_YOUNG_THRESHOLD = 10_000  # Python's default is 700


def settle_garbage_collector() -> None:
    """Keep the cycle collector off the ~200,000 objects of start-up, and run it less often.

    In a 3,000-report burst the collector took 4.5% of the bot's CPU: full collections walked every
    object of the libraries and settings, and the young generation was collected every 700 allocations,
    promoting the objects of updates still in flight. Frozen start-up objects are never walked again, and
    a larger young generation lets a handler's objects die before they are looked at: 0.5% (the
    benchmark in docs/benchmarks.md). The cost is up to 10,000 young objects kept a little longer.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, 10, 10)


def wants_health_server(settings: Settings) -> bool:
    """HEALTH_PORT set, and not the webhook's own port (the webhook server answers /healthz already)."""
    if not settings.health_port:
        return False
    return not (settings.webhook_url and settings.health_port == settings.webhook_port)


def role_of(app: Application, started: asyncio.Event) -> Callable[[], str]:  # type: ignore[type-arg]
    """This process's scheduler role, read at each request: "leader", "follower", or "starting" until the
    bot has started (the health server is bound first, and the first try for the leadership comes last)."""

    def role() -> str:
        runtime = runtime_of(app)
        return runtime.role if started.is_set() and runtime is not None else "starting"

    return role
