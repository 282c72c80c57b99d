"""/alias: the other names of units that ledgers use (交通局 = 县交通运输局), kept by the admins."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.context import BotContext
from bot.domain.roles import Role
from bot.render.ledger import aliases_text
from bot.services import unit_aliases
from bot.services.errors import UserError
from handlers.access import requires
from handlers.admin_common import refuse, refuse_error, say
from handlers.common import command_args, reply

_REMOVE = re.compile(r"(?:删除|移除|remove|rm|delete|del)\s+(.+)", re.IGNORECASE)
_ADD = re.compile(r"(.+?)\s*[=＝]\s*(.+)")


@requires(Role.ADMIN)
async def alias(update: Update, context: BotContext) -> None:
    """/alias lists; /alias 别名 = 单位 adds; /alias 删除 别名 removes."""
    text = command_args(update)
    actor = f"tg:{update.effective_user.id}" if update.effective_user else "tg"
    try:
        if not text:
            async with context.db.begin() as session:
                lines = await unit_aliases.list_aliases(session)
            await reply(update, context, aliases_text(lines, lang=context.lang))
            return
        removing, adding = _REMOVE.fullmatch(text), _ADD.fullmatch(text)
        if removing:
            async with context.db.begin() as session:
                line = await unit_aliases.remove_alias(
                    session, alias=removing.group(1), actor=actor, now=context.now()
                )
            await reply(
                update, context, say(update, context, "alias_removed", alias=line.alias, unit=line.unit)
            )
            return
        if adding is None:
            await refuse(update, context, None, "alias")
            return
        async with context.db.begin() as session:
            line = await unit_aliases.add_alias(
                session, alias=adding.group(1), unit_name=adding.group(2), actor=actor, now=context.now()
            )
        await reply(update, context, say(update, context, "alias_added", alias=line.alias, unit=line.unit))
    except UserError as error:
        if error.key == "alias_usage":
            await refuse(update, context, None, "alias")
        else:
            await refuse_error(update, context, error, None)


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [CommandHandler("alias", alias)]  # type: ignore[arg-type]
