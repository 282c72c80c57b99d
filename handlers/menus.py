"""Command menus (setMyCommands) per scope and language: who sees which commands."""

from __future__ import annotations

import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)
from telegram.error import TelegramError

from bot.context import AppState
from bot.domain.roles import Role
from bot.render.commands import CommandInfo, commands_for
from bot.render.language import EN, ZH
from bot.render.marks import plain
from bot.render.texts import message
from bot.services.people import privileged_people

log = logging.getLogger("flagbot.menus")


async def publish_menu(bot: Bot, scope: BotCommandScope, infos: list[CommandInfo]) -> None:
    """One scope's menu: the Chinese descriptions by default and for zh, the English ones for en."""
    try:
        for code, lang in ((None, ZH), (ZH, ZH), (EN, EN)):  # Telegram's language codes are ours
            commands = [BotCommand(i.name, plain(message(i.key, lang))) for i in infos]
            await bot.set_my_commands(commands, scope=scope, language_code=code)
    except TelegramError as error:
        log.warning("could not set the command menu: %s", error)


async def set_user_menu(bot: Bot, user_id: int, role: Role, *, has_unit: bool) -> None:
    """A leader's or admin's own menu; anyone else falls back to the general menus."""
    scope = BotCommandScopeChat(user_id)
    if role >= Role.LEADER:
        await publish_menu(bot, scope, commands_for(role, has_unit=has_unit))
        return
    try:
        for language in (None, ZH, EN):
            await bot.delete_my_commands(scope=scope, language_code=language)
    except TelegramError as error:
        log.warning("could not reset the command menu of %s: %s", user_id, error)


async def set_command_menus(bot: Bot, state: AppState) -> None:
    """Command menus per scope and language: everyone, contacts in private chats, each leader and admin."""
    await publish_menu(bot, BotCommandScopeDefault(), commands_for(Role.STRANGER))
    await publish_menu(bot, BotCommandScopeAllPrivateChats(), commands_for(Role.HEAD, has_unit=True))
    async with state.sessions() as session:
        privileged = await privileged_people(session, admin_ids=state.settings.admin_ids)
    for user_id, (role, has_unit) in privileged.items():
        await set_user_menu(bot, user_id, role, has_unit=has_unit)
