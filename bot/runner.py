"""`flagbot run`: the bot in long-polling mode until Ctrl-C or SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal

from bot.app import build_application, start_polling, stop_app
from bot.settings import Settings
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade

log = logging.getLogger("flagbot")


class RedactToken(logging.Filter):
    """The token never appears in logs: httpx logs request URLs, which contain it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token:
            text = record.getMessage()
            if self.token in text:
                record.msg, record.args = text.replace(self.token, "<token>"), ()
        return True


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    redact = RedactToken(settings.telegram_token.strip())
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
    logging.getLogger("httpx").setLevel(logging.WARNING)


async def run_bot(settings: Settings) -> int:
    """Migrate, start polling, serve until a signal, stop cleanly."""
    token = settings.require_token()
    engine = make_engine(settings.database_url)
    try:
        await upgrade(engine)
        app = build_application(settings, sessions=make_sessionmaker(engine), token=token)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await start_polling(app)
        log.info("flagbot is running as @%s (long polling)", app.bot.username)
        await stop.wait()
        log.info("stopping")
        await stop_app(app)
    finally:
        await engine.dispose()
    return 0
