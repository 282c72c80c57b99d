"""The tables. Business uniqueness lives in the schema, so a race can never store a duplicate."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


def plan_points(stored: str | None) -> tuple[tuple[date, float], ...]:
    """The stored JSON plan as (date, amount) pairs, in date order."""
    return tuple((date.fromisoformat(day), float(amount)) for day, amount in json.loads(stored or "[]"))


def plan_json(points: Iterable[tuple[date, float]]) -> str:
    """(date, amount) pairs as stored: '[["2026-01-31", 10.0], …]', sorted by date."""
    return json.dumps([[day.isoformat(), amount] for day, amount in sorted(points)])


class Unit(SQLModel, table=True):
    """A county department or township (单位)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)  # the ledger parser allows 200
    short_name: str = Field(default="", max_length=40)
    group_name: str = Field(max_length=200, index=True)  # 分组: ranked only against its own group
    created_at: datetime = Field(sa_type=UTCDateTime)


class UnitAlias(SQLModel, table=True):
    """Another name of a unit as ledgers write it (交通局 → 县交通运输局), kept once an admin says so."""

    __tablename__ = "unit_alias"
    id: int | None = Field(default=None, primary_key=True)
    alias: str = Field(max_length=200)  # as the admin wrote it
    alias_key: str = Field(max_length=200, unique=True)  # bot.ledger.units.unit_key(alias)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by: str = Field(default="", max_length=100)


class Category(SQLModel, table=True):
    """An assessment track (考核类别); flags are awarded per category and group."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    # projects: scored from its projects' 序时; indicator: scored by an imported score sheet (SPEC §7)
    kind: str = Field(default="projects", max_length=10, sa_column_kwargs={"server_default": "projects"})
    # The policy knobs this category overrides, as JSON text {"red_min_score": "90", …}; {} = the global ones.
    rules: str = Field(default="{}", sa_type=Text, sa_column_kwargs={"server_default": "{}"})


class IndicatorScore(SQLModel, table=True):
    """A unit's given score in an indicator-scored category for one period (a score sheet row, SPEC §7)."""

    __table_args__ = (UniqueConstraint("period", "unit_id", "category_id"),)

    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(max_length=7, index=True)  # "2026-10"
    unit_id: int = Field(foreign_key="unit.id")
    category_id: int = Field(foreign_key="category.id")
    score: str = Field(max_length=20)  # 得分 as written (a decimal), exact on every database
    bonus: str = Field(default="0", max_length=20)  # 加减分
    note: str = Field(default="", sa_type=Text)  # 说明
    imported_at: datetime = Field(sa_type=UTCDateTime)
    imported_by: str = Field(default="", max_length=60)


class Project(SQLModel, table=True):
    """A piece of work led by one unit, in one category, with a yearly target and a plan."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=50, unique=True)  # stored upper-case: codes compare case-insensitively
    name: str = Field(max_length=200)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    category_id: int = Field(foreign_key="category.id", index=True)
    target: float
    measure: str = Field(default="%", max_length=20)
    start: date
    due: date
    weight: float = 1.0
    # The month-end plan points (the 1月…12月 ledger columns) as JSON text [["2026-01-31", 10.0], …]. A plan
    # is small, always read whole and read for every project in a review, so it lives on the row; plain
    # text because the JSON column type's per-row decoding cost more than the whole review query.
    plan: str = Field(default="[]", sa_type=Text)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)

    @property
    def plan_points(self) -> tuple[tuple[date, float], ...]:
        return plan_points(self.plan)


class PlanMonth(SQLModel, table=True):
    """序时进度 at each month end of a project's span, precomputed from its plan whenever the project is saved.

    A review needs expected at the period's last day — always a month end — for every project; reading
    it here is one indexed lookup instead of re-deriving 50,000 plan curves in Python. When a row is
    missing the review computes it from the plan, so this is a cache, never the truth.
    """

    project_id: int = Field(foreign_key="project.id", primary_key=True)
    month_end: date = Field(primary_key=True, index=True)
    expected: float


class Report(SQLModel, table=True):
    """A reported cumulative value, or a withdrawal or correction of one. Never deleted or changed.

    kind 'report' and 'correction' carry a value; a 'correction' (by an admin) and a 'withdrawal' point at
    the report they replace through corrects_id, and a report that something points at no longer counts.
    A correction keeps the corrected report's reported_at, so history reads as if it had been right.
    """

    __table_args__ = (Index("ix_report_project_time", "project_id", "reported_at"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    kind: str = Field(default="report", max_length=12)
    value: float | None = None
    note: str = Field(default="", sa_type=Text)
    reported_at: datetime = Field(sa_type=UTCDateTime)  # when it was said (the Telegram message date)
    received_at: datetime = Field(sa_type=UTCDateTime)  # when we stored it
    user_id: int | None = Field(default=None, sa_type=BigInteger)
    reporter: str = Field(default="", max_length=100)
    source: str = Field(default="chat", max_length=12)  # chat / cli / import / admin
    # Natural idempotency key, e.g. "tg:<chat id>:<message id>": a re-delivered update cannot store twice.
    source_key: str | None = Field(default=None, max_length=120, unique=True)
    evidence: str | None = Field(default=None, max_length=300)
    corrects_id: int | None = Field(default=None, foreign_key="report.id", index=True)


class Review(SQLModel, table=True):
    """The bimonthly review of one period: a draft until published, published exactly once."""

    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(max_length=7, unique=True)  # "2026-10"
    status: str = Field(default="draft", max_length=10)  # draft / published
    cutoff: datetime = Field(sa_type=UTCDateTime)
    computed_at: datetime = Field(sa_type=UTCDateTime)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    published_by: str | None = Field(default=None, max_length=60)
    policy: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    units_reported: int = 0
    units_total: int = 0


class Score(SQLModel, table=True):
    """One unit's score, rank, flag and transition in one category of a review."""

    __table_args__ = (UniqueConstraint("review_id", "unit_id", "category_id"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    category_id: int = Field(foreign_key="category.id")
    group_name: str = Field(max_length=200)
    score_tenths: int  # the rounded percentage × 10: 81.3% is 813, exact on every database
    rank: int
    proposed_flag: str | None = Field(default=None, max_length=6)  # what the rules gave
    flag: str | None = Field(default=None, max_length=6)  # what stands (after an override)
    transition: str = Field(default="none", max_length=16)
    streak: int = 0
    projects_counted: int = 0
    all_reported: bool = True
    override_reason: str | None = Field(default=None, sa_type=Text)


class AuditLog(SQLModel, table=True):
    """Who changed what, when and why: every admin change, correction and override."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    actor: str = Field(max_length=60)  # "tg:<user id>" or "cli:<login>"
    action: str = Field(max_length=40)
    target: str = Field(default="", max_length=200)
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    reason: str = Field(default="", sa_type=Text)


class Person(SQLModel, table=True):
    """Someone the bot knows, by Telegram user id: a unit contact (or head), a leader, an admin."""

    user_id: int = Field(sa_type=BigInteger, primary_key=True)
    name: str = Field(default="", max_length=100)
    username: str | None = Field(default=None, max_length=64, index=True)
    language: str | None = Field(default=None, max_length=10)  # from Telegram: "zh-hans", "en", …
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    is_head: bool = False  # 一把手: receives escalations
    is_leader: bool = False
    is_admin: bool = False
    reachable: bool = True  # False once Telegram said the user blocked the bot
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Invite(SQLModel, table=True):
    """A one-time invite deep link binding whoever opens it to a unit as contact or head."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    unit_id: int = Field(foreign_key="unit.id")
    head: bool = False
    created_by: int = Field(sa_type=BigInteger)
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_by: int | None = Field(default=None, sa_type=BigInteger)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ChatBinding(SQLModel, table=True):
    """Which group is the leaders' chat and which is the county work group."""

    kind: str = Field(max_length=20, primary_key=True)  # leaders / workgroup
    chat_id: int = Field(sa_type=BigInteger)
    title: str = Field(default="", max_length=200)
    bound_by: int = Field(sa_type=BigInteger)
    bound_at: datetime = Field(sa_type=UTCDateTime)


class PendingAction(SQLModel, table=True):
    """Something waiting for a button press (confirm a report, publish a review), so buttons survive restarts.

    Callback data carries only this row's id and a verb; the payload stays here.
    """

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # report / review
    user_id: int = Field(sa_type=BigInteger, index=True)
    chat_id: int = Field(sa_type=BigInteger)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(sa_type=UTCDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outcome: str | None = Field(default=None, max_length=20)


class Outbox(SQLModel, table=True):
    """A message to deliver, written in the same transaction as the event that causes it (SPEC §9)."""

    __table_args__ = (Index("ix_outbox_due", "sent_at", "failed_at", "not_before"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, index=True)
    kind: str = Field(default="text", max_length=10)  # text / photo / document
    text: str = Field(default="", sa_type=Text)  # the message, or the caption
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # parse mode, buttons, file name
    file_data: bytes | None = Field(default=None, sa_type=LargeBinary)
    # A photo or document queued before it is drawn (a review's charts and workbook are built after the
    # publishing transaction commits): what builds it, e.g. "review:2026-10:zh"; NULL once the file is
    # attached, and for every other row. The sender holds the chat's later messages until then.
    file_pending: str | None = Field(default=None, max_length=100)
    # Makes "send once" a schema rule: the same reminder to the same chat on the same day cannot be queued twice.
    dedupe_key: str | None = Field(default=None, max_length=200, unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    not_before: datetime = Field(sa_type=UTCDateTime)
    attempts: int = 0
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    failed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    error: str | None = Field(default=None, sa_type=Text)
    telegram_message_id: int | None = None


class RectificationPlan(SQLModel, table=True):
    """整改措施: what a yellow-flag or lagging unit commits to do (/plan)."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    period: str = Field(max_length=7)  # the review it answers
    text: str = Field(sa_type=Text)
    user_id: int = Field(sa_type=BigInteger)
    created_at: datetime = Field(sa_type=UTCDateTime)


class RectificationItem(SQLModel, table=True):
    """One line of a yellow-flag unit's rectification list (SPEC §12): a lagging project of a review, with
    问题, 措施, 责任人 and 完成时限, and where it stands (open, submitted, returned, approved, closed)."""

    __table_args__ = (UniqueConstraint("period", "project_id"),)

    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(max_length=7)  # the review it answers
    unit_id: int = Field(foreign_key="unit.id", index=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    category_id: int = Field(foreign_key="category.id")
    problem: str = Field(default="", sa_type=Text)
    measure: str = Field(default="", sa_type=Text)
    owner: str = Field(default="", max_length=100)
    due: date | None = None
    state: str = Field(default="open", max_length=10)
    comment: str = Field(default="", sa_type=Text)  # the leader's last word (why it was returned or closed)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    returned_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class UnitMeasure(SQLModel, table=True):
    """约谈 or a measure taken against a unit (调整岗位, 扣减工作经费, other), recorded by a leader."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    kind: str = Field(max_length=12)  # interview / reassign / funds / other
    note: str = Field(default="", sa_type=Text)
    at: datetime = Field(sa_type=UTCDateTime)
    by_user: int = Field(sa_type=BigInteger)


class CalendarOverride(SQLModel, table=True):
    """/holiday: an admin's word on whether a day is a working day, over the chinese-calendar package."""

    day: date = Field(primary_key=True)
    working: bool
    set_by: int = Field(sa_type=BigInteger)
    set_at: datetime = Field(sa_type=UTCDateTime)


class Inbox(SQLModel, table=True):
    """An update from Telegram, stored before Telegram is told we have it and processed from here (SPEC §9).

    Polling confirms a batch (the next getUpdates offset) and a webhook answers 200 only after its rows are
    committed, so a crash can lose nothing: what was stored is processed at the next start-up, what was not
    Telegram delivers again (and the primary key keeps a re-delivered update from being stored twice).
    claimed_by/claimed_at say which process is handling a row, so several processes never take the same one.
    """

    __table_args__ = (Index("ix_inbox_pending", "processed_at", "update_id"),)

    update_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # the update's JSON as Telegram sent it
    received_at: datetime = Field(sa_type=UTCDateTime)
    claimed_by: str | None = Field(default=None, max_length=100)  # "<host>:<pid>:<random>" of a process
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attempts: int = 0  # how many times processing was started (a crash leaves it counted)
    processed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DocumentNumber(SQLModel, table=True):
    """The 文号 of a period's 通报 (SPEC §11): a running number per year, given once at publication."""

    __table_args__ = (UniqueConstraint("year", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(max_length=7, unique=True)  # the review's period: one 通报 per review
    year: int
    number: int
    issued_at: datetime = Field(sa_type=UTCDateTime)
