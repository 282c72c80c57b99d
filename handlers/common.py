"""Replying: localized, split to Telegram's limits, private when the content is one unit's business."""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import Forbidden, TelegramError

from bot.context import BotContext
from bot.logs import Outcome, note_outcome
from bot.render.chat import split_message
from bot.render.marks import plain
from bot.render.report import shorten
from bot.render.texts import message
from bot.services.errors import UserError
from handlers.markup import to_html, to_plain


def is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


async def send_text(
    context: BotContext,
    chat_id: int,
    text: str,
    *,
    markup: InlineKeyboardMarkup | None = None,
    parse_mode: str = ParseMode.HTML,
) -> None:
    """sendMessage, and Telegram's answer left unread: nobody here uses the Message sent back, and reading
    it into PTB objects was 7% of the bot's CPU per chat report. Bot._post is the call PTB's own
    send_message makes (defaults, the rate limiter, errors as exceptions); its public twin,
    do_api_request, warns for a method PTB has.
    """
    body = to_html(text) if parse_mode == ParseMode.HTML else to_plain(text)
    await context.bot._post(
        "sendMessage", {"chat_id": chat_id, "text": body, "parse_mode": parse_mode, "reply_markup": markup}
    )


async def send_pieces(
    context: BotContext, chat_id: int, text: str, *, markup: InlineKeyboardMarkup | None = None, **kwargs: Any
) -> None:
    """Long text goes out in several messages under Telegram's 4096 characters, the buttons on the last."""
    pieces = split_message(text)
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        await send_text(context, chat_id, piece, markup=markup if last else None, **kwargs)


async def reply(update: Update, context: BotContext, text: str, **kwargs: Any) -> None:
    """Answer in the chat the update came from (split when long; buttons in `reply_markup`)."""
    chat = update.effective_chat
    if chat is None:
        return
    markup = kwargs.pop("reply_markup", None)
    await send_pieces(
        context, chat.id, text, markup=markup, parse_mode=kwargs.get("parse_mode", ParseMode.HTML)
    )


async def reply_key(update: Update, context: BotContext, key: str, **params: Any) -> None:
    """Answer with a sentence from bot.render.texts."""
    safe = {k: plain(v) if isinstance(v, str) else v for k, v in params.items()}
    await reply(update, context, message(key, context.lang, **safe))


def _echo(value: Any, *, short: bool) -> Any:
    """What the user typed, as plain text (and cut short when asked: a report echo stays one line)."""
    if isinstance(value, str):
        return plain(shorten(value) if short else value)
    if isinstance(value, list):
        return [plain(shorten(str(item), 80) if short else item) for item in value]
    return value


async def reply_user_error(
    update: Update, context: BotContext, error: UserError, usage: str | None = None, *, short: bool = False
) -> None:
    """THE way a service's UserError becomes a reply: its reason in the caller's language (the values the
    user typed as plain text, shortened with short=True), then `usage` (a ready line) when given. The update's log
    line says outcome=user_error."""
    note_outcome(Outcome.USER_ERROR)
    lang = context.lang
    text = message(error.key, lang, **{k: _echo(v, short=short) for k, v in error.params.items()})
    if usage:
        text += "\n" + usage
    await reply(update, context, text)


async def reply_private(update: Update, context: BotContext, text: str, **kwargs: Any) -> None:
    """One unit's details never go to a group: in a group, send them privately and say so briefly."""
    if is_private(update):
        await reply(update, context, text, **kwargs)
        return
    user = update.effective_user
    assert user is not None
    try:
        await send_pieces(context, user.id, text)
    except Forbidden:
        await reply_key(update, context, "open_private_first")
        return
    await reply_key(update, context, "sent_privately")


def command_args(update: Update) -> str:
    """Everything after the command word (works for captions too)."""
    msg = update.effective_message
    text = (msg.text or msg.caption or "") if msg else ""
    parts = text.strip().split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


async def answer_press(update: Update) -> None:
    """Answer a button press at once, whoever pressed it and whatever comes next (Telegram's spinner
    stops; the outcome follows as a message). An old query can no longer be answered: still act on it."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer()
    except TelegramError as error:
        logging.getLogger("flagbot.handlers").info("could not answer a callback query: %s", error)
