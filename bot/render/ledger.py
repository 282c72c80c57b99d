"""The answer to a ledger import: what was imported, what was not read and why, or why nothing was. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from itertools import groupby
from typing import Any

from bot.domain.views_ledger import FieldChange, LedgerChangeLine, LedgerPreview
from bot.domain.views_units import AliasLine
from bot.ledger.parse import LedgerFileError, ParsedLedger, RowError, Skipped
from bot.ledger.summary import ImportSummary
from bot.render.marks import plain
from bot.render.numbers import amount
from bot.render.texts import message

_MAX_LISTED = 30
_MAX_CODES = 12
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


def reason_text(error: RowError | LedgerFileError, lang: str = "zh") -> str:
    """A parser's reason (a catalogue key and its fields) in words."""
    return message(error.key, lang, **error.fields)


def _where(sheet: str | None, row: int | None, lang: str) -> str:
    if sheet and row is not None:
        return message("ledger_where_sheet_row", lang, sheet=sheet, row=row)
    if sheet:
        return message("ledger_where_sheet", lang, sheet=sheet)
    return message("ledger_import_row", lang, row=row) if row is not None else ""


def skipped_lines(skipped: Sequence[Skipped], *, lang: str = "zh") -> list[str]:
    """'未作为项目读取（3 处）：' and a line for each sheet, row or column; blank rows of a sheet on one line."""
    if not skipped:
        return []
    lines = [message("ledger_skip_head", lang, count=len(skipped))]
    separator = message("list_separator", lang)
    blanks = [s for s in skipped if s.key == "ledger_skip_blank"]
    others = [s for s in skipped if s.key != "ledger_skip_blank"]
    for item in others[:_MAX_LISTED]:
        where = _where(item.sheet, item.row_number, lang)
        what = message(item.key, lang, text=item.text)
        lines.append(message("ledger_skip_line", lang, where=where, what=what) if where else f"• {what}")
    if len(others) > _MAX_LISTED:
        lines.append(message("ledger_import_more", lang, count=len(others) - _MAX_LISTED))
    for sheet, group in groupby(blanks, key=lambda s: s.sheet):
        rows = separator.join(str(s.row_number) for s in group)
        where = message("ledger_where_rows", lang, rows=rows)
        if sheet:
            where = message("ledger_where_sheet", lang, sheet=sheet) + where
        lines.append(message("ledger_skip_line", lang, where=where, what=message("ledger_skip_blank", lang)))
    return lines


def import_summary_text(summary: ImportSummary, *, lang: str = "zh", details: bool = True) -> str:
    """Created/updated counts and what was not read (and the new units and categories, with details), or
    every rejected row with its number and reason."""
    if summary.rejected:
        lines = [message("ledger_import_rejected", lang, count=len(summary.errors))]
        for error in summary.errors[:_MAX_LISTED]:
            where = _where(error.sheet, error.row_number, lang)
            column = f" [{error.column}]" if error.column else ""
            lines.append(f"• {where}{column}: {reason_text(error, lang)}")
        if len(summary.errors) > _MAX_LISTED:
            rest = len(summary.errors) - _MAX_LISTED
            lines.append(message("ledger_import_more", lang, count=rest))
        return "\n".join(lines + skipped_lines(summary.skipped, lang=lang))
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
    if summary.units_matched:
        pairs = separator.join(
            message("ledger_unit_pair", lang, written=written, unit=unit)
            for written, unit in summary.units_matched
        )
        lines.append(message("ledger_units_matched", lang, pairs=pairs))
    if details and summary.categories_created:
        lines.append(message("ledger_new_categories", lang, names=separator.join(summary.categories_created)))
    return "\n".join(lines + reading_lines(summary, lang=lang))


def reading_lines(read: ImportSummary | ParsedLedger, *, lang: str = "zh") -> list[str]:
    """How the file was read: the sheets (when several), the codes made from 序号, what was not read."""
    separator = message("list_separator", lang)
    lines = []
    if len(read.sheets) > 1:
        lines.append(message("ledger_sheets_read", lang, names=separator.join(read.sheets)))
    if read.made_codes:
        codes = separator.join(read.made_codes[:_MAX_CODES])
        if len(read.made_codes) > _MAX_CODES:
            codes += "……"
        lines.append(message("ledger_codes_made", lang, count=len(read.made_codes), codes=codes))
    return lines + skipped_lines(read.skipped, lang=lang)


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
                    old=amount(d.old, lang, measure=d.measure),
                    new=amount(d.new, lang, measure=d.measure),
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
        return amount(float(value), lang)
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
        old_text = amount(before[day], lang) if day in before else message("ledger_value_none", lang)
        new_text = amount(after[day], lang) if day in after else message("ledger_value_none", lang)
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


def aliases_text(lines: Sequence[AliasLine], *, lang: str = "zh") -> str:
    """/alias: every other name of a unit, by unit."""
    if not lines:
        return message("alias_none", lang)
    out = [message("alias_head", lang, count=len(lines))]
    out.extend(message("alias_line", lang, alias=plain(a.alias), unit=plain(a.unit)) for a in lines)
    return "\n".join(out)
