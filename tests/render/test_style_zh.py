"""The house style (docs/style-zh.md) holds in every Chinese sentence of the catalogue, and the scan can fail.

What the scan bans in a zh text: 完成率 without 年度 (or 序时, SPEC §3's name for compliance) before it; ranks
written 'N/M 名'; thousands separators between digits; ISO dates; English keywords in a Chinese command
example; 🔮 and 💪. A command a person types (after '/') and <code> spans may show input formats.
"""

from __future__ import annotations

import re

import pytest

from bot.render import texts
from bot.render.numbers import amount, percent
from bot.render.official import date_text, deadline_text, progress_text, rank_text, red_flags_label

BARE_RATE = re.compile(r"(?<!年度)(?<!序时)完成率")
SLASH_RANK = re.compile(r"\d+\s*/\s*\d+\s*名|\{\w+\}\s*/\s*\{\w+\}\s*名")
THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")
ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\{\w+\}-\d{2}-\d{2}")
BANNED_EMOJI = re.compile("[🔮💪]")
# English keywords a Chinese help example must not use: the parsers take 领导, 管理员, 一把手, 无, 红旗, 上班 …
ENGLISH_KEYWORDS = re.compile(r"\b(leader|leaders|admin|head|none|red|yellow|work|off|workgroup|publish)\b")
COMMAND = re.compile(r"/[a-z]+(?: [^，。；：\n（）“”]*)?")
CODE = re.compile(r"<code>.*?</code>")


def _raw_catalogue() -> dict[str, tuple[str, str]]:
    """The catalogue as written, every area merged."""
    merged: dict[str, tuple[str, str]] = {}
    for area in texts.AREAS:
        merged.update(area.MESSAGES)
    return merged


def problems(zh: str) -> list[str]:
    """What a Chinese catalogue text does against the house style (empty when nothing)."""
    found = []
    prose = COMMAND.sub(" ", CODE.sub(" ", zh))  # what a person types may show the format typed
    if BARE_RATE.search(zh):
        found.append("完成率 without 年度 (compliance is 序时完成率, never 完成率)")
    if SLASH_RANK.search(zh):
        found.append("rank as N/M 名 (write 第8名（共9个单位）)")
    if THOUSANDS.search(zh):
        found.append("thousands separator in Chinese text (write 4780条)")
    if ISO_DATE.search(prose):
        found.append("ISO date in Chinese text (write 2026年11月17日)")
    if BANNED_EMOJI.search(zh):
        found.append("🔮 or 💪 in an official text")
    for command in COMMAND.findall(CODE.sub(" ", zh)):
        if ENGLISH_KEYWORDS.search(command):
            found.append(f"English keyword in a Chinese command example: {command.strip()}")
    return found


def test_every_chinese_text_keeps_the_house_style() -> None:
    offending = {key: problems(zh) for key, (zh, _) in _raw_catalogue().items() if problems(zh)}
    assert offending == {}


@pytest.mark.parametrize(
    "planted",
    [
        "今日序时：{expected}（完成率 {compliance}）",
        "排名 {rank}/{size} 名",
        "第 8/9 名",
        "累计完成1,666.67万元",
        "报送截止到 2026-09-06 00:00",
        "例：/grant leader @zhang",
        "例：/invite 人社局 head",
        "例：/override 人社局 民生实事 none 数据有误",
        "🔮 黄旗预警",
        "💪 夺旗",
    ],
)
def test_the_scan_fails_on_a_planted_banned_form(planted: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each banned form, planted in a real area file, makes the scan report that key."""
    area = texts.AREAS[0]
    monkeypatch.setitem(area.MESSAGES, "planted_for_the_test", (planted, "planted"))
    offending = {key for key, (zh, _) in _raw_catalogue().items() if problems(zh)}
    assert offending == {"planted_for_the_test"}


@pytest.mark.parametrize(
    "allowed",
    [
        "年度完成率{annual}",
        "序时完成率",
        "请写成 <code>2026-10-31T16:00</code> 这样的格式",
        "例：/grant 领导 @zhang",
        "例：/history MS-01 2026年9月1日 2026年10月31日",
        "第{rank}名（共{size}个单位）",
        "4780条",
    ],
)
def test_the_scan_lets_the_house_forms_through(allowed: str) -> None:
    assert problems(allowed) == []


# --------------------------------------------------------------------------------------- numbers and forms


@pytest.mark.parametrize(
    ("value", "measure", "zh", "en"),
    [
        (4780, "条", "4780", "4,780"),
        (1666.67, "万元", "1666.67", "1,666.67"),
        (7287000000, "元", "7287000000", "7,287,000,000"),
        (1234.5, "公里", "1234.5", "1,234.5"),
        (155.9, "个", "156", "156"),  # a count is whole
        (1566.4, "户", "1566", "1,566"),
        (0.333333, "公里", "0.33", "0.33"),
        (60, "%", "60", "60"),
        (0, "个", "0", "0"),
    ],
)
def test_amounts_have_no_separator_in_chinese_and_counts_are_whole(
    value: float, measure: str, zh: str, en: str
) -> None:
    assert amount(value, "zh", measure=measure) == zh
    assert amount(value, "en", measure=measure) == en


def test_percentages_always_carry_one_decimal() -> None:
    """'126%' beside '120.6%' reads as two kinds of number: one decimal everywhere."""
    assert percent(1.26) == "126.0%"
    assert percent(1.206) == "120.6%"
    assert percent(0.5576) == "55.8%"


def test_progress_is_said_against_the_annual_target_and_the_schedule() -> None:
    """The government form: 年度完成率 = actual ÷ target, the schedule as a share of it, the gap in points."""
    text = progress_text(actual=14.5, expected=16.91, target=26, measure="公里", lang="zh")
    assert text == "累计完成14.5公里，占年度目标的55.8%，序时进度65.0%，低于序时进度9.3个百分点"
    ahead = progress_text(actual=20, expected=16.91, target=26, measure="公里", lang="zh", compact=True)
    assert ahead == "累计20公里，年度完成率76.9%，高于序时进度11.9个百分点"
    assert "完成率" not in progress_text(actual=14.5, expected=16.91, target=26, measure="km", lang="en")


def test_dates_deadlines_ranks_and_red_flags_in_the_official_form() -> None:
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Shanghai")
    assert date_text(date(2026, 11, 7), "zh") == "2026年11月7日"
    assert date_text(date(2026, 11, 7), "en") == "7 Nov 2026"
    assert deadline_text(datetime(2026, 9, 6, 0, 0, tzinfo=tz), tz, "zh") == "2026年9月5日24时"
    assert rank_text(8, 9, "zh") == "第8名（共9个单位）"
    assert red_flags_label(2, "zh") == "双红旗"
    assert red_flags_label(3, "zh") == "三红旗"
    assert red_flags_label(3, "en") == "three red flags"
