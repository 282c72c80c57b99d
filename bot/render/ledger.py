"""The answer to a ledger import. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from bot.domain.views_ledger import FieldChange, LedgerChangeLine, LedgerPreview
from bot.ledger.summary import ImportSummary
from bot.render.marks import plain
from bot.render.texts import amount, either, message

_MAX_LISTED = 30
_MAX_PLAN_MONTHS = 4
_FIELD_KEYS = {
    "name": "ledger_field_name",
    "unit": "ledger_field_unit",
    "category": "ledger_field_category",
    "target": "ledger_field_target",
    "measure": "ledger_field_measure",
    "start": "ledger_field_start",
    "due": "ledger_field_due",
    "weight": "ledger_field_weight",
    "plan": "ledger_field_plan",
}


def import_summary_text(summary: ImportSummary, *, lang: str = "zh", details: bool = True) -> str:
    """Created/updated counts (and the new units and categories, with details), or every rejected row with
    its number and reason."""
    if summary.rejected:
        lines = [message("ledger_import_rejected", lang, count=len(summary.errors))]
        for error in summary.errors[:_MAX_LISTED]:
            where = message("ledger_import_row", lang, row=error.row_number)
            column = f" [{error.column}]" if error.column else ""
            lines.append(f"• {where}{column}: {either(error.reason_zh, error.reason_en, lang)}")
        if len(summary.errors) > _MAX_LISTED:
            rest = len(summary.errors) - _MAX_LISTED
            lines.append(message("ledger_import_more", lang, count=rest))
        return "\n".join(lines)
    lines = [
        message(
            "ledger_imported",
            lang,
            created=len(summary.created),
            updated=len(summary.updated),
            unchanged=len(summary.unchanged),
            reports=summary.reports_added,
        )
    ]
    separator = message("list_separator", lang)
    if details and summary.units_created:
        lines.append(message("ledger_new_units", lang, names=separator.join(summary.units_created)))
    if details and summary.categories_created:
        lines.append(message("ledger_new_categories", lang, names=separator.join(summary.categories_created)))
    return "\n".join(lines)


def preview_text(preview: LedgerPreview, *, head: str | None, note: str = "", lang: str = "zh") -> str:
    """What an import changes, short: new, changed field by field, unchanged, decreases (with their note).

    `head` names the situation: 'ledger_preview_head' (held for Confirm), 'ledger_dry_run_head',
    'ledger_applied_head', 'ledger_changed_head'."""
    lines = [message(head, lang)] if head else []
    separator = message("list_separator", lang)
    if preview.empty:
        lines.append(message("ledger_preview_nothing", lang))
    if preview.created:
        codes = separator.join(plain(c) for c in preview.created[:_MAX_LISTED])
        if len(preview.created) > _MAX_LISTED:
            codes += message("ledger_preview_more", lang, count=len(preview.created) - _MAX_LISTED)
        lines.append(message("ledger_preview_created", lang, count=len(preview.created), codes=codes))
    if preview.units_created:
        names = separator.join(plain(n) for n in preview.units_created)
        lines.append(message("ledger_new_units", lang, names=names))
    if preview.categories_created:
        names = separator.join(plain(n) for n in preview.categories_created)
        lines.append(message("ledger_new_categories", lang, names=names))
    if preview.changed:
        lines.append(message("ledger_preview_changed", lang, count=len(preview.changed)))
        for change in preview.changed[:_MAX_LISTED]:
            lines.append(
                message(
                    "ledger_preview_change_line",
                    lang,
                    code=plain(change.code),
                    name=plain(change.name),
                    changes=changes_text(change.fields, lang=lang),
                )
            )
        if len(preview.changed) > _MAX_LISTED:
            lines.append(message("ledger_preview_more", lang, count=len(preview.changed) - _MAX_LISTED))
    if preview.unchanged:
        lines.append(message("ledger_preview_unchanged", lang, count=preview.unchanged))
    if preview.reports:
        lines.append(message("ledger_preview_reports", lang, count=preview.reports))
    if preview.decreases:
        lines.append(message("ledger_preview_decreases", lang, count=len(preview.decreases)))
        for d in preview.decreases[:_MAX_LISTED]:
            lines.append(
                message(
                    "ledger_preview_decrease_line",
                    lang,
                    code=plain(d.code),
                    name=plain(d.name),
                    old=amount(d.old),
                    new=amount(d.new),
                    measure=plain(d.measure),
                )
            )
        if note.strip():
            lines.append(message("ledger_preview_note", lang, note=plain(note.strip())))
        elif head == "ledger_preview_head" or head == "ledger_changed_head":
            lines.append(message("ledger_preview_note_missing", lang))
    return "\n".join(lines)


def can_confirm(preview: LedgerPreview, note: str) -> bool:
    """A held preview gets its Confirm button when there is something to do and, for a decrease, a note."""
    return not preview.empty and (not preview.decreases or bool(note.strip()))


def changes_text(fields: Sequence[FieldChange], *, lang: str = "zh") -> str:
    """'年度目标 120 → 130；序时计划 6月 60 → 70' — each changed field, old → new."""
    parts = []
    for change in fields:
        label = (
            message(_FIELD_KEYS[change.field], lang) if change.field in _FIELD_KEYS else plain(change.field)
        )
        if change.field == "plan":
            parts.append(f"{label} {_plan_change(change.old, change.new, lang)}")
            continue
        old, new = _value(change.old, lang), _value(change.new, lang)
        parts.append(message("ledger_field_change", lang, field=label, old=old, new=new))
    return message("ledger_change_separator", lang).join(parts)


def _value(value: Any, lang: str) -> str:
    if value is None or value == "":
        return message("ledger_value_none", lang)
    if isinstance(value, int | float):
        return amount(float(value))
    return plain(value)


def _plan_change(old: Any, new: Any, lang: str) -> str:
    """The months whose planned amount changed: '6月 60 → 70，9月 90 → 100 等 3 处'."""
    before = {str(day): float(value) for day, value in old or []}
    after = {str(day): float(value) for day, value in new or []}
    if not before or not after:

        def side_text(points: dict[str, float]) -> str:
            if not points:
                return message("ledger_plan_none", lang)
            return message("ledger_plan_months", lang, count=len(points))

        return f"{side_text(before)} → {side_text(after)}"
    moved = [day for day in sorted(before.keys() | after.keys()) if before.get(day) != after.get(day)]
    shown = []
    for day in moved[:_MAX_PLAN_MONTHS]:
        month = message("ledger_plan_month", lang, month=int(day[5:7]))
        old_text = amount(before[day]) if day in before else message("ledger_value_none", lang)
        new_text = amount(after[day]) if day in after else message("ledger_value_none", lang)
        shown.append(f"{month} {old_text} → {new_text}")
    text = message("list_separator", lang).join(shown)
    if len(moved) > _MAX_PLAN_MONTHS:
        text += " " + message("ledger_plan_more", lang, count=len(moved))
    return text


def ledger_history_lines(changes: Sequence[LedgerChangeLine], *, tz: tzinfo, lang: str = "zh") -> list[str]:
    """/history of a project: its ledger changes, oldest first, each with who and when."""
    if not changes:
        return []
    lines = [message("history_ledger_changes", lang)]
    for line in changes:
        text = message(
            "history_ledger_change_line",
            lang,
            at=line.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            who=plain(line.actor),
            changes=changes_text(line.fields, lang=lang),
        )
        if line.note:
            text += message("history_ledger_change_note", lang, note=plain(line.note))
        lines.append(text)
    return lines
