"""Schedule compliance (序时进度): the plan curve, expected vs actual, and a project's status (SPEC §6)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from bot.domain.periods import add_months, month_end


class Status(enum.StrEnum):
    """The schedule status of one project; 未报送 and 停滞 are separate flags on top of it."""

    DONE = "done"
    AHEAD = "ahead"
    ON_SCHEDULE = "on_schedule"
    LAGGING = "lagging"
    SERIOUS = "serious"

    @property
    def is_behind(self) -> bool:
        return self in (Status.LAGGING, Status.SERIOUS)


@dataclass(frozen=True)
class Plan:
    """What a project promised: target T between start S and due E, with optional month-end points."""

    target: float
    start: date
    due: date
    points: tuple[tuple[date, float], ...] = ()

    def __post_init__(self) -> None:
        if self.target <= 0:
            raise ValueError("target must be > 0")
        if self.due <= self.start:
            raise ValueError("due must be after start")
        # expected() walks the points in date order (stored plans already are; hand-made ones may not be).
        points = self.points
        if any(points[i][0] > points[i + 1][0] for i in range(len(points) - 1)):
            object.__setattr__(self, "points", tuple(sorted(points)))


@lru_cache(maxsize=4096)
def _default_fractions(start: date, due: date) -> tuple[tuple[date, float], ...]:
    """k/n at each month end strictly inside (S, E); cached because most projects share S and E."""
    n = (due.year - start.year) * 12 + due.month - start.month + 1
    fractions = []
    for k in range(1, n + 1):
        year, month = add_months(start.year, start.month, k - 1)
        end = month_end(year, month)
        if start < end < due:
            fractions.append((end, k / n))
    return tuple(fractions)


def default_points(*, target: float, start: date, due: date) -> list[tuple[date, float]]:
    """'k/n of the target by the end of the k-th month': one point per month end strictly inside (S, E)."""
    return [(end, target * fraction) for end, fraction in _default_fractions(start, due)]


def expected(plan: Plan, on: date) -> float:
    """序时进度: the planned cumulative amount on day `on`.

    The curve runs through (S, 0), the month-end points and (E, T), linear by days between them: 0 up to
    the start, T from the due date. Points outside (S, E) are ignored, and each point is lifted to the
    highest earlier one and capped at T, so the curve never goes down even if a hand-made plan dips (the
    ledger import refuses such plans anyway). Walks the points once: cheap enough for 50,000 projects.
    """
    if on <= plan.start:
        return 0.0
    if on >= plan.due:
        return plan.target
    if plan.points:
        points: Iterable[tuple[date, float]] = plan.points
    else:
        points = ((end, plan.target * fraction) for end, fraction in _default_fractions(plan.start, plan.due))
    previous_day, level = plan.start, 0.0
    for day, amount in points:
        if not plan.start < day < plan.due:
            continue
        next_level = min(max(amount, level), plan.target)
        if day >= on:
            if day == on:
                return next_level
            return _between(previous_day, level, day, next_level, on)
        previous_day, level = day, next_level
    return _between(previous_day, level, plan.due, plan.target, on)


def _between(day0: date, amount0: float, day1: date, amount1: float, on: date) -> float:
    return amount0 + (amount1 - amount0) * (on - day0).days / (day1 - day0).days


def compliance(*, actual: float, expected: float) -> float:
    """actual ÷ expected, or 1 when nothing is expected yet."""
    if expected <= 0:
        return 1.0
    return actual / expected


def schedule_status(
    *, actual: float, expected: float, target: float, tolerance: float, serious_below: float
) -> Status:
    """done / ahead / on schedule / lagging / seriously lagging (SPEC §6)."""
    if actual >= target:
        return Status.DONE
    # Settle float noise (2.4 / 3 = 0.7999999999999999) so a value on a line is judged as a person would.
    ratio = round(compliance(actual=actual, expected=expected), 9)
    if ratio >= 1:
        return Status.AHEAD
    if ratio >= 1 - tolerance:
        return Status.ON_SCHEDULE
    if ratio >= serious_below:
        return Status.LAGGING
    return Status.SERIOUS


@dataclass(frozen=True)
class Reading:
    """One reported cumulative value on a day (already filtered: no withdrawn or superseded reports)."""

    on: date
    value: float


def last_increase(readings: Sequence[Reading]) -> date | None:
    """The day of the latest report that went past every earlier value (new progress, not a recovered dip)."""
    highest = 0.0
    found = None
    for reading in readings:
        if reading.value > highest:
            found = reading.on
            highest = reading.value
    return found


def is_stalled(
    *, last_increase_on: date | None, start: date, today: date, done: bool, stall_after_days: int
) -> bool:
    """No increase for stall_after_days while not done; a project that never moved counts from its start."""
    if done or today <= start:
        return False
    since = last_increase_on or start
    return today - since >= timedelta(days=stall_after_days)


@dataclass(frozen=True)
class ProjectState:
    """Where one project stands on a day."""

    expected: float
    actual: float
    compliance: float
    status: Status
    not_reported: bool
    stalled: bool


def project_state(
    plan: Plan,
    readings: Iterable[Reading],
    *,
    today: date,
    period_first_day: date,
    tolerance: float,
    serious_below: float,
    stall_after_days: int,
) -> ProjectState:
    """The state of a project on `today` from its readings (those after today are ignored)."""
    history = sorted((r for r in readings if r.on <= today), key=lambda r: r.on)
    actual = history[-1].value if history else 0.0
    expected_today = expected(plan, today)
    status = schedule_status(
        actual=actual,
        expected=expected_today,
        target=plan.target,
        tolerance=tolerance,
        serious_below=serious_below,
    )
    return ProjectState(
        expected=expected_today,
        actual=actual,
        compliance=compliance(actual=actual, expected=expected_today),
        status=status,
        not_reported=not any(r.on >= period_first_day for r in history),
        stalled=is_stalled(
            last_increase_on=last_increase(history),
            start=plan.start,
            today=today,
            done=status is Status.DONE,
            stall_after_days=stall_after_days,
        ),
    )
