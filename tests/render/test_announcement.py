"""The review announcement: flags, transitions, badges, escalations and overrides, in zh and en, split
into Telegram-sized HTML messages that never cut a line and always escape user-provided names."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.domain.flags import Badge, FlagColor, Transition
from bot.domain.periods import Period
from bot.domain.policy import Policy
from bot.domain.review import Entry, ReviewResult
from bot.render.announcement import announcement_caption, announcement_messages
from handlers.markup import to_html

SHANGHAI = ZoneInfo("Asia/Shanghai")
CUTOFF = datetime(2026, 11, 5, 16, 0, tzinfo=UTC)  # 2026-11-06 00:00 in Shanghai: reports of Nov 5 count
CATEGORIES = {"民生实事": 1, "重点项目": 2}
UNITS: dict[str, int] = {}


def entry(
    unit: str,
    category: str,
    score: str,
    rank: int,
    flag: FlagColor | None = None,
    transition: Transition = Transition.NONE,
    streak: int = 0,
    *,
    group: str = "县直部门",
    proposed: FlagColor | None | str = "same",
    reason: str | None = None,
) -> Entry:
    return Entry(
        unit_id=UNITS.setdefault(unit, len(UNITS) + 1),
        unit=unit,
        group=group,
        category_id=CATEGORIES[category],
        category=category,
        score=Decimal(score),
        rank=rank,
        flag=flag,
        proposed_flag=flag if proposed == "same" else proposed,  # type: ignore[arg-type]
        transition=transition,
        streak=streak,
        projects_counted=2,
        all_reported=True,
        override_reason=reason,
    )


RED, YELLOW = FlagColor.RED, FlagColor.YELLOW
T = Transition


def sample_result(entries: list[Entry] | None = None, **changes: object) -> ReviewResult:
    """A review with every kind of news: red and yellow flags, transitions, badges, an escalation, overrides."""
    rows = entries if entries is not None else [
        entry("人社局", "民生实事", "103.4", 1, RED, T.KEPT_RED, 3),
        entry("商科工信局", "民生实事", "101.0", 2, RED, T.NEW_RED, 1),
        entry("发改局", "民生实事", "95.0", 3),
        entry("应急管理局", "民生实事", "85.0", 4, None, T.SHED_YELLOW),
        entry("交通运输局", "民生实事", "78.0", 5, None, proposed=YELLOW, reason="汛期抢险<特殊情况>"),
        entry("A&B<局>", "民生实事", "60.0", 6, YELLOW, T.NEW_YELLOW, 1),
        entry("人社局", "重点项目", "110.0", 1, RED, T.NEW_RED, 1),
        entry("发改局", "重点项目", "72.0", 2, YELLOW, T.KEPT_YELLOW, 2),
        entry("城关镇", "民生实事", "120.0", 1, RED, T.YELLOW_TO_RED, 1, group="乡镇"),
        entry("红星乡", "民生实事", "70.0", 2, YELLOW, T.RED_TO_YELLOW, 1, group="乡镇"),
        entry("城关镇", "重点项目", "101.0", 1, RED, T.NEW_RED, 1, group="乡镇"),
    ]  # fmt: skip
    values: dict[str, object] = {
        "period": Period(2026, 10),
        "status": "published",
        "cutoff": CUTOFF,
        "provisional": False,
        "policy": Policy(),
        "entries": rows,
        "units_reported": 7,
        "units_total": 8,
        "badges": {"人社局": {Badge.DOUBLE_RED}, "城关镇": {Badge.DOUBLE_RED, Badge.FLAG_WINNER}},
        "published_at": CUTOFF,
    }
    values.update(changes)
    return ReviewResult(**values)  # type: ignore[arg-type]


class _TagBalance(HTMLParser):
    """Checks that every tag closes, in order, and collects the visible text."""

    ALLOWED = {"b", "i", "u", "s", "code", "pre", "a"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in self.ALLOWED:
            self.errors.append(f"tag <{tag}> is not Telegram HTML")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unbalanced </{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def sent(*args: Any, **kwargs: Any) -> list[str]:
    """The announcement as Telegram receives it: render's marked text through the Telegram adapter."""
    return [to_html(text) for text in announcement_messages(*args, **kwargs)]


def visible(message: str) -> str:
    """The text a reader sees; fails the test if the HTML is not balanced Telegram HTML."""
    parser = _TagBalance()
    parser.feed(message)
    parser.close()
    assert not parser.errors, parser.errors
    assert not parser.stack, f"unclosed tags {parser.stack}"
    return "".join(parser.text)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_chinese_announcement_says_everything_that_happened() -> None:
    messages = sent(sample_result(), tz=SHANGHAI)
    assert len(messages) == 1
    text = visible(messages[0])
    expected = [
        "2026年9—10月双月讲评结果",
        "报送截止：2026年11月5日24时",
        "共8个单位参评，7个单位按时报送齐全",
        "3个单位领到贡献红旗，3个单位领到落后黄旗",  # units counted, not flags (5 red flags in all)
        "🚩 贡献红旗单位",
        "民生实事 · 县直部门",
        "🚩 人社局 103.4% · 守旗·连续3期",
        "🚩 商科工信局 101.0%",
        "民生实事 · 乡镇",
        "🚩 城关镇 120.0% · 夺旗",
        "🟨 落后黄旗单位",
        "🟨 A&B<局> 60.0%",
        "🟨 发改局 72.0% · ⚠️连续2期",
        "🟨 红星乡 70.0% · 由贡献红旗转为落后黄旗",
        "🏅 夺旗模范：城关镇（由落后黄旗到双红旗：民生实事、重点项目）",
        "🎖 双红旗：人社局（民生实事、重点项目）",
        "🚩 夺旗：城关镇 · 民生实事（落后黄旗→贡献红旗）",
        "🛡 守旗：人社局 · 民生实事，连续3期",
        "✅ 摘黄旗：应急管理局 · 民生实事",
        "⚠️ 连续黄旗：发改局 · 重点项目，连续2期领到落后黄旗，提请单位一把手关注",
        "交通运输局 · 民生实事：落后黄旗→无旗（理由：汛期抢险<特殊情况>）",
        "/myflag",
    ]
    for piece in expected:
        assert piece in text, piece
    # the flag winner is not announced a second time as a mere double red
    assert "双红旗：城关镇" not in text
    # only flag holders are listed under the flags
    assert "🚩 发改局" not in text and "🟨 交通运输局" not in text


def test_red_flags_are_listed_before_yellow_and_by_category_then_group() -> None:
    text = visible(sent(sample_result(), tz=SHANGHAI)[0])
    # groups in the order of review_text and the workbook (by name: 乡镇 before 县直部门)
    order = ["🚩 贡献红旗单位", "民生实事 · 乡镇", "民生实事 · 县直部门", "🚩 人社局 103.4%", "🚩 商科工信局",
             "重点项目 · 乡镇", "重点项目 · 县直部门", "🚩 人社局 110.0%", "🟨 落后黄旗单位", "📌 旗帜变化", "✍️ 人工调整",
             "/myflag"]  # fmt: skip
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)


def test_english_announcement_keeps_the_names_and_translates_the_rest() -> None:
    messages = sent(sample_result(), tz=SHANGHAI, lang="en")
    text = visible("\n".join(messages))
    for piece in [
        "Sep–Oct 2026 review results",
        "Reports counted until: end of 5 Nov 2026",
        "7 of 8 units reported in full on time",
        "🚩 Red flags",
        "🚩 人社局 103.4% · kept, 3 in a row",
        "🚩 城关镇 120.0% · yellow to red",
        "🟨 Yellow flags",
        "🏅 Flag winner: 城关镇",
        "🎖 two red flags: 人社局",
        "🛡 Kept red: 人社局 · 民生实事, 3 in a row",
        "✅ Shed yellow: 应急管理局 · 民生实事",
        "⚠️ Yellow again: 发改局 · 重点项目, 2 in a row",
        "交通运输局 · 民生实事: yellow → none (汛期抢险<特殊情况>)",
        "/myflag",
    ]:
        assert piece in text, piece
    assert "红旗" not in text.replace("人社局", "")  # no Chinese sentence leaks into English
    assert "双月讲评" not in text


def test_overrides_are_marked_on_the_flag_line_with_their_reason_below() -> None:
    rows = sample_result().entries + [
        entry(
            "商科工信局", "重点项目", "105.0", 2, RED, T.NEW_RED, 1, proposed=None, reason="补报材料已核实"
        ),
    ]
    text = visible(sent(sample_result(rows), tz=SHANGHAI)[0])
    assert "🚩 商科工信局 105.0% · ✍️人工调整" in text
    assert "商科工信局 · 重点项目：无旗→贡献红旗（理由：补报材料已核实）" in text


def test_names_and_reasons_are_escaped() -> None:
    for lang in ("zh", "en"):
        raw = "\n".join(sent(sample_result(), tz=SHANGHAI, lang=lang))
        assert "A&amp;B&lt;局&gt;" in raw
        assert "A&B<局>" not in raw
        assert "汛期抢险&lt;特殊情况&gt;" in raw
        visible(raw)  # balanced


def test_previous_review_counts_and_drafts_are_stated() -> None:
    before = sample_result([entry("人社局", "民生实事", "70.0", 1, YELLOW, T.NEW_YELLOW, 1)])
    text = visible(sent(sample_result(status="draft"), tz=SHANGHAI, previous=before)[0])
    assert "上期：0个单位领到贡献红旗，1个单位领到落后黄旗" in text
    assert "草稿，尚未发布" in text
    provisional = visible(sent(sample_result(status="draft", provisional=True), tz=SHANGHAI)[0])
    assert "临时结果" in provisional


def test_a_cutoff_that_is_not_midnight_is_shown_with_its_time() -> None:
    cutoff = datetime(2026, 11, 5, 7, 30, tzinfo=UTC)  # 15:30 in Shanghai
    zh = visible(sent(sample_result(cutoff=cutoff), tz=SHANGHAI)[0])
    en = visible(sent(sample_result(cutoff=cutoff), tz=SHANGHAI, lang="en")[0])
    assert "报送截止：2026年11月5日15:30" in zh
    assert "Reports counted until: 5 Nov 2026 15:30" in en


def test_a_review_without_flags_says_so() -> None:
    rows = [entry("人社局", "民生实事", "90.0", 1)]
    text = visible(sent(sample_result(rows, badges={}), tz=SHANGHAI)[0])
    assert "本期未评出贡献红旗单位。" in text and "本期没有落后黄旗单位。" in text
    assert "旗帜变化" not in text and "人工调整" not in text


def big_result(units_per_group: int = 150) -> ReviewResult:
    """300 units in two groups and two categories; long names; everyone flagged and moving."""
    rows: list[Entry] = []
    for category in CATEGORIES:
        for group in ("县直部门", "乡镇"):
            for i in range(units_per_group):
                name = f"{group}第{i:03d}号单位<&>" + "很长的名字" * 3
                flag = RED if i % 2 == 0 else YELLOW
                transition = T.KEPT_RED if flag is RED else T.KEPT_YELLOW
                rows.append(entry(name, category, f"{150 - i * 0.5:.1f}", i + 1, flag, transition, 2,
                                  group=group, proposed=None, reason="核实后调整" * 5))  # fmt: skip
    return sample_result(rows, badges={}, units_total=300, units_reported=290)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_300_unit_announcement_splits_cleanly_between_lines(lang: str) -> None:
    result = big_result()
    messages = sent(result, tz=SHANGHAI, lang=lang)
    assert len(messages) > 3
    whole_lines: set[str] = set()
    for message in messages:
        # Telegram counts the text after parsing the HTML; every piece is balanced HTML on its own
        assert utf16(visible(message)) <= 4096
        assert not message.startswith("\n") and not message.endswith("\n")
        whole_lines.update(message.split("\n"))
    # no line was cut: every flag line of every unit appears whole in some message
    for e in result.entries:
        name = e.unit.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        mark = "🚩" if e.flag is RED else "🟨"
        assert any(line.startswith(f"{mark} {name} {e.score:.1f}%") for line in whole_lines), e.unit
    # a continuation says which part it is and repeats the section and group headings
    second = messages[1].split("\n")
    assert ("（续2/" if lang == "zh" else "(cont. 2/") in second[0]
    assert second[1].startswith("<b>🚩") and second[2].startswith("<b>")
    # no message ends on a heading
    for message in messages[:-1]:
        last = message.split("\n")[-1]
        assert not last.startswith("<b>"), last


def test_caption_fits_a_photo() -> None:
    for lang in ("zh", "en"):
        text = announcement_caption(sample_result(), lang)
        assert utf16(text) <= 1024
        assert ("2026年9—10月" if lang == "zh" else "Sep–Oct 2026") in text
        assert "3" in text  # 3 units with a red flag (5 red flags), 3 with a yellow one
    assert "（2/3）" in announcement_caption(sample_result(), "zh", page=2, pages=3)


def test_three_red_flags_are_called_three_not_double() -> None:
    """水利局 with red flags in three categories is 三红旗, and a unit with two flags counts once."""
    CATEGORIES.setdefault("闯创干", 3)
    rows = [
        entry("水利局", category, "110.0", 1, RED, T.NEW_RED, 1)
        for category in ("民生实事", "重点项目", "闯创干")
    ] + [entry("人社局", "民生实事", "105.0", 2, RED, T.NEW_RED, 1)]
    result = sample_result(rows, badges={"水利局": {Badge.DOUBLE_RED}})
    text = visible(sent(result, tz=SHANGHAI)[0])
    assert "🎖 三红旗：水利局（民生实事、重点项目、闯创干）" in text
    assert "双红旗" not in text
    assert "2个单位领到贡献红旗，0个单位领到落后黄旗" in text
    english = visible(sent(result, tz=SHANGHAI, lang="en")[0])
    assert "🎖 three red flags: 水利局" in english
