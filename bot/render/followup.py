"""The private follow-up after a review (SPEC §7): a yellow flag with the three questions, or a gentler
note for lagging units without one. Pure.

A project that was not reported in the period says so (未报送 is often the real cause of the lag), and the
lagging projects of categories that got no yellow flag are listed apart, saying so."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain.views_export import LaggingProject
from bot.render.marks import plain
from bot.render.official import date_text, progress_text
from bot.render.texts import message

SHOWN = 15  # projects listed per notice; the rest are counted


def _lines(projects: Sequence[LaggingProject], lang: str) -> list[str]:
    out = []
    for p in projects[:SHOWN]:
        out.append(
            message(
                "followup_project",
                lang,
                code=plain(p.code),
                name=plain(p.name),
                progress=progress_text(
                    actual=p.actual, expected=p.expected, target=p.target, measure=plain(p.measure), lang=lang
                ),
                not_reported=message("followup_not_reported", lang) if p.not_reported else "",
            )
        )
    if len(projects) > SHOWN:
        out.append(f"… +{len(projects) - SHOWN}")
    return out


def yellow_notice(
    *,
    unit: str,
    period_label: str,
    categories: Sequence[str],
    projects: Sequence[LaggingProject],
    plan_due: date,
    lang: str = "zh",
) -> str:
    """The flag, the lagging projects (those of the flagged categories first), the leaders' three questions,
    and the request for a plan by a date."""
    separator = message("list_separator", lang)
    lines = [
        message(
            "followup_yellow_head",
            lang,
            unit=plain(unit),
            period=plain(period_label),
            categories=plain(separator.join(categories)),
        )
    ]
    flagged = [p for p in projects if not p.category or p.category in categories]
    others = [p for p in projects if p.category and p.category not in categories]
    if flagged:
        lines += [message("followup_behind", lang), *_lines(flagged, lang)]
    if others:
        lines += [message("followup_other_categories", lang), *_lines(others, lang)]
    lines += [
        message("followup_questions", lang),
        message("followup_ask_plan", lang, due=date_text(plan_due, lang)),
    ]
    return "\n".join(lines)


def lagging_notice(
    *, unit: str, period_label: str, projects: Sequence[LaggingProject], lang: str = "zh"
) -> str:
    """A gentler note for a unit with lagging projects but no yellow flag."""
    head = message("followup_lagging_head", lang, unit=plain(unit), period=plain(period_label))
    return "\n".join([head, *_lines(projects, lang), message("followup_lagging_tail", lang)])
