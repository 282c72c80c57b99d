"""The 通报 with an indicator-scored category (SPEC §7): its holders' scores in points, never "%"."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.categories import Kind
from bot.domain.views_documents import ReviewPapers
from bot.render.notice import review_notice
from bot.render.wide_chart import category_chart
from tests.render.test_documents import SHANGHAI, between, papers, paragraphs


def indicator_papers() -> ReviewPapers:
    """The sample review with 重点项目 scored by a sheet (人社局 110.0, 发改局 72.0, 城关镇 101.0)."""
    base = papers()
    result = base.result
    entries = [replace(e, kind=Kind.INDICATOR) if e.category == "重点项目" else e for e in result.entries]
    rules = {"重点项目": {"kind": "indicator", "yellow_below": "75"}}
    return replace(base, result=replace(result, entries=entries, category_rules=rules))


def test_the_notice_names_indicator_holders_in_points() -> None:
    texts = paragraphs(review_notice(indicator_papers()))
    red = between(texts, "二、贡献红旗单位", "三、落后黄旗单位")
    yellow = between(texts, "三、落后黄旗单位", "四、旗帜变化情况")
    assert "人社局（110.0）" in red and "城关镇（101.0）" in red and "发改局（72.0）" in yellow
    assert "110.0%" not in red and "72.0%" not in yellow
    assert "人社局（103.4%）" in red  # the project-scored category keeps its percentages


def test_the_chart_of_an_indicator_category_draws() -> None:
    png = category_chart(indicator_papers().result, "重点项目", county="青川县", tz=SHANGHAI)
    assert png.startswith(b"\x89PNG")
