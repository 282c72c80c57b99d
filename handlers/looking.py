"""Looking at the ledger and the flags (SPEC §4): /projects /myflag for a unit's contacts; /ranking /unit
/lagging /history for leaders and admins (/plan and /plans: handlers/rectify.py).

Rankings, flags and the county-wide lists may be answered in a group; one unit's details go privately.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.error import Forbidden
from telegram.ext import BaseHandler, CommandHandler

from bot.context import BotContext
from bot.domain.roles import Role
from bot.domain.views import Trend
from bot.render import look, look_detail, rectify
from bot.render.fonts import CjkFontMissingError
from bot.render.marks import plain
from bot.render.texts import message
from bot.render.trend_chart import trend_chart
from bot.services import forecast as forecast_s
from bot.services import history as history_s
from bot.services import looking, measures, standing
from bot.services import trend as trend_s
from bot.services.errors import UserError
from handlers.access import requires
from handlers.common import command_args, is_private, reply, reply_private, reply_user_error
from handlers.markup import to_html

log = logging.getLogger("flagbot.looking")


async def _refuse(update: Update, context: BotContext, error: UserError, usage: str | None = None) -> None:
    """A short reason and, where it helps, the right usage."""
    lang = context.lang
    line = message("look_usage", lang, usage=plain(message(usage, lang))) if usage else None
    await reply_user_error(update, context, error, line)


def _caller_unit(context: BotContext) -> tuple[int, str]:
    caller = context.caller
    assert caller is not None and caller.unit_id is not None  # @requires(Role.CONTACT) saw to it
    return caller.unit_id, caller.unit_name or ""


@requires(Role.CONTACT)
async def projects(update: Update, context: BotContext) -> None:
    """/projects: the caller's unit's projects, worst first."""
    unit_id, unit = _caller_unit(context)
    settings, now = context.settings, context.now()
    async with context.db.begin() as session:
        rows = await standing.unit_projects_now(
            session, unit_id, as_of=now, policy=settings.policy, tz=settings.tz
        )
    text = look.projects_text(
        unit,
        standing.worst_first(rows),
        on=now.astimezone(settings.tz).date(),
        lang=context.lang,
        tz=settings.tz,
    )
    await reply_private(update, context, text)


@requires(Role.CONTACT)
async def myflag(update: Update, context: BotContext) -> None:
    """/myflag: the unit's flags at the last published review, the lines, a live estimate and the early
    warning; then the trend picture. All of it privately when asked in a group."""
    unit_id, _ = _caller_unit(context)
    settings, now = context.settings, context.now()
    async with context.db.begin() as session:
        view = await looking.my_flag(session, unit_id, now=now, policy=settings.policy, tz=settings.tz)
        ahead = await forecast_s.forecast_unit(session, unit_id, now=now, settings=settings)
        trend = await trend_s.unit_trend(
            session, unit_id, now=now, settings=settings, standings=view.standings, forecast=ahead
        )
    lang = context.lang
    text = look.myflag_text(view, lang=lang, tz=settings.tz)
    warning = look.forecast_text(
        ahead,
        yellow_line=settings.policy.yellow_below,
        window_days=forecast_s.PACE_WINDOW_DAYS,
        lang=lang,
    )
    if warning:
        text += "\n\n" + warning
    await reply_private(update, context, text)
    await _send_trend(update, context, trend, lang)


async def _send_trend(update: Update, context: BotContext, trend: Trend, lang: str) -> None:
    """The trend picture after /myflag's text, to the same private chat; skipped when the unit has nothing
    ranked, or when no font can draw Chinese (boxes would be worse than no picture)."""
    user = update.effective_user
    if not trend.categories or user is None:
        return
    try:
        png = await asyncio.to_thread(trend_chart, trend, lang=lang)  # ~0.5 s of CPU: off the event loop
    except CjkFontMissingError as error:
        log.warning("trend picture not sent: %s", error)
        return
    key = "look_trend_caption" if trend.has_reviews else "look_trend_caption_group"
    chat_id = update.effective_chat.id if is_private(update) and update.effective_chat else user.id
    try:
        await context.bot.send_photo(
            chat_id, png, caption=to_html(message(key, lang, unit=plain(trend.unit)))
        )
    except Forbidden:  # never opened a private chat: the text's attempt has already said so in the group
        return


@requires(Role.LEADER)
async def ranking(update: Update, context: BotContext) -> None:
    """/ranking [category]: live standings per category and group, with the last published flags."""
    settings = context.settings
    try:
        async with context.db.begin() as session:
            view = await looking.ranking(
                session,
                now=context.now(),
                policy=settings.policy,
                tz=settings.tz,
                category_ref=command_args(update),
            )
    except UserError as error:
        await _refuse(
            update, context, error, "look_usage_ranking" if error.key != "look_no_projects" else None
        )
        return
    await reply(update, context, look.ranking_text(view, lang=context.lang))


@requires(Role.LEADER)
async def unit(update: Update, context: BotContext) -> None:
    """/unit <unit>: one unit's projects, last reports and flag history (privately when asked in a group)."""
    ref = command_args(update)
    if not ref:
        await _refuse(update, context, UserError("look_unit_missing"), "look_usage_unit")
        return
    settings = context.settings
    try:
        async with context.db.begin() as session:
            detail = await looking.unit_detail(
                session, ref, now=context.now(), policy=settings.policy, tz=settings.tz
            )
            followup = await measures.unit_followup_by_ref(session, ref, now=context.now(), tz=settings.tz)
    except UserError as error:
        await _refuse(update, context, error, "look_usage_unit")
        return
    text = look_detail.unit_text(detail, lang=context.lang, tz=settings.tz)
    await reply_private(
        update, context, _with(text, rectify.followup_text(followup, lang=context.lang, tz=settings.tz))
    )


@requires(Role.LEADER)
async def lagging(update: Update, context: BotContext) -> None:
    """/lagging: every project behind schedule, worst first."""
    settings, now = context.settings, context.now()
    async with context.db.begin() as session:
        standings = await standing.live_standings(session, as_of=now, policy=settings.policy, tz=settings.tz)
        said = await measures.what_units_said(session, standings.behind(), now=now, tz=settings.tz)
    text = look.lagging_text(standings.behind(), on=standings.on, lang=context.lang)
    await reply(update, context, _with(text, rectify.said_text(said, lang=context.lang, tz=settings.tz)))


@requires(Role.LEADER)
async def history(update: Update, context: BotContext) -> None:
    """/history <unit|project> [from] [to]: reports and statuses over a date range (default: this period)."""
    args = command_args(update).split()
    usage = "look_usage_history"
    if not args:
        await _refuse(update, context, UserError("look_history_missing"), usage)
        return
    ref, dates = args[0], args[1:]
    if len(dates) > 2:
        await _refuse(update, context, UserError("look_too_many_dates"), usage)
        return
    settings = context.settings
    try:
        days = [history_s.parse_day(text) for text in dates]
        async with context.db.begin() as session:
            view = await history_s.history(
                session,
                ref,
                since=days[0] if days else None,
                until=days[1] if len(days) > 1 else None,
                now=context.now(),
                policy=settings.policy,
                tz=settings.tz,
            )
            followup = (
                None
                if view.is_project
                else await measures.unit_followup_by_ref(
                    session, view.subject, now=context.now(), tz=settings.tz
                )
            )
    except UserError as error:
        await _refuse(update, context, error, usage)
        return
    text = look_detail.history_text(view, lang=context.lang, tz=settings.tz)
    if followup is not None:
        text = _with(text, rectify.followup_text(followup, lang=context.lang, tz=settings.tz))
    await reply_private(update, context, text)


def _with(text: str, more: str) -> str:
    """An answer with the rectification section after it (when there is one)."""
    return f"{text}\n\n{more}" if more else text


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    commands = {
        "projects": projects,
        "myflag": myflag,
        "ranking": ranking,
        "unit": unit,
        "lagging": lagging,
        "history": history,
    }
    # @requires returns an Awaitable-typed callable; PTB's stubs ask for a Coroutine (it is one).
    return [CommandHandler(name, callback) for name, callback in commands.items()]  # type: ignore[arg-type]
