"""Read models of the rectification list (SPEC §12) and of 约谈 / measures: plain dataclasses."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain.periods import Period


class ItemState(enum.StrEnum):
    """Where one line of a rectification list stands."""

    OPEN = "open"  # 待填写: opened by the review, not filled in yet
    SUBMITTED = "submitted"  # 待审核
    RETURNED = "returned"  # 已退回: to be fixed and sent again
    APPROVED = "approved"  # 已通过: no longer editable
    CLOSED = "closed"  # 已销号

    @property
    def editable(self) -> bool:
        return self in (ItemState.OPEN, ItemState.SUBMITTED, ItemState.RETURNED)


class MeasureKind(enum.StrEnum):
    """约谈 and the measures a leader records against a unit."""

    INTERVIEW = "interview"  # 约谈
    REASSIGN = "reassign"  # 调整岗位
    FUNDS = "funds"  # 扣减工作经费
    OTHER = "other"  # 其他


@dataclass(frozen=True)
class PlanItem:
    """One lagging project of a yellow-flag unit and what the unit commits to do about it."""

    id: int
    unit_id: int
    unit: str
    code: str
    name: str
    category: str
    problem: str
    measure: str
    owner: str
    due: date | None
    state: ItemState
    comment: str
    overdue: bool  # 完成时限 passed and not 销号


@dataclass(frozen=True)
class UnitPlan:
    """A yellow-flag unit's rectification list for the last published review."""

    unit_id: int
    unit: str
    period: Period
    categories: list[str]
    items: list[PlanItem]
    deadline: datetime  # publication + PLAN_DUE_DAYS
    late: bool  # the deadline has passed with items not filled in

    @property
    def sent(self) -> bool:
        return bool(self.items) and all(i.state is not ItemState.OPEN for i in self.items)

    @property
    def overdue_items(self) -> list[PlanItem]:
        return [i for i in self.items if i.overdue]

    @property
    def returned(self) -> list[PlanItem]:
        return [i for i in self.items if i.state is ItemState.RETURNED]

    @property
    def needs_reminding(self) -> bool:
        return self.late or bool(self.overdue_items) or bool(self.returned)


@dataclass(frozen=True)
class PlansBoard:
    """/plans: every yellow-flag unit's list for the last published review, the ones needing a push first."""

    period: Period
    published_at: datetime
    deadline: datetime
    units: list[UnitPlan] = field(default_factory=list)

    @property
    def not_sent(self) -> list[UnitPlan]:
        return [u for u in self.units if not u.sent]

    @property
    def with_overdue(self) -> list[UnitPlan]:
        return [u for u in self.units if u.overdue_items]


@dataclass(frozen=True)
class ItemChange:
    """A state change of one item, to tell the unit: submitted, approved, returned, closed (by a leader or by
    a report bringing the project back to 序时)."""

    item: PlanItem
    action: str  # submitted / approved / returned / closed / auto_closed
    comment: str = ""


@dataclass(frozen=True)
class MeasureLine:
    """One 约谈 or measure recorded against a unit."""

    unit: str
    kind: MeasureKind
    note: str
    at: datetime


@dataclass(frozen=True)
class UnitFollowUp:
    """/unit and /history <unit>: the unit's 约谈 and measures and its rectification items (what it answered
    to 为什么停滞 and 怎么解决) at the last published review."""

    measures: list[MeasureLine]
    items: list[PlanItem]


@dataclass(frozen=True)
class SaidLine:
    """/lagging: what a unit said about one lagging project: its latest report note and its plan item."""

    code: str
    unit: str
    note: str
    noted_at: datetime | None
    problem: str
    measure: str
