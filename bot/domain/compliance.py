"""Schedule compliance (序时进度): the plan curve, expected vs actual, and a project's status (SPEC §6)."""

from __future__ import annotations

import enum
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

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


def default_points(*, target: float, start: date, due: date) -> list[tuple[date, float]]:
    """'k/n of the target by the end of the k-th month': one point per month end strictly inside (S, E)."""
    n = (due.year - start.year) * 12 + due.month - start.month + 1
    points = []
    for k in range(1, n + 1):
        year, month = add_months(start.year, start.month, k - 1)
        end = month_end(year, month)
        if start < end < due:
            points.append((end, target * k / n))
    return points


@dataclass(frozen=True)
class Curve:
    """The plan curve as sorted day ordinals and cumulative amounts; expected() is linear by days."""

    days: tuple[int, ...]
    amounts: tuple[float, ...]

    def expected(self, on: date) -> float:
        """The planned cumulative amount on day `on` (0 up to the start, the target from the due date)."""
        x = on.toordinal()
        if x <= self.days[0]:
            return self.amounts[0]
        if x >= self.days[-1]:
            return self.amounts[-1]
        i = bisect_right(self.days, x)
        x0, x1 = self.days[i - 1], self.days[i]
        y0, y1 = self.amounts[i - 1], self.amounts[i]
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def plan_curve(plan: Plan) -> Curve:
    """The curve through (S, 0), the month-end points and (E, T).

    Ledger points outside (S, E) are dropped, and points are clipped to [0, T] and made non-decreasing,
    so expected() is monotone even if a hand-made plan dips (the ledger import refuses such plans anyway).
    """
    given = plan.points or tuple(default_points(target=plan.target, start=plan.start, due=plan.due))
    inner = sorted((d, a) for d, a in given if plan.start < d < plan.due)
    days = [plan.start.toordinal()]
    amounts = [0.0]
    for day, amount in inner:
        level = min(max(amount, amounts[-1]), plan.target)
        if day.toordinal() == days[-1]:
            amounts[-1] = level
        else:
            days.append(day.toordinal())
            amounts.append(level)
    days.append(plan.due.toordinal())
    amounts.append(plan.target)
    return Curve(tuple(days), tuple(amounts))


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
    expected = plan_curve(plan).expected(today)
    status = schedule_status(
        actual=actual, expected=expected, target=plan.target, tolerance=tolerance, serious_below=serious_below
    )
    return ProjectState(
        expected=expected,
        actual=actual,
        compliance=compliance(actual=actual, expected=expected),
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
