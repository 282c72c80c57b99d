"""Per-category rules and score sheets as the admin sees them (/categories, /scores, the shell). Pure."""

from __future__ import annotations

from decimal import Decimal

from bot.domain.categories import KNOBS, Kind
from bot.domain.views_scores import CategorySetting, ScorePreview
from bot.render.marks import bold, plain
from bot.render.texts import message

_MAX_LISTED = 30


def shown_score(score: Decimal, kind: Kind) -> str:
    """A score as shown in lists: '81.3%' from projects, '92.5' (points) when given by a score sheet."""
    return f"{score:.1f}" if kind is Kind.INDICATOR else f"{score:.1f}%"


def _value(value: object) -> str:
    return format(Decimal(str(value)).normalize(), "f") if isinstance(value, Decimal | float) else str(value)


def categories_rules_text(settings: list[CategorySetting], *, lang: str = "zh") -> str:
    """/categories: each category with how it is scored and its knobs (its own ones marked ★)."""
    if not settings:
        return message("categories_empty", lang)
    lines = [message("categories_head", lang, count=len(settings))]
    for s in settings:
        kind = message(
            "category_kind_indicator" if s.kind is Kind.INDICATOR else "category_kind_projects", lang
        )
        lines.append(message("category_rules_line", lang, name=plain(s.name), kind=kind, projects=s.projects))
        knobs = []
        for name, (zh, _) in KNOBS.items():
            if name == "score_cap" and s.kind is Kind.INDICATOR:
                continue  # a given score is not capped
            label = zh if name not in s.own else "★" + zh
            knobs.append(f"{label}={_value(getattr(s.policy, name))}")
        lines.append("  " + plain(" ".join(knobs)))
    lines.append(message("category_rules_usage", lang))
    return "\n".join(lines)


def score_preview_text(preview: ScorePreview, *, lang: str = "zh") -> str:
    """A score sheet's preview (or what it did), or every rejected row with its number and reason."""
    if preview.rejected:
        lines = [message("scores_rejected", lang, count=len(preview.errors))]
        for error in preview.errors[:_MAX_LISTED]:
            column = f" [{error.column}]" if error.column else ""
            reason = message(error.key, lang, **error.fields)
            lines.append(
                "• " + message("scores_row", lang, row=error.row_number) + plain(f"{column}: {reason}")
            )
        if len(preview.errors) > _MAX_LISTED:
            lines.append(message("scores_more", lang, count=len(preview.errors) - _MAX_LISTED))
        return "\n".join(lines)
    head = "scores_applied" if preview.applied else "scores_preview"
    separator = message("list_separator", lang)
    lines = [
        message(
            head,
            lang,
            period=preview.period,
            rows=preview.rows,
            categories=plain(separator.join(preview.categories)),
        )
    ]
    if preview.new_categories:
        lines.append(
            message("scores_new_categories", lang, names=plain(separator.join(preview.new_categories)))
        )
    if preview.replacing:
        lines.append(message("scores_replacing", lang, period=preview.period))
    if preview.changes:
        lines.append(bold(message("scores_changes", lang, count=len(preview.changes))))
        none = message("scores_none", lang)
        for change in preview.changes[:_MAX_LISTED]:
            old = none if change.old is None else f"{change.old:.1f}"
            new = none if change.new is None else f"{change.new:.1f}"
            lines.append(plain(f"• {change.category} · {change.unit}: {old} → {new}"))
        if len(preview.changes) > _MAX_LISTED:
            lines.append(message("scores_more", lang, count=len(preview.changes) - _MAX_LISTED))
    else:
        lines.append(message("scores_unchanged", lang))
    if not preview.applied:
        lines.append(message("scores_confirm_hint", lang))
    return "\n".join(lines)
