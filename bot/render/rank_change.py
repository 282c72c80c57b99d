"""争先进位 as text: '↑2', '↓1', '→', '新'. Pure."""

from __future__ import annotations

from itertools import groupby

from bot.domain.rank_change import rank_changes
from bot.domain.review import ReviewResult
from bot.render.marks import plain
from bot.render.texts import message


def rank_change_label(change: int | None, lang: str) -> str:
    """Places gained or lost since the last review; '新' for a unit not ranked there before."""
    if change is None:
        return message("rank_new", lang)
    if change > 0:
        return message("rank_up", lang, n=change)
    if change < 0:
        return message("rank_down", lang, n=-change)
    return message("rank_same", lang)


def rank_change_lines(result: ReviewResult, previous: ReviewResult | None, lang: str) -> list[str]:
    """The announcement's 争先进位: per (category, group), the units that moved or are new, best first.
    Nothing for the first review (everyone would be new) and nothing for units that kept their place."""
    if previous is None:
        return []
    changes = rank_changes(result.entries, previous.entries)
    entries = sorted(result.entries, key=lambda e: (e.category_id, e.group, e.rank, e.unit))
    separator = message("list_separator", lang)
    lines = []
    for _, grouped in groupby(entries, key=lambda e: (e.category_id, e.group)):
        members = list(grouped)
        moved = [
            message("rank_change_unit", lang, unit=plain(e.unit), change=rank_change_label(change, lang))
            for e in members
            if (change := changes[(e.unit_id, e.category_id)]) != 0
        ]
        if moved:
            head = members[0]
            lines.append(
                message(
                    "rank_change_line",
                    lang,
                    category=plain(head.category),
                    group=plain(head.group),
                    units=separator.join(moved),
                )
            )
    return lines
