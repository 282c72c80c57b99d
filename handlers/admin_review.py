"""/review (preview, Publish/Cancel buttons, publish), /override and /export (SPEC §4, §7)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Message, Update
from telegram.error import Forbidden, TelegramError

from bot.context import BotContext
from bot.domain.flags import FlagColor
from bot.domain.periods import Period, parse_period
from bot.domain.roles import Role
from bot.outbound import review_desk
from bot.outbound.export import build_workbook, workbook_data
from bot.render.admin import flag_label, published_text, review_preview_text
from bot.render.buttons import CallbackData, Verb, publish_cancel
from bot.render.marks import plain
from bot.render.official import moment_text
from bot.render.periods import period_label
from bot.render.texts import message
from bot.services.directory import find_category
from bot.services.errors import UserError
from bot.services.people import pick_unit
from bot.services.reviews import load_review, override_flag
from handlers.access import requires
from handlers.admin_common import (
    default_period,
    log,
    looks_like_period,
    period_arg,
    refuse,
    refuse_error,
    say,
    to_private,
)
from handlers.common import answer_press, command_args, is_private, reply, reply_key
from handlers.keyboards import markup
from handlers.markup import to_html

PUBLISH_WORDS = {"publish", "发布"}
FLAG_WORDS: dict[str, FlagColor | None] = {
    "red": FlagColor.RED,
    "红旗": FlagColor.RED,
    "红": FlagColor.RED,
    "yellow": FlagColor.YELLOW,
    "黄旗": FlagColor.YELLOW,
    "黄": FlagColor.YELLOW,
    "none": None,
    "无": None,
    "无旗": None,
    "取消": None,
}
MAX_REASON = 500
_STATE_KEYS = {"published": "review_state_published", "draft": "export_state_draft"}
_FOOTER_KEYS = ("review_preview_footer", "review_preview_provisional")  # the preview's closing line


def _actor(update: Update) -> str:
    user = update.effective_user
    return f"tg:{user.id if user else 0}"


@requires(Role.ADMIN)
async def review(update: Update, context: BotContext) -> None:
    """/review [YYYY-MM]: a preview with Publish/Cancel; /review publish [YYYY-MM] publishes at once."""
    args = command_args(update).split()
    publish = any(a.lower() in PUBLISH_WORDS for a in args)
    rest = [a for a in args if a.lower() not in PUBLISH_WORDS]
    if len(rest) > 1:
        await refuse(update, context, "review_args", "review")
        return
    try:
        period = period_arg(rest[0], context) if rest else default_period(context)
    except UserError as error:
        await refuse_error(update, context, error, "review")
        return
    if publish:
        outcome = await _publish(update, context, period)
        if isinstance(outcome, UserError):
            await refuse_error(update, context, outcome, None)
        elif isinstance(outcome, tuple):
            await to_private(update, context, outcome[0])
    else:
        await _preview(update, context, period)


async def _preview(update: Update, context: BotContext, period: Period) -> None:
    user = update.effective_user
    assert user is not None
    settings = context.settings
    async with context.db.begin() as session:
        result, pending_id = await review_desk.preview(
            session, period, settings=settings, user_id=user.id, now=context.now()
        )
    lang = context.lang
    buttons = None if pending_id is None else markup(publish_cancel(pending_id, lang=lang))
    await to_private(update, context, review_preview_text(result, tz=settings.tz, lang=lang), markup=buttons)


async def _publish(
    update: Update, context: BotContext, period: Period, *, pending_id: int | None = None
) -> tuple[str, str] | UserError | review_desk.Changed:
    """Publish once and return what to say and the review as published (what the preview becomes), or why
    not (before the deadline, already published, button used), or, for a button whose preview no longer
    matches the review, the new preview (nothing published)."""
    settings = context.settings
    try:
        async with context.db.begin() as session:
            done = await review_desk.publish(
                session,
                period,
                settings=settings,
                now=context.now(),
                actor=_actor(update),
                pending_id=pending_id,
            )
    except UserError as error:  # rolled back: a button refused before the deadline works after it
        return error
    if isinstance(done, review_desk.Changed):
        return done
    publication, bound = done
    context.state.file_builds.start(publication.files)  # committed: the charts and workbook, off the lock
    result = publication.result
    lang = context.lang
    text = plain(published_text(result, bound=bound, lang=lang))
    published = review_preview_text(result, tz=settings.tz, lang=lang)
    if pending_id is None:
        text += "\n\n" + published
    return text, published


async def review_button(update: Update, context: BotContext) -> None:
    """Publish / Cancel under a preview: acted on once; the answer comes as a message."""
    await answer_press(update)
    await _review_button(update, context)


@requires(Role.LEADER)  # SPEC §2: leaders may approve a review too
async def _review_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    data = CallbackData.decode(query.data)
    pending_id = data.id if data is not None else None
    pending = None
    if pending_id is not None:
        async with context.db.begin() as session:
            pending = await review_desk.pending_review(session, pending_id)
    if pending is None or pending_id is None or data is None:
        await reply_key(update, context, "button_expired")
        return
    if pending.resolved:
        await _mark(update, context, None)
        await reply_key(update, context, "button_done")
        return
    try:
        period = parse_period(str(pending.payload.get("period", "")), months=context.settings.period_months)
    except ValueError:
        await reply_key(update, context, "button_expired")
        return
    if data.verb is Verb.REVIEW_CANCEL:
        async with context.db.begin() as session:
            published = await review_desk.is_published(session, period)
            settled = "stale" if published else "cancelled"
            cancelled = await review_desk.settle(session, pending_id, outcome=settled, now=context.now())
        if published:  # nothing left to cancel: say what happened instead
            await _mark(update, context, None)
            await reply_key(update, context, "review_already_published", period=period)
            return
        if not cancelled:
            await reply_key(update, context, "button_done")
            return
        footers = [say(update, context, key, period=period) for key in _FOOTER_KEYS]
        await _mark(update, context, say(update, context, "review_cancelled_mark"), drop=footers)
        return
    outcome = await _publish(update, context, period, pending_id=pending_id)
    if isinstance(outcome, review_desk.Changed):  # the approver saw other figures: show them the new ones
        await _mark(update, context, say(update, context, "review_changed_mark"))
        lang, tz = context.lang, context.settings.tz
        buttons = markup(publish_cancel(outcome.pending_id, lang=lang))
        await to_private(
            update, context, review_preview_text(outcome.result, tz=tz, lang=lang), markup=buttons
        )
        return
    if not isinstance(outcome, UserError):  # the buttons go first, then where the announcement goes
        answer, as_published = outcome
        at = moment_text(context.now(), context.settings.tz, context.lang)
        # The preview becomes the review as published: no "草稿" heading, no "按发布" footer left behind.
        await _mark(update, context, say(update, context, "review_published_mark", at=at), body=as_published)
        await reply(update, context, answer)
        return
    async with context.db.begin() as session:
        stale = await review_desk.is_published(session, period)
        if stale:  # published meanwhile (e.g. by /review publish): this preview's buttons are done too
            await review_desk.settle(session, pending_id, outcome="stale", now=context.now())
    if stale:
        await _mark(update, context, None)
    await refuse_error(update, context, outcome, None)


async def _mark(
    update: Update,
    context: BotContext,
    note: str | None,
    *,
    body: str | None = None,
    drop: Sequence[str] = (),
) -> None:
    """Take the buttons off the preview, adding a line saying what happened; `body` (marked text) replaces
    the preview's text, or the preview's own text loses a closing line in `drop` (what the buttons did)."""
    query = update.callback_query
    message = query.message if query else None
    if not isinstance(message, Message):
        return
    try:
        if note is None:
            await message.edit_reply_markup(reply_markup=None)
            return
        if body is not None:
            body = to_html(body)
        else:
            body = message.text_html or ""  # Telegram's own text, already HTML
            for line in drop:
                if body.rstrip().endswith(to_html(line)):
                    body = body.rstrip()[: -len(to_html(line))].rstrip()
        text = f"{body}\n\n{to_html(note)}" if len(body) + len(note) < 4000 else to_html(note)
        await message.edit_text(text)
    except TelegramError as error:  # not modified, too old: the answer was sent anyway
        log.info("could not edit the preview: %s", error)


@requires(Role.ADMIN)
async def override(update: Update, context: BotContext) -> None:
    """/override [YYYY-MM] <unit> <category> <red|yellow|none> <reason>."""
    tokens = command_args(update).split()
    try:
        period = period_arg(tokens.pop(0), context) if tokens and looks_like_period(tokens[0]) else None
    except UserError as error:
        await refuse_error(update, context, error, "override")
        return
    period = period or default_period(context)
    if len(tokens) < 3:
        await refuse(update, context, "override_args" if tokens else None, "override")
        return
    unit_ref, category_ref, flag_text = tokens[:3]
    reason = " ".join(tokens[3:])
    if flag_text.lower() not in FLAG_WORDS:
        wrong_order = any(t.lower() in FLAG_WORDS for t in tokens[:2])
        await refuse(
            update,
            context,
            "override_wrong_order" if wrong_order else "flag_invalid",
            "override",
            text=flag_text,
        )
        return
    if not reason:
        await refuse(update, context, "override_reason_missing", "override")
        return
    if len(reason) > MAX_REASON:
        await refuse(update, context, "note_too_long", "override", length=len(reason), limit=MAX_REASON)
        return
    flag = FLAG_WORDS[flag_text.lower()]
    settings = context.settings
    try:
        async with context.db.begin() as session:
            unit = await pick_unit(session, unit_ref)
            category = await find_category(session, category_ref)
            result = await override_flag(
                session,
                period,
                unit_id=unit.id,
                category_id=category.id,
                flag=flag,
                reason=reason,
                actor=_actor(update),
                now=context.now(),
                policy=settings.policy,
                tz=settings.tz,
            )
    except UserError as error:
        wrong_args = error.key.startswith(("unit_", "category_"))
        await refuse_error(update, context, error, "override" if wrong_args else None)
        return
    entry = next(e for e in result.entries if e.unit_id == unit.id and e.category_id == category.id)
    lang = context.lang
    await reply(
        update,
        context,
        say(
            update,
            context,
            "override_done",
            period=period,
            unit=unit.name,
            category=category.name,
            flag=flag_label(entry.flag, lang),
            proposed=flag_label(entry.proposed_flag, lang),
        ),
    )


@requires(Role.ADMIN)
async def export(update: Update, context: BotContext) -> None:
    """/export [YYYY-MM]: the review workbook, sent privately."""
    args = command_args(update).split()
    if len(args) > 1:
        await refuse(update, context, "review_args", "export")
        return
    try:
        period = period_arg(args[0], context) if args else default_period(context)
    except UserError as error:
        await refuse_error(update, context, error, "export")
        return
    settings, now, lang = context.settings, context.now(), context.lang
    async with context.db.begin() as session:
        view = await workbook_data(
            session, period, policy=settings.policy, tz=settings.tz, now=now, lang=lang
        )
        status = (await load_review(session, period, tz=settings.tz, now=now)).status
    # after the commit: the database is free
    data = await build_workbook(view, lang=lang, tz=settings.tz, county=settings.county_name)
    user = update.effective_user
    assert user is not None
    label = period_label(period, lang)
    caption = say(update, context, "export_caption", period=label, state=message(_STATE_KEYS[status], lang))
    try:
        await context.bot.send_document(
            user.id,
            document=data,
            filename=message("documents_file_workbook", lang, period=label)
            + ".xlsx",  # 2026年9—10月双月讲评.xlsx
            caption=to_html(caption),
        )
    except Forbidden:
        await reply_key(update, context, "open_private_first")
        return
    if not is_private(update):
        await reply_key(update, context, "sent_privately")
