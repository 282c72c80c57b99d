"""Taking access back (SPEC §4 /revoke; issue 10 item 6): /revoke for every role, /invites with a Cancel
button per open invite. Leader and admin roles go through handlers.admin's /grant path; contacts and heads
are unbound from their unit by bot.services.access."""

from __future__ import annotations

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.domain.roles import Role
from bot.render.buttons import CallbackData, Verb
from bot.render.invites import invite_buttons, invite_cancelled_text, invites_text, unbound_text
from bot.services import access
from bot.services.errors import UserError
from handlers.access import requires
from handlers.admin import ROLE_WORDS, change_role, refresh_menu
from handlers.admin_common import log, refuse, refuse_error
from handlers.common import answer_press, command_args, reply, reply_key
from handlers.keyboards import markup

UNIT_ROLE_WORDS = {
    "contact": "contact",
    "联络员": "contact",
    "head": "head",
    "一把手": "head",
    "负责人": "head",
}
CANCEL_WORDS = {"cancel", "作废", "取消"}


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """Before handlers.admin's list (its /revoke knows only leader and admin)."""
    return [
        CommandHandler("revoke", revoke),  # type: ignore[arg-type]
        CommandHandler("invites", invites),  # type: ignore[arg-type]
        CallbackQueryHandler(invite_button, pattern=Verb.pattern(Verb.INVITE_CANCEL)),
    ]


@requires(Role.ADMIN)
async def revoke(update: Update, context: BotContext) -> None:
    """/revoke <contact|head|leader|admin> <user id or @username>."""
    args = command_args(update).split()
    word = args[0].lower() if args else ""
    if len(args) == 2 and word in UNIT_ROLE_WORDS:
        await _unbind(update, context, args[1])
        return
    if len(args) == 2 and word not in ROLE_WORDS and args[1].lower() in (ROLE_WORDS.keys() | UNIT_ROLE_WORDS):
        await refuse(update, context, "role_wrong_order", "revoke")
        return
    await change_role(update, context, grant=False)


async def _unbind(update: Update, context: BotContext, ref: str) -> None:
    user = update.effective_user
    assert user is not None
    try:
        async with context.db.begin() as session:
            unbound = await access.unbind_person(session, ref=ref, actor=user.id, now=context.now())
    except UserError as error:
        await refuse_error(update, context, error, "revoke" if error.key == "person_not_found" else None)
        return
    await refresh_menu(context, unbound.user_id, unbound.role)  # their menu loses the unit's commands
    await reply(update, context, unbound_text(unbound, lang=context.lang))


@requires(Role.ADMIN)
async def invites(update: Update, context: BotContext) -> None:
    """/invites: the open invites with a Cancel button each; /invites cancel <number> cancels one."""
    args = command_args(update).split()
    if args and args[0].lower() in CANCEL_WORDS:
        number = args[1].lstrip("#") if len(args) == 2 else ""
        if not number.isdigit():
            await refuse(update, context, None, "invites")
            return
        await _cancel(update, context, int(number))
        return
    if args:
        await refuse(update, context, None, "invites")
        return
    settings = context.settings
    async with context.db.begin() as session:
        listed = await access.open_invites(session, now=context.now())
    lang = context.lang
    buttons = markup(invite_buttons(listed, lang=lang)) if listed else None
    await reply(update, context, invites_text(listed, tz=settings.tz, lang=lang), reply_markup=buttons)


async def _cancel(update: Update, context: BotContext, invite_id: int) -> None:
    user = update.effective_user
    assert user is not None
    try:
        async with context.db.begin() as session:
            cancelled = await access.cancel_invite(session, invite_id, actor=user.id, now=context.now())
    except UserError as error:
        await refuse_error(update, context, error, None)
        return
    await reply(update, context, invite_cancelled_text(cancelled, lang=context.lang))


async def invite_button(update: Update, context: BotContext) -> None:
    """作废 #n under /invites: admins only; the answer comes as a message."""
    await answer_press(update)
    await _invite_button(update, context)


@requires(Role.ADMIN)
async def _invite_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    data = CallbackData.decode(query.data)
    invite_id = data.id if data is not None else None
    if invite_id is None:
        await reply_key(update, context, "pending_stale")
        return
    await _cancel(update, context, invite_id)
    message = query.message
    if isinstance(message, Message):  # the list is out of date now: take its buttons away
        try:
            await message.edit_reply_markup(reply_markup=None)
        except TelegramError as error:
            log.info("could not edit the invite list: %s", error)
