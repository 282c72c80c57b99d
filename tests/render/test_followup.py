"""The private yellow-flag notice names the real cause of a lag (未报送), keeps the projects of categories
without a flag apart, and asks for the plan by a day, in the official words."""

from __future__ import annotations

from datetime import date

from bot.domain.views_export import LaggingProject
from bot.render.followup import lagging_notice, yellow_notice

NOT_REPORTED = LaggingProject(
    "MS-03", "公益性岗位开发", "个", expected=233.4, actual=155.9, compliance=0.669, target=400,
    not_reported=True, category="民生实事",
)  # fmt: skip
REPORTED = LaggingProject(
    "MS-01", "农村公路提质改造", "公里", expected=16.91, actual=14.5, compliance=0.857, target=26,
    category="民生实事",
)  # fmt: skip
OTHER = LaggingProject(
    "ZD-02", "标准厂房建设", "万元", expected=2000, actual=1666.67, compliance=0.833, target=3000,
    category="重点项目",
)  # fmt: skip


def notice(lang: str = "zh") -> str:
    return yellow_notice(
        unit="人社局",
        period_label="2026年9—10月",
        categories=["民生实事"],
        projects=[NOT_REPORTED, REPORTED, OTHER],
        plan_due=date(2026, 11, 17),
        lang=lang,
    )


def test_a_project_not_reported_says_so() -> None:
    lines = notice().splitlines()
    [line] = [x for x in lines if "MS-03" in x]
    assert line.endswith("（本期未报送）")
    # counts are whole numbers: 156个, never 155.9个
    assert "累计完成156个，占年度目标的39.0%，序时进度58.4%，低于序时进度19.4个百分点" in line
    [reported] = [x for x in lines if "MS-01" in x]
    assert "未报送" not in reported


def test_projects_of_categories_without_a_flag_are_listed_apart_saying_so() -> None:
    lines = notice().splitlines()
    heading = lines.index("影响得分的主要滞后项目：")
    others = lines.index("以下项目所在类别未被评为黄旗，但同样滞后于序时进度：")
    assert heading < lines.index(next(x for x in lines if "MS-03" in x)) < others
    assert others < lines.index(next(x for x in lines if "ZD-02" in x))
    assert "累计完成1666.67万元" in notice()  # no thousands separator in Chinese


def test_the_plan_is_due_on_a_day_in_the_official_form() -> None:
    text = notice()
    assert text.startswith("🟨 人社局在2026年9—10月讲评中被评为落后黄旗（民生实事）。")
    assert (
        text.splitlines()[-1]
        == "请于2026年11月17日前用 /plan 逐项填写整改清单（问题、措施、责任人、完成时限）。"
    )
    assert "7 天内" not in text
    english = notice("en")
    assert (
        "by 17 Nov 2026" in english and "1,666.67 万元" in english and "(not reported this period)" in english
    )


def test_the_gentler_note_uses_the_same_words() -> None:
    text = lagging_notice(unit="水利局", period_label="2026年9—10月", projects=[REPORTED])
    assert text.splitlines()[0] == "水利局：2026年9—10月讲评未被评为落后黄旗，但以下项目滞后于序时进度："
    assert "累计完成14.5公里，占年度目标的55.8%，序时进度65.0%，低于序时进度9.3个百分点" in text
