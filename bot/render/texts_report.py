"""Sentences of the report commands: key → (zh, en); merged into bot.render.texts.MESSAGES."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
