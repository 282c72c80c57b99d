"""The project ledger (台账) file: parsing and the blank template (SPEC §5)."""

from bot.ledger.parse import (
    LEDGER_HEADERS,
    LedgerFileError,
    LedgerRow,
    ParsedLedger,
    RowError,
    ledger_template,
    parse_ledger,
)

__all__ = [
    "LEDGER_HEADERS",
    "LedgerFileError",
    "LedgerRow",
    "ParsedLedger",
    "RowError",
    "ledger_template",
    "parse_ledger",
]
