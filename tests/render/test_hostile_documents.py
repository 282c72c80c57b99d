"""Any name, any text (issue 10 item 5) in the meeting's documents (issue 11): with hostile unit, project and
category names and notes the 通报 (.docx), the slides (.pptx), the 16:9 chart and every workbook sheet
(汇总, 排名, 台账, 原始上报, 整改清单, 规则, 台账变更) are built; the .docx and .pptx open again and hold each name
as written — less the control characters XML 1.0 cannot hold (bot/render/office_text.py drops them) — the
charts draw `$…$` as text, and no workbook cell holds a formula or an error value."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

import docx
import openpyxl
import pptx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.flags import FlagColor
from bot.domain.periods import Period
from bot.domain.views_documents import Letterhead, ReviewPapers
from bot.domain.views_export import LedgerLine
from bot.domain.views_ledger import LedgerChangeLine
from bot.domain.views_rectify import ItemState, PlanItem, PlansBoard, UnitPlan
from bot.render.notice import review_notice
from bot.render.rectify import board_text, fill_ask_text, reminder_text, unit_plan_text
from bot.render.slides import review_slides
from bot.render.wide_chart import category_chart, category_charts
from bot.render.workbook import review_workbook
from tests.render.test_hostile_text import (
    CHART_NAMES,
    CONTROL,
    PNG,
    SHANGHAI,
    accepted,
    hostile,
    hostile_result,
    says,
)
from tests.render.test_workbook import ledger, ranking, reports, review

XML_INVALID = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))


def written(name: str) -> str:
    """The name as a reader finds it in the .docx/.pptx: no XML-invalid character, no blanks (a line
    break may become a paragraph or a <w:br/>)."""
    return "".join(name.translate(dict.fromkeys(map(ord, XML_INVALID))).split())


def hostile_papers(unit: str, project: str, note: str, category: str) -> ReviewPapers:
    """Units unit/note/project…, categories category and project, group note; a yellow unit's lagging
    project named `project` with `note` as its note."""
    result = hostile_result([unit, category, note, project])
    yellow = next(e for e in result.entries if e.flag is FlagColor.YELLOW)  # type: ignore[attr-defined]
    head = Letterhead("青川县", "青川县考核办", "青考核办", (2026, 3), date(2026, 11, 6), date(2026, 11, 13))
    lagging = LedgerLine(
        "MS-07", project, yellow.unit, yellow.group, yellow.category, "户", 260, 1, date(2026, 1, 1),
        date(2026, 12, 31), 200.0, 120.0, 0.6, "严重滞后", None, lagging=True, reported=False, note=note,
    )  # fmt: skip
    return ReviewPapers(result, head, [lagging])  # type: ignore[arg-type]


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "".join("".join(p.text for p in document.paragraphs).split() + "".join(cells).split())


def pptx_text(data: bytes) -> str:
    deck = pptx.Presentation(io.BytesIO(data))
    texts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "".join("".join(texts).split())


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(hostile, min_size=4, max_size=4))
def test_the_notice_and_the_slides_open_and_say_every_hostile_name(names: list[str]) -> None:
    unit, project, note, category = names
    papers = hostile_papers(unit, project, note, category)
    for lang in ("zh", "en"):
        notice = docx_text(review_notice(papers, lang))
        slides = pptx_text(review_slides(papers, tz=SHANGHAI, lang=lang))
        # the 通报 names every unit of its ranking table and every category; the slides every flag holder,
        # every category and the yellow unit's lagging project
        for name in (unit, category, note, project):
            assert written(name) in notice, name
        for name in (unit, category, project):
            assert written(name) in slides, name


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(hostile, min_size=4, max_size=4))
def test_the_wide_chart_is_drawn_whatever_the_names(names: list[str]) -> None:
    result = hostile_result(names)
    charts = category_charts(result, county="青川县", tz=SHANGHAI)  # type: ignore[arg-type]
    assert charts and all(png.startswith(PNG) for _, png in charts)


@pytest.mark.parametrize("name", CHART_NAMES)
def test_the_wide_chart_draws_hostile_names_as_text(name: str) -> None:
    """`A$\\foo$局` read as mathematics fails (an unknown command): drawn, it was read as text."""
    result = hostile_result([name, f"{name}类", f"组{name}", f"{name}乡"])
    for category in (f"{name}类", f"组{name}"):
        png = category_chart(result, category, county=name, tz=SHANGHAI)  # type: ignore[arg-type]
        assert png.startswith(PNG)


def plan_item(number: int, unit: str, text: str, state: ItemState) -> PlanItem:
    return PlanItem(
        id=number, unit_id=number, unit=unit, code=f"MS-{number:02d}", name=text, category=text,
        problem=text, measure=text, owner=text, due=date(2026, 12, 1), state=state, comment=text,
        overdue=number % 2 == 0,
    )  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(names=st.lists(hostile, min_size=4, max_size=4))
def test_every_workbook_sheet_holds_the_names_and_no_formula_nor_error(names: list[str]) -> None:
    unit, project, note, category = names
    data = review(
        ranking=[replace(x, unit=unit, category=category, group=note) for x in ranking()],
        ledger=[replace(x, name=project, unit=unit, category=category, note=note) for x in ledger()],
        reports=[replace(x, note=note, reporter=unit, project=project) for x in reports()],
        rectification=[
            plan_item(1, unit, project, ItemState.OPEN),
            plan_item(2, note, category, ItemState.SUBMITTED),
        ],
        ledger_changes=[
            LedgerChangeLine(
                at=datetime(2026, 10, 2, tzinfo=UTC), actor=unit, fields=(), note=note, code=project
            )
        ],
    )
    book = openpyxl.load_workbook(io.BytesIO(review_workbook(data, county="青川县")))
    assert len(book.worksheets) == 7  # 汇总, 排名, 台账, 原始上报, 整改清单, 规则, 台账变更
    texts: dict[str, set[str]] = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not CONTROL.search(cell.value)
                    texts.setdefault(ws.title, set()).add(cell.value)
    summary, *_, plans, _rules, changes = book.sheetnames
    assert plans == "整改清单"
    for value, sheets in (
        (unit, (summary, plans, changes)),  # 汇总's unit column, 整改清单's, 台账变更's actor
        (category, (summary, plans)),  # 汇总's category column heading
        (project, (plans,)),
        (note, (plans, changes)),
    ):
        shown = CONTROL.sub("", value)[:32767]
        for sheet in sheets:
            assert shown in texts.get(sheet, set()) or not shown, (sheet, value)


@settings(max_examples=15, deadline=None)
@given(unit=hostile, text=hostile)
def test_rectification_texts_with_hostile_names_are_accepted(unit: str, text: str) -> None:
    """/plan, /plans and the reminder name the unit as written, whatever its projects and measures say."""
    items = [plan_item(1, unit, text, ItemState.OPEN), plan_item(2, unit, text, ItemState.RETURNED)]
    deadline = datetime(2026, 11, 13, 10, 0, tzinfo=UTC)
    plan = UnitPlan(1, unit, Period(2026, 10), [text], items, deadline, late=True)
    board = PlansBoard(Period(2026, 10), datetime(2026, 11, 6, 2, 0, tzinfo=UTC), deadline, [plan])
    for lang in ("zh", "en"):
        accepted(unit_plan_text(plan, lang=lang, tz=SHANGHAI, today=date(2026, 11, 20)))
        says(board_text(board, lang=lang, tz=SHANGHAI), unit)
        accepted(reminder_text(plan, lang=lang, tz=SHANGHAI))
        accepted(fill_ask_text(items[0], lang=lang, today=date(2026, 11, 20)))
