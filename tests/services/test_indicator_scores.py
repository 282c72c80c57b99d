"""Indicator-scored categories and per-category knobs in a review (SPEC §7), on SQLite and PostgreSQL.

A mixed county, worked out by hand: 民生实事 and 重点项目 are scored from projects (target 120, so the plan
expects 100 at Oct 31 and 120 at Dec 31), 闯创干 by score sheets (得分 + 加减分) with its own knobs
红旗名额 2 and 红旗最低分 95; the rest (黄旗线 80) are the global ones.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.categories import Kind
from bot.domain.flags import Badge, FlagColor, Transition
from bot.domain.periods import Period
from bot.domain.policy import Policy
from bot.ledger.parse import parse_ledger
from bot.ledger.scores import parse_scores
from bot.render.ledger import reason_text
from bot.services import category_rules
from bot.services.errors import UserError
from bot.services.indicator_scores import preview_scores
from bot.services.ledger import import_ledger
from bot.services.reviews import compute_review, publish_review
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.queries import ledger as ledger_q
from tests.conftest import TZ, Db, shanghai
from tests.factories import add_project, report

OCT, DEC = Period(2026, 10), Period(2026, 12)
AFTER_OCT, AFTER_DEC = shanghai(2026, 11, 10, 9, 0), shanghai(2027, 1, 10, 9, 0)
NOW = shanghai(2026, 11, 8, 10, 0)


def sheet(*rows: str, header: str = "单位,考核类别,得分,加减分,说明") -> bytes:
    return ("\n".join((header, *rows)) + "\n").encode()


async def import_sheet(db: Db, data: bytes, period: str, *, apply: bool = True):  # type: ignore[no-untyped-def]
    async with db.sessions.begin() as s:
        return await preview_scores(
            s, parse_scores(data, "评分.csv"), period=period, apply=apply, actor="test", now=NOW
        )


async def build_mixed_county(db: Db, *, with_sheet: bool = True) -> None:
    async with db.sessions.begin() as s:
        for unit in ("A局", "B局", "C局", "D局"):
            await add_project(s, f"{unit[0]}1", unit=unit, category="民生实事")
        for unit in ("A局", "B局", "D局"):
            await add_project(s, f"{unit[0]}2", unit=unit, category="重点项目")
    async with db.sessions.begin() as s:
        oct_day = shanghai(2026, 10, 20, 10, 0)
        for code, value in (("A1", 110), ("B1", 105), ("C1", 100), ("D1", 70)):
            await report(s, code, value, oct_day)
        for code, value in (("A2", 120), ("B2", 90), ("D2", 102)):
            await report(s, code, value, oct_day)
    if not with_sheet:
        return
    preview = await import_sheet(
        db,
        sheet("A局,闯创干,95,2,季度评价", "B局,闯创干,96,5,", "C局,闯创干,100,1.25,加分：获省表彰"),
        "2026-10",
    )
    assert preview.new_categories == ("闯创干",) and not preview.rejected
    async with db.sessions.begin() as s:
        await category_rules.set_rules(
            s, "闯创干", ["红旗名额=2", "红旗最低分=95"], policy=Policy(), actor="test", now=NOW
        )


def table(result, category: str):  # type: ignore[no-untyped-def]
    return {
        e.unit: (e.score, e.rank, e.flag, e.transition, e.streak)
        for e in result.entries
        if e.category == category
    }


async def test_a_mixed_review_ranks_given_scores_with_the_category_knobs(db: Db) -> None:
    await build_mixed_county(db)
    async with db.sessions.begin() as s:
        oct_result = await publish_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT, actor="test")
    new_red, new_yellow, none = Transition.NEW_RED, Transition.NEW_YELLOW, Transition.NONE
    red, yellow = FlagColor.RED, FlagColor.YELLOW
    assert table(oct_result, "民生实事") == {
        "A局": (Decimal("110.0"), 1, red, new_red, 1),
        "B局": (Decimal("105.0"), 2, red, new_red, 1),
        "C局": (Decimal("100.0"), 3, red, new_red, 1),
        "D局": (Decimal("70.0"), 4, yellow, new_yellow, 1),
    }
    assert table(oct_result, "重点项目") == {
        "A局": (Decimal("120.0"), 1, red, new_red, 1),
        "D局": (Decimal("102.0"), 2, red, new_red, 1),
        "B局": (Decimal("90.0"), 3, None, none, 0),
    }
    assert table(oct_result, "闯创干") == {  # D局 has no score: not ranked
        "C局": (Decimal("101.3"), 1, red, new_red, 1),  # 100 + 1.25 = 101.25 → 101.3
        "B局": (Decimal("101.0"), 2, red, new_red, 1),
        "A局": (Decimal("97.0"), 3, None, none, 0),  # ≥ 95 but 红旗名额 is 2 here
    }
    assert {e.category: e.kind for e in oct_result.entries} == {
        "民生实事": Kind.PROJECTS,
        "重点项目": Kind.PROJECTS,
        "闯创干": Kind.INDICATOR,
    }
    assert oct_result.badges == {  # 双红旗 counts the indicator category's red flags too
        "A局": {Badge.DOUBLE_RED},
        "B局": {Badge.DOUBLE_RED},
        "C局": {Badge.DOUBLE_RED},
    }
    assert oct_result.category_rules == {
        "闯创干": {"kind": "indicator", "red_top_n": 2, "red_min_score": "95"}
    }
    assert (oct_result.units_reported, oct_result.units_total) == (4, 4)

    # Nov–Dec: new sheet; 民生实事 reported again except C1; 重点项目 not at all (A2 is already done).
    await import_sheet(
        db, sheet("A局,闯创干,70,,", "B局,闯创干,96,5,", "C局,闯创干,99,0,", "D局,闯创干,90,,"), "2026-12"
    )
    async with db.sessions.begin() as s:
        dec_day = shanghai(2026, 12, 20, 10, 0)
        for code, value in (("A1", 120), ("B1", 132), ("D1", 84)):
            await report(s, code, value, dec_day)
    async with db.sessions.begin() as s:
        dec = await publish_review(s, DEC, policy=Policy(), tz=TZ, now=AFTER_DEC, actor="test")
    kept_red, kept_yellow = Transition.KEPT_RED, Transition.KEPT_YELLOW
    assert table(dec, "民生实事") == {
        "B局": (Decimal("110.0"), 1, red, kept_red, 2),
        "A局": (Decimal("100.0"), 2, red, kept_red, 2),
        "C局": (Decimal("83.3"), 3, None, Transition.LOST_RED, 0),  # 100/120, and not reported
        "D局": (Decimal("70.0"), 4, yellow, kept_yellow, 2),
    }
    assert table(dec, "重点项目") == {
        "A局": (Decimal("100.0"), 1, red, kept_red, 2),  # done before the period counts as reported
        "D局": (Decimal("85.0"), 2, None, Transition.LOST_RED, 0),
        "B局": (Decimal("75.0"), 3, yellow, new_yellow, 1),
    }
    assert table(dec, "闯创干") == {
        "B局": (Decimal("101.0"), 1, red, kept_red, 2),
        "C局": (Decimal("99.0"), 2, red, kept_red, 2),
        "D局": (Decimal("90.0"), 3, None, none, 0),  # first ranked now
        "A局": (Decimal("70.0"), 4, yellow, new_yellow, 1),
    }
    assert dec.badges == {"A局": {Badge.DOUBLE_RED}, "B局": {Badge.DOUBLE_RED}}


async def test_a_bad_sheet_is_refused_whole_naming_every_bad_row(db: Db) -> None:
    await build_mixed_county(db)
    bad = sheet(
        "A局,闯创干,88,,",  # fine
        "不存在局,闯创干,90,,",  # row 3: unknown unit
        "B局,民生实事,90,,",  # row 4: a project-scored category
        "C局,闯创干,九十,,",  # row 5: not a number
        "D局,闯创干,80,two,",  # row 6: 加减分 not a number
        "A局,,80,,",  # row 7: no category
    )
    preview = await import_sheet(db, bad, "2026-12")
    assert sorted({(e.row_number, e.column) for e in preview.errors}) == [
        (3, "单位"),
        (4, "考核类别"),
        (5, "得分"),
        (6, "加减分"),
        (7, "考核类别"),
    ]
    assert any("民生实事" in reason_text(e) for e in preview.errors)
    async with db.sessions.begin() as s:  # nothing stored: Nov–Dec has no 闯创干 ranking
        dec = await compute_review(s, DEC, policy=Policy(), tz=TZ, now=AFTER_DEC)
    assert [e for e in dec.entries if e.category == "闯创干"] == []


async def test_importing_a_period_again_replaces_it_and_shows_the_changes(db: Db) -> None:
    await build_mixed_county(db)
    again = sheet("A局,闯创干,95,2,", "B局,闯创干,90,0,", "D局,闯创干,88,1,")
    preview = await import_sheet(db, again, "2026-10", apply=False)
    assert preview.replacing and not preview.applied
    assert {(c.unit, c.old, c.new) for c in preview.changes} == {
        ("B局", Decimal("101.0"), Decimal("90.0")),
        ("C局", Decimal("101.3"), None),  # not in the new sheet: its score goes
        ("D局", None, Decimal("89.0")),
    }  # A局 is unchanged (97.0) and not listed
    applied = await import_sheet(db, again, "2026-10")
    assert applied.applied and applied.changes == preview.changes
    async with db.sessions.begin() as s:
        result = await compute_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT)
    assert {u: row[0] for u, row in table(result, "闯创干").items()} == {
        "A局": Decimal("97.0"),
        "B局": Decimal("90.0"),
        "D局": Decimal("89.0"),
    }


async def test_a_ledger_giving_projects_to_an_indicator_category_is_refused(db: Db) -> None:
    await build_mixed_county(db)
    ledger = "项目编号,项目名称,牵头单位,考核类别,年度目标\nX-1,道路,A局,民生实事,10\nX-2,创新,B局,闯创干,5\n"
    parsed = parse_ledger(ledger.encode(), "台账.csv", today=date(2026, 11, 8))
    async with db.sessions.begin() as s:
        summary = await import_ledger(
            s, parsed, actor="test", user_id=None, now=NOW, tz=TZ, default_group="县直部门"
        )
    assert [(e.row_number, e.column) for e in summary.errors] == [(3, "考核类别")]
    assert "闯创干" in reason_text(summary.errors[0]) and summary.created == []


async def test_category_knobs_are_set_and_reset_by_name_and_refused_when_wrong(db: Db) -> None:
    await build_mixed_county(db)
    async with db.sessions.begin() as s:
        setting = await category_rules.set_rules(
            s, "民生", ["yellow_below=75", "红旗名额＝1"], policy=Policy(), actor="test", now=NOW
        )
    assert (setting.name, setting.policy.yellow_below, setting.policy.red_top_n) == (
        "民生实事",
        Decimal("75"),
        1,
    )
    async with db.sessions.begin() as s:
        result = await compute_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT)
    assert {u: row[2] for u, row in table(result, "民生实事").items()} == {
        "A局": FlagColor.RED,  # 红旗名额 1
        "B局": None,
        "C局": None,
        "D局": FlagColor.YELLOW,  # 70 < 75
    }
    for words, key in ((["红旗数量=2"], "category_knob_unknown"), (["黄旗线=abc"], "category_knob_value"),
                       (["黄旗线"], "category_rules_word")):  # fmt: skip
        try:
            async with db.sessions.begin() as s:
                await category_rules.set_rules(s, "民生实事", words, policy=Policy(), actor="t", now=NOW)
        except UserError as error:
            assert error.key == key
        else:
            raise AssertionError(words)
    async with db.sessions.begin() as s:
        reset = await category_rules.set_rules(s, "民生实事", ["默认"], policy=Policy(), actor="t", now=NOW)
        listed = await category_rules.category_settings(s, policy=Policy())
    assert reset.policy == Policy() and reset.own == frozenset()
    assert [(c.name, c.kind, c.projects, sorted(c.own)) for c in listed] == [
        ("民生实事", Kind.PROJECTS, 4, []),
        ("重点项目", Kind.PROJECTS, 3, []),
        ("闯创干", Kind.INDICATOR, 0, ["red_min_score", "red_top_n"]),
    ]


SCORES = st.decimals(min_value=-20, max_value=120, places=2, allow_nan=False, allow_infinity=False)
SHEETS = st.dictionaries(
    st.tuples(st.sampled_from(["A局", "B局", "C局", "D局"]), st.sampled_from(["闯创干", "真抓实干"])),
    st.tuples(SCORES, st.decimals(min_value=-5, max_value=5, places=2)),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=SHEETS, knobs=st.lists(st.sampled_from(["红旗名额=1", "红旗最低分=60", "黄旗线=95"]), max_size=2))
async def test_importing_scores_never_changes_a_project_scored_category(
    sqlite_db: Db, rows: dict[tuple[str, str], tuple[Decimal, Decimal]], knobs: list[str]
) -> None:
    db = sqlite_db
    async with db.sessions() as s, s.begin():
        before = await compute_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT)
        data = sheet(*(f"{u},{c},{score},{bonus}," for (u, c), (score, bonus) in rows.items()))
        preview = await preview_scores(
            s, parse_scores(data, "评分.csv"), period="2026-10", apply=True, actor="t", now=NOW
        )
        assert not preview.rejected
        if knobs:
            named = next(iter(rows))[1]  # a category the sheet made
            await category_rules.set_rules(s, named, knobs, policy=Policy(), actor="t", now=NOW)
        after = await compute_review(s, OCT, policy=Policy(), tz=TZ, now=AFTER_OCT)
        await s.rollback()
    projects = {"民生实事", "重点项目"}
    assert [e for e in after.entries if e.category in projects] == [
        e for e in before.entries if e.category in projects
    ]
    assert {(e.unit, e.category) for e in after.entries if e.category not in projects} == set(rows)


@pytest.fixture
async def sqlite_db(sqlite_url: str) -> AsyncIterator[Db]:
    """The mixed county's projects (no score sheet yet), built once for every hypothesis example."""
    engine = make_engine(sqlite_url)
    await upgrade(engine)
    db = Db(engine=engine, sessions=make_sessionmaker(engine), url=sqlite_url)
    await build_mixed_county(db, with_sheet=False)
    yield db
    await engine.dispose()


async def test_a_unit_may_be_named_by_its_short_name_but_only_once_per_category(db: Db) -> None:
    await build_mixed_county(db)
    async with db.sessions.begin() as s:
        unit = await ledger_q.get_unit_by_name(s, "A局")
        assert unit is not None
        unit.short_name = "甲"
        s.add(unit)
    twice = await import_sheet(db, sheet("A局,闯创干,90,,", "甲,闯创干,91,,"), "2026-12")
    assert [(e.row_number, e.column, reason_text(e)) for e in twice.errors] == [
        (3, "单位", "与第 2 行是同一单位")
    ]
    once = await import_sheet(db, sheet("甲,闯创干,91,,"), "2026-12")
    assert [(c.unit, c.new) for c in once.changes] == [("A局", Decimal("91.0"))]
