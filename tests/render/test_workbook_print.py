"""The workbook ready to print (SPEC §11): page setup, the merged title with the county, the summary sheet
with one row per unit and 序号, the measure's number form, 年度完成率 / 序时差 / the units' notes, the rules
in Chinese with numbers stored as numbers."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import openpyxl

from bot.domain.policy import Policy
from bot.domain.views_export import LedgerLine
from bot.render.workbook import HEADER_ROW, review_workbook
from tests.render.test_workbook import ledger, review, table


def workbook(**changes: object) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(review_workbook(review(**changes), county="青川县")))


def test_every_sheet_prints_landscape_one_page_wide_with_its_header_repeated() -> None:
    for ws in workbook().worksheets:
        assert ws.page_setup.orientation == "landscape"
        # the ledger's 19 columns are too small to read on A4 (about 60 %): A3 (8), the rest A4 (9)
        assert int(ws.page_setup.paperSize) == (8 if ws.title == "项目台账" else 9), ws.title
        assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_title_rows == "$1:$3"
        assert ws.page_margins.left == 0.5 and ws.page_margins.top == 0.6
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text


def test_the_title_is_merged_across_the_table_and_names_the_county() -> None:
    ws = workbook()["项目台账"]
    assert ws["A1"].value == "青川县2026年9—10月 双月讲评"
    # the deadline (Nov 5, 23:59:59 in Shanghai) and the making time in the official form, no ISO date
    info = ws["A2"].value
    assert "报送截止：2026年11月5日23:59" in info and "生成时间：2026年11月10日09:00" in info
    assert "2026-" not in info
    last = openpyxl.utils.get_column_letter(ws.max_column)
    assert f"A1:{last}1" in {str(r) for r in ws.merged_cells.ranges}


def test_the_summary_has_one_row_per_unit_with_a_number() -> None:
    ws = workbook()["汇总"]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == ["序号", "单位", "分组", "民生实事", "重点项目", "红旗数", "黄旗数"]
    rows = table(ws)
    # 人社局 is ranked in two categories and still one row; 乡镇 sorts before 县直部门
    assert [r[:3] for r in rows] == [
        (1, "城关镇", "乡镇"),
        (2, "人社局", "县直部门"),
        (3, "交通运输局", "县直部门"),
        (4, "发改局", "县直部门"),
    ]
    assert rows[1][3:] == (103.4, None, 1, 0)
    assert rows[3][5:] == (0, 1)


def test_counted_things_are_whole_numbers_and_the_rest_keep_decimals() -> None:
    households = LedgerLine(
        "MS-09", "老旧小区改造", "住建局", "县直部门", "民生实事", "户", 260, 1, date(2026, 1, 1),
        date(2026, 12, 31), 216.67, 150, 0.69, "严重滞后", None, note="存在问题：资金未到位；下步措施：11月底前开工",
    )  # fmt: skip
    ws = workbook(ledger=[*ledger(), households])["项目台账"]
    kilometres, household_row = HEADER_ROW + 1, HEADER_ROW + 4
    for column in (7, 11, 12):  # target, expected, actual
        assert ws.cell(row=household_row, column=column).number_format == "#,##0"
        assert ws.cell(row=kilometres, column=column).number_format == "#,##0.00"
    header = [c.value for c in ws[HEADER_ROW]]
    rate, gap, notes = (
        header.index(n) + 1 for n in ("年度完成率", "序时差（个百分点）", "存在问题、下步措施")
    )
    assert ws.cell(row=household_row, column=rate).value == 150 / 260
    assert ws.cell(row=household_row, column=rate).number_format == "0.0%"
    assert ws.cell(row=household_row, column=gap).value == -25.6  # (150 − 216.67) ÷ 260, in points
    assert ws.cell(row=kilometres, column=gap).value == -5.8  # (93 − 100) ÷ 120
    assert ws.cell(row=household_row, column=notes).value.startswith("存在问题：资金未到位")


def test_the_rules_are_named_in_chinese_with_numbers_as_numbers() -> None:
    policy = replace(Policy()).to_json()
    rows = dict(table(workbook(policy=policy)["规则"]))
    assert rows["红旗最低得分（%）"] == 100
    assert rows["黄旗线（得分低于，%）"] == 80
    assert rows["红旗名额（每组前N名）"] == 3
    assert rows["单项序时完成率封顶（倍）"] == 1.5
    assert not any("_" in str(name) for name in rows)  # no raw setting names


def test_on_paper_cells_are_ruled_long_text_wraps_and_a_long_heading_takes_two_lines() -> None:
    name = "城乡居民人居环境综合整治提升三年行动项目"  # 21 characters: 42 display cells
    ws = workbook(ledger=[replace(x, name=name) for x in ledger()])["项目台账"]
    table_cells = [c for row in ws.iter_rows(min_row=HEADER_ROW, max_row=ws.max_row) for c in row]
    assert all(c.border.left.style == "thin" and c.border.bottom.style == "thin" for c in table_cells)
    assert ws.cell(HEADER_ROW, 2).value == "项目名称"
    assert ws.column_dimensions["B"].width == 24  # not 44: the name wraps in its cell instead
    assert ws.cell(HEADER_ROW + 1, 2).alignment.wrap_text
    # 序时差（个百分点） (18 cells) over numbers: half as wide, its heading on two lines of a taller row
    column = [c.value for c in ws[HEADER_ROW]].index("序时差（个百分点）") + 1
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(column)].width < 18
    assert ws.row_dimensions[HEADER_ROW].height == 30
