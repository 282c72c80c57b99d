"""What the admin commands show: unit and category lists, invites, calendar overrides, review previews. Pure."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from itertools import groupby

from bot.domain.flags import FlagColor
from bot.domain.review import ReviewResult
from bot.domain.views_admin import CategoryLine, HolidayLine, UnitLine
from bot.render import texts
from bot.render.marks import plain
from bot.render.official import date_text, moment_text
from bot.render.periods import period_label
from bot.render.review import review_text
from bot.render.texts import message

_WEEKDAY_KEYS = (
    "weekday_mon",
    "weekday_tue",
    "weekday_wed",
    "weekday_thu",
    "weekday_fri",
    "weekday_sat",
    "weekday_sun",
)

CHAT_KIND_KEYS: dict[str, str] = {"leaders": "chat_kind_leaders", "workgroup": "chat_kind_workgroup"}

# The usage line of each admin command that shows one.
USAGE_KEYS: dict[str, str] = {
    "addunit": "usage_addunit",
    "invite": "usage_invite",
    "grant": "usage_grant",
    "revoke": "usage_revoke",
    "invites": "usage_invites",
    "bind": "usage_bind",
    "review": "usage_review",
    "override": "usage_override",
    "export": "usage_export",
    "holiday": "usage_holiday",
    "alias": "alias_usage",
    "categories": "usage_categories",
    "scores": "usage_scores",
}


def usage(command: str, lang: str, **params: object) -> str:
    """'用法：/invite 单位 [head]\n例：/invite 人社局 head'."""
    return message(USAGE_KEYS[command], lang, **params)


def units_text(units: list[UnitLine], *, lang: str = "zh") -> str:
    """/units: units by group, with their projects and bound people."""
    if not units:
        return message("units_empty", lang)
    lines = [message("units_head", lang, count=len(units))]
    for group, members in groupby(sorted(units, key=lambda u: (u.group, u.name)), key=lambda u: u.group):
        items = list(members)
        lines.append("")
        lines.append(message("units_group", lang, group=plain(group), count=len(items)))
        for u in items:
            lines.append(
                message("units_line", lang, name=plain(u.name), projects=u.projects, people=u.people)
            )
    return "\n".join(lines)


def categories_text(categories: list[CategoryLine], *, lang: str = "zh") -> str:
    """/categories: each category with its number of projects."""
    if not categories:
        return message("categories_empty", lang)
    lines = [message("categories_head", lang, count=len(categories))]
    for c in categories:
        lines.append(message("categories_line", lang, name=plain(c.name), projects=c.projects))
    return "\n".join(lines)


def invite_link(bot_username: str, code: str) -> str:
    """The deep link that opens the bot with /start <code>."""
    return f"https://t.me/{bot_username}?start={code}"


def invite_text(
    *, unit: str, head: bool, link: str, expires_at: datetime, tz: tzinfo, lang: str = "zh"
) -> str:
    """The invite link with what it does and until when."""
    role = message("invite_role_head" if head else "invite_role_contact", lang)
    return message(
        "invite_created",
        lang,
        unit=plain(unit),
        role=role,
        link=plain(link),
        expires=moment_text(expires_at, tz, lang),
    )


def day_label(day: date, lang: str = "zh") -> str:
    """'2026年10月10日（周六）'."""
    weekday = message(_WEEKDAY_KEYS[day.weekday()], lang)
    return message("holiday_day", lang, day=date_text(day, lang), weekday=weekday)


def working_label(working: bool, lang: str = "zh") -> str:
    return message("holiday_working" if working else "holiday_off", lang)


def holidays_text(overrides: list[HolidayLine], *, lang: str = "zh") -> str:
    """/holiday alone: the admin's overrides of the working-day calendar."""
    if not overrides:
        return message("holiday_none", lang) + "\n" + usage("holiday", lang)
    lines = [message("holiday_head", lang, count=len(overrides))]
    for o in overrides:
        lines.append(f"• {day_label(o.day, lang)} {working_label(o.working, lang)}")
    return "\n".join(lines)


def flag_label(flag: FlagColor | None, lang: str = "zh") -> str:
    """'红旗', '黄旗', or '无旗' for none."""
    if flag is None:
        return message("flag_no_flag", lang)
    return texts.flag_label(flag, lang)


def review_preview_text(result: ReviewResult, *, tz: tzinfo, lang: str = "zh") -> str:
    """/review: the review as it stands, and what the buttons do."""
    body = plain(review_text(result, tz=tz, lang=lang))
    if not result.entries:
        body += "\n\n" + message("review_no_entries", lang)
    if result.status == "published":
        return body
    footer = "review_preview_provisional" if result.provisional else "review_preview_footer"
    return body + "\n\n" + message(footer, lang, period=result.period)


def chat_kind_label(kind: str, lang: str = "zh") -> str:
    return message(CHAT_KIND_KEYS[kind], lang) if kind in CHAT_KIND_KEYS else kind


def published_text(result: ReviewResult, *, bound: list[str], lang: str = "zh") -> str:
    """After publishing: where the announcement goes (or that no group is bound yet)."""
    period = period_label(result.period, lang)
    yellow = len({e.unit_id for e in result.entries if e.flag is FlagColor.YELLOW})
    if bound:
        where = message("list_separator", lang).join(chat_kind_label(k, lang) for k in bound)
        text = message("review_published", lang, period=period, where=where, yellow=yellow)
    else:
        text = message("review_published_unbound", lang, period=period, yellow=yellow)
    return text
