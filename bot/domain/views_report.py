"""Read models of the report flow (SPEC §4 /report, /undo, the guided flow, the confirmation buttons).

bot.services.reports and bot.services.held_reports return these; handlers pass them to bot.render.report and never see an ORM row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.compliance import ProjectState


@dataclass(frozen=True)
class ProjectView:
    """The few project facts a report reply shows (project_id: what a guided-flow button points at)."""

    code: str
    name: str
    measure: str
    target: float = 0.0
    project_id: int = 0


@dataclass(frozen=True)
class LiveProject:
    """A project and where it stands today."""

    project: ProjectView
    state: ProjectState
    last_report_at: datetime | None


@dataclass(frozen=True)
class NeedsConfirmation:
    """A decrease or a jump past the target: ask before storing, and ask for a note explaining it."""

    project: ProjectView
    value: float
    previous: float
    reason: str  # "decrease" | "above_target"


@dataclass(frozen=True)
class Preview:
    """What a report would store, checked but not stored: the plain-message and guided flows ask first."""

    project: ProjectView
    value: float
    previous: float
    reason: str | None  # "decrease" | "above_target" | None
    first: bool = False  # no earlier value: 首次报送


@dataclass(frozen=True)
class StoredReport:
    """What the answer needs of a stored report (plain: a SQLModel Report is dear to build per message)."""

    id: int
    value: float | None
    note: str
    reported_at: datetime
    evidence: str | None


@dataclass(frozen=True)
class Stored:
    """The report is stored (or was already: duplicate=True) and this is where the project stands now."""

    report: StoredReport
    previous: float
    live: LiveProject
    duplicate: bool = False
    first: bool = False  # no earlier value: 首次报送


@dataclass(frozen=True)
class Pending:
    """An action waiting for its button (a held report, a review preview): what the button's id points at."""

    id: int
    kind: str
    chat_id: int
    payload: dict[str, Any]
    resolved: bool = False


@dataclass(frozen=True)
class Guided:
    """A guided report waiting for its value: the pending action and the project picked."""

    pending_id: int
    project_code: str
