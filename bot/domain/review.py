"""A review's result as plain data: what publications, JSON and workbooks are rendered from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from bot.domain.categories import Kind, policy_for
from bot.domain.flags import Badge, Change, FlagColor, Transition
from bot.domain.periods import Period
from bot.domain.policy import Policy


@dataclass(frozen=True)
class Entry:
    """One unit in one category of a review."""

    unit_id: int
    unit: str
    group: str
    category_id: int
    category: str
    score: Decimal
    rank: int
    flag: FlagColor | None
    proposed_flag: FlagColor | None
    transition: Transition
    streak: int
    projects_counted: int
    all_reported: bool
    override_reason: str | None = None
    kind: Kind = Kind.PROJECTS  # indicator: the score was given by a score sheet, not computed

    @property
    def escalates(self) -> bool:
        return Change(self.transition, self.streak).escalates


@dataclass(frozen=True)
class ReviewResult:
    """A review as stored: what the publication, the JSON and the workbook are made from."""

    period: Period
    status: str  # draft / published
    cutoff: datetime
    provisional: bool  # the submission deadline has not passed yet: figures may still change
    policy: Policy
    entries: list[Entry]
    units_reported: int
    units_total: int
    badges: dict[str, set[Badge]] = field(default_factory=dict)  # by unit name
    published_at: datetime | None = None
    # category name → {"kind": …, own knobs…} for categories that are indicator-scored or override a knob
    category_rules: dict[str, dict[str, Any]] = field(default_factory=dict)

    def policy_of(self, category: str) -> Policy:
        """The knobs a category was judged by in this review (the policy with the category's own ones)."""
        return policy_for(self.policy, self.category_rules.get(category, {}))


def fingerprint(result: ReviewResult) -> str:
    """A short digest of the figures a preview shows (scores, ranks, flags, transitions, overrides, who
    reported), so a Publish button can tell whether the review is still the one its approver saw."""
    rows = sorted(
        (
            e.unit_id,
            e.category_id,
            str(e.score),
            e.rank,
            e.flag.value if e.flag else "",
            e.proposed_flag.value if e.proposed_flag else "",
            e.transition.value,
            e.streak,
            e.projects_counted,
            e.all_reported,
            e.override_reason or "",
        )
        for e in result.entries
    )
    seen = repr((result.period.name, result.units_reported, result.units_total, rows))
    return hashlib.sha256(seen.encode()).hexdigest()[:16]
