"""What a ledger import did: plain data for the reply."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.views_ledger import LedgerPreview
from bot.ledger.parse import RowError


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

    @property
    def rejected(self) -> bool:
        return bool(self.errors)
