"""The one error handler: log it, tell the admins, answer the user politely. Never a stack trace in chat.

A passing error (the database or Telegram away for a moment, bot/runtime/retry.py) is not the admins' business and
not worth an apology at every attempt: while the inbox will try the update again, the user hears at most
one "received, it will be done shortly" — and only when the database is the trouble; when Telegram is,
nothing could reach them anyway and the real answer comes as soon as it is back. Only when no retry is
coming does the user hear that the message could not be handled and should be sent again.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.context import BotContext
from bot.logs import Outcome, note_outcome, redact, secrets_of
from bot.outbound.admin_notes import tell_admins
from bot.render.marks import plain
from bot.runtime.retry import brief, passing_kind
from handlers.common import reply_key

log = logging.getLogger("flagbot.errors")


async def on_error(update: object, context: BotContext) -> None:
    """Anything a handler did not expect ends here."""
    error = context.error
    note_outcome(Outcome.ERROR)
    update_id = update.update_id if isinstance(update, Update) else "-"
    passing = passing_kind(error)
    if passing is not None and isinstance(update, Update):
        await _answer_passing(update, context, passing)
        return
    log.error("update failed: %s", error, exc_info=error, extra={"fields": {"update_id": update_id}})
    if isinstance(update, Update) and update.effective_chat is not None:
        await _tell(update, context, "internal_error")
    if isinstance(error, Forbidden) or passing is not None:
        # A user who blocked the bot, or a passing error outside an update (a job): nothing to act on.
        return
    # an exception's text may carry a request URL, and with it the token
    summary = plain(redact(f"{type(error).__name__}: {error}", secrets_of(context.bot.token)))[:500]
    await _alert_admins(context, summary)


async def _alert_admins(context: BotContext, summary: str) -> None:
    """The admins hear of the bug through the outbox (its own short transaction), like every other note."""
    try:
        async with context.db.begin() as session:
            await tell_admins(
                session,
                key="admin_error_alert",
                params={"summary": summary},
                settings=context.settings,
                now=context.now(),
            )
    except Exception:  # noqa: BLE001 - the error handler must not fail; the log line above has the error
        log.warning("could not queue the admins' error alert", exc_info=True)
        return
    if context.state.sender is not None:  # deliver now rather than at the sender's next look
        context.state.sender.wake()


async def _answer_passing(update: Update, context: BotContext, kind: str) -> None:
    """The database or Telegram was away while handling this update."""
    notes = context.state.retry_notes
    retrying = notes is not None and notes.will_retry(update.update_id)
    # WARNING, not ERROR: nothing is wrong with the bot, and the inbox logs each retry and a give-up
    log.warning(
        "update failed for a passing reason (%s): %s",
        kind,
        brief(context.error) if context.error else "-",
        extra={"fields": {"update_id": update.update_id, "retry": "yes" if retrying else "no"}},
    )
    if update.effective_chat is None:
        return
    if not retrying:
        await _tell(update, context, "failed_try_again")
        return
    assert notes is not None
    told = notes.told(update.update_id)
    if kind == "database" and not told and await _tell(update, context, "will_retry"):
        notes.mark_told(update.update_id)


async def _tell(update: Update, context: BotContext, key: str) -> bool:
    """Answer with a sentence; False when Telegram did not take it."""
    try:
        await reply_key(update, context, key)
    except TelegramError:
        log.warning("could not tell the user about the error")
        return False
    return True
