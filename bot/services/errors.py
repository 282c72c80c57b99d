"""The one exception services raise for input a person got wrong; rendering turns it into a sentence."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Something the user can fix. `key` names the message in bot.render.texts; params fill it in."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params
