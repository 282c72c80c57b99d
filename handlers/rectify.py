"""The rectification list (SPEC §12) in chat: /plan for a yellow-flag unit's contacts, /plans and its buttons
for leaders, /interview to record 约谈 and measures. See docs/rectification.md for the flow."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.domain.roles import Role
from bot.domain.views_report import Stored
from bot.outbound import rectify as rectify_out
from bot.render import rectify as render
from bot.render.buttons import CallbackData, Verb
from bot.render.marks import plain
from bot.render.texts import message
from bot.services import measures as measures_s
from bot.services import rectify as rectify_s
from bot.services import rectify_fill as fill_s
from bot.services.errors import UserError
from handlers.access import requires
from handlers.common import answer_press, command_args, reply, reply_key, reply_private, reply_user_error
from handlers.keyboards import markup

log = logging.getLogger("flagbot.rectify")

ACTIONS = {
    "通过": "approve",
    "approve": "approve",
    "退回": "return",
    "return": "return",
    "销号": "close",
    "close": "close",
}
VERB_ACTIONS = {Verb.PLAN_APPROVE: "approve", Verb.PLAN_RETURN: "return", Verb.PLAN_CLOSE: "close"}


def _wake(context: BotContext) -> None:
    """Deliver what was just queued for the unit now rather than at the sender's next look."""
    sender = context.state.sender
    if sender is not None:
        sender.wake()


async def _refuse(update: Update, context: BotContext, error: UserError, usage_key: str | None) -> None:
    usage = (
        message("look_usage", context.lang, usage=plain(message(usage_key, context.lang)))
        if usage_key
        else None
    )
    await reply_user_error(update, context, error, usage)


@requires(Role.CONTACT)
async def plan(update: Update, context: BotContext) -> None:
    """/plan: the unit's list; /plan <project> 问题；措施；责任人；完成时限: fill in (or fix) one item."""
    caller = context.caller
    assert caller is not None and caller.unit_id is not None
    settings, now, lang = context.settings, context.now(), context.lang
    today = now.astimezone(settings.tz).date()
    args = command_args(update)
    policy, tz, due_days = settings.policy, settings.tz, settings.plan_due_days
    try:
        async with context.db.begin() as session:
            buttons = None
            if not args:
                view = await rectify_s.unit_plan(
                    session, caller.unit_id, policy=policy, tz=tz, now=now, due_days=due_days
                )
                text = render.unit_plan_text(view, lang=lang, tz=settings.tz, today=today)
                buttons = render.fill_buttons(view, lang=lang)
            else:
                ref, fields = (args.split(maxsplit=1) + [""])[:2]
                if not fields.strip():
                    raise UserError("rectify_bad_fields", count=0)
                view, change = await rectify_s.fill_item(
                    session,
                    caller.unit_id,
                    user_id=caller.user_id,
                    ref=ref,
                    text=fields,
                    policy=policy,
                    tz=tz,
                    now=now,
                    due_days=due_days,
                )
                text = render.saved_text(view, change, lang=lang, tz=settings.tz, today=today)
    except UserError as error:
        usage = (
            "rectify_usage"
            if error.key.startswith("rectify_") and error.key != "rectify_not_yellow"
            else None
        )
        await _refuse(update, context, error, usage)
        return
    await reply_private(update, context, text, reply_markup=markup(buttons) if buttons else None)


async def fill_button(update: Update, context: BotContext) -> None:
    """填写 under /plan: answered at once (whoever pressed it), then acted on for the unit's contacts."""
    await answer_press(update)
    await _fill_button(update, context)


@requires(Role.CONTACT)
async def _fill_button(update: Update, context: BotContext) -> None:
    """The next private message fills in the pressed item."""
    query = update.callback_query
    caller = context.caller
    if query is None or caller is None or caller.unit_id is None:
        return
    data = CallbackData.decode(query.data)
    chat = update.effective_chat
    if data is None or data.id is None or chat is None:
        await reply_key(update, context, "button_expired")
        return
    now = context.now()
    try:
        async with context.db.begin() as session:
            item = await fill_s.start_fill(
                session,
                data.id,
                unit_id=caller.unit_id,
                user_id=caller.user_id,
                chat_id=chat.id,
                now=now,
                tz=context.settings.tz,
            )
    except UserError as error:
        await reply_user_error(update, context, error)
        return
    await reply(
        update,
        context,
        render.fill_ask_text(item, lang=context.lang, today=now.astimezone(context.settings.tz).date()),
    )


async def take_fill(update: Update, context: BotContext, text: str) -> bool:
    """A private message right after 填写: the item's four fields. False when no item is waiting."""
    caller = context.caller
    if caller is None or caller.unit_id is None:
        return False
    settings, now, lang = context.settings, context.now(), context.lang
    async with context.db.begin() as session:
        waiting = await fill_s.open_fill(session, user_id=caller.user_id, now=now)
    if waiting is None:
        return False
    pending_id, code = waiting
    try:
        async with context.db.begin() as session:
            view, change = await rectify_s.fill_item(
                session,
                caller.unit_id,
                user_id=caller.user_id,
                ref=code,
                text=text,
                policy=settings.policy,
                tz=settings.tz,
                now=now,
                due_days=settings.plan_due_days,
            )
            await fill_s.finish_fill(session, pending_id, now=now)
    except UserError as error:  # the item still waits: send it again, or 取消
        await _refuse(update, context, error, "rectify_fill_usage")
        return True
    today = now.astimezone(settings.tz).date()
    await reply(update, context, render.saved_text(view, change, lang=lang, tz=settings.tz, today=today))
    return True


@requires(Role.LEADER)
async def plans(update: Update, context: BotContext) -> None:
    """/plans: every yellow unit's list with buttons; /plans 通过|退回|销号 <project> [comment]."""
    settings, now, lang = context.settings, context.now(), context.lang
    args = command_args(update).split(maxsplit=2)
    if args:
        action = ACTIONS.get(args[0].lower())
        if action is None or len(args) < 2:
            await reply(
                update, context, message("look_usage", lang, usage=message("rectify_plans_usage", lang))
            )
            return
        await _decide(
            update,
            context,
            item_id=None,
            code=args[1],
            action=action,
            comment=args[2] if len(args) > 2 else "",
        )
        return
    try:
        async with context.db.begin() as session:
            board = await rectify_s.plans_board(
                session, policy=settings.policy, tz=settings.tz, now=now, due_days=settings.plan_due_days
            )
    except UserError as error:
        await _refuse(update, context, error, None)
        return
    buttons = render.board_buttons(board, lang=lang)
    await reply(
        update,
        context,
        render.board_text(board, lang=lang, tz=settings.tz),
        reply_markup=markup(buttons) if buttons else None,
    )


async def _decide(
    update: Update, context: BotContext, *, item_id: int | None, code: str, action: str, comment: str
) -> None:
    assert context.caller is not None
    try:
        async with context.db.begin() as session:
            change = await rectify_out.decide_and_tell(
                session,
                item_id=item_id,
                code=code,
                action=action,
                comment=comment,
                user_id=context.caller.user_id,
                settings=context.settings,
                now=context.now(),
            )
    except UserError as error:
        await _refuse(update, context, error, "rectify_plans_usage")
        return
    _wake(context)
    await reply(update, context, render.done_text(change, lang=context.lang))


async def plan_button(update: Update, context: BotContext) -> None:
    """通过 / 退回 / 销号 under /plans: approve and close act at once; return asks for the comment."""
    await answer_press(update)
    await _plan_button(update, context)


@requires(Role.LEADER)
async def _plan_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    data = CallbackData.decode(query.data)
    if data is None or data.id is None or data.verb not in VERB_ACTIONS:
        await reply_key(update, context, "button_expired")
        return
    action = VERB_ACTIONS[data.verb]
    if action == "return":
        async with context.db.begin() as session:
            view = await rectify_s.item_view(session, data.id, now=context.now(), tz=context.settings.tz)
        if view is None:
            await reply_key(update, context, "rectify_item_gone")
            return
        await reply_key(update, context, "rectify_return_how", code=view.code)
        return
    await _decide(update, context, item_id=data.id, code="", action=action, comment="")


@requires(Role.LEADER)
async def interview(update: Update, context: BotContext) -> None:
    """/interview <unit> <约谈|调整岗位|扣减工作经费|其他> [note]: record 约谈 or a measure against a unit."""
    assert context.caller is not None
    try:
        async with context.db.begin() as session:
            line = await measures_s.record_measure(
                session, command_args(update), user_id=context.caller.user_id, now=context.now()
            )
    except UserError as error:
        await _refuse(update, context, error, "measure_usage")
        return
    await reply(update, context, render.measure_saved_text(line, lang=context.lang, tz=context.settings.tz))


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler("interview", interview),  # type: ignore[arg-type]
        CommandHandler("plan", plan),  # type: ignore[arg-type]
        CommandHandler("plans", plans),  # type: ignore[arg-type]
        CallbackQueryHandler(plan_button, pattern=Verb.pattern(*VERB_ACTIONS)),
        CallbackQueryHandler(fill_button, pattern=Verb.pattern(Verb.PLAN_FILL)),  # type: ignore[arg-type]
    ]


async def after_report(context: BotContext, stored: Stored) -> None:
    """A stored report that finds its project at 序时 (or ahead, or done) closes the project's open items."""
    project_id = stored.live.project.project_id
    if stored.duplicate or stored.live.state.status.is_behind or not project_id:
        return
    async with context.db.begin() as session:
        changes = await rectify_out.close_after_report(
            session,
            project_id,
            reported_at=stored.report.reported_at,
            settings=context.settings,
            now=context.now(),
        )
    if changes:
        _wake(context)
