"""The 通报 as a .docx (SPEC §11): GB/T 9704-2012 layout with python-docx, or a county's template. Pure.

Page: A4, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; body 仿宋_GB2312 三号 (16 pt) on a
fixed 28.95 pt line, which gives the standard's 22 lines × 28 characters; title 方正小标宋简体 二号;
headings 黑体 (一、) and 楷体_GB2312 (（一）). Every run names its East Asian font in w:rFonts/@w:eastAsia
and a common fallback besides, so Word, WPS and LibreOffice show Chinese where a 公文 font is missing.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from bot.domain.views_documents import ReviewPapers
from bot.render.notice_template import fill_template
from bot.render.notice_text import Block, NoticeText, notice_text
from bot.render.office_text import xml_text

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
RED = RGBColor(0xE6, 0x00, 0x12)
BODY_PT, TITLE_PT, TABLE_PT, MARK_PT = 16, 22, 10.5, 34  # 三号, 二号, 五号
TEXT_MM = 156.0  # 210 − 28 − 26
LINE_PT = 28.95  # 22 lines on the 225 mm text block


def set_font(
    run: Run, east_asia: str, size_pt: float, *, bold: bool = False, color: RGBColor | None = None
) -> None:
    """The run's Latin and East Asian fonts, size, weight and colour."""
    run.font.name = LATIN_FONT
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _paragraph(
    doc: DocxDocument,
    text: str,
    *,
    font: str = BODY_FONT,
    size: float = BODY_PT,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
    bold: bool = False,
    color: RGBColor | None = None,
) -> Paragraph:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT if size <= TITLE_PT else size * 1.3)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)  # 首行缩进两字
    if align is not None:
        p.alignment = align
    if text:
        set_font(p.add_run(xml_text(text)), font, size, bold=bold, color=color)
    return p


def _red_rule(p: Paragraph) -> None:
    """The red line under the 文号 (版头中的分隔线): the paragraph's bottom border."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "4"), ("w:color", "E60012")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p._p.get_or_add_pPr().append(borders)


def _widths_mm(columns: int) -> list[float]:
    """序号, 单位, 分组 narrow, the flags column, the categories sharing what is left of the 156 mm."""
    fixed = [12.0, 25.0, 19.0]
    flags = 20.0
    share = (TEXT_MM - sum(fixed) - flags) / max(columns - 4, 1)
    return [*fixed, *([share] * (columns - 4)), flags]


def _table(doc: DocxDocument, rows: list[list[str]]) -> Table:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _widths_mm(len(rows[0])) if len(rows[0]) >= 4 else [TEXT_MM / len(rows[0])] * len(rows[0])
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)  # the grid (LibreOffice reads it) as well as each cell (Word reads those)
    # Row by row (table.cell(r, c) lays out the whole grid at each call: minutes for a province).
    for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = Mm(widths[c])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(3)
            set_font(p.add_run(xml_text(value)), H1_FONT if r == 0 else BODY_FONT, TABLE_PT)
    return table


def _page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT  # type: ignore[attr-defined]
    normal.font.size = Pt(BODY_PT)  # type: ignore[attr-defined]
    normal_fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    normal_fonts.set(qn("w:eastAsia"), BODY_FONT)


def write_body(doc: DocxDocument, blocks: list[Block]) -> None:
    """The body's blocks at the end of the document."""
    for block in blocks:
        if block.kind == "h1":
            _paragraph(doc, block.text, font=H1_FONT, indent=True)
        elif block.kind == "h2":
            _paragraph(doc, block.text, font=H2_FONT, indent=True)
        elif block.kind == "table":
            _table(doc, block.rows)
            _paragraph(doc, "")
        else:
            _paragraph(doc, block.text, indent=True)


def _built_in(text: NoticeText) -> bytes:
    doc = Document()
    _page(doc)
    doc.core_properties.title = xml_text(text.title)
    doc.core_properties.author = xml_text(text.org)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(doc, text.org + "文件", font=TITLE_FONT, size=MARK_PT, align=center, color=RED)
    _paragraph(doc, "")
    _red_rule(_paragraph(doc, text.number, align=center))
    _paragraph(doc, "")
    _paragraph(doc, text.title, font=TITLE_FONT, size=TITLE_PT, align=center)
    _paragraph(doc, "")
    _paragraph(doc, text.to)
    write_body(doc, text.body)
    _paragraph(doc, "")
    right = WD_ALIGN_PARAGRAPH.RIGHT
    signature = _paragraph(doc, text.signature, align=right)
    date = _paragraph(doc, text.date, align=right)
    for p in (signature, date):
        p.paragraph_format.right_indent = Pt(BODY_PT * 4)  # 成文日期右空四字
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def review_notice(papers: ReviewPapers, lang: str = "zh") -> bytes:
    """The 通报 .docx: the county's template filled in when there is one, else the built-in layout."""
    text = notice_text(papers, lang)
    if papers.template is not None:
        return fill_template(papers.template, text, write_body=write_body, set_font=set_font)
    return _built_in(text)
