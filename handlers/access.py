"""Every command checks who is calling; a refusal names the role needed."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update

from bot.context import BotContext
from bot.domain.roles import Caller, Role
from bot.logs import Outcome, note_outcome
from bot.render.texts import role_label
from bot.services.people import caller_of
from handlers.common import is_private, reply_key

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


async def identify(update: Update, context: BotContext) -> Caller | None:
    """The caller (remembered in the database on the way); None for updates without a user."""
    user = update.effective_user
    if user is None:
        return None
    key = (user.id, user.full_name, user.username, user.language_code)
    caller = context.state.callers.get(key)
    if caller is not None:
        context.caller = caller
        return caller
    generation = context.state.callers.generation()
    async with context.db.begin() as session:
        caller = await caller_of(
            session,
            user_id=user.id,
            name=user.full_name,
            username=user.username,
            language=user.language_code,
            admin_ids=context.settings.admin_ids,
            now=context.now(),
        )
    context.state.callers.put(key, caller, generation=generation)
    context.caller = caller
    return caller


def requires(role: Role, *, private: bool = False, group: bool = False) -> Callable[[Handler], Handler]:
    """Run the handler only for callers with at least `role` (and in the right kind of chat)."""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def checked(update: Update, context: BotContext) -> None:
            caller = await identify(update, context)
            if caller is None:
                return
            if not caller.can(role):
                note_outcome(Outcome.REFUSED)
                if role in (Role.CONTACT, Role.HEAD) and not caller.has_unit:
                    await reply_key(update, context, "unit_needed")
                else:
                    label = role_label(role.name, context.lang)
                    await reply_key(update, context, "role_needed", role=label)
                return
            if private and not is_private(update):
                note_outcome(Outcome.REFUSED)
                await reply_key(update, context, "private_only")
                return
            if group and is_private(update):
                note_outcome(Outcome.REFUSED)
                await reply_key(update, context, "group_only")
                return
            await handler(update, context)

        return checked

    return wrap
