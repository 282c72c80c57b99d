"""Review periods (讲评期): runs of calendar months named by their last month (SPEC §7)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

_PERIOD_RE = re.compile(r"^\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*月?\s*$")


def month_end(year: int, month: int) -> date:
    """The last day of a calendar month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by delta months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


@dataclass(frozen=True, order=True)
class Period:
    """A review period, named by its last month: Period(2026, 10, 2) is Sep–Oct 2026."""

    year: int
    month: int
    months: int = 2

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.months < 1 or 12 % self.months:
            raise ValueError("PERIOD_MONTHS must divide 12 (1, 2, 3, 4, 6 or 12)")
        if self.month % self.months:
            raise ValueError(f"{self.year}-{self.month:02d} does not end a {self.months}-month period")

    @property
    def name(self) -> str:
        """The stable key, e.g. '2026-10'."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        year, month = add_months(self.year, self.month, 1 - self.months)
        return date(year, month, 1)

    @property
    def last_day(self) -> date:
        return month_end(self.year, self.month)

    def deadline_day(self, *, grace_days: int) -> date:
        """The last day on which reports still count for this period."""
        return self.last_day + timedelta(days=grace_days)

    def cutoff(self, *, grace_days: int, tz: tzinfo) -> datetime:
        """The first instant after the submission deadline: reports made before it count."""
        return datetime.combine(self.deadline_day(grace_days=grace_days) + timedelta(days=1), time(0), tz)

    def start(self, *, tz: tzinfo) -> datetime:
        """The first instant of the period in the county's zone."""
        return datetime.combine(self.first_day, time(0), tz)

    def previous(self) -> Period:
        year, month = add_months(self.year, self.month, -self.months)
        return Period(year, month, self.months)

    def next(self) -> Period:
        year, month = add_months(self.year, self.month, self.months)
        return Period(year, month, self.months)

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def label_zh(self) -> str:
        """'2026年9—10月' (or '2026年10月' for one-month periods)."""
        first = self.first_day
        if self.months == 1:
            return f"{self.year}年{self.month}月"
        if first.year != self.year:
            return f"{first.year}年{first.month}月—{self.year}年{self.month}月"
        return f"{self.year}年{first.month}—{self.month}月"

    def label_en(self) -> str:
        first = self.first_day
        if self.months == 1:
            return f"{calendar.month_abbr[self.month]} {self.year}"
        return f"{calendar.month_abbr[first.month]}–{calendar.month_abbr[self.month]} {self.year}"

    def __str__(self) -> str:
        return self.name


def period_containing(day: date, *, months: int = 2) -> Period:
    """The period that day falls in."""
    month = ((day.month - 1) // months + 1) * months
    return Period(day.year, month, months)


def last_closed_period(today: date, *, months: int = 2) -> Period:
    """The latest period whose last day is before today."""
    return period_containing(today, months=months).previous()


def last_reviewable_period(now: datetime, *, months: int = 2, grace_days: int) -> Period:
    """The latest period whose submission deadline has passed at `now` (the one a review may publish)."""
    period = last_closed_period(now.date(), months=months)
    tz = now.tzinfo
    assert tz is not None, "now must be timezone-aware"
    return period if now >= period.cutoff(grace_days=grace_days, tz=tz) else period.previous()


def next_cutoff(moment: datetime, *, months: int = 2, grace_days: int, tz: tzinfo) -> datetime:
    """The first submission deadline's end at or after `moment` (SPEC §4: a held report keeps its time
    only if confirmed before it). A moment within a period's grace days belongs to that period's deadline."""
    period = period_containing(moment.astimezone(tz).date(), months=months)
    previous_cutoff = period.previous().cutoff(grace_days=grace_days, tz=tz)
    return previous_cutoff if moment < previous_cutoff else period.cutoff(grace_days=grace_days, tz=tz)


def parse_period(text: str, *, months: int = 2) -> Period:
    """'2026-10', '2026/10', '2026年10月' → Period; ValueError with a reason otherwise."""
    match = _PERIOD_RE.match(text or "")
    if not match:
        raise ValueError(f"not a period (YYYY-MM): {text!r}")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    if month % months:
        raise ValueError(f"{year}-{month:02d} does not end a period; periods end in months {_ends(months)}")
    return Period(year, month, months)


def _ends(months: int) -> str:
    return ", ".join(str(m) for m in range(months, 13, months))
