"""The one error handler: log it, tell the admins, answer the user politely. Never a stack trace in chat."""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, TelegramError

from bot.context import BotContext
from bot.logs import Outcome, note_outcome, redact, secrets_of
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
    if isinstance(error, NetworkError | Forbidden):
        return  # Telegram trouble, not ours: the admins cannot act on it
    # an exception's text may carry a request URL, and with it the token
    summary = html.escape(redact(f"{type(error).__name__}: {error}", secrets_of(context.bot.token)))[:500]
    for admin_id in context.settings.admin_ids:
        try:
            await context.bot.send_message(admin_id, f"⚠️ flagbot 处理消息出错：\n<code>{summary}</code>")
        except TelegramError:
            log.warning("could not tell admin %s about the error", admin_id)
