"""/categories (each category's kind and knobs; set a category's own knobs) and /scores (a score sheet of an
indicator-scored category: uploaded with the caption '/scores 2026-10' or after '/scores', previewed, and
imported on Confirm). SPEC §7; docs/categories.md."""

from __future__ import annotations

import asyncio
import os
import re

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.domain.roles import Role
from bot.ledger.limits import UploadTooBig, check_upload
from bot.ledger.parse import MAX_FILE_BYTES, LedgerFileError
from bot.ledger.scores import parse_scores
from bot.render.admin import usage
from bot.render.buttons import CallbackData, Verb, scores_confirm_cancel
from bot.render.categories import categories_rules_text, score_preview_text
from bot.render.ledger import reason_text
from bot.services import category_rules, indicator_scores
from bot.services.errors import UserError
from handlers.access import identify, requires
from handlers.admin_common import default_period, log, period_arg, refuse_error, say
from handlers.common import answer_press, command_args, reply, reply_key
from handlers.keyboards import markup

SHEET_TYPES = (".xlsx", ".csv")
CAPTION = re.compile(r"^\s*/scores(?:@\w+)?(?:\s+(\S+))?\s*$", re.IGNORECASE)


def _actor(update: Update) -> str:
    user = update.effective_user
    return f"tg:{user.id if user else 0}"


@requires(Role.ADMIN)
async def categories(update: Update, context: BotContext) -> None:
    """/categories: each category's kind and knobs; /categories 类别 红旗最低分=90 …: set its own knobs."""
    words = command_args(update).split()
    policy = context.settings.policy
    try:
        async with context.db.begin() as session:
            changed = None
            if words:
                changed = await category_rules.set_rules(
                    session, words[0], words[1:], policy=policy, actor=_actor(update), now=context.now()
                )
            settings = await category_rules.category_settings(session, policy=policy)
    except UserError as error:
        await refuse_error(update, context, error, "categories")
        return
    text = categories_rules_text(settings, lang=context.lang)
    if changed is not None:
        text = say(update, context, "category_rules_set", name=changed.name) + "\n\n" + text
    await reply(update, context, text)


@requires(Role.ADMIN, private=True)
async def scores(update: Update, context: BotContext) -> None:
    """/scores [YYYY-MM]: the next document is that period's score sheet."""
    arg = command_args(update).strip()
    try:
        period = period_arg(arg, context) if arg else default_period(context)
    except UserError as error:
        await refuse_error(update, context, error, "scores")
        return
    user = update.effective_user
    assert user is not None
    async with context.db.begin() as session:
        await indicator_scores.wait_for_sheet(session, user_id=user.id, period=period.name, now=context.now())
    await reply(update, context, say(update, context, "scores_send_file", period=period.name))


async def sheet_upload(update: Update, context: BotContext) -> None:
    """A document with the caption /scores, or sent after /scores: a score sheet (before any other handler).

    Any other document passes on to the ledger upload."""
    message = update.effective_message
    user = update.effective_user
    if message is None or message.document is None or user is None:
        return
    match = CAPTION.match(message.caption or "")
    if not match and (message.caption or "").lstrip().startswith("/"):
        return  # a caption addressed to another command (/report evidence)
    caller = await identify(update, context)
    if caller is None or not caller.can(Role.ADMIN):
        if match:
            await reply_key(update, context, "scores_admin_only")
            raise ApplicationHandlerStop
        return
    if match:
        period_text = match.group(1) or ""
    else:
        async with context.db.begin() as session:
            waiting = await indicator_scores.waiting_period(session, user_id=user.id, now=context.now())
        if waiting is None:
            return  # not a score sheet: the ledger upload takes it
        period_text = waiting
    await _preview(update, context, message, period_text)
    raise ApplicationHandlerStop


async def _preview(update: Update, context: BotContext, message: Message, period_text: str) -> None:
    assert message.document is not None and update.effective_user is not None
    try:
        period = period_arg(period_text, context) if period_text else default_period(context)
    except UserError as error:
        await refuse_error(update, context, error, "scores")
        return
    document = message.document
    name = document.file_name or ""
    if os.path.splitext(name)[1].lower() not in SHEET_TYPES or (document.file_size or 0) > MAX_FILE_BYTES:
        await reply(update, context, say(update, context, "scores_file_type", name=name or "?"))
        return
    try:
        data = bytes(await (await context.bot.get_file(document.file_id)).download_as_bytearray())
        check_upload(data, name)  # what it would cost to read, before reading it
        parsed = await asyncio.to_thread(parse_scores, data, name)
    except TelegramError as error:
        log.warning("score sheet download failed: %s", error)
        await reply_key(update, context, "ledger_download_failed")
        return
    except UploadTooBig as refused:
        await reply(update, context, say(update, context, refused.key, **refused.params))
        return
    except LedgerFileError as error:
        reason = reason_text(error, context.lang)
        await reply(update, context, say(update, context, "scores_file_rejected", reason=reason))
        return
    async with context.db.begin() as session:
        preview = await indicator_scores.preview_scores(session, parsed, period=period.name)
        pending_id = None
        if not preview.rejected:
            pending_id = await indicator_scores.hold_sheet(
                session, parsed, preview, user_id=update.effective_user.id, now=context.now()
            )
    text = score_preview_text(preview, lang=context.lang)
    if pending_id is None:
        text += "\n" + usage("scores", context.lang)
        await reply(update, context, text)
        return
    await reply(
        update, context, text, reply_markup=markup(scores_confirm_cancel(pending_id, lang=context.lang))
    )


async def scores_button(update: Update, context: BotContext) -> None:
    """Confirm / Cancel under a score sheet's preview: acted on once."""
    await answer_press(update)
    await _scores_button(update, context)


@requires(Role.ADMIN)
async def _scores_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    data = CallbackData.decode(query.data)
    if data is None or data.id is None:
        await reply_key(update, context, "button_done")
        return
    try:
        async with context.db.begin() as session:
            result = await indicator_scores.confirm_sheet(
                session,
                data.id,
                user_id=update.effective_user.id,
                confirmed=data.verb is Verb.SCORES_CONFIRM,
                actor=_actor(update),
                now=context.now(),
            )
    except UserError as error:
        await refuse_error(update, context, error, None)
        return
    if isinstance(query.message, Message):
        try:
            await query.message.edit_reply_markup(None)
        except TelegramError as error:
            log.info("could not take the buttons off: %s", error)
    if result is None:
        await reply_key(update, context, "scores_cancelled")
        return
    await reply(update, context, score_preview_text(result, lang=context.lang))


def upload_handler() -> BaseHandler:  # type: ignore[type-arg]
    """Registered in a group before the others: it claims score sheets, leaves ledgers to the admin handlers."""
    return MessageHandler(
        filters.Document.ALL & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE, sheet_upload
    )


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler("categories", categories),  # type: ignore[arg-type]
        CommandHandler("scores", scores),  # type: ignore[arg-type]
        CallbackQueryHandler(scores_button, pattern=Verb.pattern(Verb.SCORES_CONFIRM, Verb.SCORES_CANCEL)),
    ]
