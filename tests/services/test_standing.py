"""Live standings on a small county worked out by hand; at a cut-off they equal the review's figures.

Every calendar-year project has target 120, so the plan expects 10 a month: 100 at Oct 31.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import event

from bot.domain.compliance import Status
from bot.domain.flags import FlagColor
from bot.domain.periods import Period
from bot.domain.policy import Policy
from bot.services.reviews import compute_review
from bot.services.standing import live_standings, red_line, unit_projects_now
from tests.conftest import TZ, Db, shanghai
from tests.factories import add_project, report

OCT = Period(2026, 10)
OCT_31_EVENING = shanghai(2026, 10, 31, 18, 0)


async def build_county(db: Db) -> None:
    async with db.sessions.begin() as s:
        await add_project(s, "A1", unit="A局", weight=2)
        await add_project(s, "A2", unit="A局")
        await add_project(s, "B1", unit="B局")
        await add_project(s, "C1", unit="C局")
        await add_project(s, "D1", unit="D局")
        await add_project(s, "E1", unit="E局")
        await add_project(s, "G1", unit="G局", start=date(2026, 12, 1))  # not started yet
        await add_project(s, "X1", unit="X局", category="重点项目")
        await add_project(s, "F1", unit="F镇", group="乡镇")
        await add_project(s, "H1", unit="H镇", group="乡镇", due=date(2027, 12, 31))  # 5 a month
    async with db.sessions.begin() as s:
        await report(s, "A1", 120, shanghai(2026, 10, 20, 10, 0))  # 1.2
        await report(s, "A2", 100, shanghai(2026, 10, 21, 10, 0))  # 1.0 → (2·1.2 + 1.0)/3 = 113.3
        await report(s, "B1", 90, shanghai(2026, 9, 15, 10, 0))  # 0.9 on Oct 31, no increase since
        await report(s, "B1", 110, shanghai(2026, 11, 5, 23, 0))  # in the grace days: counts for Sep–Oct
        await report(s, "C1", 105, shanghai(2026, 8, 20, 10, 0))  # before the period: not reported in it
        await report(s, "D1", 100, shanghai(2026, 10, 1, 10, 0))  # 100.0, exactly 30 days before Oct 31
        await report(s, "E1", 79.9, shanghai(2026, 10, 30, 10, 0))  # 79.9 → yellow
        await report(s, "E1", 120, shanghai(2026, 11, 6, 0, 0))  # at the cut-off: too late for Sep–Oct
        await report(s, "X1", 120, shanghai(2026, 8, 1, 10, 0))  # done before the period: owes no report
        await report(s, "F1", 50, shanghai(2026, 10, 15, 10, 0))  # 50.0 → yellow
        await report(s, "H1", 100, shanghai(2026, 10, 15, 10, 0))  # expected 50 → 2.0, capped → 150.0


async def test_live_scores_ranks_and_flags_on_the_last_day_of_the_period(db: Db) -> None:
    await build_county(db)
    async with db.sessions.begin() as s:
        standings = await live_standings(s, as_of=OCT_31_EVENING, policy=Policy(), tz=TZ)
    assert standings.period == OCT and standings.on == date(2026, 10, 31)
    table = {e.unit: (e.score, e.rank, e.flag, e.all_reported) for e in standings.entries}
    assert table == {
        "A局": (Decimal("113.3"), 1, FlagColor.RED, True),
        "C局": (Decimal("105.0"), 2, None, False),  # high, but silent this period: no red
        "D局": (Decimal("100.0"), 3, FlagColor.RED, True),
        "B局": (Decimal("90.0"), 4, None, True),  # the Nov 5 report is not there yet
        "E局": (Decimal("79.9"), 5, FlagColor.YELLOW, True),
        "X局": (
            Decimal("120.0"),
            1,
            FlagColor.RED,
            True,
        ),  # 重点项目: 120/100, done in August: owes no report
        "H镇": (Decimal("150.0"), 1, FlagColor.RED, True),
        "F镇": (Decimal("50.0"), 2, FlagColor.YELLOW, True),
    }
    assert "G局" not in table
    assert {e.unit: e.pool_size for e in standings.entries}["F镇"] == 2

    projects = {p.code: p for p in standings.projects}
    b1, c1, d1, e1, g1, x1 = (projects[c] for c in ("B1", "C1", "D1", "E1", "G1", "X1"))
    assert (b1.expected, b1.actual, b1.status, b1.stalled, b1.not_reported) == (
        100,
        90,
        Status.LAGGING,
        True,
        False,
    )
    assert (c1.status, c1.stalled, c1.not_reported) == (Status.AHEAD, True, True)
    assert d1.stalled  # 30 days without an increase
    assert e1.status is Status.SERIOUS and not e1.stalled
    assert not g1.started and not g1.is_behind
    assert x1.status is Status.DONE and x1.done_before_period and not x1.not_reported and not x1.stalled
    assert [p.code for p in standings.behind()] == ["F1", "E1", "B1"]  # worst first


async def test_at_the_cut_off_the_live_figures_are_the_review(db: Db) -> None:
    await build_county(db)
    cutoff = OCT.cutoff(grace_days=5, tz=TZ)
    async with db.sessions.begin() as s:
        standings = await live_standings(s, as_of=cutoff, period=OCT, inclusive=False, policy=Policy(), tz=TZ)
        review = await compute_review(s, OCT, policy=Policy(), tz=TZ, now=shanghai(2026, 11, 10, 9, 0))
    live = {(e.unit, e.category): (e.score, e.rank, e.flag, e.all_reported) for e in standings.entries}
    reviewed = {(e.unit, e.category): (e.score, e.rank, e.flag, e.all_reported) for e in review.entries}
    assert live == reviewed
    assert live[("B局", "民生实事")] == (Decimal("110.0"), 2, FlagColor.RED, True)  # the grace-day report
    assert live[("E局", "民生实事")][0] == Decimal("79.9")  # the report at the cut-off is out
    assert standings.on == OCT.last_day


async def test_after_the_deadline_the_live_view_moves_on_to_the_new_period(db: Db) -> None:
    await build_county(db)
    async with db.sessions.begin() as s:
        standings = await live_standings(s, as_of=shanghai(2026, 11, 30, 12, 0), policy=Policy(), tz=TZ)
    assert standings.period == Period(2026, 12)
    table = {e.unit: (e.score, e.flag) for e in standings.entries}
    # Nov 30 expects 110; nobody reported in November except B1 (Nov 5) and E1 (Nov 6).
    assert table["B局"] == (Decimal("100.0"), FlagColor.RED)  # 110/110
    assert table["E局"] == (Decimal("109.1"), FlagColor.RED)  # 120/110
    assert table["A局"] == (Decimal("103.0"), None)  # (2·120/110 + 100/110)/3, silent this period
    projects = {p.code: p for p in standings.projects}
    assert projects["A2"].not_reported and not projects["A1"].not_reported  # A1 done in October
    assert [p.code for p in await _unit_codes(db, "A局")] == ["A1", "A2"]


async def _unit_codes(db: Db, unit: str):  # type: ignore[no-untyped-def]
    from storage.queries.ledger import get_unit_by_name

    async with db.sessions.begin() as s:
        row = await get_unit_by_name(s, unit)
        assert row is not None and row.id is not None
        return await unit_projects_now(s, row.id, as_of=OCT_31_EVENING, policy=Policy(), tz=TZ)


def test_red_line_is_the_min_score_or_the_score_at_rank_n() -> None:
    policy = Policy()
    assert red_line([Decimal("120"), Decimal("110"), Decimal("105"), Decimal("90")], policy) == Decimal("105")
    assert red_line([Decimal("120"), Decimal("95"), Decimal("90")], policy) == Decimal("100")
    assert red_line([Decimal("120")], policy) == Decimal("100")  # fewer units than RED_TOP_N


async def test_the_number_of_queries_does_not_grow_with_the_county(db: Db) -> None:
    async def count_queries(projects: int) -> int:
        async with db.sessions.begin() as s:
            for i in range(projects):
                code = f"Q{projects}-{i}"
                await add_project(s, code, unit=f"单位{i % 7}")
                await report(s, code, 50, shanghai(2026, 10, 1 + i % 20, 9, 0))
        statements: list[str] = []

        def record(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
            statements.append(statement)

        event.listen(db.engine.sync_engine, "before_cursor_execute", record)
        try:
            async with db.sessions.begin() as s:
                await live_standings(s, as_of=OCT_31_EVENING, policy=Policy(), tz=TZ)
        finally:
            event.remove(db.engine.sync_engine, "before_cursor_execute", record)
        return len(statements)

    few = await count_queries(3)
    many = await count_queries(30)
    assert few == many <= 6


async def test_a_dip_and_a_partial_recovery_are_not_an_increase(db: Db) -> None:
    async with db.sessions.begin() as s:
        await add_project(s, "Z1", unit="Z局", category="闯创干")
        await add_project(s, "Z2", unit="Z局", category="闯创干", start=date(2026, 10, 1))
    async with db.sessions.begin() as s:
        await report(s, "Z1", 60, shanghai(2026, 9, 1, 9, 0))
        await report(s, "Z1", 50, shanghai(2026, 10, 10, 9, 0), note="核减")
        await report(s, "Z1", 55, shanghai(2026, 10, 20, 9, 0))
        await report(s, "Z2", 0, shanghai(2026, 10, 2, 9, 0))  # a zero is no progress
    async with db.sessions.begin() as s:
        early = await live_standings(s, as_of=shanghai(2026, 9, 30, 9, 0), policy=Policy(), tz=TZ)
        late = await live_standings(s, as_of=OCT_31_EVENING, policy=Policy(), tz=TZ)
    assert not {p.code: p for p in early.projects}["Z1"].stalled  # 29 days after Sep 1
    z1, z2 = ({p.code: p for p in late.projects}[c] for c in ("Z1", "Z2"))
    assert z1.actual == 55 and z1.stalled  # the last increase is still Sep 1
    assert z1.last_report_at == shanghai(2026, 10, 20, 9, 0) and z1.reported_in_period
    assert z2.stalled  # 30 days from its start on Oct 1 without any progress
