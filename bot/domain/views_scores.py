"""Read models of per-category rules and score sheets (/categories, /scores, `flagbot scores`). Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from bot.domain.categories import Kind
from bot.domain.policy import Policy


class RowProblem(Protocol):
    """One bad row of a sheet (the ledger reader's RowError is one)."""

    @property
    def row_number(self) -> int: ...
    @property
    def column(self) -> str | None: ...
    @property
    def key(self) -> str: ...
    @property
    def fields(self) -> Mapping[str, object]: ...


@dataclass(frozen=True)
class CategorySetting:
    """One category in /categories: how it is scored and the knobs in force (its own marked in `own`)."""

    name: str
    kind: Kind
    projects: int
    policy: Policy  # the global policy with this category's overrides
    own: frozenset[str]  # the knobs this category overrides


@dataclass(frozen=True)
class ScoreChange:
    """One unit's shown score (得分 + 加减分) in a category: before → after the import (None = none)."""

    unit: str
    category: str
    old: Decimal | None
    new: Decimal | None


@dataclass(frozen=True)
class ScorePreview:
    """What a score sheet would do (or did): its rows, new categories and changed scores; or its errors."""

    period: str
    rows: int = 0
    categories: tuple[str, ...] = ()  # the categories the sheet names
    new_categories: tuple[str, ...] = ()  # created indicator-scored
    changes: tuple[ScoreChange, ...] = ()  # only scores that differ from the period's stored ones
    replacing: bool = False  # the period already had scores in these categories
    errors: tuple[RowProblem, ...] = ()
    applied: bool = False
    pending_id: int | None = field(default=None, compare=False)  # the chat preview's Confirm button

    @property
    def rejected(self) -> bool:
        return bool(self.errors)
