"""Buttons as data, and the one callback-data codec: every button the bot shows and every press it handles.

Callback data is 'verb:arg', always under Telegram's 64 bytes. It carries only what a button is (a Verb)
and a short id; whatever the button acts on lives in the database (PendingAction), so a button still works
after a restart and is acted on once. Nothing here knows Telegram: handlers/keyboards.py turns a Keyboard
into PTB's markup, keyboard_json into the Bot API JSON the outbox stores.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.render.texts import message

MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data (21 Chinese characters)
_WORD = re.compile(r"^[A-Za-z0-9_]{1,20}$")


class Verb(enum.StrEnum):
    """Every kind of button; the value is what the callback data starts with (short: 64 bytes in all)."""

    REPORT_CONFIRM = "rc"  # store a held report
    REPORT_CANCEL = "rx"  # drop a held report
    GUIDED_PICK = "gp"  # the guided /report flow: this project
    REVIEW_PUBLISH = "pv"  # publish the previewed review (/review, or the approval request)
    REVIEW_CANCEL = "px"  # cancel the preview
    LEDGER_CONFIRM = "lc"  # apply a held ledger upload, as previewed
    LEDGER_CANCEL = "lx"  # drop a held ledger upload
    SCORES_CONFIRM = "sc"  # import the previewed score sheet
    SCORES_CANCEL = "sx"  # drop it
    INVITE_CANCEL = "ic"  # /invites: cancel this open invite (its id)
    PLAN_APPROVE = "ra"  # /plans: approve a rectification item
    PLAN_RETURN = "rr"  # /plans: return an item (asks for the comment)
    PLAN_CLOSE = "rk"  # /plans: close (销号) an item
    PLAN_FILL = "rf"  # /plan: fill in this item (the next private message)

    @staticmethod
    def pattern(*verbs: Verb) -> str:
        """A CallbackQueryHandler pattern for presses of these verbs' buttons."""
        return "^(" + "|".join(v.value for v in verbs) + "):"


@dataclass(frozen=True)
class CallbackData:
    """What a button says when pressed: a verb and its argument (an id, as text)."""

    verb: Verb
    arg: str = ""

    def encode(self) -> str:
        """'verb:arg'; ValueError when over Telegram's 64 bytes (a button Telegram would refuse)."""
        data = f"{self.verb.value}:{self.arg}"
        if len(data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
        return data

    @staticmethod
    def decode(data: str | None) -> CallbackData | None:
        """None for data we did not make (an old, foreign or forged button)."""
        if not data or ":" not in data or len(data.encode()) > MAX_CALLBACK_BYTES:
            return None
        verb, arg = data.split(":", 1)
        try:
            return CallbackData(Verb(verb), arg)
        except ValueError:
            return None

    @property
    def id(self) -> int | None:
        """The argument as a database id, or None when it is not one."""
        return int(self.arg) if self.arg.isascii() and self.arg.isdigit() else None


def verb_for_log(data: str | None) -> str:
    """The verb a press names, for the update's log line: ours or a foreign one, '?' when it is not a
    plain word (what the user's client sent is never logged as it is)."""
    verb = (data or "").split(":", 1)[0]
    return verb if _WORD.match(verb) else "?"


@dataclass(frozen=True)
class Button:
    """An inline button: what it shows and what pressing it says."""

    label: str
    data: CallbackData


Keyboard = tuple[tuple[Button, ...], ...]  # rows of buttons


def keyboard(*rows: Sequence[Button]) -> Keyboard:
    return tuple(tuple(row) for row in rows)


def keyboard_json(rows: Keyboard) -> dict[str, Any]:
    """The keyboard as a Bot API reply_markup (what the outbox stores and the sender sends)."""
    return {
        "inline_keyboard": [
            [{"text": b.label, "callback_data": b.data.encode()} for b in row] for row in rows
        ]
    }


def publish_cancel(pending_id: int, *, lang: str) -> Keyboard:
    """The review preview's Publish / Cancel pair (under /review's preview and the approval request)."""
    return keyboard(
        [
            Button(message("approval_publish", lang), CallbackData(Verb.REVIEW_PUBLISH, str(pending_id))),
            Button(message("approval_cancel", lang), CallbackData(Verb.REVIEW_CANCEL, str(pending_id))),
        ]
    )


def confirm_cancel(pending_id: int, *, lang: str) -> Keyboard:
    """A held report's Confirm / Cancel pair."""
    return keyboard(
        [
            Button(
                message("report_button_confirm", lang), CallbackData(Verb.REPORT_CONFIRM, str(pending_id))
            ),
            Button(message("report_button_cancel", lang), CallbackData(Verb.REPORT_CANCEL, str(pending_id))),
        ]
    )


def ledger_buttons(pending_id: int, *, confirm: bool, lang: str) -> Keyboard:
    """A held ledger upload's 确认导入 / 取消 (only 取消 while a decrease still lacks its note)."""
    cancel = Button(message("ledger_button_cancel", lang), CallbackData(Verb.LEDGER_CANCEL, str(pending_id)))
    if not confirm:
        return keyboard([cancel])
    ok = Button(message("ledger_button_confirm", lang), CallbackData(Verb.LEDGER_CONFIRM, str(pending_id)))
    return keyboard([ok, cancel])


def scores_confirm_cancel(pending_id: int, *, lang: str) -> Keyboard:
    """A previewed score sheet's Confirm / Cancel pair."""
    return keyboard(
        [
            Button(
                message("scores_button_confirm", lang), CallbackData(Verb.SCORES_CONFIRM, str(pending_id))
            ),
            Button(message("scores_button_cancel", lang), CallbackData(Verb.SCORES_CANCEL, str(pending_id))),
        ]
    )
