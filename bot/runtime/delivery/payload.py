"""What a queued outbox row becomes in a Bot API call: its text in Telegram's markup, and the options."""

from __future__ import annotations

from typing import Any

from telegram import ForceReply, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

from handlers.markup import to_html, to_plain
from storage.tables import Outbox


def call_arguments(row: Outbox) -> tuple[str, dict[str, Any]]:
    """(text or caption, options) for send_message / send_photo / send_document."""
    payload: dict[str, Any] = dict(row.payload or {})
    options: dict[str, Any] = {}
    if "parse_mode" in payload:  # None: plain text (the default is HTML)
        options["parse_mode"] = payload["parse_mode"]
    if payload.get("reply_markup"):
        options["reply_markup"] = markup(payload["reply_markup"])
    if payload.get("disable_notification"):
        options["disable_notification"] = True
    # Stored texts carry formatting marks (bot/render/marks.py); Telegram gets HTML or plain text.
    text = (to_plain if options.get("parse_mode", "HTML") is None else to_html)(row.text or "")
    return text, options


def markup(data: dict[str, Any]) -> Any:
    """reply_markup stored as JSON, back into PTB's objects."""
    if "inline_keyboard" in data:
        return InlineKeyboardMarkup.de_json(data, None)
    if "keyboard" in data:
        return ReplyKeyboardMarkup.de_json(data, None)
    if data.get("remove_keyboard"):
        return ReplyKeyboardRemove(selective=data.get("selective"))
    if data.get("force_reply"):
        return ForceReply.de_json(data, None)
    raise ValueError(f"unknown reply_markup {sorted(data)}")
