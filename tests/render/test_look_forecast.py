"""/myflag's early-warning text: a section when a category is heading for yellow, one line otherwise."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.domain.flags import FlagColor
from bot.domain.periods import Period
from bot.domain.views import CategoryForecast, ProjectForecast, UnitForecast
from bot.render.look import forecast_text
from handlers.markup import to_html

LINE = Decimal("80")


def project(code: str, *, forecast: float, weight: float = 1.0) -> ProjectForecast:
    return ProjectForecast(
        project_id=hash(code) % 1000,
        code=code,
        name=f"<{code}>工程",
        unit_id=1,
        category_id=1,
        measure="个",
        weight=weight,
        target=120,
        actual=forecast,
        pace=0.0,
        forecast=forecast,
        expected=100,
        compliance=forecast / 100,
    )


def category(
    name: str, score: str, flag: FlagColor | None, *, fixes: list[ProjectForecast] | None = None
) -> CategoryForecast:
    return CategoryForecast(
        unit_id=1,
        unit="人社局",
        group="县直部门",
        category_id=1,
        category=name,
        score=Decimal(score),
        rank=5,
        flag=flag,
        pool_size=6,
        projects=fixes or [],
        fixes=fixes or [],
        score_if_fixed=Decimal("100.4") if fixes else Decimal(score),
    )


def unit_forecast(*categories: CategoryForecast) -> UnitForecast:
    return UnitForecast(
        unit_id=1, period=Period(2026, 10), on=date(2026, 10, 31), days_left=6, categories=list(categories)
    )


def test_heading_for_yellow_names_the_projects_escaped_in_english_too() -> None:
    view = unit_forecast(
        category("民生实事", "73.7", FlagColor.YELLOW, fixes=[project("K1", forecast=60, weight=2)]),
        category("重点项目", "101.0", FlagColor.RED),
    )
    text = to_html(forecast_text(view, yellow_line=LINE, window_days=30, lang="en"))  # as Telegram gets it
    lines = text.splitlines()
    assert lines[0].startswith(
        "⚠️ <b>Yellow-flag warning</b>: at the pace of the last 30 days, by 31 Oct 2026"
    )
    assert "[民生实事] expected score 73.7%, below the yellow line of 80.0%, rank 5 of 6" in lines[1]
    assert "K1 &lt;K1&gt;工程: forecast 60 of 100 个 expected, 40 个 short (weight 2)" in text
    assert "With these on schedule the expected score is 100.4%." in text
    assert "重点项目" not in text  # only the categories heading for yellow are detailed
    chinese = forecast_text(view, yellow_line=LINE, window_days=30, lang="zh")
    assert (
        "【民生实事】预计得分73.7%，低于黄旗线80.0%，排名第5名（共6个单位），可能被评为落后黄旗。" in chinese
    )
    assert "🔮" not in chinese and "/6" not in chinese


def test_on_track_is_one_line_and_nothing_to_forecast_is_nothing() -> None:
    view = unit_forecast(category("民生实事", "95.0", None), category("重点项目", "101.0", FlagColor.RED))
    assert forecast_text(view, yellow_line=LINE, window_days=30, lang="zh") == (
        "📈 按目前进度（近30天）推算，到2026年10月31日：民生实事 95.0%（无旗）；重点项目 101.0%（🚩贡献红旗）"
    )
    assert forecast_text(unit_forecast(), yellow_line=LINE, window_days=30, lang="zh") == ""
