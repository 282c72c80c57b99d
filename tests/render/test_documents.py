"""The meeting's documents opened with their own libraries: the 通报's page, 文号, headings and date; the
slides' 16:9 size and one slide per category; the 16:9 chart's size (SPEC §11). Structure, not bytes."""

from __future__ import annotations

import io
from datetime import date
from zoneinfo import ZoneInfo

import docx
import pptx
from docx.oxml.ns import qn
from PIL import Image

from bot.domain.views_documents import Letterhead, ReviewPapers
from bot.domain.views_export import LedgerLine
from bot.render.notice import review_notice
from bot.render.slides import review_slides
from bot.render.wide_chart import category_chart
from tests.render.test_announcement import sample_result

SHANGHAI = ZoneInfo("Asia/Shanghai")


def papers(*, number: tuple[int, int] | None = (2026, 3), template: bytes | None = None) -> ReviewPapers:
    head = Letterhead(
        county="青川县",
        org="青川县考核办",
        prefix="青考核办",
        number=number,
        issued=date(2026, 11, 6),
        plan_due=date(2026, 11, 13),
    )
    # 120 户 done of 260 while 200 are due: (120 − 200) ÷ 260 = 30.8 points below 序时进度
    lagging = LedgerLine(
        "MS-07", "老旧小区改造", "红星乡", "乡镇", "民生实事", "户", 260, 1, date(2026, 1, 1), date(2026, 12, 31),
        200.0, 120.0, 0.6, "严重滞后 · 未报送", None, lagging=True, reported=False,
    )  # fmt: skip
    return ReviewPapers(sample_result(), head, [lagging], template)


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def between(texts: list[str], start: str, end: str) -> str:
    first = texts.index(start)
    last = texts.index(end)
    return "\n".join(texts[first + 1 : last])


def test_notice_has_the_gb_t_9704_page() -> None:
    document = docx.Document(io.BytesIO(review_notice(papers())))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]


def test_notice_numbers_titles_and_dates() -> None:
    texts = paragraphs(review_notice(papers()))
    assert texts[0] == "青川县考核办文件"
    assert "青考核办〔2026〕3号" in texts
    assert "关于2026年9—10月双月讲评流动红黄旗评定情况的通报" in texts
    assert "各乡镇、县直部门：" in texts
    # 落款 and 成文日期 last, in full with Arabic numerals and no leading zeros
    assert [t for t in texts if t][-2:] == ["青川县考核办", "2026年11月6日"]
    assert "2026年11月13日前" in "".join(texts)  # 整改措施 by PLAN_DUE


def test_a_draft_is_not_numbered() -> None:
    texts = paragraphs(review_notice(papers(number=None)))
    assert "（讨论稿，未编号）" in texts
    assert not any("〔" in t for t in texts)


def test_every_flag_holder_is_under_the_right_heading() -> None:
    texts = paragraphs(review_notice(papers()))
    red = between(texts, "二、贡献红旗单位", "三、落后黄旗单位")
    yellow = between(texts, "三、落后黄旗单位", "四、旗帜变化情况")
    changes = between(texts, "四、旗帜变化情况", "五、排名情况")
    for unit in ("人社局（103.4%）", "商科工信局（101.0%）", "人社局（110.0%）", "城关镇（120.0%）"):
        assert unit in red
    for unit in ("A&B<局>（60.0%）", "发改局（72.0%）", "红星乡（70.0%）"):
        assert unit in yellow
    assert "红星乡" not in red and "商科工信局" not in yellow
    assert "（一）民生实事" in red and "（二）重点项目" in red
    assert "县直部门（2个）：人社局（103.4%）、商科工信局（101.0%）。" in red
    assert "夺旗：城关镇（民生实事）。" in changes
    assert "守旗：人社局（民生实事，连续3期）。" in changes
    assert "摘黄旗：应急管理局（民生实事）。" in changes
    assert "连续黄旗：发改局（重点项目，连续2期）。" in changes
    assert "双红旗：人社局、城关镇。" in changes


def test_ranking_summary_is_a_table_one_row_per_unit() -> None:
    table = docx.Document(io.BytesIO(review_notice(papers()))).tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["序号", "单位", "分组", "民生实事", "重点项目", "旗帜"]
    units = [row.cells[1].text for row in table.rows[1:]]
    assert len(units) == len(set(units)) == 8
    renshe = next(row for row in table.rows if row.cells[1].text == "人社局")
    assert [c.text for c in renshe.cells[3:]] == ["103.4（1）", "110.0（1）", "红旗2面"]


def test_every_run_names_an_east_asian_font() -> None:
    document = docx.Document(io.BytesIO(review_notice(papers())))
    runs = [r for p in document.paragraphs for r in p.runs]
    fonts = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in runs}
    assert fonts == {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"}
    title = next(r for p in document.paragraphs for r in p.runs if r.text.startswith("关于"))
    assert title.font.size.pt == 22
    body = next(r for p in document.paragraphs for r in p.runs if r.text.startswith("按照"))
    assert body.font.size.pt == 16  # 三号


def test_a_county_template_gets_its_placeholders_filled() -> None:
    template = docx.Document()
    template.add_paragraph("{{发文机关}}")
    template.add_paragraph("{{文号}}")
    template.add_paragraph("{{标题}}")
    template.add_paragraph("{{主送}}")
    template.add_paragraph("{{正文}}")
    template.add_paragraph("{{落款}}　{{成文日期}}")
    template.add_paragraph("抄送：县委办、县政府办")
    buffer = io.BytesIO()
    template.save(buffer)
    texts = paragraphs(review_notice(papers(template=buffer.getvalue())))
    assert texts[:4] == [
        "青川县考核办",
        "青考核办〔2026〕3号",
        "关于2026年9—10月双月讲评流动红黄旗评定情况的通报",
        "各乡镇、县直部门：",
    ]
    assert texts[4].startswith("按照流动红黄旗考核工作安排")
    assert texts[-2:] == ["青川县考核办　2026年11月6日", "抄送：县委办、县政府办"]
    assert "二、贡献红旗单位" in texts and not any("{{" in t for t in texts)


def test_slides_are_16_9_with_a_slide_per_category() -> None:
    deck = pptx.Presentation(io.BytesIO(review_slides(papers(), tz=SHANGHAI)))
    assert deck.slide_width * 9 == deck.slide_height * 16
    texts = [
        [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] for slide in deck.slides
    ]
    assert "青川县2026年9—10月双月讲评会" in texts[0]
    category_slides = [
        i for i, t in enumerate(texts) if t and t[0].split("\n")[0] in ("民生实事", "重点项目")
    ]
    assert [texts[i][0].split("\n")[0] for i in category_slides] == ["民生实事", "重点项目"]
    for i in category_slides:
        assert any(shape.shape_type == 13 for shape in deck.slides[i].shapes)  # the chart picture
    first = "\n".join(texts[category_slides[0]])
    assert first.index("贡献红旗") < first.index("县直部门\n人社局 103.4%") < first.index("落后黄旗")
    assert "乡镇\n红星乡 70.0%" in first.split("落后黄旗")[1]
    assert any("夺旗：城关镇（民生实事）。" in t for t in texts[category_slides[-1] + 1])
    table = next(s for s in deck.slides[-1].shapes if s.has_table).table
    row = [table.cell(1, c).text for c in range(5)]
    assert row == ["红星乡", "民生实事", "老旧小区改造", "低于30.8个百分点", "未报送"]


def test_the_wide_chart_is_16_9() -> None:
    png = category_chart(sample_result(), "民生实事", county="青川县", tz=SHANGHAI)
    picture = Image.open(io.BytesIO(png))
    width, height = picture.size
    assert abs(width / height - 16 / 9) < 0.01 and width >= 1900
