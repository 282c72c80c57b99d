"""What the admin commands show: unit and category lists, invites, calendar overrides, review previews. Pure."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from itertools import groupby

from bot.domain.flags import FlagColor
from bot.domain.review import ReviewResult
from bot.domain.views_admin import CategoryLine, HolidayLine, UnitLine
from bot.render.marks import plain
from bot.render.review import review_text
from bot.render.texts import FLAG_LABELS, message, pick

_WEEKDAYS = (
    ("周一", "Mon"),
    ("周二", "Tue"),
    ("周三", "Wed"),
    ("周四", "Thu"),
    ("周五", "Fri"),
    ("周六", "Sat"),
    ("周日", "Sun"),
)

CHAT_KIND_LABELS: dict[str, tuple[str, str]] = {
    "leaders": ("领导群", "the leaders' chat"),
    "workgroup": ("工作群", "the county work group"),
}


def usage(command: str, lang: str, **params: object) -> str:
    """'用法：/invite 单位 [head]\n例：/invite 人社局 head'."""
    return message(f"usage_{command}", lang, **params)


def with_usage(reason: str, command: str, lang: str, **params: object) -> str:
    """A reason followed by the right usage."""
    return f"{reason}\n{usage(command, lang, **params)}"


def units_text(units: list[UnitLine], *, lang: str = "zh") -> str:
    """/units: units by group, with their projects and bound people."""
    if not units:
        return message("units_empty", lang)
    en = lang == "en"
    lines = [message("units_head", lang, count=len(units))]
    for group, members in groupby(sorted(units, key=lambda u: (u.group, u.name)), key=lambda u: u.group):
        items = list(members)
        lines.append("")
        lines.append(f"【{plain(group)}】{len(items)}" + (" units" if en else " 个"))
        for u in items:
            if en:
                lines.append(f"• {plain(u.name)} · {u.projects} project(s) · {u.people} contact(s)")
            else:
                lines.append(f"• {plain(u.name)} · 项目 {u.projects} · 联络员 {u.people}")
    return "\n".join(lines)


def categories_text(categories: list[CategoryLine], *, lang: str = "zh") -> str:
    """/categories: each category with its number of projects."""
    if not categories:
        return message("categories_empty", lang)
    lines = [message("categories_head", lang, count=len(categories))]
    for c in categories:
        lines.append(
            f"• {plain(c.name)} · {c.projects} project(s)"
            if lang == "en"
            else f"• {plain(c.name)} · 项目 {c.projects}"
        )
    return "\n".join(lines)


def invite_link(bot_username: str, code: str) -> str:
    """The deep link that opens the bot with /start <code>."""
    return f"https://t.me/{bot_username}?start={code}"


def invite_text(
    *, unit: str, head: bool, link: str, expires_at: datetime, tz: tzinfo, lang: str = "zh"
) -> str:
    """The invite link with what it does and until when."""
    role = pick(("一把手", "unit head") if head else ("联络员", "contact"), lang)
    return message(
        "invite_created",
        lang,
        unit=plain(unit),
        role=role,
        link=plain(link),
        expires=expires_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
    )


def day_label(day: date, lang: str = "zh") -> str:
    """'2026-10-10（周六）'."""
    weekday = pick(_WEEKDAYS[day.weekday()], lang)
    return f"{day.isoformat()} ({weekday})" if lang == "en" else f"{day.isoformat()}（{weekday}）"


def working_label(working: bool, lang: str = "zh") -> str:
    return pick(("上班（工作日）", "working day") if working else ("休息（节假日）", "day off"), lang)


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
        return pick(("无旗", "no flag"), lang)
    return pick(FLAG_LABELS[flag], lang)


def review_preview_text(result: ReviewResult, *, tz: tzinfo, lang: str = "zh") -> str:
    """/review: the review as it stands, and what the buttons do."""
    body = plain(review_text(result, tz=tz, lang=lang))
    if not result.entries:
        body += "\n\n" + message("review_no_entries", lang)
    if result.status == "published":
        return body
    footer = "review_preview_provisional" if result.provisional else "review_preview_footer"
    return body + "\n\n" + message(footer, lang, period=result.period.name)


def chat_kind_label(kind: str, lang: str = "zh") -> str:
    return pick(CHAT_KIND_LABELS.get(kind, (kind, kind)), lang)


def published_text(result: ReviewResult, *, bound: list[str], lang: str = "zh") -> str:
    """After publishing: where the announcement goes (or that no group is bound yet)."""
    period = result.period.label_en() if lang == "en" else result.period.label_zh()
    yellow = len({e.unit_id for e in result.entries if e.flag is FlagColor.YELLOW})
    if bound:
        where = ("、" if lang != "en" else ", ").join(chat_kind_label(k, lang) for k in bound)
        text = message("review_published", lang, period=period, where=where, yellow=yellow)
    else:
        text = message("review_published_unbound", lang, period=period, yellow=yellow)
    return text
