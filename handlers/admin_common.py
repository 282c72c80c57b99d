"""What the admin handlers share: a reason with its usage, private delivery, the period argument."""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.error import Forbidden

from bot.context import BotContext
from bot.domain.periods import Period, last_closed_period, parse_period
from bot.logs import Outcome, note_outcome
from bot.render.admin import usage
from bot.render.marks import plain
from bot.render.texts import message
from bot.services.errors import UserError
from handlers.common import is_private, reply, reply_key, reply_user_error, send_pieces

log = logging.getLogger("flagbot.admin")


def _safe(params: dict[str, Any]) -> dict[str, Any]:
    """User-typed values as plain text, marks dropped (lists of names too)."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str):
            out[key] = plain(value)
        elif isinstance(value, list):
            out[key] = [plain(v) for v in value]
        else:
            out[key] = value
    return out


def say(update: Update, context: BotContext, key: str, **params: Any) -> str:
    """A sentence in the caller's language, its parameters as plain text."""
    return message(key, context.lang, **_safe(params))


async def refuse(update: Update, context: BotContext, key: str | None, command: str, **params: Any) -> None:
    """A short reason (when there is one) and the right usage; the update ends as a user error."""
    note_outcome(Outcome.USER_ERROR)
    lang = context.lang
    how = usage(command, lang, default_group=plain(context.settings.default_group))
    text = f"{say(update, context, key, **params)}\n{how}" if key else how
    await reply(update, context, text)


async def refuse_error(update: Update, context: BotContext, error: UserError, command: str | None) -> None:
    """A service's UserError as a reason (with the usage when the command's arguments were wrong)."""
    how = None
    if command is not None:
        how = usage(command, context.lang, default_group=plain(context.settings.default_group))
    await reply_user_error(update, context, error, how)


async def to_private(
    update: Update, context: BotContext, text: str, *, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Send to the caller's private chat; asked in a group, say so there (nothing else goes to the group)."""
    if is_private(update):
        await reply(update, context, text, reply_markup=markup)
        return
    user = update.effective_user
    assert user is not None
    try:
        await send_pieces(context, user.id, text, markup=markup)
    except Forbidden:
        await reply_key(update, context, "open_private_first")
        return
    await reply_key(update, context, "sent_privately")


def default_period(context: BotContext) -> Period:
    """The last closed period (its figures are provisional until its submission deadline)."""
    return last_closed_period(context.now().date(), months=context.settings.period_months)


def period_arg(text: str, context: BotContext) -> Period:
    """A YYYY-MM argument as a period; UserError('period_invalid' / 'period_future') otherwise."""
    try:
        period = parse_period(text, months=context.settings.period_months)
    except ValueError:
        raise UserError("period_invalid", text=text) from None
    if period.first_day > context.now().date():
        raise UserError("period_future", period=period)
    return period


def looks_like_period(text: str) -> bool:
    """'2026-10', '2026/10', '2026年10月': a period typed where an optional one may stand."""
    head = text[:5]
    return len(text) >= 6 and head[:4].isdigit() and head[4] in "-/年."
