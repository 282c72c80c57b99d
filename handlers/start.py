"""/start [invite code] and /help."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.domain.roles import Role
from bot.logs import Outcome, note_outcome
from bot.render.commands import help_text
from bot.render.marks import plain
from bot.render.texts import message
from bot.services.errors import UserError
from bot.services.people import accept_invite
from handlers.access import identify
from handlers.common import command_args, reply, reply_key, reply_user_error


async def start(update: Update, context: BotContext) -> None:
    """/start: greeting and role-aware help; with an invite code, bind the user to the unit first."""
    caller = await identify(update, context)
    if caller is None:
        return
    lang = context.lang
    code = command_args(update)
    if code:
        try:
            async with context.db.begin() as session:
                unit = await accept_invite(session, code=code, user_id=caller.user_id, now=context.now())
        except UserError as error:  # a wrong, used or expired code
            await reply_user_error(update, context, error)
            return
        caller = await identify(update, context)
        assert caller is not None
        welcome = message(
            "start_welcome_head" if caller.role == Role.HEAD else "start_welcome_contact",
            lang,
            unit=plain(unit.name),
        )
        await reply(
            update,
            context,
            welcome
            + "\n\n"
            + help_text(caller.role, lang=lang, unit=caller.unit_name, user_id=caller.user_id),
        )
        return
    greeting = message("start_greeting", lang)
    await reply(
        update,
        context,
        f"{greeting}\n\n" + help_text(caller.role, lang=lang, unit=caller.unit_name, user_id=caller.user_id),
    )


async def help_command(update: Update, context: BotContext) -> None:
    """/help: the commands this user may use, with examples."""
    caller = await identify(update, context)
    if caller is None:
        return
    await reply(
        update,
        context,
        help_text(caller.role, lang=context.lang, unit=caller.unit_name, user_id=caller.user_id),
    )


async def unknown_command(update: Update, context: BotContext) -> None:
    """Any command we do not know (a command addressed to another bot in a group is not ours to answer)."""
    text = update.effective_message.text if update.effective_message else ""
    command = (text or "").split(maxsplit=1)[0] if text else ""
    if "@" in command and command.split("@", 1)[1].lower() != (context.bot.username or "").lower():
        return
    note_outcome(Outcome.USER_ERROR)
    await reply_key(update, context, "unknown_command")


async def not_understood(update: Update, context: BotContext) -> None:
    """A private message no handler took (a sticker, a voice note, a photo without a caption): say so."""
    note_outcome(Outcome.USER_ERROR)
    await reply_key(update, context, "not_understood")
