"""The report flows that ask before storing: the guided flow, plain private messages, and their buttons.

Buttons carry only a verb and an id (bot.render.buttons): GUIDED_PICK picks a project in the guided flow,
REPORT_CONFIRM / REPORT_CANCEL confirm or cancel a held report. What they act on lives in a PendingAction, so they survive restarts.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace

from telegram import CallbackQuery, Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.domain.roles import Caller, Role
from bot.domain.views_report import Guided, NeedsConfirmation, Pending, Stored
from bot.logs import Outcome, note_outcome
from bot.render import report as render
from bot.render.buttons import Button, CallbackData, Verb, keyboard
from bot.render.official import moment_text
from bot.render.texts import message as text_of
from bot.services.errors import UserError
from bot.services.held_reports import (
    cancel_pending_reports,
    claim_pending,
    confirm_outcome,
    finish_guided,
    hold_report,
    open_guided,
    projects_to_report,
    request_from_payload,
    start_guided,
    stored_time,
)
from bot.services.reports import ReportRequest, preview_report, submit_report
from handlers.access import identify
from handlers.common import reply, reply_key
from handlers.keyboards import markup
from handlers.markup import to_plain
from handlers.rectify import after_report, take_fill
from handlers.report_parts import (
    acknowledge,
    ask_confirmation,
    build_request,
    confirm_buttons,
    looks_like_value,
    refuse,
    split_report,
    split_value,
)

MAX_PROJECT_BUTTONS = 30
CANCEL_WORDS = {"取消", "cancel"}  # /cancel is a command of its own


async def show_projects(update: Update, context: BotContext) -> None:
    """The guided flow's first step: the unit's projects as buttons."""
    caller = context.caller
    assert caller is not None and caller.unit_id is not None
    lang = context.lang
    async with context.db.begin() as session:
        projects = list(await projects_to_report(session, caller.unit_id))
    if not projects:
        await reply_key(update, context, "report_guided_no_projects")
        return
    shown = projects[:MAX_PROJECT_BUTTONS]
    rows = [
        [Button(render.button_label(p), CallbackData(Verb.GUIDED_PICK, str(p.project_id)))] for p in shown
    ]
    await reply(
        update,
        context,
        render.pick_text(total=len(projects), shown=len(shown), lang=lang),
        reply_markup=markup(keyboard(*rows)),
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
    if await take_fill(
        update, context, text
    ):  # a rectification item waiting after 填写 (handlers/rectify.py)
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
    lang, now = context.lang, context.now()
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
        await ask_confirmation(update, context, held, pending, request)
        return
    text = render.preview_text(
        preview.project,
        value=preview.value,
        previous=preview.previous,
        note=request.note,
        lang=lang,
        evidence=bool(request.evidence),
        first=preview.first,
    )
    await reply(update, context, text, reply_markup=confirm_buttons(pending, lang))


# ---- buttons ----


async def button(update: Update, context: BotContext) -> None:
    """GUIDED_PICK <project id> picks a project; REPORT_CONFIRM / REPORT_CANCEL <pending id> settle a held report."""
    query = update.callback_query
    assert query is not None
    lang = context.lang
    callback = CallbackData.decode(query.data)
    caller = await identify(update, context)
    target = callback.id if callback is not None else None
    if callback is None or caller is None or target is None:
        await refuse_press(query, text_of("pending_stale", lang))
        return
    if callback.verb is Verb.GUIDED_PICK:
        if not caller.can(Role.CONTACT):
            await refuse_press(query, text_of("unit_needed", lang))
            return
        await picked(update, context, caller, target)
    else:  # whose button it is comes first: a stranger pressing someone's 确认 is told it is not theirs
        await settle(update, context, caller, target, confirm=callback.verb is Verb.REPORT_CONFIRM)


async def refuse_press(query: CallbackQuery, text: str) -> None:
    """A button that cannot do what it says: the reason as a toast (Telegram shows up to 200 characters)."""
    note_outcome(Outcome.USER_ERROR)
    await query.answer(to_plain(text)[:200])


async def picked(update: Update, context: BotContext, caller: Caller, project_id: int) -> None:
    """Guided flow: a project was picked; ask for its value (kept in a PendingAction: survives restarts)."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None and caller.unit_id is not None
    lang, settings = context.lang, context.settings
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
        await refuse_press(query, text_of(error.key, lang, **error.params))
        return
    await query.answer()
    await reply(update, context, render.ask_value_text(live.project, state=live.state, lang=lang))


async def settle(
    update: Update, context: BotContext, caller: Caller, pending_id: int, *, confirm: bool
) -> None:
    """确认 stores the held report (once, whoever presses twice); 取消 drops it."""
    query = update.callback_query
    assert query is not None
    lang, now, settings = context.lang, context.now(), context.settings
    outcome: Stored | NeedsConfirmation | None = None
    late = False
    failure: UserError | None = None
    again: Pending | None = None
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
            if settled == "confirmed" and caller.unit_id is None:  # no longer bound to a unit
                failure = UserError("unit_needed")
            elif settled == "confirmed":
                request = request_from_payload(
                    payload["request"], unit_id=caller.unit_id, confirmed=bool(payload.get("reason"))
                )
                counted_at = stored_time(request.reported_at, now=now, policy=settings.policy, tz=settings.tz)
                late = counted_at != request.reported_at  # confirmed after the deadline it was sent before
                request = replace(request, reported_at=counted_at)
                try:
                    outcome = await submit_report(
                        session, request, now=now, policy=settings.policy, tz=settings.tz
                    )
                except UserError as error:
                    failure = error  # nothing was written; the button is spent, the reason goes back
                if isinstance(outcome, NeedsConfirmation):  # the project moved on since: ask afresh
                    again = await hold_report(
                        session,
                        replace(request, confirmed=False),
                        chat_id=pending.chat_id,
                        now=now,
                        reason=outcome.reason,
                        group=bool(payload.get("group")),
                        code=outcome.project.code,
                    )
    except UserError as error:
        await refuse_press(query, text_of(error.key, lang))
        if error.key == "pending_replaced":  # its buttons will never act again: take them away
            with contextlib.suppress(TelegramError):
                await query.edit_message_reply_markup(reply_markup=None)
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
        at = moment_text(now, settings.tz, lang)
        footer = text_of("report_confirmed_late", lang, at=at) if late and not outcome.duplicate else None
        await acknowledge(update, context, outcome, short=bool(payload.get("group")), footer=footer)
        await after_report(context, outcome)
    elif isinstance(outcome, NeedsConfirmation) and again is not None:
        await ask_confirmation(update, context, outcome, again, request)


async def cancel_command(update: Update, context: BotContext) -> None:
    """/cancel or 取消: drop the guided flow and any report still waiting for its button."""
    user = update.effective_user
    if user is None:
        return
    async with context.db.begin() as session:
        cancelled = await cancel_pending_reports(session, user_id=user.id, now=context.now())
    await reply_key(update, context, "report_flow_cancelled" if cancelled else "report_nothing_to_cancel")
