"""The look commands' answers as chat text (HTML parse mode): /projects, /lagging, /ranking, /myflag.
Pure: data in, text out; the detail answers (/unit, /history, /plans) are in bot.render.look_detail.

One item per line (a project, a unit, a report): Telegram's 4,096-character limit is met by splitting
between lines, so an item is never cut in two. Everything a user typed goes in as plain text (bot/render/marks.py).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal
from itertools import groupby

from bot.domain.categories import Kind
from bot.domain.compliance import Status
from bot.domain.flags import Badge, FlagColor, Transition
from bot.domain.rank_change import rank_change
from bot.domain.views import CategoryForecast, MyFlag, ProjectNow, RankingView, UnitForecast
from bot.render.categories import shown_score
from bot.render.marks import plain
from bot.render.numbers import amount
from bot.render.official import date_text, progress_text, rank_text
from bot.render.periods import period_label
from bot.render.rank_change import rank_change_label
from bot.render.texts import message, status_label, transition_label

_MARKS = {
    Status.SERIOUS: "🔴",
    Status.LAGGING: "🟠",
    Status.ON_SCHEDULE: "🟢",
    Status.AHEAD: "🟢",
    Status.DONE: "✅",
}
_FLAG_MARKS = {FlagColor.RED: "🚩", FlagColor.YELLOW: "🟨"}
_FLAG_KEYS = {FlagColor.RED: "look_flag_red", FlagColor.YELLOW: "look_flag_yellow"}
_BADGE_KEYS = {Badge.DOUBLE_RED: "look_badge_double_red", Badge.FLAG_WINNER: "look_badge_flag_winner"}


def flag_text(flag: FlagColor | None, lang: str) -> str:
    """'🚩红旗', '🟨yellow flag', '无旗'."""
    if flag is None:
        return message("look_no_flag", lang)
    return message(_FLAG_KEYS[flag], lang)


def measure_text(measure: str, lang: str = "zh") -> str:
    """The measure after a number: '个' in Chinese ('60个'), ' km' in English, '%' in both."""
    if measure in ("%", "％") or not measure:
        return plain(measure)
    return message("report_quantity", lang, amount="", measure=plain(measure))


def day(moment: datetime, tz: tzinfo, lang: str = "zh") -> str:
    """The day of a moment in the county's zone: '2026年11月6日'."""
    return date_text(moment.astimezone(tz).date(), lang)


def amounts(p: ProjectNow, lang: str) -> str:
    """'累计14.5公里，年度完成率55.8%，低于序时进度9.3个百分点' (docs/style-zh.md)."""
    return progress_text(
        actual=p.actual,
        expected=p.expected,
        target=p.target,
        measure=plain(p.measure),
        lang=lang,
        compact=True,
    )


def change_text(transition: Transition, streak: int, lang: str) -> str:
    label = transition_label(transition, streak, lang)
    if not label:
        return ""
    return message("look_change", lang, label=label)


def project_mark(p: ProjectNow) -> str:
    return _MARKS[p.status] if p.started else "⚪"


def project_status(p: ProjectNow, lang: str) -> str:
    """'严重滞后 · 未报送 · 停滞', or when it starts for a project not started yet."""
    if not p.started:
        return message("look_not_started", lang, start=date_text(p.start, lang))
    return status_label(p.status, not_reported=p.not_reported, stalled=p.stalled, lang=lang)


def project_line(p: ProjectNow, *, lang: str, tz: tzinfo) -> str:
    """One project of /projects and /unit on one line."""
    last = (
        message("look_last_report", lang, day=day(p.last_report_at, tz, lang))
        if p.last_report_at
        else message("look_never_reported", lang)
    )
    return message(
        "look_project_line",
        lang,
        mark=project_mark(p),
        code=plain(p.code),
        name=plain(p.name),
        amounts=amounts(p, lang),
        status=project_status(p, lang),
        last=last,
    )


def projects_text(unit: str, projects: list[ProjectNow], *, on: date, lang: str, tz: tzinfo) -> str:
    """/projects: the unit's projects, worst first."""
    if not projects:
        return message("look_projects_none", lang, unit=plain(unit))
    lines = [message("look_projects_head", lang, unit=plain(unit), on=date_text(on, lang), n=len(projects))]
    lines += [project_line(p, lang=lang, tz=tz) for p in projects]
    return "\n".join(lines)


def lagging_text(projects: list[ProjectNow], *, on: date, lang: str) -> str:
    """/lagging: every project behind schedule, worst first, one per line."""
    if not projects:
        return message("look_lagging_none", lang, on=date_text(on, lang))
    lines = [message("look_lagging_head", lang, n=len(projects), on=date_text(on, lang))]
    for p in projects:
        lines.append(
            message(
                "look_lagging_line",
                lang,
                mark=project_mark(p),
                unit=plain(p.unit),
                code=plain(p.code),
                name=plain(p.name),
                amounts=amounts(p, lang),
                status=project_status(p, lang),
            )
        )
    return "\n".join(lines)


def ranking_text(view: RankingView, *, lang: str) -> str:
    """/ranking: per category and group, rank, unit, live score and flag, and the last published flag."""
    s = view.standings
    on = date_text(s.on, lang)
    lines = [message("look_ranking_head", lang, on=on, period=period_label(s.period, lang))]
    if view.last_period is not None:
        last = period_label(view.last_period, lang)
        lines.append(message("look_ranking_legend", lang, last=last, on=on))
    else:
        lines.append(message("look_ranking_legend_first", lang))
    for category_id, category in view.categories:
        lines.append("")
        lines.append(f"【{plain(category)}】")
        entries = [e for e in s.entries if e.category_id == category_id]
        if not entries:
            lines.append(message("look_ranking_nobody", lang))
        for group, members in groupby(entries, key=lambda e: e.group):
            lines.append(f"  {plain(group)}")
            for e in members:
                extra = []
                if view.last_period is not None and (e.unit_id, category_id) in view.last_flags:
                    last_flag = view.last_flags[(e.unit_id, category_id)]
                    extra.append(message("look_ranking_last", lang, flag=flag_text(last_flag, lang)))
                if not e.all_reported:
                    extra.append(message("look_ranking_unreported", lang))
                if view.last_period is not None and (e.unit_id, category_id) in view.rank_changes:
                    change = rank_change_label(view.rank_changes[(e.unit_id, category_id)], lang)
                    extra.append(message("rank_change_ranking", lang, change=change))
                flag = f" {_FLAG_MARKS[e.flag]}" if e.flag else ""
                tail = (" · " + " · ".join(extra)) if extra else ""
                lines.append(f"    {e.rank}. {plain(e.unit)} {shown_score(e.score, e.kind)}{flag}{tail}")
    return "\n".join(lines)


# the lines' sentences: in percentage points for a project-scored category, in its own points otherwise
_LINE_KEYS = {
    Kind.PROJECTS: ("look_red_reached", "look_red_gap", "look_yellow_above", "look_yellow_below"),
    Kind.INDICATOR: (
        "look_red_reached_points",
        "look_red_gap_points",
        "look_yellow_above_points",
        "look_yellow_below_points",
    ),
}


def _lines_text(score: Decimal, red: Decimal, yellow: Decimal, lang: str, kind: Kind = Kind.PROJECTS) -> str:
    """'距红旗线112.0%差4.5个百分点；高于黄旗线80.0%23.0个百分点' — in points ('距红旗线95.0分差2.0分') for an
    indicator-scored category, whose lines are in its own units."""
    reached, short, above, below = _LINE_KEYS[kind]
    if score >= red:
        red_text = message(reached, lang, line=f"{red:.1f}")
    else:
        red_text = message(short, lang, line=f"{red:.1f}", gap=f"{red - score:.1f}")
    if score >= yellow:
        yellow_text = message(above, lang, line=f"{yellow:.1f}", gap=f"{score - yellow:.1f}")
    else:
        yellow_text = message(below, lang, line=f"{yellow:.1f}", gap=f"{yellow - score:.1f}")
    return message("look_myflag_lines", lang, red=red_text, yellow=yellow_text)


def myflag_text(view: MyFlag, *, lang: str, tz: tzinfo) -> str:
    """/myflag: per category the published flag, the change, the lines, the live estimate, the laggards."""
    lines = [message("look_myflag_head", lang, unit=plain(view.unit))]
    review = view.review
    if review is not None and review.published_at is not None:
        lines.append(
            message(
                "look_myflag_review",
                lang,
                period=period_label(review.period, lang),
                published=day(review.published_at, tz, lang),
            )
        )
    else:
        lines.append(message("look_myflag_first", lang))
    if view.badges:
        separator = message("look_list_separator", lang)
        badges = separator.join(message(_BADGE_KEYS[b], lang) for b in sorted(view.badges))
        lines.append(message("look_myflag_badges", lang, badges=badges))
    if not view.categories:
        lines.append(message("look_myflag_nothing", lang, unit=plain(view.unit)))
    on = date_text(view.standings.on, lang)
    for c in view.categories:
        lines.append("")
        lines.append(f"【{plain(c.category)}】")
        if review is not None:
            e = c.published
            if e is None:
                lines.append(message("look_myflag_not_ranked", lang))
            else:
                lines.append(
                    message(
                        "look_myflag_published",
                        lang,
                        flag=flag_text(e.flag, lang),
                        group=plain(e.group),
                        rank=e.rank,
                        score=shown_score(e.score, c.kind),
                        change=change_text(e.transition, e.streak, lang),
                    )
                )
                if c.previous is not None:
                    change = rank_change_label(rank_change(c.previous.rank, e.rank), lang)
                    lines.append(message("rank_change_myflag", lang, change=change))
                if c.red_line is not None:
                    lines.append(_lines_text(e.score, c.red_line, c.yellow_line, lang, c.kind))
            if c.previous is not None:
                before = c.previous
                lines.append(
                    message(
                        "look_myflag_previous",
                        lang,
                        period=period_label(before.period, lang),
                        flag=flag_text(before.flag, lang),
                        rank=before.rank,
                        score=shown_score(before.score, c.kind),
                    )
                )
        live = c.live
        if live is None:
            lines.append(message("look_myflag_live_none", lang))
        else:
            lines.append(
                message(
                    "look_myflag_live",
                    lang,
                    on=on,
                    rank=rank_text(live.rank, live.pool_size, lang),
                    score=shown_score(live.score, c.kind),
                    flag=flag_text(live.flag, lang),
                )
            )
            if c.live_red_line is not None:
                yellow = (
                    c.live_yellow_line
                    if c.live_yellow_line is not None
                    else view.standings.policy.yellow_below
                )
                lines.append(_lines_text(live.score, c.live_red_line, yellow, lang, c.kind))
            unreported = sum(
                1
                for p in view.standings.projects_of(live.unit_id)
                if p.category_id == c.category_id and p.not_reported
            )
            if unreported:
                lines.append(message("look_myflag_unreported", lang, n=unreported))
        if c.pulling_down:
            lines.append(message("look_myflag_pulling", lang))
            for p in c.pulling_down:
                lines.append(
                    message(
                        "look_pulling_line",
                        lang,
                        code=plain(p.code),
                        name=plain(p.name),
                        amounts=amounts(p, lang),
                    )
                )
    return "\n".join(lines)


def forecast_text(forecast: UnitForecast, *, yellow_line: Decimal, window_days: int, lang: str) -> str:
    """/myflag's early warning. Heading for a yellow flag somewhere: those categories and the projects that
    would change that (the mid-period reminder's lines); otherwise one line of where each is heading."""
    if not forecast.categories:
        return ""
    on = date_text(forecast.on, lang)
    if not forecast.heading_for_yellow:
        separator = message("look_forecast_separator", lang)
        items = separator.join(
            message(
                "look_forecast_item",
                lang,
                category=plain(c.category),
                score=f"{c.score:.1f}",
                flag=flag_text(c.flag, lang),
            )
            for c in forecast.categories
        )
        return message("look_forecast_line", lang, window=window_days, on=on, items=items)
    lines = [message("look_forecast_head", lang, window=window_days, on=on)]
    for c in forecast.categories:
        if c.flag is FlagColor.YELLOW:
            lines += forecast_category_lines(c, yellow_line=yellow_line, lang=lang)
    lines.append(message("look_forecast_how", lang))
    return "\n".join(lines)


def forecast_category_lines(c: CategoryForecast, *, yellow_line: Decimal, lang: str) -> list[str]:
    """One category heading for yellow: its forecast score and rank, and the projects that would change it
    (the mid-period reminder and /myflag say it the same way)."""
    if c.yellow_line is not None:
        yellow_line = c.yellow_line  # the category's own knobs
    key = "remind_forecast_category" if c.score < yellow_line else "remind_forecast_bottom"
    lines = [
        message(
            key,
            lang,
            category=plain(c.category),
            score=f"{c.score:.1f}",
            line=f"{yellow_line:.1f}",
            rank=rank_text(c.rank, c.pool_size, lang),
        )
    ]
    if c.fixes:
        lines.append(message("remind_forecast_fixes", lang))
        for p in c.fixes:
            lines.append(
                message(
                    "remind_forecast_fix",
                    lang,
                    code=plain(p.code),
                    name=plain(p.name),
                    forecast=amount(p.forecast, lang, measure=p.measure),
                    expected=amount(p.expected, lang, measure=p.measure),
                    gap=amount(p.shortfall, lang, measure=p.measure),
                    measure=measure_text(p.measure, lang),
                    weight=amount(p.weight, lang),
                )
            )
        if c.score_if_fixed > c.score:
            lines.append(message("remind_forecast_fixed", lang, score=f"{c.score_if_fixed:.1f}"))
    return lines
