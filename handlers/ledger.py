"""Ledger uploads (SPEC §4 "Admins", §5.1): the file is read, its changes shown, applied after 确认导入.

The preview lists what the import would change; the uploader's 确认导入 applies exactly that (if the data
changed meanwhile, a new preview comes instead), 取消 changes nothing. A decrease of 累计完成 needs the
reason in the file's caption. Only new messages are read: editing an old upload's caption does nothing.
"""

from __future__ import annotations

import asyncio
import os
import re
from dataclasses import replace
from datetime import date

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.context import BotContext
from bot.domain.roles import Role
from bot.ledger import LedgerFileError, parse_ledger
from bot.ledger.limits import UploadTooBig, check_upload
from bot.ledger.parse import MAX_FILE_BYTES, ParsedLedger
from bot.ledger.summary import ImportSummary
from bot.outbound.rectify import close_reached
from bot.render.buttons import CallbackData, Verb, ledger_buttons
from bot.render.ledger import can_confirm, import_summary_text, preview_text, reading_lines, reason_text
from bot.render.marks import plain
from bot.render.texts import message
from bot.services.errors import UserError
from bot.services.indicator_scores import ledger_conflicts
from bot.services.ledger_diff import preview_import
from bot.services.ledger_held import cancel_import, confirm_import, held_import, hold_import
from handlers.access import identify
from handlers.admin_common import log, say
from handlers.common import reply, reply_key, reply_user_error
from handlers.keyboards import markup
from handlers.markup import to_html
from handlers.report_flow import refuse_press

LEDGER_TYPES = (".xlsx", ".csv")


async def ledger_upload(update: Update, context: BotContext) -> None:
    """A document in a private chat: an admin's ledger is previewed; anyone else is told what to do."""
    caller = await identify(update, context)
    msg = update.effective_message
    if caller is None or msg is None or msg.document is None:
        return
    if not caller.can(Role.ADMIN):
        await reply(update, context, say(update, context, "ledger_admin_only"))
        return
    document = msg.document
    name = document.file_name or ""
    extension = os.path.splitext(name)[1].lower()
    if document.file_size and document.file_size > MAX_FILE_BYTES:  # refused before downloading a byte
        size = f"{document.file_size / 1024 / 1024:.1f}"
        await reply(
            update, context, say(update, context, "ledger_too_big", size=size, limit=MAX_FILE_BYTES >> 20)
        )
        return
    if extension == ".xls":
        await reply(update, context, say(update, context, "ledger_xls"))
        return
    if extension not in LEDGER_TYPES:
        shown = name or document.mime_type or "?"
        await reply(update, context, say(update, context, "ledger_type", name=shown))
        return
    now = context.now()
    today = now.astimezone(context.settings.tz).date()
    parsed = await _read(update, context, document.file_id, name, today)
    if parsed is None:
        return
    lang = context.lang
    if parsed.errors:
        await reply(update, context, plain(import_summary_text(ImportSummary.of(parsed), lang=lang)))
        return
    note = msg.caption or ""
    async with context.db.begin() as session:
        if conflicts := await ledger_conflicts(session, parsed):  # projects for an indicator category
            refused = replace(ImportSummary.of(parsed), errors=conflicts)
            await reply(update, context, plain(import_summary_text(refused, lang=lang)))
            return
        preview = await preview_import(session, parsed, now=now, tz=context.settings.tz)
        pending_id = None
        if not preview.empty:
            pending_id = await hold_import(
                session,
                preview,
                user_id=caller.user_id,
                chat_id=msg.chat_id,
                file_id=document.file_id,
                file_name=name,
                today=today,
                note=note,
                now=now,
            )
    read = "\n".join(reading_lines(parsed, lang=lang))  # what the file held that is not imported
    if pending_id is None:
        await reply(
            update, context, "\n".join(filter(None, [preview_text(preview, head=None, lang=lang), read]))
        )
        return
    await _show_preview(
        update,
        context,
        "\n".join(
            filter(None, [preview_text(preview, head="ledger_preview_head", note=note, lang=lang), read])
        ),
        pending_id,
        confirm=can_confirm(preview, note),
    )


async def _show_preview(
    update: Update, context: BotContext, text: str, pending_id: int, *, confirm: bool
) -> None:
    if confirm:
        text += "\n" + message("ledger_preview_footer", context.lang)
    buttons = markup(ledger_buttons(pending_id, confirm=confirm, lang=context.lang))
    await reply(update, context, text, reply_markup=buttons)


async def _read(
    update: Update,
    context: BotContext,
    file_id: str,
    name: str,
    today: date,
    *,
    failed: str = "ledger_download_failed",
) -> ParsedLedger | None:
    """The file downloaded and parsed (off the event loop); None after saying why not."""
    try:
        data = bytes(await (await context.bot.get_file(file_id)).download_as_bytearray())
    except TelegramError as error:
        log.warning("ledger download failed: %s", error)
        await reply(update, context, say(update, context, failed))
        return None
    try:  # what it would cost to read, before reading it (a sparse million rows, a zip bomb)
        check_upload(data, name)
    except UploadTooBig as refused:
        await reply(update, context, say(update, context, refused.key, **refused.params))
        return None
    try:  # parsing thousands of rows is CPU work: keep the event loop answering others meanwhile
        return await asyncio.to_thread(parse_ledger, data, name, today=today)
    except LedgerFileError as error:
        reason = reason_text(error, context.lang)
        await reply(update, context, say(update, context, "ledger_rejected", reason=reason))
        return None


async def ledger_button(update: Update, context: BotContext) -> None:
    """确认导入 / 取消 under a preview: only the uploader, once; the answer comes as a message."""
    query = update.callback_query
    if query is None:
        return
    lang = context.lang
    callback = CallbackData.decode(query.data)
    caller = await identify(update, context)
    pending_id = callback.id if callback is not None else None
    if callback is None or caller is None or pending_id is None:
        await refuse_press(query, message("pending_stale", lang))
        return
    now = context.now()
    try:  # whose button it is comes first: anyone else is told it is not theirs
        async with context.db.begin() as session:
            held = await held_import(session, pending_id, user_id=caller.user_id)
            if not caller.can(Role.ADMIN):
                raise UserError("ledger_admin_only")
            if callback.verb is Verb.LEDGER_CANCEL:
                await cancel_import(session, pending_id, user_id=caller.user_id, now=now)
            elif held.needs_note and not held.note:
                raise UserError("ledger_note_missing")
    except UserError as error:
        await refuse_press(query, message(error.key, lang, **error.params))
        return
    await query.answer()
    if callback.verb is Verb.LEDGER_CANCEL:
        await _mark(query.message, message("ledger_cancelled_mark", lang))
        await reply_key(update, context, "ledger_cancelled")
        return
    day = date.fromisoformat(held.today)
    parsed = await _read(update, context, held.file_id, held.file_name, day, failed="ledger_file_gone")
    if parsed is None:
        return
    settings = context.settings
    try:
        async with context.db.begin() as session:
            summary, again = await confirm_import(
                session,
                held,
                parsed,
                user_id=caller.user_id,
                chat_id=update.effective_chat.id if update.effective_chat else caller.user_id,
                now=now,
                tz=settings.tz,
                default_group=settings.default_group,
            )
            # 累计完成 that brings a project to 序时 closes its rectification items, as a report would
            closed = await close_reached(session, summary.reported, settings=settings, now=now)
    except UserError as error:  # pressed twice at once, or a decrease without its note: nothing written
        await reply_user_error(update, context, error)
        return
    if again is not None:
        await _mark(query.message, None)
        text = preview_text(summary.preview, head="ledger_changed_head", note=held.note, lang=lang)
        await _show_preview(update, context, text, again, confirm=can_confirm(summary.preview, held.note))
        return
    if closed and context.state.sender is not None:  # tell the units of their 销号 now
        context.state.sender.wake()
    at = now.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")
    await _mark(query.message, message("ledger_confirmed_mark", lang, at=at))
    await reply(update, context, plain(import_summary_text(summary, lang=lang)))


async def _mark(preview: object, note: str | None) -> None:
    """Take the buttons off the preview, adding a line saying what happened."""
    if not isinstance(preview, Message):
        return
    try:
        if note is None:
            await preview.edit_reply_markup(reply_markup=None)
            return
        body = preview.text_html or ""  # Telegram's own text, already HTML
        text = f"{body}\n{to_html(note)}" if len(body) + len(note) < 4000 else to_html(note)
        await preview.edit_text(text)
    except TelegramError as error:  # not modified, too old: the answer was sent anyway
        log.info("could not edit the ledger preview: %s", error)


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """Only NEW messages: an edited caption of an old upload must never import that old file again."""
    return [
        MessageHandler(
            filters.UpdateType.MESSAGE
            & filters.Document.ALL
            & filters.ChatType.PRIVATE
            & ~filters.CaptionRegex(re.compile(r"^\s*/report", re.IGNORECASE)),
            ledger_upload,
        ),
        CallbackQueryHandler(ledger_button, pattern=Verb.pattern(Verb.LEDGER_CONFIRM, Verb.LEDGER_CANCEL)),
    ]
