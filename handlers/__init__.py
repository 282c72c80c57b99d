"""register(app): THE ordered list of handlers (the error handler is the runtime's: bot/runtime/errors.py)."""

from __future__ import annotations

from telegram.ext import Application, BaseHandler, CommandHandler, MessageHandler, filters

from handlers import access_admin, admin, aliases, looking, rectify, report, scores
from handlers.start import help_command, not_understood, start, unknown_command


def all_handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """In the order PTB tries them: the first that matches an update handles it."""
    return [
        report.report_command_handler(),  # the most frequent update, and nothing else matches it
        CommandHandler("start", start),
        CommandHandler("help", help_command),
        *scores.handlers(),  # /categories and /scores (score sheets are claimed in group -1, below)
        *access_admin.handlers(),  # /revoke for every role, /invites
        *admin.handlers(),  # ledger uploads come before the report module's document handler
        *aliases.handlers(),
        *report.handlers(),
        *looking.handlers(),
        *rectify.handlers(),
        MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, unknown_command),
        # Never silence in a private chat: anything no handler above took gets a pointer to /help.
        MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE, not_understood),
    ]


def register(app: Application) -> None:  # type: ignore[type-arg]
    # A score sheet (caption /scores, or sent after /scores) is claimed before the ledger upload sees it;
    # any other document passes through to the ordered list.
    app.add_handler(scores.upload_handler(), group=-1)
    for handler in all_handlers():
        if isinstance(handler, CommandHandler):
            # PTB's commands also fire on edited messages: editing "/review publish" must not publish.
            handler.filters = handler.filters & filters.UpdateType.MESSAGE
        app.add_handler(handler)
