"""Replying: localized, split to Telegram's limits, private when the content is one unit's business."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import Forbidden

from bot.context import BotContext
from bot.render.chat import split_message
from bot.render.texts import message


def is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


async def reply(update: Update, context: BotContext, text: str, **kwargs: Any) -> Message | None:
    """Answer in the chat the update came from; long text goes out in several messages (markup on the last)."""
    chat = update.effective_chat
    if chat is None:
        return None
    markup = kwargs.pop("reply_markup", None)
    pieces = split_message(text)
    sent = None
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        sent = await context.bot.send_message(
            chat.id,
            piece,
            reply_markup=markup if last else None,
            parse_mode=kwargs.get("parse_mode", ParseMode.HTML),
        )
    return sent


async def reply_key(update: Update, context: BotContext, key: str, **params: Any) -> Message | None:
    """Answer with a sentence from bot.render.texts."""
    from bot.render.chat import escape

    safe = {k: escape(v) if isinstance(v, str) else v for k, v in params.items()}
    return await reply(update, context, message(key, context.lang_for(update), **safe))


async def reply_private(update: Update, context: BotContext, text: str, **kwargs: Any) -> None:
    """One unit's details never go to a group: in a group, send them privately and say so briefly."""
    if is_private(update):
        await reply(update, context, text, **kwargs)
        return
    user = update.effective_user
    assert user is not None
    try:
        for piece in split_message(text):
            await context.bot.send_message(user.id, piece, parse_mode=ParseMode.HTML)
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
