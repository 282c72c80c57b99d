"""What the report handlers share: reading '<project> <value>[%] [note]', and the replies they all give."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Message, Update

from bot.context import BotContext
from bot.domain.values import ValueProblem, parse_reported_value
from bot.domain.views_report import NeedsConfirmation, Pending, Stored
from bot.render import report as render
from bot.render.buttons import confirm_cancel
from bot.render.texts import message as text_of
from bot.services.errors import UserError
from bot.services.reports import ReportRequest
from handlers.common import reply, reply_user_error
from handlers.keyboards import markup

CAPTION_COMMAND = re.compile(r"^\s*/report(?:@(\w+))?(?:\s|$)", re.IGNORECASE)
# Refusals that already say everything; the others get the right usage appended.
NO_USAGE = {"note_too_long", "project_other_unit", "project_ambiguous", "project_missing"}


@dataclass(frozen=True)
class Said:
    """'<project> <value>[%] [note]' split into its parts ('' where missing)."""

    project: str
    value: str
    note: str


def _head(text: str) -> tuple[str, str]:
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return "", ""
    return parts[0], parts[1] if len(parts) > 1 else ""


def split_value(text: str) -> tuple[str, str]:
    """'60 % note' → ('60%', 'note'): the value and the rest; a detached % sign belongs to the value."""
    value, rest = _head(text)
    if value and rest[:1] in ("%", "％") and (len(rest) == 1 or rest[1].isspace()):
        value, rest = value + rest[0], rest[1:].strip()
    return value, rest


def split_report(text: str) -> Said:
    project, rest = _head(text)
    value, note = split_value(rest)
    return Said(project=project, value=value, note=note)


def looks_like_value(token: str) -> bool:
    """A number or percentage (a negative one too: the service says why that is wrong)."""
    try:
        parse_reported_value(token)
    except ValueProblem as problem:
        return problem.kind == "negative"
    return bool(token)


def shape_problem(said: Said) -> tuple[str, dict[str, str]] | None:
    """What is wrong with the shape of '/report …' before any lookup, as (message key, params)."""
    if not said.value:
        return ("project_missing", {}) if looks_like_value(said.project) else ("report_value_missing", {})
    if looks_like_value(said.project) and not looks_like_value(said.value):
        return "report_wrong_order", {"project": said.value, "value": said.project}
    return None


def evidence_of(message: Message) -> str | None:
    """The Telegram file id of an attached photo (largest size) or document."""
    if message.photo:
        return message.photo[-1].file_id
    if message.document:
        return message.document.file_id
    return None


def build_request(
    update: Update, context: BotContext, *, project: str, value: str, note: str
) -> ReportRequest:
    """A report said in this message: its time is the message date, its key the chat and message id."""
    message, chat, user, caller = (
        update.effective_message,
        update.effective_chat,
        update.effective_user,
        context.caller,
    )
    assert message is not None and chat is not None and user is not None and caller is not None
    return ReportRequest(
        project_ref=project,
        value_text=value,
        note=note,
        reported_at=message.date,
        source="chat",
        source_key=f"tg:{chat.id}:{message.message_id}",
        user_id=user.id,
        reporter=user.full_name,
        evidence=evidence_of(message),
        unit_id=caller.unit_id,
    )


async def refuse(update: Update, context: BotContext, error: UserError, usage: str) -> None:
    """Bad input answered with its reason (what was typed cut short) and, where it helps, the usage."""
    show = usage and error.key not in NO_USAGE
    line = text_of(usage, context.lang) if show else None
    await reply_user_error(update, context, error, line, short=True)


def confirm_buttons(pending: Pending, lang: str) -> InlineKeyboardMarkup:
    return markup(confirm_cancel(pending.id, lang=lang))


async def ask_confirmation(
    update: Update,
    context: BotContext,
    held: NeedsConfirmation,
    pending: Pending,
    request: ReportRequest,
) -> None:
    lang = context.lang
    text = render.confirm_text(
        held.project,
        value=held.value,
        previous=held.previous,
        reason=held.reason,
        note=request.note,
        value_text=request.value_text,
        lang=lang,
    )
    await reply(update, context, text, reply_markup=confirm_buttons(pending, lang))


async def acknowledge(
    update: Update, context: BotContext, stored: Stored, *, short: bool, footer: str | None = None
) -> None:
    """The stored report's acknowledgement, with a footer line when there is one to add."""
    text = render.stored_text(
        stored.live.project,
        value=float(stored.report.value or 0),
        previous=stored.previous,
        state=stored.live.state,
        lang=context.lang,
        short=short,
        evidence=bool(stored.report.evidence),
        first=stored.first,
    )
    await reply(update, context, text if footer is None else f"{text}\n{footer}")
