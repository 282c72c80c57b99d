"""The answer to a ledger import: what was imported, what was not read and why, or why nothing was. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from bot.domain.views_units import AliasLine
from bot.ledger.parse import LedgerFileError, RowError, Skipped
from bot.ledger.summary import ImportSummary
from bot.render.marks import plain
from bot.render.texts import message

_MAX_LISTED = 30
_MAX_CODES = 12


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


def import_summary_text(summary: ImportSummary, *, lang: str = "zh") -> str:
    """Created/updated counts and what was not read, or every rejected row with its number and reason."""
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
    if len(summary.sheets) > 1:
        lines.append(message("ledger_sheets_read", lang, names=separator.join(summary.sheets)))
    if summary.units_created:
        lines.append(message("ledger_new_units", lang, names=separator.join(summary.units_created)))
    if summary.units_matched:
        pairs = separator.join(
            message("ledger_unit_pair", lang, written=written, unit=unit)
            for written, unit in summary.units_matched
        )
        lines.append(message("ledger_units_matched", lang, pairs=pairs))
    if summary.categories_created:
        lines.append(message("ledger_new_categories", lang, names=separator.join(summary.categories_created)))
    if summary.made_codes:
        codes = separator.join(summary.made_codes[:_MAX_CODES])
        if len(summary.made_codes) > _MAX_CODES:
            codes += "……"
        lines.append(message("ledger_codes_made", lang, count=len(summary.made_codes), codes=codes))
    return "\n".join(lines + skipped_lines(summary.skipped, lang=lang))


def aliases_text(lines: Sequence[AliasLine], *, lang: str = "zh") -> str:
    """/alias: every other name of a unit, by unit."""
    if not lines:
        return message("alias_none", lang)
    out = [message("alias_head", lang, count=len(lines))]
    out.extend(message("alias_line", lang, alias=plain(a.alias), unit=plain(a.unit)) for a in lines)
    return "\n".join(out)
