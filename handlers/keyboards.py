"""The Telegram side of buttons: bot.render.buttons' neutral keyboards as PTB's InlineKeyboardMarkup.

The codec (verbs, 'verb:arg', the 64-byte limit) lives in bot.render.buttons, below the handlers, so the
outbox builds the very same buttons as Bot API JSON (keyboard_json) without importing telegram.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.render.buttons import Keyboard


def markup(rows: Keyboard) -> InlineKeyboardMarkup:
    """A neutral keyboard as Telegram's inline keyboard."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data.encode()) for b in row] for row in rows]
    )
