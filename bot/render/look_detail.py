"""The detail answers of the look commands — /unit, /history, /plan, /plans — as chat text. Pure.

One item per line, like bot.render.look, so long answers split between lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo

from bot.domain.views import HistoryView, ReportLine, UnitDetail
from bot.render.categories import shown_score
from bot.render.ledger import ledger_history_lines
from bot.render.look import change_text, flag_text, measure_text, project_line
from bot.render.marks import plain
from bot.render.numbers import amount
from bot.render.official import date_text, moment_text
from bot.render.periods import period_label
from bot.render.texts import message, status_label


def _report_lines(reports: Iterable[ReportLine], *, lang: str, tz: tzinfo) -> list[str]:
    lines = []
    for r in reports:
        note = r.note.replace("\n", " ").strip()
        if len(note) > 60:
            note = note[:59] + "…"
        shown = amount(abs(r.change), lang, measure=r.measure)
        change = f"+{shown}" if r.change >= 0 else f"−{shown}"
        lines.append(
            message(
                "look_report_line",
                lang,
                at=moment_text(r.at, tz, lang),
                code=plain(r.code),
                value=amount(r.value, lang, measure=r.measure),
                measure=measure_text(r.measure, lang),
                change=change,
                expected=amount(r.expected, lang, measure=r.measure),
                status=status_label(r.status, lang=lang),
                note=message("look_report_note", lang, note=plain(note)) if note else "",
            )
        )
    return lines


def unit_text(detail: UnitDetail, *, lang: str, tz: tzinfo) -> str:
    """/unit: projects, the last reports and the flag history of one unit."""
    lines = [
        message(
            "look_unit_head",
            lang,
            unit=plain(detail.unit),
            group=plain(detail.group),
            on=date_text(detail.on, lang),
        )
    ]
    lines.append(message("look_unit_projects", lang, n=len(detail.projects)))
    if not detail.projects:
        lines.append(message("look_projects_none", lang, unit=plain(detail.unit)))
    lines += [project_line(p, lang=lang, tz=tz) for p in detail.projects]
    lines.append("")
    if detail.reports:
        lines.append(message("look_unit_reports", lang, n=len(detail.reports)))
        lines += _report_lines(detail.reports, lang=lang, tz=tz)
    else:
        lines.append(message("look_unit_no_reports", lang))
    lines.append("")
    if detail.flags:
        lines.append(message("look_unit_flags", lang))
        for f in detail.flags:
            lines.append(
                message(
                    "look_flag_record",
                    lang,
                    period=period_label(f.period, lang),
                    category=plain(f.category),
                    flag=flag_text(f.flag, lang),
                    rank=f.rank,
                    score=shown_score(f.score, f.kind),
                    change=change_text(f.transition, f.streak, lang),
                )
            )
    else:
        lines.append(message("look_unit_no_flags", lang))
    return "\n".join(lines)


def history_text(view: HistoryView, *, lang: str, tz: tzinfo) -> str:
    """/history: the reports in the range, then each project's status at its end."""
    lines = [
        message(
            "look_history_head",
            lang,
            subject=plain(view.subject),
            since=date_text(view.since, lang),
            until=date_text(view.until, lang),
        )
    ]
    if view.reports:
        lines.append(message("look_history_count", lang, n=len(view.reports)))
        lines += _report_lines(view.reports, lang=lang, tz=tz)
    else:
        lines.append(message("look_history_none", lang))
    if view.states:
        lines.append("")
        lines.append(message("look_history_states", lang, day=date_text(view.states_on, lang)))
        lines += [project_line(p, lang=lang, tz=tz) for p in view.states]
    if view.ledger_changes:
        lines.append("")
        lines += ledger_history_lines(view.ledger_changes, tz=tz, lang=lang)
    return "\n".join(lines)
