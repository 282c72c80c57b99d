"""What a ledger import did: plain data for the reply."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.views_ledger import LedgerPreview
from bot.ledger.parse import ParsedLedger, RowError, Skipped


@dataclass
class ImportSummary:
    """What an import did, for the reply to the admin."""

    created: list[str] = field(default_factory=list)  # project codes
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    units_created: list[str] = field(default_factory=list)
    categories_created: list[str] = field(default_factory=list)
    reports_added: int = 0
    errors: tuple[RowError, ...] = ()
    preview: LedgerPreview = field(default_factory=LedgerPreview)  # the changes, field by field
    stale: bool = False  # a held preview no longer matched the database: nothing was applied
    # what the file held that was not read as a project (sheets, rows, columns), and why
    skipped: tuple[Skipped, ...] = ()
    sheets: tuple[str, ...] = ()  # the sheets read, when the workbook has several
    made_codes: tuple[str, ...] = ()  # codes made from 序号
    units_matched: list[tuple[str, str]] = field(default_factory=list)  # (as written, the unit it is)
    # project id → the time of the report its 累计完成 became (what may close rectification items)
    reported: dict[int, datetime] = field(default_factory=dict)

    @classmethod
    def of(cls, parsed: ParsedLedger) -> ImportSummary:
        """A summary that starts from what the file held: its errors and what was not read."""
        return cls(
            errors=parsed.errors, skipped=parsed.skipped, sheets=parsed.sheets, made_codes=parsed.made_codes
        )

    @property
    def rejected(self) -> bool:
        return bool(self.errors)
