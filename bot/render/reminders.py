"""The scheduled messages as chat text (HTML parse mode): reminders, the calendar warning, the early
warning, escalations and the approval request. Pure: data in, text out; names go in as plain text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from decimal import Decimal

from bot.domain.periods import Period
from bot.domain.review import Entry
from bot.domain.views import CategoryForecast, ProjectNow
from bot.render.look import amounts, day, forecast_category_lines, project_line
from bot.render.marks import plain
from bot.render.official import date_text, day_end_text, moment_text
from bot.render.periods import period_label
from bot.render.texts import message


def deadline_reminder(
    *,
    unit: str,
    period: Period,
    deadline: date,
    days_left: int,
    projects: Sequence[ProjectNow],
    units_reported: int,
    units_total: int,
    lang: str,
) -> str:
    """Before the submission deadline: the unit's unreported projects and how many units have reported."""
    left = (
        message("remind_deadline_today", lang)
        if days_left <= 0
        else message("remind_deadline_left", lang, n=days_left)
    )
    lines = [
        message(
            "remind_deadline_head",
            lang,
            period=period_label(period, lang),
            deadline=day_end_text(deadline, lang),
            left=left,
        ),
        message("remind_deadline_unit", lang, unit=plain(unit), n=len(projects)),
    ]
    for p in projects:
        lines.append(
            message(
                "remind_deadline_line",
                lang,
                code=plain(p.code),
                name=plain(p.name),
                amounts=amounts(p, lang),
            )
        )
    lines.append(message("remind_deadline_count", lang, reported=units_reported, total=units_total))
    lines.append(message("remind_deadline_how", lang, code=plain(projects[0].code) if projects else "MS-01"))
    return "\n".join(lines)


def daily_status(
    *,
    unit: str,
    period: Period,
    categories: Sequence[str],
    on: date,
    behind: Sequence[ProjectNow],
    others: int,
    lang: str,
    tz: tzinfo,
) -> str:
    """每天一调度: a yellow-flag unit's lagging projects (worst first), then the three questions."""
    separator = message("look_list_separator", lang)
    lines = [
        message(
            "remind_daily_head",
            lang,
            unit=plain(unit),
            period=period_label(period, lang),
            categories=separator.join(plain(c) for c in categories),
            on=date_text(on, lang),
            n=len(behind),
        )
    ]
    lines += [project_line(p, lang=lang, tz=tz) for p in behind]
    if others:
        lines.append(message("remind_daily_others", lang, n=others))
    lines.append(message("remind_daily_questions", lang))
    return "\n".join(lines)


def stalled_reminder(
    *, unit: str, projects: Sequence[ProjectNow], stall_days: int, lang: str, tz: tzinfo
) -> str:
    """Weekly: the unit's projects with no increase for STALL_AFTER_DAYS."""
    lines = [message("remind_stalled_head", lang, unit=plain(unit), n=len(projects), days=stall_days)]
    for p in projects:
        last = (
            message("look_last_report", lang, day=day(p.last_report_at, tz, lang))
            if p.last_report_at
            else message("look_never_reported", lang)
        )
        lines.append(
            message(
                "remind_stalled_line",
                lang,
                code=plain(p.code),
                name=plain(p.name),
                amounts=amounts(p, lang),
                last=last,
            )
        )
    lines.append(message("remind_stalled_how", lang, code=plain(projects[0].code) if projects else "MS-01"))
    return "\n".join(lines)


def forecast_warning(
    *,
    unit: str,
    period: Period,
    on: date,
    window_days: int,
    categories: Sequence[CategoryForecast],
    yellow_line: Decimal,
    lang: str,
) -> str:
    """Mid-period: the categories heading for yellow and the projects that would change that."""
    lines = [
        message(
            "remind_forecast_head",
            lang,
            unit=plain(unit),
            window=window_days,
            on=date_text(on, lang),
            period=period_label(period, lang),
        )
    ]
    for c in categories:
        lines += forecast_category_lines(c, yellow_line=yellow_line, lang=lang)
    lines.append(message("remind_forecast_how", lang))
    return "\n".join(lines)


def _streaks(entries: Sequence[Entry], lang: str) -> str:
    separator = message("look_list_separator", lang)
    return separator.join(
        message("escalate_streak", lang, category=plain(e.category), streak=e.streak) for e in entries
    )


def escalation_to_head(
    *, unit: str, period: Period, entries: Sequence[Entry], plan_due: date, lang: str
) -> str:
    """To a unit head: the unit's consecutive yellow flags, and the day the plan is due."""
    return message(
        "escalate_head",
        lang,
        unit=plain(unit),
        period=period_label(period, lang),
        categories=_streaks(entries, lang),
        due=date_text(plan_due, lang),
    )


def escalation_to_leaders(
    *, period: Period, by_unit: Sequence[tuple[str, Sequence[Entry], bool]], lang: str
) -> str:
    """To the leaders: every unit with a consecutive yellow flag, and whether its head was told (never
    claimed when no head is bound: then the admins are asked to bind one)."""
    lines = [message("escalate_leaders_head", lang, period=period_label(period, lang))]
    for unit, entries, told in by_unit:
        lines.append(
            message(
                "escalate_leaders_line",
                lang,
                unit=plain(unit),
                categories=_streaks(entries, lang),
                told=message("escalate_head_told" if told else "escalate_head_missing", lang),
            )
        )
    return "\n".join(lines)


def approval_head(*, period: Period, moment: datetime, tz: tzinfo, lang: str) -> str:
    return message(
        "approval_head",
        lang,
        period=period_label(period, lang),
        moment=moment_text(moment, tz, lang),
    )
