"""Logs: one line per event as key=value pairs, the token never in a line, and each update's outcome.

The line format (docs/operations.md) is logfmt:

    ts=2026-11-27T13:48:16.120+08:00 level=INFO logger=flagbot.updates msg=update update_id=81 user=42
    chat=42 chat_type=private command=/report outcome=ok ms=35 wait_ms=0

(one line; wrapped here). Values with spaces, quotes or line breaks are quoted JSON-style, so a traceback
is one line too (`exc="Traceback …\\n…"`). Redaction happens when a record is made, so every handler —
ours, pytest's, a log shipper's — sees the token's secret part replaced.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import IO, Any
from zoneinfo import ZoneInfo

from bot.settings import Settings

REDACTED = "<redacted>"

# Libraries whose chatty levels log whole updates (message texts) or every request URL: they never go
# below these levels, whatever LOG_LEVEL says (privacy, and the token-bearing URLs stay out anyway).
LIBRARY_FLOORS: dict[str, int] = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "telegram": logging.INFO,
    "apscheduler": logging.WARNING,
    "aiosqlite": logging.INFO,
    "asyncio": logging.INFO,
}


# ---------------------------------------------------------------- the outcome of an update


class Outcome(StrEnum):
    """How an update ended, as the log line says it. Worse outcomes win over milder ones."""

    OK = "ok"
    REFUSED = "refused"  # the caller may not do that (role, chat kind)
    USER_ERROR = "user_error"  # bad input, answered with a reason and the usage
    DROPPED = "dropped"  # flood control: not processed
    ERROR = "error"  # reached the error handler


_SEVERITY = {Outcome.OK: 0, Outcome.REFUSED: 1, Outcome.USER_ERROR: 2, Outcome.DROPPED: 3, Outcome.ERROR: 4}


@dataclass
class OutcomeBox:
    """The outcome of the update being processed; handlers mark it through note_outcome()."""

    value: Outcome = Outcome.OK


_CURRENT: contextvars.ContextVar[OutcomeBox | None] = contextvars.ContextVar("flagbot_outcome", default=None)


def track_outcome() -> tuple[OutcomeBox, contextvars.Token[OutcomeBox | None]]:
    """Start recording the outcome of the update processed in this task (reset the token when done)."""
    box = OutcomeBox()
    return box, _CURRENT.set(box)


def end_tracking(token: contextvars.Token[OutcomeBox | None]) -> None:
    _CURRENT.reset(token)


def note_outcome(outcome: Outcome) -> None:
    """Called by handlers (a refusal, a user error) and the error handler; a no-op outside an update."""
    box = _CURRENT.get()
    if box is not None and _SEVERITY[outcome] > _SEVERITY[box.value]:
        box.value = outcome


# ---------------------------------------------------------------- redaction


def secrets_of(token: str) -> tuple[str, ...]:
    """What must never be printed: the part of a bot token after ':' (the bot id before it is public)."""
    token = token.strip()
    if not token:
        return ()
    bot_id, _, secret = token.partition(":")
    if secret:
        return (secret,) if len(secret) >= 8 else (token,)
    return (token,) if len(token) >= 8 else ()


# Anything shaped like a bot token (id ':' secret), known to us or not: aiohttp's InvalidURL and
# TooManyRedirects carry the request URL, and with it the token of whatever bot made the call.
_TOKEN_SHAPE = re.compile(r"(\d{5,}):[A-Za-z0-9_-]{20,}")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with every secret and every token-shaped string replaced (a token shows as
    `123456:<redacted>`): for logs, stored errors (outbox.error) and the admins' notes alike."""
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, REDACTED)
    return _TOKEN_SHAPE.sub(rf"\1:{REDACTED}", text)


def redact_record(record: logging.LogRecord, secrets: tuple[str, ...]) -> logging.LogRecord:
    """Redact the message, the traceback text and the stack of a record, in place."""
    if not secrets:
        return record
    try:
        text = record.getMessage()
    except Exception:  # noqa: BLE001 - a bad format string is logging's to report, at emit time
        text = None
    if text is not None:
        clean = redact(text, secrets)
        if clean != text:
            record.msg, record.args = clean, ()
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text, secrets)
    if record.stack_info:
        record.stack_info = redact(record.stack_info, secrets)
    return record


class RedactToken(logging.Filter):
    """The token never appears in logs: PTB and HTTP libraries log Bot API URLs, which contain it. (A filter.)"""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self.secrets = secrets_of(token)

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record, self.secrets)
        return True


_base_factory: Any = None


def install_redaction(token: str) -> None:
    """Redact the token in every record from now on, whichever handler later prints it."""
    global _base_factory
    if _base_factory is None:
        _base_factory = logging.getLogRecordFactory()
    base = _base_factory
    secrets = secrets_of(token)

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(base(*args, **kwargs), secrets)

    logging.setLogRecordFactory(factory)


def uninstall_redaction() -> None:
    """Back to logging's own record factory (tests)."""
    global _base_factory
    if _base_factory is not None:
        logging.setLogRecordFactory(_base_factory)
        _base_factory = None


# ---------------------------------------------------------------- the line format

_BARE = re.compile(r"^[^\s\"=\\]+$")


def logfmt_value(value: object) -> str:
    """A value as logfmt: bare when safe, else a JSON string (one line, quotes and line breaks escaped)."""
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if text and _BARE.match(text) and text.isprintable():
        return text
    return json.dumps(text, ensure_ascii=False)


def logfmt(fields: Mapping[str, object]) -> str:
    return " ".join(f"{key}={logfmt_value(value)}" for key, value in fields.items())


class LogfmtFormatter(logging.Formatter):
    """ts, level, logger, msg, then the record's `fields` (extra={"fields": {...}}), then exc."""

    def __init__(self, tz: ZoneInfo | None = None) -> None:
        super().__init__()
        self.tz = tz

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, self.tz).astimezone(self.tz)
        fields: dict[str, object] = {
            "ts": moment.isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        extra = getattr(record, "fields", None)
        if isinstance(extra, Mapping):
            fields.update({str(k): v for k, v in extra.items() if k not in fields})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            fields["exc"] = record.exc_text
        if record.stack_info:
            fields["stack"] = record.stack_info
        return logfmt(fields)


_OURS = "_flagbot_handler"


def configure_logging(settings: Settings, *, stream: IO[str] | None = None) -> logging.Handler:
    """Root logging for `flagbot run`: logfmt lines on stderr at LOG_LEVEL, the token redacted.

    Idempotent: a second call replaces the handler the first one installed.
    """
    level = logging.getLevelName(settings.log_level.upper())
    if not isinstance(level, int):
        level = logging.INFO
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    setattr(handler, _OURS, True)
    handler.setFormatter(LogfmtFormatter(settings.tz))
    handler.addFilter(RedactToken(settings.telegram_token))  # for records made before install_redaction
    # basicConfig (cli.main) may have installed a plain handler first: ours replaces it.
    for plain in [h for h in root.handlers if not getattr(h, _OURS, False)]:
        if isinstance(plain, logging.StreamHandler) and plain.stream in (sys.stderr, sys.stdout):
            root.removeHandler(plain)
    root.addHandler(handler)
    root.setLevel(level)
    for name, floor in LIBRARY_FLOORS.items():
        logging.getLogger(name).setLevel(max(level, floor))
    install_redaction(settings.telegram_token)
    return handler
