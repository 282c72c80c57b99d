"""The answer to a ledger import. Pure."""

from __future__ import annotations

from bot.ledger.summary import ImportSummary
from bot.render.texts import either, message

_MAX_LISTED = 30


def import_summary_text(summary: ImportSummary, *, lang: str = "zh") -> str:
    """Created/updated counts, or every rejected row with its number and reason."""
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
    if summary.units_created:
        lines.append(message("ledger_new_units", lang, names=separator.join(summary.units_created)))
    if summary.categories_created:
        lines.append(message("ledger_new_categories", lang, names=separator.join(summary.categories_created)))
    return "\n".join(lines)
