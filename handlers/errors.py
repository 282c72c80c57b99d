"""The one error handler: log it, tell the admins, answer the user politely. Never a stack trace in chat."""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.context import BotContext
from bot.inbox import is_passing
from bot.logs import Outcome, note_outcome, redact, secrets_of
from bot.render.texts import message
from handlers.common import reply_key

log = logging.getLogger("flagbot.errors")


async def on_error(update: object, context: BotContext) -> None:
    """Anything a handler did not expect ends here."""
    error = context.error
    note_outcome(Outcome.ERROR)
    update_id = update.update_id if isinstance(update, Update) else "-"
    log.error("update failed: %s", error, exc_info=error, extra={"fields": {"update_id": update_id}})
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await reply_key(update, context, "internal_error")
        except TelegramError:
            log.warning("could not tell the user about the error")
    if isinstance(error, Forbidden) or is_passing(error):
        # Telegram or the database away for a moment: the inbox retries the update, and one message to
        # the admins per retry during an outage would be noise they cannot act on.
        return
    # an exception's text may carry a request URL, and with it the token
    summary = html.escape(redact(f"{type(error).__name__}: {error}", secrets_of(context.bot.token)))[:500]
    lang = context.settings.language or "zh"
    for admin_id in context.settings.admin_ids:
        try:
            await context.bot.send_message(admin_id, message("admin_error_alert", lang, summary=summary))
        except TelegramError:
            log.warning("could not tell admin %s about the error", admin_id)
