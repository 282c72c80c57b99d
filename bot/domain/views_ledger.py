"""Read models of a ledger import (SPEC §5.1 "Nothing silently"): what an import would change, field by field.

bot.services.ledger returns these; bot.render.ledger draws them; the audit log keeps the same old → new pairs.
Values are JSON-ready (numbers, text, ISO dates; a plan is a list of [ISO month end, amount]) so that what
was shown, what is stored in the audit log and what a held preview is compared against are the same thing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

# The project fields a ledger sets, in the order a preview lists them.
LEDGER_FIELDS = ("name", "unit", "category", "target", "measure", "start", "due", "weight", "plan")


@dataclass(frozen=True)
class FieldChange:
    """One field of one project: old → new (JSON-ready values)."""

    field: str  # one of LEDGER_FIELDS
    old: Any
    new: Any


@dataclass(frozen=True)
class ProjectChange:
    """A project the import changes, with each changed field."""

    code: str
    name: str
    measure: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Decrease:
    """A 累计完成 lower than the project's stored actual: needs a confirmation and a note (SPEC §5.1)."""

    code: str
    name: str
    measure: str
    old: float
    new: float


@dataclass(frozen=True)
class LedgerPreview:
    """What importing a parsed ledger would do to the database as it is now."""

    created: tuple[str, ...] = ()  # codes of new projects
    changed: tuple[ProjectChange, ...] = ()
    unchanged: int = 0
    units_created: tuple[str, ...] = ()
    categories_created: tuple[str, ...] = ()
    reports: int = 0  # 累计完成 values that would be stored as reports
    decreases: tuple[Decrease, ...] = ()
    fingerprint: str = field(default="", compare=False)

    @property
    def empty(self) -> bool:
        """Nothing would change."""
        return not (
            self.created or self.changed or self.reports or self.units_created or self.categories_created
        )

    def content(self) -> dict[str, Any]:
        """Everything shown, as JSON (the fingerprint's input)."""
        data = asdict(self)
        data.pop("fingerprint")
        return data

    def sealed(self) -> LedgerPreview:
        """The same preview with its fingerprint: equal fingerprints mean the same changes would be made."""
        digest = hashlib.sha256(json.dumps(self.content(), sort_keys=True, default=str).encode()).hexdigest()
        return replace(self, fingerprint=digest[:32])


@dataclass(frozen=True)
class LedgerChangeLine:
    """One project's fields changed by one import, for /history and the export (from the audit log)."""

    at: datetime
    actor: str
    fields: tuple[FieldChange, ...]
    note: str = ""
    code: str = ""


@dataclass(frozen=True)
class HeldImport:
    """A ledger upload waiting for its 确认/取消 buttons: the file to read again and the changes shown."""

    pending_id: int
    file_id: str
    file_name: str
    today: str  # ISO day the file was read for (its defaults depend on it)
    fingerprint: str  # of the preview shown: applied only while the changes are still exactly these
    note: str  # the upload's caption: the reason a decrease of 累计完成 needs
    needs_note: bool  # the preview lowers some 累计完成
