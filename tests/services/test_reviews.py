"""Reviews on a small county whose scores are worked out by hand (SPEC §7), on SQLite and PostgreSQL.

Every calendar-year project has target 120, so the plan expects 10 a month: 100 at Oct 31, 120 at Dec 31.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.domain.flags import Badge, FlagColor, Transition
from bot.domain.periods import Period
from bot.domain.policy import Policy
from bot.services.errors import UserError
from bot.services.reviews import compute_review, override_flag, publish_review
from tests.conftest import TZ, Db, shanghai
from tests.factories import add_project, report

OCT = Period(2026, 10)
DEC = Period(2026, 12)
AFTER_OCT = shanghai(2026, 11, 10, 9, 0)
AFTER_DEC = shanghai(2027, 1, 10, 9, 0)


async def build_county(db: Db) -> None:
    async with db.sessions.begin() as s:
        # 县直部门
        await add_project(s, "A1", unit="A局", weight=2)
        await add_project(s, "A2", unit="A局")
        await add_project(s, "B1", unit="B局")
        await add_project(s, "C1", unit="C局")
        await add_project(s, "D1", unit="D局")
        await add_project(s, "E1", unit="E局")
        await add_project(s, "G1", unit="G局", start=date(2026, 12, 1))  # not started by Oct 31
        # 乡镇
        await add_project(s, "F1", unit="F镇", group="乡镇")
        await add_project(s, "H1", unit="H镇", group="乡镇", due=date(2027, 12, 31))  # 24 months: 5 a month
    async with db.sessions.begin() as s:
        await report(s, "A1", 120, shanghai(2026, 10, 20, 10, 0))  # 120/100 = 1.2
        await report(s, "A2", 100, shanghai(2026, 10, 21, 10, 0))  # 1.0 → A: (2·1.2 + 1.0)/3 = 113.3
        await report(s, "B1", 110, shanghai(2026, 11, 5, 23, 0))  # in the grace days → 110.0
        await report(s, "C1", 105, shanghai(2026, 8, 20, 10, 0))  # before the period: 105.0, not reported
        await report(s, "D1", 100, shanghai(2026, 10, 1, 10, 0))  # 100.0, rank 4
        await report(s, "E1", 79.9, shanghai(2026, 10, 30, 10, 0))  # 79.9 → yellow
        await report(s, "E1", 120, shanghai(2026, 11, 6, 0, 0))  # at the cut-off: too late for Sep–Oct
        await report(s, "F1", 50, shanghai(2026, 10, 15, 10, 0))  # 50.0 → yellow
        await report(s, "H1", 100, shanghai(2026, 10, 15, 10, 0))  # expected 50 → 2.0, capped 1.5 → 150.0


def by_unit(result):  # type: ignore[no-untyped-def]
    return {e.unit: e for e in result.entries}


async def test_scores_ranks_and_flags_of_a_period(db: Db) -> None:
    await build_county(db)
    async with db.sessions.begin() as s:
        result = await compute_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT)
    units = by_unit(result)
    assert {u: (e.score, e.rank, e.flag) for u, e in units.items()} == {
        "A局": (Decimal("113.3"), 1, FlagColor.RED),
        "B局": (Decimal("110.0"), 2, FlagColor.RED),
        "C局": (Decimal("105.0"), 3, None),  # top 3 and ≥ 100, but did not report in the period
        "D局": (Decimal("100.0"), 4, None),
        "E局": (Decimal("79.9"), 5, FlagColor.YELLOW),
        "H镇": (Decimal("150.0"), 1, FlagColor.RED),
        "F镇": (Decimal("50.0"), 2, FlagColor.YELLOW),
    }
    assert "G局" not in units  # no counted project: not ranked
    assert units["C局"].all_reported is False
    assert units["A局"].group == "县直部门" and units["H镇"].group == "乡镇"
    assert (result.status, result.provisional) == ("draft", False)
    assert result.cutoff == shanghai(2026, 11, 6, 0, 0)
    assert (result.units_reported, result.units_total) == (6, 7)
    assert all(
        e.transition in (Transition.NEW_RED, Transition.NEW_YELLOW, Transition.NONE) for e in result.entries
    )


async def test_transitions_against_the_previous_published_review(db: Db) -> None:
    await build_county(db)
    async with db.sessions.begin() as s:
        await publish_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT, actor="test")
    async with db.sessions.begin() as s:
        await report(s, "B1", 120, shanghai(2026, 12, 20, 10, 0))
        await report(s, "C1", 120, shanghai(2026, 12, 20, 10, 0))
        await report(s, "E1", 120, shanghai(2026, 12, 21, 10, 0))  # was 120 since Nov 6; reported again
        await report(s, "F1", 50, shanghai(2026, 12, 21, 10, 0))
        await report(s, "H1", 100, shanghai(2026, 12, 21, 10, 0))
    async with db.sessions.begin() as s:
        result = await publish_review(s, DEC, policy=Policy(), tz=TZ, now=AFTER_DEC, actor="test")
    units = by_unit(result)
    expected = {
        # A1 was done before December (120 ≥ 120) so its silence is fine; A2 100/120 is not and did not report.
        "A局": (Decimal("94.4"), 4, None, Transition.LOST_RED, 0),  # (2·1.0 + 0.8333)/3
        "B局": (Decimal("100.0"), 1, FlagColor.RED, Transition.KEPT_RED, 2),
        "C局": (Decimal("100.0"), 1, FlagColor.RED, Transition.NEW_RED, 1),
        "E局": (Decimal("100.0"), 1, FlagColor.RED, Transition.YELLOW_TO_RED, 1),
        "D局": (Decimal("83.3"), 5, None, Transition.NONE, 0),
        "G局": (Decimal("0.0"), 6, FlagColor.YELLOW, Transition.NEW_YELLOW, 1),  # started Dec 1, nothing yet
        "F镇": (Decimal("41.7"), 2, FlagColor.YELLOW, Transition.KEPT_YELLOW, 2),
        "H镇": (Decimal("150.0"), 1, FlagColor.RED, Transition.KEPT_RED, 2),  # 100/60 capped
    }
    assert {u: (e.score, e.rank, e.flag, e.transition, e.streak) for u, e in units.items()} == expected
    assert units["F镇"].escalates and not units["G局"].escalates
    assert result.status == "published"


async def test_policy_knobs_change_the_flags_and_are_stored(db: Db) -> None:
    await build_county(db)
    strict = Policy(red_top_n=1, red_min_score=Decimal("115"), yellow_below=Decimal("101"), yellow_bottom_n=0)
    async with db.sessions.begin() as s:
        result = await compute_review(s, OCT, policy=strict, tz=TZ, now=AFTER_OCT)
    flags = {e.unit: e.flag for e in result.entries}
    assert flags == {
        "A局": None,  # rank 1 but 113.3 < 115
        "B局": None,
        "C局": None,
        "D局": FlagColor.YELLOW,  # 100.0 < 101
        "E局": FlagColor.YELLOW,
        "H镇": FlagColor.RED,  # 150.0, rank 1
        "F镇": FlagColor.YELLOW,
    }
    assert result.policy == strict


async def test_publish_exactly_once_and_never_before_the_deadline(db: Db) -> None:
    await build_county(db)
    async with db.sessions.begin() as s:
        with pytest.raises(UserError) as early:
            await publish_review(s, OCT, policy=Policy(), tz=TZ, now=shanghai(2026, 11, 5, 23, 59), actor="t")
    assert early.value.key == "review_not_closed"
    async with db.sessions.begin() as s:
        preview = await compute_review(s, OCT, policy=Policy(), tz=TZ, now=shanghai(2026, 11, 3, 9, 0))
    assert preview.provisional and preview.status == "draft"
    async with db.sessions.begin() as s:
        first = await publish_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT, actor="t")
    assert first.status == "published" and first.published_at == AFTER_OCT
    async with db.sessions.begin() as s:
        with pytest.raises(UserError) as again:
            await publish_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT, actor="t")
    assert again.value.key == "review_already_published"
    # A late report does not change what was published.
    async with db.sessions.begin() as s:
        await report(s, "E1", 120, shanghai(2026, 11, 4, 9, 0))
        stored = await compute_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT)
    assert by_unit(stored)["E局"].score == Decimal("79.9")


async def test_override_is_kept_through_recomputation_and_audited(db: Db) -> None:
    await build_county(db)
    async with db.sessions.begin() as s:
        result = await compute_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT)
        c = by_unit(result)["C局"]
        await override_flag(
            s,
            OCT,
            unit_id=c.unit_id,
            category_id=c.category_id,
            flag=FlagColor.RED,
            reason="8月已报送，系统外报告",
            actor="tg:1",
            now=AFTER_OCT,
            policy=Policy(),
            tz=TZ,
        )
    async with db.sessions.begin() as s:
        again = await compute_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT)
    c = by_unit(again)["C局"]
    assert (c.flag, c.proposed_flag, c.override_reason) == (FlagColor.RED, None, "8月已报送，系统外报告")
    assert c.transition is Transition.NEW_RED
    from storage.queries.reviews import list_audit

    async with db.sessions.begin() as s:
        audit = await list_audit(s)
    assert [(a.action, a.actor, a.reason) for a in audit] == [
        ("review.override", "tg:1", "8月已报送，系统外报告")
    ]


async def test_double_red_and_flag_winner_badges(db: Db) -> None:
    async with db.sessions.begin() as s:
        for category in ("民生实事", "重点项目"):
            await add_project(s, f"X-{category}", unit="X局", category=category)
            await add_project(s, f"Y-{category}", unit="Y局", category=category)
    async with db.sessions.begin() as s:
        for category in ("民生实事", "重点项目"):
            await report(s, f"X-{category}", 50, shanghai(2026, 10, 20, 9, 0))
            await report(s, f"Y-{category}", 100, shanghai(2026, 10, 20, 9, 0))
        await publish_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT, actor="t")
    async with db.sessions.begin() as s:
        for category in ("民生实事", "重点项目"):
            await report(s, f"X-{category}", 120, shanghai(2026, 12, 20, 9, 0))
            await report(s, f"Y-{category}", 120, shanghai(2026, 12, 20, 9, 0))
        result = await publish_review(s, DEC, policy=Policy(), tz=TZ, now=AFTER_DEC, actor="t")
    assert result.badges == {"X局": {Badge.DOUBLE_RED, Badge.FLAG_WINNER}, "Y局": {Badge.DOUBLE_RED}}


async def test_precomputed_month_ends_and_the_plan_give_the_same_review(db: Db) -> None:
    """PlanMonth is a cache: a review without it (derived from the plans) comes out identical."""
    from sqlalchemy import delete

    from storage.tables import PlanMonth

    await build_county(db)
    async with db.sessions.begin() as s:
        cached = await compute_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT)
    async with db.sessions.begin() as s:
        await s.execute(delete(PlanMonth))
    async with db.sessions.begin() as s:
        derived = await compute_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT)
    assert [(e.unit, e.category, e.score, e.rank, e.flag) for e in derived.entries] == [
        (e.unit, e.category, e.score, e.rank, e.flag) for e in cached.entries
    ]


async def test_a_recomputed_draft_stores_the_new_scores_and_drops_the_units_no_longer_counted(db: Db) -> None:
    """A draft recomputed after a late report and a project moved out of the period: what is stored (read
    back, not the result in hand) is the new review, with nothing left of the old one."""
    from sqlalchemy import select

    from bot.services.reviews import load_review
    from storage.tables import Project

    await build_county(db)
    async with db.sessions.begin() as s:
        first = by_unit(await compute_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT))
    assert (first["E局"].score, first["E局"].flag) == (Decimal("79.9"), FlagColor.YELLOW)
    async with db.sessions.begin() as s:
        await report(s, "E1", 100, shanghai(2026, 11, 3, 10, 0))  # in the grace days: 100 of 100 → 100.0
        d1 = (await s.execute(select(Project).where(Project.code == "D1"))).scalar_one()
        d1.start = date(2026, 11, 1)  # D局's only project now starts after Oct 31: D局 is not reviewed
    async with db.sessions.begin() as s:
        await compute_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT)
    async with db.sessions.begin() as s:
        stored = by_unit(await load_review(s, OCT, tz=TZ, now=AFTER_OCT))
    assert "D局" not in stored
    assert (stored["E局"].score, stored["E局"].flag) == (Decimal("100.0"), None)
    # 县直部门 by hand: A 113.3, B 110.0, C 105.0, E 100.0 — E is now 4th of four; A's score is unchanged
    assert {u: (e.score, e.rank) for u, e in stored.items() if e.group == "县直部门"} == {
        "A局": (Decimal("113.3"), 1),
        "B局": (Decimal("110.0"), 2),
        "C局": (Decimal("105.0"), 3),
        "E局": (Decimal("100.0"), 4),
    }
