"""Reporting by chat (SPEC §4 unit contacts, §9): /report, /undo, /cancel, and the flows of report_flow.

Every path ends the same way: one transaction through bot.services.reports, commit, then one reply.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.context import BotContext
from bot.domain.roles import Role
from bot.domain.views_report import Stored
from bot.logs import Outcome, note_outcome
from bot.render import report as render
from bot.render.buttons import Verb
from bot.services.errors import UserError
from bot.services.held_reports import hold_report
from bot.services.reports import ReportRequest, submit_report, withdraw_last_report
from handlers.access import requires
from handlers.common import command_args, is_private, reply, reply_key
from handlers.rectify import after_report
from handlers.report_flow import button, cancel_command, plain_message, show_projects
from handlers.report_parts import (
    CAPTION_COMMAND,
    acknowledge,
    ask_confirmation,
    build_request,
    refuse,
    shape_problem,
    split_report,
)


def report_command_handler() -> BaseHandler:  # type: ignore[type-arg]
    """/report: the message the bot gets most, so PTB tries it first (no other handler takes /report)."""
    return CommandHandler("report", report_command, filters=filters.UpdateType.MESSAGE)  # type: ignore[arg-type]


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """After the admin handlers (ledger uploads take documents without a /report caption)."""
    new = filters.UpdateType.MESSAGE  # an edited message is answered by `edited`, never stored
    private = filters.ChatType.PRIVATE
    return [
        MessageHandler(
            new & (filters.PHOTO | filters.Document.ALL) & filters.CaptionRegex(CAPTION_COMMAND), captioned
        ),
        CommandHandler("undo", undo_command, filters=new),  # type: ignore[arg-type]
        CommandHandler("cancel", cancel_command, filters=new),
        CallbackQueryHandler(
            button, pattern=Verb.pattern(Verb.REPORT_CONFIRM, Verb.REPORT_CANCEL, Verb.GUIDED_PICK)
        ),
        MessageHandler(new & private & filters.TEXT & ~filters.COMMAND, plain_message),
        MessageHandler(new & private & filters.PHOTO, plain_message),
        MessageHandler(
            filters.UpdateType.EDITED_MESSAGE
            & (
                filters.Regex(CAPTION_COMMAND)
                | filters.CaptionRegex(CAPTION_COMMAND)
                | (private & filters.TEXT & ~filters.COMMAND)
            ),
            edited,
        ),
    ]


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
        if message.caption is None and is_private(update):
            await show_projects(update, context)  # the guided flow
            return
        note_outcome(Outcome.USER_ERROR)
        if message.caption is not None:
            await reply_key(update, context, "report_caption_missing")
        else:
            lang = context.lang
            await reply(
                update,
                context,
                render.error_text("report_group_no_args", {}, lang=lang, usage="report_usage"),
            )
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
    try:
        # On the database driver (storage/report_path.py); committed when the block ends, before we answer.
        async with context.report_db() as db:
            outcome = await submit_report(db, request, now=now, policy=settings.policy, tz=settings.tz)
    except UserError as error:
        await refuse(update, context, error, "report_usage")
        return
    if isinstance(outcome, Stored):
        await acknowledge(update, context, outcome, short=short)
        await after_report(context, outcome)
        return
    async with context.db.begin() as session:
        pending = await hold_report(
            session,
            request,
            chat_id=chat.id,
            now=now,
            reason=outcome.reason,
            group=short,
            code=outcome.project.code,
        )
    await ask_confirmation(update, context, outcome, pending, request)


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
        live.project,
        withdrawn_value=float(withdrawn.value or 0),
        withdrawn_at=withdrawn.reported_at,
        state=live.state,
        tz=settings.tz,
        lang=context.lang,
        short=not is_private(update),
    )
    await reply(update, context, text)


async def edited(update: Update, context: BotContext) -> None:
    """An edited report message changes nothing: say so, and how to correct."""
    await reply_key(update, context, "report_edited")
