"""Read models: the plain data the look commands, /myflag's picture and the reminders draw (SPEC §4, §6–§7).

Services build these from the database and return them; bot.render turns them into text and pictures.
Pure (stdlib and bot.domain only), so render never needs to import a service to know a shape. The report
flow's views are in views_report, the admin lists in views_admin, the workbook and follow-ups in views_export.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from bot.domain.categories import Kind
from bot.domain.compliance import Status
from bot.domain.flags import Badge, FlagColor, Transition
from bot.domain.periods import Period
from bot.domain.policy import Policy
from bot.domain.review import Entry, ReviewResult
from bot.domain.views_ledger import LedgerChangeLine

# ---------------------------------------------------------------------------------- live standings


@dataclass(frozen=True)
class ProjectNow:
    """One project as it stands: expected on `Standings.on`, actual from reports up to `as_of`."""

    project_id: int
    code: str
    name: str
    unit_id: int
    unit: str
    category_id: int
    category: str
    measure: str
    target: float
    weight: float
    start: date
    started: bool  # start on or before the day expected is taken: counted in scores
    expected: float
    actual: float
    compliance: float
    status: Status
    reported_in_period: bool
    done_before_period: bool  # done before the period began: needs no report in it
    stalled: bool
    last_report_at: datetime | None

    @property
    def not_reported(self) -> bool:
        """未报送: no report in the period (a project done before the period began owes none)."""
        return self.started and not self.reported_in_period and not self.done_before_period

    @property
    def is_behind(self) -> bool:
        return self.started and self.status.is_behind


@dataclass(frozen=True)
class UnitNow:
    """One unit in one category: its live score, rank within (category, group) and the flag it would get."""

    unit_id: int
    unit: str
    group: str
    category_id: int
    category: str
    score: Decimal
    rank: int
    flag: FlagColor | None
    all_reported: bool
    projects: int
    pool_size: int  # units ranked in the same (category, group)
    kind: Kind = Kind.PROJECTS  # indicator: the score is the period's given score (score sheet)


@dataclass(frozen=True)
class Standings:
    """Everything at one moment: projects (code order) and unit entries (category, group, rank order)."""

    as_of: datetime
    period: Period
    on: date  # the day expected is taken
    policy: Policy
    projects: list[ProjectNow]
    entries: list[UnitNow]

    def projects_of(self, unit_id: int) -> list[ProjectNow]:
        return [p for p in self.projects if p.unit_id == unit_id]

    def entries_of(self, unit_id: int) -> list[UnitNow]:
        return [e for e in self.entries if e.unit_id == unit_id]

    def pool(self, category_id: int, group: str) -> list[UnitNow]:
        return [e for e in self.entries if e.category_id == category_id and e.group == group]

    def behind(self) -> list[ProjectNow]:
        """Projects behind schedule, worst first (lowest compliance, then code)."""
        return sorted((p for p in self.projects if p.is_behind), key=lambda p: (p.compliance, p.code))


# ------------------------------------------------------------------------ early warning (forecast)


@dataclass(frozen=True)
class ProjectForecast:
    """One project at the period's last day if it keeps its recent pace."""

    project_id: int
    code: str
    name: str
    unit_id: int
    category_id: int
    measure: str
    weight: float
    target: float
    actual: float  # now
    pace: float  # per day, over the last PACE_WINDOW_DAYS
    forecast: float  # at the period's last day
    expected: float  # at the period's last day
    compliance: float  # forecast ÷ expected

    @property
    def shortfall(self) -> float:
        """How much more than the forecast the plan expects by the last day, in the project's measure."""
        return max(self.expected - self.forecast, 0.0)

    @property
    def weighted_shortfall(self) -> float:
        """weight × (1 − compliance): what the project costs the unit's score, before dividing by Σw."""
        return self.weight * max(1.0 - self.compliance, 0.0)


@dataclass(frozen=True)
class CategoryForecast:
    """One unit in one category at the period's last day, at its current pace."""

    unit_id: int
    unit: str
    group: str
    category_id: int
    category: str
    score: Decimal
    rank: int
    flag: FlagColor | None
    pool_size: int
    projects: list[ProjectForecast]  # lowest compliance first
    fixes: list[ProjectForecast]  # what would change a yellow forecast, largest weight × shortfall first
    score_if_fixed: Decimal  # the score with those projects on schedule at the last day
    yellow_line: Decimal | None = None  # the category's own yellow line (its knobs); None: the global one


@dataclass(frozen=True)
class Forecast:
    """Every unit's forecast for a period."""

    as_of: datetime
    period: Period
    on: date  # the period's last day
    days_left: int
    policy: Policy
    entries: list[CategoryForecast]

    def of(self, unit_id: int) -> list[CategoryForecast]:
        return [e for e in self.entries if e.unit_id == unit_id]

    def heading_for_yellow(self) -> dict[int, list[CategoryForecast]]:
        """unit id → its categories forecast yellow."""
        found: dict[int, list[CategoryForecast]] = defaultdict(list)
        for e in self.entries:
            if e.flag is FlagColor.YELLOW:
                found[e.unit_id].append(e)
        return dict(found)


@dataclass(frozen=True)
class UnitForecast:
    """/myflag's early warning: one unit's categories at the period's last day, at its current pace."""

    unit_id: int
    period: Period
    on: date
    days_left: int
    categories: list[CategoryForecast]

    @property
    def heading_for_yellow(self) -> bool:
        return any(c.flag is FlagColor.YELLOW for c in self.categories)


# ------------------------------------------------------------------------ /myflag, /ranking, /unit


@dataclass(frozen=True)
class PastScore:
    period: Period
    flag: FlagColor | None
    rank: int
    score: Decimal


@dataclass(frozen=True)
class CategoryFlag:
    """One category of /myflag: the published standing, the lines, and the live estimate."""

    category_id: int
    category: str
    published: Entry | None
    previous: PastScore | None  # the review before the last published one
    red_line: Decimal | None  # in the last published review's (category, group)
    yellow_line: Decimal
    live: UnitNow | None
    live_red_line: Decimal | None
    pulling_down: list[ProjectNow]
    kind: Kind = Kind.PROJECTS  # indicator: scores and lines in the category's own points, never %
    live_yellow_line: Decimal | None = None  # today's yellow line of this category (its own knobs)


@dataclass(frozen=True)
class MyFlag:
    unit: str
    review: ReviewResult | None
    badges: set[Badge]
    standings: Standings
    categories: list[CategoryFlag]


@dataclass(frozen=True)
class RankingView:
    standings: Standings
    categories: list[tuple[int, str]]  # the ones shown, in order
    last_period: Period | None
    last_flags: dict[tuple[int, int], FlagColor | None]  # (unit id, category id) at the last publication
    # 争先进位: (unit id, category id) → places gained since the last publication (None: 新)
    rank_changes: dict[tuple[int, int], int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class FlagRecord:
    period: Period
    category: str
    flag: FlagColor | None
    rank: int
    score: Decimal
    transition: Transition
    streak: int
    kind: Kind = Kind.PROJECTS


@dataclass(frozen=True)
class UnitDetail:
    unit: str
    group: str
    on: date
    projects: list[ProjectNow]
    reports: list[ReportLine]  # newest first
    flags: list[FlagRecord]  # oldest first


# ---------------------------------------------------------------------------------------- /history


@dataclass(frozen=True)
class ReportLine:
    """One valid report with the change it made and the project's status at that moment."""

    at: datetime
    code: str
    name: str
    measure: str
    value: float
    change: float
    expected: float
    compliance: float
    status: Status
    note: str
    reporter: str


@dataclass(frozen=True)
class HistoryView:
    subject: str  # the unit's name, or "CODE name"
    is_project: bool
    since: date
    until: date
    reports: list[ReportLine]  # in the range, in time order
    states: list[ProjectNow]  # at the end of the range, worst first
    states_on: date  # the day of those states: the range's end, or today for a range reaching past it
    ledger_changes: tuple[LedgerChangeLine, ...] = ()  # a project's: every field a ledger changed, ever


# /plan, /plans: bot/domain/views_rectify.py


# ------------------------------------------------------------------------- /myflag's trend picture


@dataclass(frozen=True)
class ReviewPoint:
    """The unit in one category of one published review."""

    period: Period
    score: Decimal
    flag: FlagColor | None
    rank: int


@dataclass(frozen=True)
class Lines:
    """The red line (RED_MIN_SCORE, with a top-RED_TOP_N rank) and the yellow line (YELLOW_BELOW)."""

    red: Decimal
    yellow: Decimal
    red_top_n: int

    @classmethod
    def of(cls, policy: Policy) -> Lines:
        return cls(policy.red_min_score, policy.yellow_below, policy.red_top_n)


@dataclass(frozen=True)
class Neighbour:
    """One unit of the group today: only the caller's own unit is named."""

    rank: int
    score: Decimal
    is_self: bool


@dataclass(frozen=True)
class CategoryTrend:
    category_id: int
    category: str
    reviews: list[ReviewPoint | None]  # one per Trend.periods; None when not ranked in that review
    now: Decimal | None  # live score today
    rank: int | None  # live rank in the group today
    forecast: Decimal | None  # at the period's last day, at the current pace
    forecast_flag: FlagColor | None
    group: str | None
    pool: list[Neighbour]  # the group today, best first
    kind: Kind = Kind.PROJECTS  # indicator: points, not %
    lines: Lines | None = None  # this category's lines today (its own knobs); None: Trend.lines
    review_lines: list[Lines] | None = None  # its lines at each review shown; None: Trend.review_lines

    @property
    def pool_size(self) -> int:
        return len(self.pool)


@dataclass(frozen=True)
class Trend:
    unit: str
    on: date  # today
    forecast_on: date  # the current period's last day
    pace_days: int  # the forecast carries on the pace of this many days
    periods: list[Period]  # the published reviews shown, oldest first
    review_lines: list[Lines]  # the lines in force at each of them
    lines: Lines  # today's policy: for the live score, the forecast and the group panel
    categories: list[CategoryTrend]

    @property
    def has_reviews(self) -> bool:
        return any(p is not None for c in self.categories for p in c.reviews)
