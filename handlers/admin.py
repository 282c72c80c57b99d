"""Admin commands (SPEC §4 "Admins"): ledger upload, units, categories, invites, roles, chats, calendar.

Reviews, overrides and exports are in handlers/admin_review.py; both are listed by handlers() here.
"""

from __future__ import annotations

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.domain.roles import Role, role_of
from bot.render.admin import (
    chat_kind_label,
    day_label,
    holidays_text,
    invite_link,
    invite_text,
    units_text,
    working_label,
)
from bot.render.buttons import Verb
from bot.render.language import language_for
from bot.render.texts import message, role_label
from bot.services import calendar_overrides, directory
from bot.services.errors import UserError
from bot.services.people import bind_chat, invite_to, set_role, unbind_chat
from handlers import admin_review, ledger
from handlers.access import requires
from handlers.admin_common import log, refuse, refuse_error, say, to_private
from handlers.common import command_args, reply
from handlers.markup import to_html
from handlers.menus import set_user_menu

HEAD_WORDS = {"head", "一把手", "负责人"}
CONTACT_WORDS = {"contact", "联络员"}
ROLE_WORDS = {"leader": "leader", "领导": "leader", "县领导": "leader", "admin": "admin", "管理员": "admin"}
CHAT_WORDS = {
    "leaders": "leaders",
    "leader": "leaders",
    "领导群": "leaders",
    "workgroup": "workgroup",
    "工作群": "workgroup",
}


def _uid(update: Update) -> int:
    """The caller's id (access checks ran first, so there is a user)."""
    assert update.effective_user is not None
    return update.effective_user.id


@requires(Role.ADMIN)
async def units(update: Update, context: BotContext) -> None:
    """/units: units by group, with project and contact counts."""
    async with context.db.begin() as session:
        lines = await directory.units_overview(session)
    await reply(update, context, units_text(lines, lang=context.lang))


@requires(Role.ADMIN)
async def addunit(update: Update, context: BotContext) -> None:
    """/addunit <name> [group]."""
    args = command_args(update).split(maxsplit=1)
    if not args:
        await refuse(update, context, "unit_missing", "addunit")
        return
    group = args[1] if len(args) > 1 else context.settings.default_group
    try:
        async with context.db.begin() as session:
            unit, new_group = await directory.add_unit(
                session,
                name=args[0],
                group=group,
                actor=f"tg:{_uid(update)}",
                now=context.now(),
            )
    except UserError as error:
        await refuse_error(update, context, error, "addunit" if error.key != "unit_exists" else None)
        return
    text = say(update, context, "unit_added", name=unit.name, group=unit.group)
    if new_group:
        text += "\n" + say(update, context, "unit_new_group", group=unit.group)
    await reply(update, context, text)


@requires(Role.ADMIN)
async def invite(update: Update, context: BotContext) -> None:
    """/invite <unit> [head]: a one-time deep link, sent privately."""
    args = command_args(update).split()
    if not args:
        await refuse(update, context, "unit_missing", "invite")
        return
    if args[0].lower() in HEAD_WORDS | CONTACT_WORDS:
        await refuse(update, context, "invite_wrong_order", "invite")
        return
    head = args[-1].lower() in HEAD_WORDS
    if args[-1].lower() in HEAD_WORDS | CONTACT_WORDS:
        args = args[:-1]
    username = context.state.bot_username or context.bot.username
    if not username:
        await reply(update, context, say(update, context, "invite_needs_username"))
        return
    now = context.now()
    try:
        async with context.db.begin() as session:
            created = await invite_to(
                session, ref=" ".join(args), head=head, created_by=_uid(update), now=now
            )
    except UserError as error:
        await refuse_error(update, context, error, "invite")
        return
    text = invite_text(
        unit=created.unit,
        head=head,
        link=invite_link(username, created.code),
        expires_at=created.expires_at,
        tz=context.settings.tz,
        lang=context.lang,
    )
    await to_private(update, context, text)


async def change_role(update: Update, context: BotContext, *, grant: bool) -> None:
    """/grant and /revoke of leader or admin (handlers.access_admin's /revoke calls it for those roles)."""
    command = "grant" if grant else "revoke"
    args = command_args(update).split()
    if len(args) != 2:
        await refuse(update, context, "role_args" if args else None, command)
        return
    role = ROLE_WORDS.get(args[0].lower(), args[0].lower())
    if role not in ("leader", "admin") and args[1].lower() in ROLE_WORDS:
        await refuse(update, context, "role_wrong_order", command)
        return
    try:
        async with context.db.begin() as session:
            person = await set_role(
                session,
                ref=args[1],
                role=role,
                grant=grant,
                actor=_uid(update),
                now=context.now(),
                admin_ids=context.settings.admin_ids,
            )
    except UserError as error:
        await refuse_error(
            update, context, error, command if error.key != "revoke_configured_admin" else None
        )
        return
    now_role = role_of(
        is_admin=person.is_admin,
        is_leader=person.is_leader,
        is_head=person.is_head,
        has_unit=person.has_unit,
    )
    await refresh_menu(context, person.user_id, now_role)  # before the answer: done when the admin reads it
    label = role_label(role, context.lang)
    key = "role_granted" if grant else "role_revoked"
    name = person.name or str(person.user_id)
    await reply(update, context, say(update, context, key, name=name, user_id=person.user_id, role=label))
    if grant:
        await _tell_granted(context, person.user_id, person.language, role)


async def _tell_granted(context: BotContext, user_id: int, language: str | None, role: str) -> None:
    """The person hears that the role was granted (a leader gets no invite link, so nothing else tells them)."""
    lang = language_for(fixed=context.settings.language, telegram_code=language)
    text = message("role_granted_note", lang, role=role_label(role, lang))
    try:
        await context.bot.send_message(user_id, to_html(text))
    except TelegramError as error:  # blocked the bot meanwhile: the admin's answer above stands
        log.info("could not tell %s of the role: %s", user_id, error)


async def refresh_menu(context: BotContext, user_id: int, role: Role, *, has_unit: bool = False) -> None:
    """The person's own command menu after a role change."""
    await set_user_menu(context.bot, user_id, role, has_unit=has_unit)


@requires(Role.ADMIN)
async def grant(update: Update, context: BotContext) -> None:
    """/grant <leader|admin> <user id or @username>."""
    await change_role(update, context, grant=True)


@requires(Role.ADMIN, group=True)
async def bind(update: Update, context: BotContext) -> None:
    """/bind leaders|workgroup, in the group to bind."""
    word = command_args(update).strip().lower()
    chat = update.effective_chat
    assert chat is not None
    if not word:
        await refuse(update, context, "bind_kind_invalid", "bind")
        return
    kind = CHAT_WORDS.get(word, word)
    try:
        async with context.db.begin() as session:
            await bind_chat(
                session,
                kind=kind,
                chat_id=chat.id,
                title=chat.title or "",
                actor=_uid(update),
                now=context.now(),
            )
    except UserError as error:
        await refuse_error(update, context, error, "bind")
        return
    await reply(
        update,
        context,
        say(update, context, "chat_bound", kind=chat_kind_label(kind, context.lang)),
    )


@requires(Role.ADMIN, group=True)
async def unbind(update: Update, context: BotContext) -> None:
    """/unbind, in a bound group."""
    chat = update.effective_chat
    assert chat is not None
    try:
        async with context.db.begin() as session:
            removed = await unbind_chat(session, chat_id=chat.id, actor=_uid(update), now=context.now())
    except UserError as error:
        await refuse_error(update, context, error, None)
        return
    lang = context.lang
    kinds = message("list_separator", lang).join(chat_kind_label(k, lang) for k in removed)
    await reply(update, context, say(update, context, "chat_unbound", kinds=kinds))


@requires(Role.ADMIN)
async def holiday(update: Update, context: BotContext) -> None:
    """/holiday <YYYY-MM-DD> <work|off>; alone, the list of overrides."""
    args = command_args(update).split()
    lang = context.lang
    if not args:
        async with context.db.begin() as session:
            lines = await calendar_overrides.list_overrides(session)
        await reply(update, context, holidays_text(lines, lang=lang))
        return
    if len(args) != 2:
        await refuse(update, context, None, "holiday")
        return
    try:
        day = calendar_overrides.parse_day(args[0])
        working = calendar_overrides.parse_working(args[1])
        async with context.db.begin() as session:
            await calendar_overrides.set_override(
                session,
                day=day,
                working=working,
                actor=_uid(update),
                now=context.now(),
            )
    except UserError as error:
        await refuse_error(update, context, error, "holiday")
        return
    await reply(
        update,
        context,
        say(update, context, "holiday_set", day=day_label(day, lang), kind=working_label(working, lang)),
    )


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """The ledger upload first (before the report module's evidence handler), then the commands."""
    return [
        *ledger.handlers(),
        CommandHandler("units", units),  # type: ignore[arg-type]
        CommandHandler("addunit", addunit),  # type: ignore[arg-type]
        CommandHandler("invite", invite),  # type: ignore[arg-type]
        CommandHandler("grant", grant),  # type: ignore[arg-type]
        CommandHandler("bind", bind),  # type: ignore[arg-type]
        CommandHandler("unbind", unbind),  # type: ignore[arg-type]
        CommandHandler("holiday", holiday),  # type: ignore[arg-type]
        CommandHandler("review", admin_review.review),  # type: ignore[arg-type]
        CommandHandler("override", admin_review.override),  # type: ignore[arg-type]
        CommandHandler("export", admin_review.export),  # type: ignore[arg-type]
        CallbackQueryHandler(
            admin_review.review_button, pattern=Verb.pattern(Verb.REVIEW_PUBLISH, Verb.REVIEW_CANCEL)
        ),
    ]
