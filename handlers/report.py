"""Placeholder: filled in by its owner."""

from __future__ import annotations

from telegram.ext import BaseHandler


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return []
