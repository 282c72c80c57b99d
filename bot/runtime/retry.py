"""Passing errors and the inbox's retries: which failures deserve another try, and what the user is told.

An update whose handler failed because the database or Telegram was unreachable for a moment (or a 429,
a lock or deadlock) is processed again by the inbox after a back-off (bot/runtime/inbox.py). The error handler
(bot/runtime/errors.py) asks RetryNotes whether a retry is coming, so that the user hears at most one
"received, it will be done shortly" per update — and nothing at all when Telegram itself is the trouble,
since the real answer arrives as soon as Telegram is back — instead of an apology at every attempt.
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from typing import Literal

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

PassingKind = Literal["telegram", "database"]


def brief(error: BaseException) -> str:
    """An error in one short line for a log message (SQLAlchemy's carry the statement and a link)."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0][:200] if lines else ''}"


def passing_kind(error: BaseException | None) -> PassingKind | None:
    """ "telegram" or "database" for an error that says "not now" rather than "never", else None."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, RetryAfter):
            return "telegram"
        if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
            return "telegram"  # includes TimedOut and Telegram's 5xx answers
        if isinstance(
            error, OperationalError | InterfaceError | PoolTimeout | ConnectionError | TimeoutError
        ):
            return "database"  # lost connection, server restarting, "database is locked", pool exhausted
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return "database"
        if _is_asyncpg_passing(error):
            return "database"
        error = error.__cause__ or error.__context__
        seen += 1
    return None


def is_passing(error: BaseException | None) -> bool:
    """An error that says "not now" rather than "never": the database or Telegram unreachable, a 429."""
    return passing_kind(error) is not None


def _is_asyncpg_passing(error: BaseException) -> bool:
    """PostgreSQL went away or is (re)starting: connection errors (08…), shutdown, "cannot connect now" and
    statement timeouts (57…), "connection is closed"; or another transaction was in the way: a lock
    timeout (55P03), a deadlock or serialization failure (40…) — the textbook cases for trying again."""
    try:
        from asyncpg import exceptions as pg
    except ImportError:  # pragma: no cover - asyncpg is a dependency
        return False
    return isinstance(
        error,
        pg.PostgresConnectionError
        | pg.OperatorInterventionError
        | pg.InterfaceError
        | pg.LockNotAvailableError
        | pg.TransactionRollbackError,
    )


def retry_after_s(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that retry_after will become a timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def backoff_s(attempt: int, *, base_s: float, max_s: float) -> float:
    """The wait before retry number attempt+1: base, 2×base, 4×base … at most max_s."""
    return min(base_s * 2**attempt, max_s)


class RetryNotes:
    """What the inbox is doing with the updates it processes now: will a failure be retried, and was the
    user already told that it will be done shortly."""

    def __init__(self) -> None:
        self._will_retry: dict[int, bool] = {}
        self._told: set[int] = set()

    def attempt(self, update_id: int, *, will_retry: bool) -> None:
        """The inbox is about to process the update; a passing failure now is (or is not) tried again."""
        self._will_retry[update_id] = will_retry

    def will_retry(self, update_id: int) -> bool:
        return self._will_retry.get(update_id, False)

    def told(self, update_id: int) -> bool:
        return update_id in self._told

    def mark_told(self, update_id: int) -> None:
        self._told.add(update_id)

    def forget(self, update_id: int) -> None:
        """The update is finished (or given up, or handed back): nothing more to remember."""
        self._will_retry.pop(update_id, None)
        self._told.discard(update_id)
