"""The early warning judges each category by its own knobs (SPEC §7) and says nothing about an
indicator-scored one, whose score is given by a sheet and has no pace to carry on.

Worked by hand: target 120 over 2026 (100 by Oct 31). On Oct 8, 23 days before the Sep–Oct period ends,
甲局's A went 55 → 70 in the last 30 days (0.5 a day): 70 + 11.5 = 81.5 by Oct 31, 81.5 %; 乙局's B went
70 → 100 (1 a day): the target, 120 %. By the global yellow line (80) 甲局 is clear; 民生实事's own line
is 90, so it is heading for a yellow flag, and the line it is told is 90.
"""

from __future__ import annotations

from decimal import Decimal

from bot.domain.categories import Kind
from bot.domain.flags import FlagColor
from bot.domain.views import Lines
from bot.render.look import forecast_category_lines
from bot.services.forecast import forecast_all
from bot.services.trend import unit_trend
from bot.settings import Settings
from storage.queries import ledger as ledger_q
from storage.queries import scores as scores_q
from tests.conftest import Db, shanghai
from tests.factories import add_project, report

OCT_8 = shanghai(2026, 10, 8, 12, 0)


async def test_a_categorys_own_yellow_line_and_no_forecast_for_an_indicator_category(db: Db) -> None:
    async with db.sessions.begin() as s:
        await add_project(s, "A", unit="甲局", name="公益岗位")
        await add_project(s, "B", unit="乙局")
        indicator = await ledger_q.add_category(s, name="闯创干", now=OCT_8)
        indicator.kind = Kind.INDICATOR.value
        category = await ledger_q.get_category_by_name(s, "民生实事")
        assert category is not None
        await scores_q.set_category_rules(s, category, '{"yellow_below": "90"}')
    async with db.sessions.begin() as s:
        await report(s, "A", 55, shanghai(2026, 9, 8, 10, 0))
        await report(s, "A", 70, shanghai(2026, 10, 8, 10, 0))
        await report(s, "B", 70, shanghai(2026, 9, 8, 10, 0))
        await report(s, "B", 100, shanghai(2026, 10, 8, 10, 0))
    settings = Settings(_env_file=None, database_url=db.url, timezone="Asia/Shanghai")  # type: ignore[call-arg]
    async with db.sessions() as s:
        forecast = await forecast_all(s, now=OCT_8, settings=settings)
    assert {e.category for e in forecast.entries} == {"民生实事"}  # nothing for 闯创干
    mine = next(e for e in forecast.entries if e.unit == "甲局")
    assert (mine.score, mine.flag, mine.yellow_line) == (Decimal("81.5"), FlagColor.YELLOW, Decimal("90"))
    assert [p.code for p in mine.fixes] == ["A"]
    other = next(e for e in forecast.entries if e.unit == "乙局")
    assert (other.score, other.flag) == (Decimal("120.0"), FlagColor.RED)
    # the trend picture draws the category's own lines (red 100, yellow 90), in % (project-scored)
    async with db.sessions() as s:
        unit = await ledger_q.get_unit_by_name(s, "甲局")
        assert unit is not None and unit.id is not None
        trend = await unit_trend(s, unit.id, now=OCT_8, settings=settings)
    (livelihood,) = trend.categories
    assert livelihood.category == "民生实事" and livelihood.kind is Kind.PROJECTS
    assert livelihood.lines == Lines(red=Decimal("100"), yellow=Decimal("90"), red_top_n=3)
    assert trend.lines.yellow == Decimal("80")  # the global one, for the legend only
    # told against its own line, even when the caller passes the global one
    (head, *_) = forecast_category_lines(mine, yellow_line=Decimal("80"), lang="zh")
    assert "81.5" in head and "90.0" in head and "80.0" not in head
