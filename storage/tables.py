"""The tables. Business uniqueness lives in the schema, so a race can never store a duplicate."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


def plan_points(stored: list[list[Any]] | None) -> tuple[tuple[date, float], ...]:
    """The stored JSON plan as (date, amount) pairs."""
    return tuple((date.fromisoformat(day), float(amount)) for day, amount in stored or ())


def plan_json(points: Iterable[tuple[date, float]]) -> list[list[Any]]:
    """(date, amount) pairs as stored."""
    return [[day.isoformat(), amount] for day, amount in points]


class Unit(SQLModel, table=True):
    """A county department or township (单位)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    short_name: str = Field(default="", max_length=40)
    group_name: str = Field(max_length=40, index=True)  # 分组: ranked only against its own group
    created_at: datetime = Field(sa_type=UTCDateTime)


class Category(SQLModel, table=True):
    """An assessment track (考核类别); flags are awarded per category and group."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=60, unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Project(SQLModel, table=True):
    """A piece of work led by one unit, in one category, with a yearly target and a plan."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)  # stored upper-case: codes compare case-insensitively
    name: str = Field(max_length=200)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    category_id: int = Field(foreign_key="category.id", index=True)
    target: float
    measure: str = Field(default="%", max_length=20)
    start: date
    due: date
    weight: float = 1.0
    # The month-end plan points (the 1月…12月 ledger columns) as [["2026-01-31", 10.0], …]. A plan is
    # small, always read whole and read for every project in a review, so it lives on the row.
    plan: list[list[Any]] = Field(default_factory=list, sa_type=JSON)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)

    @property
    def plan_points(self) -> tuple[tuple[date, float], ...]:
        return plan_points(self.plan)


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
    group_name: str = Field(max_length=40)
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
