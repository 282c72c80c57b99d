"""Inline buttons and the one callback-data codec: 'verb:arg', always under Telegram's 64 bytes.

Callback data carries only a verb and a short id; whatever the button acts on lives in the database
(PendingAction), so a button still works after a restart and is acted on once.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

MAX_CALLBACK_BYTES = 64


@dataclass(frozen=True)
class Callback:
    verb: str
    arg: str = ""


def encode(verb: str, arg: object = "") -> str:
    data = f"{verb}:{arg}"
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    """None for data we did not make (an old or foreign button)."""
    if not data or ":" not in data:
        return None
    verb, arg = data.split(":", 1)
    return Callback(verb, arg)


def buttons(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """Rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )
