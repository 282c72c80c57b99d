"""Reporting by chat (SPEC §4 unit contacts, §9): /report, its confirmation buttons, the guided flow, /undo.

Every path ends the same way: one transaction through bot.services.reports, commit, then one reply.
Buttons carry only a verb and a PendingAction id ('rc'/'rx' confirm or cancel a held report) or a project
id ('gp' picks a project in the guided flow); what they act on lives in the database.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.context import BotContext
from bot.domain.roles import Caller, Role
from bot.domain.values import ValueProblem, parse_reported_value
from bot.render import report as render
from bot.render.texts import message as text_of
from bot.services.errors import UserError
from bot.services.reports import (
    Guided,
    NeedsConfirmation,
    ReportRequest,
    Stored,
    cancel_pending_reports,
    claim_pending,
    confirm_outcome,
    finish_guided,
    hold_report,
    open_guided,
    preview_report,
    projects_to_report,
    request_from_payload,
    start_guided,
    submit_report,
    withdraw_last_report,
)
from handlers.access import identify, requires
from handlers.common import command_args, is_private, reply, reply_key
from handlers.keyboards import buttons, decode, encode
from storage.tables import PendingAction, Project

MAX_PROJECT_BUTTONS = 30
CANCEL_WORDS = {"取消", "cancel", "/cancel"}
CAPTION_COMMAND = re.compile(r"^\s*/report(?:@(\w+))?(?:\s|$)", re.IGNORECASE)
# Refusals that already say everything; the others get the right usage appended.
NO_USAGE = {"note_too_long", "project_other_unit", "project_ambiguous", "project_missing"}


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """After the admin handlers (ledger uploads take documents without a /report caption)."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("report", report_command),  # type: ignore[arg-type]
        MessageHandler(
            (filters.PHOTO | filters.Document.ALL) & filters.CaptionRegex(CAPTION_COMMAND), captioned
        ),
        CommandHandler("undo", undo_command),  # type: ignore[arg-type]
        CommandHandler("cancel", cancel_command),
        CallbackQueryHandler(button, pattern=r"^(rc|rx|gp):"),
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, plain_message),
        MessageHandler(private & filters.PHOTO, plain_message),
    ]


# ---- reading what was typed ----


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


def view(project: Project) -> render.ProjectView:
    return render.ProjectView(
        code=project.code, name=project.name, measure=project.measure, target=project.target
    )


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
    lang = context.lang_for(update)
    await reply(
        update,
        context,
        render.error_text(error.key, error.params, lang=lang, usage=None if error.key in NO_USAGE else usage),
    )


def confirm_buttons(pending: PendingAction, lang: str) -> object:
    return buttons(
        [
            (text_of("report_button_confirm", lang), encode("rc", pending.id)),
            (text_of("report_button_cancel", lang), encode("rx", pending.id)),
        ]
    )


async def ask_confirmation(
    update: Update, context: BotContext, held: NeedsConfirmation, pending: PendingAction, note: str
) -> None:
    lang = context.lang_for(update)
    text = render.confirm_text(
        view(held.project), value=held.value, previous=held.previous, reason=held.reason, note=note, lang=lang
    )
    await reply(update, context, text, reply_markup=confirm_buttons(pending, lang))


async def acknowledge(update: Update, context: BotContext, stored: Stored, *, short: bool) -> None:
    await reply(
        update,
        context,
        render.stored_text(
            view(stored.live.project),
            value=float(stored.report.value or 0),
            previous=stored.previous,
            state=stored.live.state,
            lang=context.lang_for(update),
            short=short,
            evidence=bool(stored.report.evidence),
        ),
    )


# ---- /report ----


async def captioned(update: Update, context: BotContext) -> None:
    """A photo or document with '/report …' as caption (not one addressed to another bot)."""
    caption = update.effective_message.caption if update.effective_message else None
    match = CAPTION_COMMAND.match(caption or "")
    if match and match.group(1) and match.group(1).lower() != (context.bot.username or "").lower():
        return
    await report_command(update, context)


@requires(Role.CONTACT)
async def report_command(update: Update, context: BotContext) -> None:
    """/report <project> <value>[%] [note]; without arguments in a private chat, the guided flow."""
    message = update.effective_message
    assert message is not None
    args = command_args(update)
    if not args:
        if message.caption is not None:
            await reply_key(update, context, "report_caption_missing")
        elif not is_private(update):
            lang = context.lang_for(update)
            await reply(
                update,
                context,
                render.error_text("report_group_no_args", {}, lang=lang, usage="report_usage"),
            )
        else:
            await show_projects(update, context)
        return
    said = split_report(args)
    problem = shape_problem(said)
    if problem is not None:
        await refuse(update, context, UserError(problem[0], **problem[1]), "report_usage")
        return
    request = build_request(update, context, project=said.project, value=said.value, note=said.note)
    await submit_and_answer(update, context, request)


async def submit_and_answer(update: Update, context: BotContext, request: ReportRequest) -> None:
    """Store (or hold for confirmation), commit, then answer; in a group the answer is one line."""
    chat = update.effective_chat
    assert chat is not None
    short = not is_private(update)
    now, settings = context.now(), context.settings
    pending = None
    try:
        async with context.db.begin() as session:
            outcome = await submit_report(session, request, now=now, policy=settings.policy, tz=settings.tz)
            if isinstance(outcome, NeedsConfirmation):
                pending = await hold_report(
                    session,
                    request,
                    chat_id=chat.id,
                    now=now,
                    reason=outcome.reason,
                    group=short,
                    code=outcome.project.code,
                )
    except UserError as error:
        await refuse(update, context, error, "report_usage")
        return
    if isinstance(outcome, Stored):
        await acknowledge(update, context, outcome, short=short)
    else:
        assert pending is not None
        await ask_confirmation(update, context, outcome, pending, request.note)


async def show_projects(update: Update, context: BotContext) -> None:
    """The guided flow's first step: the unit's projects as buttons."""
    caller = context.caller
    assert caller is not None and caller.unit_id is not None
    lang = context.lang_for(update)
    async with context.db.begin() as session:
        projects = list(await projects_to_report(session, caller.unit_id))
    if not projects:
        await reply_key(update, context, "report_guided_no_projects")
        return
    shown = projects[:MAX_PROJECT_BUTTONS]
    markup = buttons(*[[(render.button_label(view(p)), encode("gp", p.id))] for p in shown])
    await reply(
        update,
        context,
        render.pick_text(total=len(projects), shown=len(shown), lang=lang),
        reply_markup=markup,
    )


# ---- plain private messages: a report to confirm, the guided flow's value, or a hint ----


async def plain_message(update: Update, context: BotContext) -> None:
    """Private text (or a photo whose caption is not /report) that is not a command."""
    caller = await identify(update, context)
    message = update.effective_message
    if caller is None or message is None:
        return
    text = message.text or message.caption or ""
    if text.strip().lower() in CANCEL_WORDS:
        await cancel_command(update, context)
        return
    if not caller.can(Role.CONTACT):
        await reply_key(
            update, context, "unit_needed" if caller.role == Role.STRANGER else "report_plain_hint_other"
        )
        return
    async with context.db.begin() as session:
        guided = await open_guided(session, user_id=caller.user_id, now=context.now())
    said = split_report(text)
    whole_report = not looks_like_value(said.project) and bool(said.value) and looks_like_value(said.value)
    if guided is not None and not whole_report:
        value, note = split_value(text)
        if not value:
            await reply_key(update, context, "report_guided_usage")
            return
        request = build_request(update, context, project=guided.project_code, value=value, note=note)
        await preview_and_ask(update, context, request, guided=guided, usage="report_guided_usage")
    elif whole_report:
        request = build_request(update, context, project=said.project, value=said.value, note=said.note)
        await preview_and_ask(update, context, request, guided=guided, usage="report_plain_usage")
    else:
        await reply_key(update, context, "report_plain_hint")


async def preview_and_ask(
    update: Update, context: BotContext, request: ReportRequest, *, guided: Guided | None, usage: str
) -> None:
    """Check the report, hold it, and ask for the confirmation button (nothing is stored yet)."""
    chat = update.effective_chat
    assert chat is not None
    lang, now = context.lang_for(update), context.now()
    try:
        async with context.db.begin() as session:
            preview = await preview_report(session, request)
            if guided is not None:
                await finish_guided(session, guided, now=now)
            pending = await hold_report(
                session, request, chat_id=chat.id, now=now, reason=preview.reason, code=preview.project.code
            )
    except UserError as error:
        await refuse(update, context, error, usage)
        return
    if preview.reason:
        held = NeedsConfirmation(
            project=preview.project, value=preview.value, previous=preview.previous, reason=preview.reason
        )
        await ask_confirmation(update, context, held, pending, request.note)
        return
    text = render.preview_text(
        view(preview.project),
        value=preview.value,
        previous=preview.previous,
        note=request.note,
        lang=lang,
        evidence=bool(request.evidence),
    )
    await reply(update, context, text, reply_markup=confirm_buttons(pending, lang))


# ---- buttons ----


async def button(update: Update, context: BotContext) -> None:
    """'gp:<project id>' picks a project; 'rc'/'rx:<pending id>' confirm or cancel a held report."""
    query = update.callback_query
    assert query is not None
    lang = context.lang_for(update)
    callback = decode(query.data)
    caller = await identify(update, context)
    if callback is None or caller is None or not callback.arg.isdigit():
        await query.answer(text_of("pending_stale", lang))
        return
    if not caller.can(Role.CONTACT):
        await query.answer(text_of("unit_needed", lang))
        return
    if callback.verb == "gp":
        await picked(update, context, caller, int(callback.arg))
    else:
        await settle(update, context, caller, int(callback.arg), confirm=callback.verb == "rc")


async def picked(update: Update, context: BotContext, caller: Caller, project_id: int) -> None:
    """Guided flow: a project was picked; ask for its value (kept in a PendingAction: survives restarts)."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None and caller.unit_id is not None
    lang, settings = context.lang_for(update), context.settings
    try:
        async with context.db.begin() as session:
            live = await start_guided(
                session,
                project_id=project_id,
                unit_id=caller.unit_id,
                user_id=caller.user_id,
                chat_id=chat.id,
                now=context.now(),
                policy=settings.policy,
                tz=settings.tz,
            )
    except UserError as error:
        await query.answer(text_of(error.key, lang, **error.params)[:200])
        return
    await query.answer()
    await reply(update, context, render.ask_value_text(view(live.project), state=live.state, lang=lang))


async def settle(
    update: Update, context: BotContext, caller: Caller, pending_id: int, *, confirm: bool
) -> None:
    """确认 stores the held report (once, whoever presses twice); 取消 drops it."""
    query = update.callback_query
    assert query is not None
    lang, now, settings = context.lang_for(update), context.now(), context.settings
    outcome: Stored | NeedsConfirmation | None = None
    failure: UserError | None = None
    again: PendingAction | None = None
    try:
        async with context.db.begin() as session:
            pending = await claim_pending(
                session,
                pending_id,
                kind="report",
                user_id=caller.user_id,
                outcome=confirm_outcome if confirm else "cancelled",
                now=now,
            )
            payload = pending.payload
            settled = confirm_outcome(pending) if confirm else "cancelled"
            if settled == "confirmed":
                request = request_from_payload(
                    payload["request"], unit_id=caller.unit_id, confirmed=bool(payload.get("reason"))
                )
                try:
                    outcome = await submit_report(
                        session, request, now=now, policy=settings.policy, tz=settings.tz
                    )
                except UserError as error:
                    failure = error  # nothing was written; the button is spent, the reason goes back
                if isinstance(outcome, NeedsConfirmation):  # the project moved on since: ask afresh
                    again = await hold_report(
                        session,
                        request_from_payload(payload["request"], unit_id=caller.unit_id, confirmed=False),
                        chat_id=pending.chat_id,
                        now=now,
                        reason=outcome.reason,
                        group=bool(payload.get("group")),
                        code=outcome.project.code,
                    )
    except UserError as error:
        await query.answer(text_of(error.key, lang))
        return
    await query.answer()
    with contextlib.suppress(TelegramError):  # an old message may not be editable; the button is spent anyway
        await query.edit_message_reply_markup(reply_markup=None)
    request_data = payload["request"]
    if settled == "cancelled":
        await reply_key(update, context, "report_cancelled")
    elif settled == "note_missing":
        text = render.resend_with_note_text(
            code=str(payload.get("code") or request_data["project_ref"]),
            value_text=str(request_data["value_text"]),
            reason=str(payload["reason"]),
            lang=lang,
        )
        await reply(update, context, text)
    elif failure is not None:
        await refuse(update, context, failure, "report_usage")
    elif isinstance(outcome, Stored):
        await acknowledge(update, context, outcome, short=bool(payload.get("group")))
    elif isinstance(outcome, NeedsConfirmation) and again is not None:
        await ask_confirmation(update, context, outcome, again, str(request_data.get("note") or ""))


# ---- /undo, /cancel ----


@requires(Role.CONTACT)
async def undo_command(update: Update, context: BotContext) -> None:
    """/undo: withdraw your own last report within 30 minutes (a new record; nothing is deleted)."""
    caller = context.caller
    assert caller is not None
    settings = context.settings
    try:
        async with context.db.begin() as session:
            withdrawn, live = await withdraw_last_report(
                session, user_id=caller.user_id, now=context.now(), policy=settings.policy, tz=settings.tz
            )
    except UserError as error:
        await refuse(update, context, error, "")
        return
    text = render.undo_text(
        view(live.project),
        withdrawn_value=float(withdrawn.value or 0),
        withdrawn_at=withdrawn.reported_at,
        state=live.state,
        tz=settings.tz,
        lang=context.lang_for(update),
        short=not is_private(update),
    )
    await reply(update, context, text)


async def cancel_command(update: Update, context: BotContext) -> None:
    """/cancel or 取消: drop the guided flow and any report still waiting for its button."""
    user = update.effective_user
    if user is None:
        return
    async with context.db.begin() as session:
        cancelled = await cancel_pending_reports(session, user_id=user.id, now=context.now())
    await reply_key(update, context, "report_flow_cancelled" if cancelled else "report_nothing_to_cancel")
