"""The 讲评会 slides (.pptx, 16:9, SPEC §11) with python-pptx. Pure.

A title slide; per category its 16:9 ranking chart (bot/render/wide_chart.py) with the red and yellow
lists beside it; the changes (夺旗、守旗、摘黄旗、连续黄旗); the lagging projects of the yellow-flag units
(as many slides as they need). Text in 微软雅黑 with the East Asian font named, like the 通报.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import tzinfo

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from bot.domain.flags import FlagColor
from bot.domain.views_documents import ReviewPapers
from bot.domain.views_export import LedgerLine
from bot.render.categories import shown_score
from bot.render.notice_text import change_blocks, chinese_date
from bot.render.office_text import xml_text
from bot.render.periods import period_label
from bot.render.texts import message
from bot.render.wide_chart import categories, category_chart
from bot.render.workbook_print import schedule_gap

FONT = "微软雅黑"
WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13.333 × 7.5 in: exactly 16:9
RED = RGBColor(0xC0, 0x00, 0x00)
DARK = RGBColor(0x26, 0x26, 0x26)
ROWS_PER_SLIDE = 10
CHART_AREA = (9.9, 7.1)  # inches: a category slide's chart, left of the flag lists


Line = tuple[str, str]  # (text, style): "title", "head" or "body"
STYLES = {"title": (26, True, RED), "head": (17, True, DARK), "body": (16, False, DARK)}


def _text(
    slide: Slide,
    lines: Sequence[str | Line],
    *,
    left: float,
    top: float,
    width: float,
    height: float,
    size: int = 18,
    bold_first: bool = False,
) -> None:
    """A text box; a plain line in `size`, a (text, style) line in that style; East Asian font named."""
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    for number, line in enumerate(lines):
        text, style = (
            line if isinstance(line, tuple) else (line, "first" if bold_first and number == 0 else "")
        )
        points, bold, color = STYLES.get(style, (size, style == "first", RED if style == "first" else DARK))
        p = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        run = p.add_run()
        run.text = xml_text(text)
        run.font.size = Pt(points)
        run.font.bold = bold
        run.font.color.rgb = color
        run.font.name = FONT
        rpr = run._r.get_or_add_rPr()
        east = rpr.find(qn("a:ea"))
        if east is None:
            east = rpr.makeelement(qn("a:ea"), {})
            rpr.append(east)
        east.set("typeface", FONT)


def _title(slide: Slide, text: str) -> None:
    _text(slide, [text], left=0.5, top=0.25, width=12.3, height=0.8, size=28, bold_first=True)


def _holders(papers: ReviewPapers, category: str, color: FlagColor, lang: str) -> list[Line]:
    """The flag's holders in the category by group: the group as a heading, then '城关镇 108.4%'."""
    entries = sorted(
        (e for e in papers.result.entries if e.category == category and e.flag is color),
        key=lambda e: (e.group, e.rank, e.unit),
    )
    if not entries:
        return [(message("documents_none", lang), "body")]
    lines: list[Line] = []
    last = ""
    for e in entries:
        if not lines or e.group != last:
            lines.append((e.group, "head"))
            last = e.group
        lines.append(
            (message("documents_slide_holder", lang, unit=e.unit, score=shown_score(e.score, e.kind)), "body")
        )
    return lines


def _lagging_rows(papers: ReviewPapers, lang: str) -> list[list[str]]:
    yellow = {(e.unit, e.category) for e in papers.result.entries if e.flag is FlagColor.YELLOW}
    rows = []
    lines: list[LedgerLine] = [x for x in papers.ledger if (x.unit, x.category) in yellow and x.lagging]
    for x in sorted(lines, key=lambda x: (x.unit, x.category, x.compliance or 0)):
        gap = schedule_gap(x) or 0.0
        state = message("documents_not_reported", lang) if x.reported is False else ""
        rows.append(
            [
                x.unit,
                x.category,
                x.name,
                message("documents_gap", lang, points=f"{-gap:.1f}") if gap < 0 else "—",
                state,
            ]
        )
    return rows


def _table(slide: Slide, rows: list[list[str]], widths: Sequence[float], lang: str) -> None:
    header = [
        message("documents_col_unit", lang),
        message("documents_col_category", lang),
        message("documents_col_project", lang),
        message("documents_col_gap", lang),
        message("documents_col_state", lang),
    ]
    shape = slide.shapes.add_table(
        len(rows) + 1,
        len(header),
        Inches(0.5),
        Inches(1.2),
        Inches(sum(widths)),
        Inches(0.45 * (len(rows) + 1)),
    )
    table = shape.table
    for c, width in enumerate(widths):
        table.columns[c].width = Emu(int(Inches(width)))
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = xml_text(value)
            for p in cell.text_frame.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(16)
                    run.font.name = FONT
                    run.font.bold = r == 0


def review_slides(papers: ReviewPapers, *, tz: tzinfo, lang: str = "zh", font: str | None = None) -> bytes:
    """The .pptx of a review: title, one slide per category, the changes, the yellow units' lagging projects."""
    result, head = papers.result, papers.head
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    blank = deck.slide_layouts[6]
    label = period_label(result.period, lang)

    slide = deck.slides.add_slide(blank)
    title = message("documents_slides_title", lang, county=head.county, period=label)
    _text(slide, [title], left=0.8, top=2.4, width=11.7, height=1.4, size=40, bold_first=True)
    _text(
        slide, [head.org, chinese_date(head.issued, lang)], left=0.8, top=4.2, width=11.7, height=1.2, size=24
    )

    for category in categories(result):
        slide = deck.slides.add_slide(blank)
        # The chart fills the slide's left (its own title names county, period and category); the lists
        # of red and yellow flags stand on the right.
        image = category_chart(
            result, category, county=head.county, tz=tz, lang=lang, font=font, size=CHART_AREA
        )
        slide.shapes.add_picture(io.BytesIO(image), Inches(0.1), Inches(0.2), width=Inches(CHART_AREA[0]))
        lines: list[str | Line] = [(message("documents_slide_category", lang, category=category), "title")]
        lines += [("", "body"), (message("documents_slide_red", lang), "title")]
        lines += _holders(papers, category, FlagColor.RED, lang)
        lines += [("", "body"), (message("documents_slide_yellow", lang), "title")]
        lines += _holders(papers, category, FlagColor.YELLOW, lang)
        _text(slide, lines, left=10.1, top=0.3, width=3.1, height=6.9)

    slide = deck.slides.add_slide(blank)
    _title(slide, message("documents_slide_changes", lang))
    changes = [b.text for b in change_blocks(result, lang)]
    _text(slide, changes, left=0.8, top=1.3, width=11.7, height=5.8, size=20)

    rows = _lagging_rows(papers, lang)
    widths = (2.2, 1.8, 4.6, 2.2, 1.5)
    for first in range(0, len(rows), ROWS_PER_SLIDE):
        slide = deck.slides.add_slide(blank)
        _title(slide, message("documents_slide_lagging", lang))
        _table(slide, rows[first : first + ROWS_PER_SLIDE], widths, lang)

    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
