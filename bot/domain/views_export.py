"""Read models of what the bot sends by itself after a review: the workbook's sheets and the private
follow-up's lagging projects. bot.outbound builds them; bot.render draws them. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.views_ledger import LedgerChangeLine
from bot.domain.views_rectify import PlanItem


@dataclass(frozen=True)
class RankingLine:
    """One unit in one (category, group) of the review."""

    category: str
    group: str
    unit: str
    score: float | None
    rank: int | None
    flag: str | None
    transition: str | None
    counted_projects: int


@dataclass(frozen=True)
class LedgerLine:
    """One project as of the review's cut-off; lagging=None means: infer it from the status text."""

    code: str
    name: str
    unit: str
    group: str
    category: str
    measure: str
    target: float
    weight: float
    start: date
    due: date
    expected: float
    actual: float
    compliance: float | None
    status: str
    last_report_at: datetime | None
    lagging: bool | None = None
    reported: bool | None = None  # reported in the period (None: not known)
    note: str = ""  # the unit's own words at its latest report (存在问题、下步措施)


@dataclass(frozen=True)
class RawReportLine:
    """One raw report (or withdrawal / correction)."""

    reported_at: datetime
    received_at: datetime
    code: str
    project: str
    unit: str
    value: float | None
    note: str
    reporter: str
    source: str
    kind: str
    evidence: str | None


@dataclass(frozen=True)
class ReviewWorkbook:
    """Everything the workbook shows about one review."""

    title: str
    period: str
    status: str
    cutoff: datetime
    generated_at: datetime
    ranking: Sequence[RankingLine]
    ledger: Sequence[LedgerLine]
    reports: Sequence[RawReportLine]
    policy: Mapping[str, object]
    ledger_changes: Sequence[LedgerChangeLine] = ()  # every project field a ledger import changed
    rectification: Sequence[PlanItem] = ()  # the review's rectification list (SPEC §12), empty for a draft


@dataclass(frozen=True)
class LaggingProject:
    """One behind-schedule project named in a unit's private follow-up."""

    code: str
    name: str
    measure: str
    expected: float
    actual: float
    compliance: float
    target: float = 0.0
    not_reported: bool = False  # no report in the period: often the real cause of the lag
    category: str = ""
