"""A review as JSON (for scripts) and as plain text (for the shell and the chat). Pure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, tzinfo
from itertools import groupby
from typing import Any

from bot.domain.categories import Kind
from bot.domain.flags import Badge, FlagColor, Transition
from bot.domain.review import Entry, ReviewResult
from bot.render.categories import shown_score
from bot.render.official import deadline_text, red_flags_label
from bot.render.periods import period_label
from bot.render.texts import badge_label, message, transition_label

JSON_VERSION = 1


def _iso(moment: datetime | None, tz: tzinfo) -> str | None:
    return moment.astimezone(tz).isoformat() if moment else None


def _by_category_and_group(
    entries: list[Entry],
) -> Iterator[tuple[str, Iterator[tuple[str, Iterator[Entry]]]]]:
    ordered = sorted(entries, key=lambda e: (e.category_id, e.group, e.rank, e.unit))
    for category, in_category in groupby(ordered, key=lambda e: e.category):
        yield category, groupby(in_category, key=lambda e: e.group)


def review_json(result: ReviewResult, *, tz: tzinfo) -> dict[str, Any]:
    """The stable, documented shape that `flagbot review --json` prints (docs/review-json.md)."""
    return {
        "version": JSON_VERSION,
        "period": result.period.name,
        "first_day": result.period.first_day.isoformat(),
        "last_day": result.period.last_day.isoformat(),
        "status": result.status,
        "provisional": result.provisional,
        "cutoff": _iso(result.cutoff, tz),
        "published_at": _iso(result.published_at, tz),
        "units_reported": result.units_reported,
        "units_total": result.units_total,
        "policy": result.policy.to_json(),
        "categories": [
            {
                "category": category,
                "kind": _kind(result, category),
                "rules": {k: v for k, v in result.category_rules.get(category, {}).items() if k != "kind"},
                "groups": [
                    {
                        "group": group,
                        "units": [
                            {
                                "unit": e.unit,
                                "score": float(e.score),
                                "rank": e.rank,
                                "flag": e.flag.value if e.flag else None,
                                "proposed_flag": e.proposed_flag.value if e.proposed_flag else None,
                                "transition": e.transition.value,
                                "streak": e.streak,
                                "projects": e.projects_counted,
                                "all_reported": e.all_reported,
                                "override_reason": e.override_reason,
                            }
                            for e in units
                        ],
                    }
                    for group, units in groups
                ],
            }
            for category, groups in _by_category_and_group(result.entries)
        ],
        "badges": {unit: sorted(b.value for b in badges) for unit, badges in sorted(result.badges.items())},
    }


def _kind(result: ReviewResult, category: str) -> str:
    """'projects' or 'indicator', as the category was scored in this review."""
    return str(result.category_rules.get(category, {}).get("kind", Kind.PROJECTS.value))


_STATE_KEYS = {
    ("published", False): "review_state_published",
    ("draft", False): "review_state_draft",
    ("draft", True): "review_state_provisional",
}


def review_text(result: ReviewResult, *, tz: tzinfo, lang: str = "zh") -> str:
    """A plain-text summary: header, then per category and group the ranking with flags."""
    state = _STATE_KEYS[(result.status, result.provisional if result.status == "draft" else False)]
    lines = [
        message(
            "review_text_head", lang, period=period_label(result.period, lang), state=message(state, lang)
        ),
        message(
            "review_text_cutoff",
            lang,
            cutoff=deadline_text(result.cutoff, tz, lang),
            reported=result.units_reported,
            total=result.units_total,
        ),
    ]
    for category, groups in _by_category_and_group(result.entries):
        lines.append("")
        lines.append(f"【{category}】")
        for group, units in groups:
            lines.append(f"  {group}")
            for e in units:
                lines.append("    " + entry_line(e, lang=lang))
    if result.badges:
        lines.append("")
        for unit, badges in sorted(result.badges.items()):
            reds = sum(1 for e in result.entries if e.unit == unit and e.flag is FlagColor.RED)
            labels = [
                red_flags_label(reds, lang) if b is Badge.DOUBLE_RED else badge_label(b, lang)
                for b in sorted(badges)
            ]
            lines.append(f"★ {unit}：" + message("list_separator", lang).join(labels))
    return "\n".join(lines)


def entry_line(e: Entry, *, lang: str = "zh") -> str:
    """'1. 人社局 103.4% 🚩红旗 守旗（连续2期）'."""
    flag = ""
    if e.flag is FlagColor.RED:
        flag = " 🚩" + message("review_entry_red", lang)
    elif e.flag is FlagColor.YELLOW:
        flag = " 🟨" + message("review_entry_yellow", lang)
    change = transition_label(e.transition, e.streak, lang) if e.transition is not Transition.NONE else ""
    extra = []
    if change:
        extra.append(change)
    if not e.all_reported:
        extra.append(message("review_entry_not_all_reported", lang))
    if e.override_reason:
        extra.append(message("review_entry_override", lang, reason=e.override_reason))
    tail = f"（{'；'.join(extra)}）" if extra else ""
    return f"{e.rank}. {e.unit} {shown_score(e.score, e.kind)}{flag}{tail}"
