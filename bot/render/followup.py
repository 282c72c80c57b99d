"""The private follow-up after a review (SPEC §7): a yellow flag with the three questions, or a gentler
note for lagging units without one. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.views_export import LaggingProject
from bot.render.marks import plain
from bot.render.texts import amount, message


def _lines(projects: Sequence[LaggingProject], lang: str) -> list[str]:
    out = []
    for p in projects[:15]:
        out.append(
            message(
                "followup_project",
                lang,
                code=plain(p.code),
                name=plain(p.name),
                expected=amount(p.expected),
                actual=amount(p.actual),
                measure=plain(p.measure),
                percent=amount(round(p.compliance * 100, 1)),
            )
        )
    if len(projects) > 15:
        out.append(f"… +{len(projects) - 15}")
    return out


def yellow_notice(
    *,
    unit: str,
    period_label: str,
    categories: Sequence[str],
    projects: Sequence[LaggingProject],
    plan_due_days: int,
    lang: str = "zh",
) -> str:
    """The flag, the lagging projects, the leaders' three questions, and the request for a plan."""
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
    if projects:
        lines += [message("followup_behind", lang), *_lines(projects, lang)]
    lines += [message("followup_questions", lang), message("followup_ask_plan", lang, days=plan_due_days)]
    return "\n".join(lines)


def lagging_notice(
    *, unit: str, period_label: str, projects: Sequence[LaggingProject], lang: str = "zh"
) -> str:
    """A gentler note for a unit with lagging projects but no yellow flag."""
    head = message("followup_lagging_head", lang, unit=plain(unit), period=plain(period_label))
    return "\n".join([head, *_lines(projects, lang), message("followup_lagging_tail", lang)])
