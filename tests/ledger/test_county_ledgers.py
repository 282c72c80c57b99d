"""Real county ledgers (SPEC §5.1, issue 10): every project, plan point and unit a person reading the file
would list, or exactly what was skipped and why. The expectations are read off the sheets by hand
(tests/ledger/county_files.py builds them)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from bot.ledger import LedgerFileError, parse_ledger
from bot.ledger.parse import LedgerRow, ParsedLedger, Skipped
from bot.ledger.summary import ImportSummary
from bot.ledger.units import is_township, unit_key
from bot.render.ledger import import_summary_text, reason_text
from bot.services.ledger import import_ledger
from bot.services.unit_aliases import add_alias
from storage.tables import Project, Unit
from tests.conftest import TZ, Db, shanghai
from tests.ledger import county_files

TODAY = date(2026, 5, 20)


def parse(data: bytes, name: str = "台账.xlsx") -> ParsedLedger:
    return parse_ledger(data, name, today=TODAY)


def ends(year: int, amounts: dict[int, float]) -> tuple[tuple[date, float], ...]:
    """Month-end plan points: {3: 10} → ((2026-03-31, 10),)."""
    last = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
    return tuple((date(year, m, last[m]), float(v)) for m, v in sorted(amounts.items()))


def listed(result: ParsedLedger) -> list[tuple[str, str, str, str, float, str]]:
    """What a person lists from the sheet: code, name, unit, category, target, measure."""
    return [(r.code, r.name, r.unit, r.category, r.target, r.measure) for r in result.rows]


# 1. a two-row merged header: 序时计划（累计） over 1月…12月 -------------------------------------------------


def test_monthly_plans_under_a_merged_two_row_header_are_all_read() -> None:
    result = parse(county_files.merged_month_plans())
    assert result.errors == ()
    assert listed(result) == [
        ("MS-01", "农村公路提质改造", "县交通运输局", "民生实事", 120, "公里"),
        ("MS-02", "城乡公益性岗位开发", "县人社局", "民生实事", 400, "个"),
        ("MS-03", "R&D<创新>中心$A$建设", "县科技局", "民生实事", 100, "%"),
    ]
    rows = {r.code: r for r in result.rows}
    assert rows["MS-01"].plan == ends(
        2026, {1: 0, 2: 0, 3: 10, 4: 20, 5: 30, 6: 45, 7: 60, 8: 75, 9: 90, 10: 100, 11: 110, 12: 120}
    )
    assert rows["MS-02"].plan == ends(
        2026,
        {1: 30, 2: 60, 3: 100, 4: 140, 5: 180, 6: 220, 7: 260, 8: 300, 9: 330, 10: 360, 11: 380, 12: 400},
    )
    # "—" under 1月…3月 means no plan in those months, not an error
    assert rows["MS-03"].plan == ends(
        2026, {4: 10, 5: 20, 6: 30, 7: 45, 8: 60, 9: 70, 10: 80, 11: 90, 12: 100}
    )
    assert [r.row_number for r in result.rows] == [5, 6, 7]  # the rows as Excel numbers them
    assert (rows["MS-01"].actual, rows["MS-02"].actual, rows["MS-03"].actual) == (35, 150, None)
    # the title and the 填报单位 line sit above the table; only the 备注 column is not read, and said so
    assert result.skipped == (Skipped(None, 3, "ledger_skip_columns", "备注"),)


def test_months_of_what_was_done_are_not_taken_for_a_plan_and_are_named() -> None:
    wb_rows = county_files.merged_month_plans()
    wb = openpyxl.load_workbook(io.BytesIO(wb_rows))
    ws = wb.active
    assert ws is not None
    ws.unmerge_cells("H3:S3")
    ws["H3"] = "完成情况"
    ws.merge_cells("H3:S3")
    out = io.BytesIO()
    wb.save(out)
    result = parse(out.getvalue())
    assert all(r.plan == () for r in result.rows)
    (columns,) = [s for s in result.skipped if s.key == "ledger_skip_columns"]
    assert columns.text.startswith("完成情况·1月、完成情况·2月") and columns.text.endswith(
        "完成情况·12月、备注"
    )


@pytest.mark.parametrize(("heading", "read"), [("2026年", True), ("序时进度", True), ("月度完成", False)])
def test_the_heading_over_month_columns_says_whether_they_are_a_plan(heading: str, read: bool) -> None:
    data = (
        "项目编号,项目名称,牵头单位,考核类别,年度目标," + heading + ",,\n"
        ",,,,,10月,11月,12月\n"
        "MS-01,农村公路,交通运输局,民生实事,120,80,100,120\n"
    ).encode()
    result = parse(data, "台账.csv")
    assert result.errors == ()
    assert result.rows[0].plan == (ends(2026, {10: 80, 11: 100, 12: 120}) if read else ())
    unread = [s.text for s in result.skipped if s.key == "ledger_skip_columns"]
    assert unread == ([] if read else [f"{heading}·10月、{heading}·11月、{heading}·12月"])


# 2. three sheets, the first a cover sheet --------------------------------------------------------------------


def test_every_sheet_with_a_header_is_read_and_the_cover_sheet_is_named() -> None:
    result = parse(county_files.three_sheets_with_cover())
    assert result.errors == ()
    assert result.sheets == ("民生实事", "重点项目")
    # no category column: each sheet's name is the category of its projects
    assert listed(result) == [
        ("MS-01", "老旧小区改造", "县住建局", "民生实事", 12, "个"),
        ("MS-02", "学校食堂提升", "县教育局", "民生实事", 8, "所"),
        ("ZD-01", "工业园区标准厂房", "县发改局", "重点项目", 5, "万平方米"),
    ]
    assert [(r.sheet, r.row_number, r.due) for r in result.rows] == [
        ("民生实事", 2, date(2026, 11, 30)),
        ("民生实事", 3, date(2026, 9, 30)),
        ("重点项目", 3, date(2026, 12, 31)),
    ]
    assert result.skipped == (Skipped("填报说明", None, "ledger_skip_sheet"),)


def test_a_hidden_sheet_is_not_read_and_is_named() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(county_files.three_sheets_with_cover()))
    wb["重点项目"].sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    result = parse(out.getvalue())
    assert [r.code for r in result.rows] == ["MS-01", "MS-02"]
    assert result.skipped == (
        Skipped("填报说明", None, "ledger_skip_sheet"),
        Skipped("重点项目", None, "ledger_skip_hidden_sheet"),
    )


def test_a_unit_merged_down_over_its_projects_counts_for_each() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["项目编号", "项目名称", "牵头单位", "考核类别", "年度目标"])
    ws.append(["MS-01", "农村公路", "县交通运输局", "民生实事", 120])
    ws.append(["MS-02", "公交站亭", None, None, 40])
    ws.append(["MS-03", "学校食堂", "县教育局", "民生实事", 8])
    ws.merge_cells("C2:C3")
    ws.merge_cells("D2:D4")
    out = io.BytesIO()
    wb.save(out)
    result = parse(out.getvalue())
    assert [(r.code, r.unit, r.category) for r in result.rows] == [
        ("MS-01", "县交通运输局", "民生实事"),
        ("MS-02", "县交通运输局", "民生实事"),
        ("MS-03", "县教育局", "民生实事"),
    ]


def test_an_error_names_its_sheet() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(county_files.three_sheets_with_cover()))
    wb["重点项目"]["D3"] = "五"
    wb["重点项目"].append(["MS-01", "重复编号", "县发改局", 1, "个", None])
    out = io.BytesIO()
    wb.save(out)
    result = parse(out.getvalue())
    assert [(e.sheet, e.row_number, e.column) for e in result.errors] == [
        ("重点项目", 3, "年度目标"),
        ("重点项目", 4, "项目编号"),
    ]
    assert reason_text(result.errors[1]) == "项目编号“MS-01”与“民生实事”表第 2 行重复"


# 3. 合计 and footer rows ----------------------------------------------------------------------------------


def test_totals_notes_footers_and_blank_rows_are_skipped_and_listed() -> None:
    result = parse(county_files.totals_and_footers())
    assert result.errors == ()
    assert [r.code for r in result.rows] == ["MS-01", "MS-02", "MS-03"]
    assert result.skipped == (
        Skipped(None, 4, "ledger_skip_blank"),
        Skipped(None, 6, "ledger_skip_total", "合 计 523"),
        Skipped(None, 7, "ledger_skip_note", "备注：数据截至2026年5月底。"),
        Skipped(None, 8, "ledger_skip_footer", "填报人：张三 联系电话：13800000000 审核人：李四"),
    )


# 4. only 序号, section rows as categories ----------------------------------------------------------------


def test_codes_are_made_from_the_category_and_the_number_under_section_rows() -> None:
    result = parse(county_files.only_numbers_with_sections())
    assert result.errors == ()
    assert listed(result) == [
        ("民生-01", "农村客运班线延伸", "县交通运输局", "民生实事", 15, "条"),
        ("民生-02", "社区卫生服务站", "县卫健局", "民生实事", 6, "个"),
        ("重点-01", "县城供热管网", "县住建局", "重点项目", 30, "公里"),
        ("重点-02", "物流园一期", "县商务局", "重点项目", 2, "亿元"),
    ]
    assert result.made_codes == ("民生-01", "民生-02", "重点-01", "重点-02")
    # 2026年12月 and 2026年10月底 are the months' last days; no date is December 31 of the plan year
    assert [r.due for r in result.rows] == [date(2026, 12, 31), date(2026, 10, 31)] + [date(2026, 12, 31)] * 2
    assert [(s.row_number, s.key, s.text) for s in result.skipped] == [
        (2, "ledger_skip_section_used", "民生实事"),
        (5, "ledger_skip_section_used", "重点项目"),
    ]


def test_with_a_category_column_a_section_row_fills_only_blank_categories() -> None:
    data = (
        "项目编号,项目名称,牵头单位,考核类别,年度目标\n"
        "一、民生实事,,,,\n"
        "MS-01,农村公路,交通运输局,,120\n"
        "MS-02,便民中心,政务服务局,重点工作,1\n"
    ).encode()
    result = parse(data, "台账.csv")
    assert [(r.code, r.category) for r in result.rows] == [("MS-01", "民生实事"), ("MS-02", "重点工作")]
    assert result.skipped == (Skipped(None, 2, "ledger_skip_section", "民生实事"),)


def test_a_number_that_is_no_number_cannot_make_a_code() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(county_files.only_numbers_with_sections()))
    ws = wb.active
    assert ws is not None
    ws["A4"] = None
    out = io.BytesIO()
    wb.save(out)
    result = parse(out.getvalue())
    assert [(e.row_number, e.column, e.key) for e in result.errors] == [(4, "序号", "ledger_row_no_number")]


# 5. the header words people use ---------------------------------------------------------------------------


def test_header_synonyms_and_a_start_to_end_column() -> None:
    result = parse(county_files.header_synonyms())
    assert result.errors == ()
    assert listed(result) == [
        ("ZD-01", "县城污水管网改造", "县住建局", "重点项目", 3000, "万元"),
        ("ZD-02", "高标准农田", "县农业农村局", "重点项目", 12000, "亩"),  # 1.2万 亩
    ]
    assert [(r.start, r.due, r.weight) for r in result.rows] == [
        (date(2026, 3, 1), date(2026, 11, 30), 2),
        (date(2026, 4, 1), date(2026, 10, 31), 1),
    ]
    assert result.skipped == ()


def test_a_target_heading_over_amount_and_measure_and_quarters_named_as_not_read() -> None:
    data = (
        "项目编号,项目名称,牵头单位,考核类别,年度目标,,分季度计划,,,\n"
        ",,,,数量,单位,一季度,二季度,三季度,四季度\n"
        "MS-01,农村公路,交通运输局,民生实事,120,公里,20,50,90,120\n"
    ).encode()
    result = parse(data, "台账.csv")
    assert result.errors == ()
    assert listed(result) == [("MS-01", "农村公路", "交通运输局", "民生实事", 120, "公里")]
    assert result.rows[0].plan == ()  # quarters are no month plan: said so, not guessed
    assert result.skipped == (
        Skipped(
            None,
            1,
            "ledger_skip_columns",
            "分季度计划·一季度、分季度计划·二季度、分季度计划·三季度、分季度计划·四季度",
        ),
    )


def test_a_merged_target_heading_over_two_unknown_columns_takes_the_first() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["项目编号", "项目名称", "牵头单位", "考核类别", "年度目标", None])
    ws.append([None, None, None, None, "数量", "投资（万元）"])
    ws.append(["ZD-01", "污水管网", "县住建局", "重点项目", 30, 5000])
    for ref in ("E1:F1", "A1:A2", "B1:B2", "C1:C2", "D1:D2"):
        ws.merge_cells(ref)
    out = io.BytesIO()
    wb.save(out)
    result = parse(out.getvalue())
    assert [(r.code, r.target) for r in result.rows] == [("ZD-01", 30)]
    assert result.skipped == (Skipped(None, 1, "ledger_skip_columns", "年度目标·投资（万元）"),)


# 6. targets with their measure, month-only dates, full-width digits ------------------------------------------


def test_measures_in_the_target_and_dates_of_a_month() -> None:
    result = parse(county_files.measures_and_month_dates())
    assert result.errors == ()
    assert [(r.code, r.target, r.measure, r.due, r.actual) for r in result.rows] == [
        ("MS-01", 120, "公里", date(2026, 12, 31), 35),
        ("MS-02", 4800, "户", date(2026, 10, 31), 1200),
        ("MS-03", 95, "%", date(2026, 10, 31), 60),
        ("MS-04", 12, "个", date(2026, 9, 30), 3),
    ]


def test_a_target_measure_that_contradicts_the_measure_column_is_refused() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["项目编号", "项目名称", "牵头单位", "考核类别", "年度目标", "计量单位"])
    ws.append(["MS-01", "农村公路", "交通运输局", "民生实事", "120公里", "户"])
    out = io.BytesIO()
    wb.save(out)
    (error,) = parse(out.getvalue()).errors
    assert reason_text(error) == "“年度目标”写的“120公里”与计量单位“户”不一致"


# 7. unit aliases and townships (through the import, into the database) -----------------------------------


def test_unit_names_fold_their_county_prefix_and_townships_are_known() -> None:
    assert unit_key("县交通运输局") == unit_key("交通运输局") == "交通运输局"
    assert unit_key("城关镇人民政府") == unit_key("城关镇") == "城关镇"
    assert unit_key("县委办公室") != unit_key("县人民政府办公室")
    assert [
        is_township(n) for n in ("城关镇人民政府", "东城街道办事处", "李庄乡", "县交通运输局", "县委办公室")
    ] == [
        True,
        True,
        True,
        False,
        False,
    ]


async def _import(db: Db, data: bytes) -> str:
    async with db.sessions.begin() as session:
        summary = await import_ledger(
            session,
            parse(data),
            actor="test:考核办",
            user_id=None,
            now=shanghai(2026, 5, 20, 10, 0),
            tz=TZ,
            default_group="县直部门",
        )
    return import_summary_text(summary)


async def test_one_bureau_written_three_ways_is_one_unit_and_townships_go_to_their_group(db: Db) -> None:
    first = await _import(db, county_files.merged_month_plans())
    assert "新增单位：县交通运输局、县人社局、县科技局" in first
    async with db.sessions.begin() as session:
        await add_alias(
            session, alias="交通局", unit_name="县交通运输局", actor="test", now=shanghai(2026, 5, 20)
        )
    answer = await _import(db, county_files.aliases_and_townships())
    async with db.sessions() as session:
        units = {u.name: u.group_name for u in (await session.execute(select(Unit))).scalars()}
        by_code = {
            p.code: name
            for p, name in (await session.execute(select(Project, Unit.name).join(Unit))).all()  # type: ignore[arg-type]
        }
    assert units == {
        "县交通运输局": "县直部门",
        "县人社局": "县直部门",
        "县科技局": "县直部门",
        "城关镇人民政府": "乡镇",
        "东城街道办事处": "乡镇",
        "县委办公室": "县直部门",
        "县人民政府办公室": "县直部门",
    }
    assert [by_code[c] for c in ("MS-01", "MS-02", "MS-03", "MS-04", "MS-05", "MS-06")] == [
        "县交通运输局",
        "县交通运输局",
        "县交通运输局",
        "城关镇人民政府",
        "城关镇人民政府",
        "东城街道办事处",
    ]
    assert "新增单位：城关镇人民政府、东城街道办事处、县委办公室、县人民政府办公室" in answer
    assert (
        "按别名或简称归并的单位：交通运输局 → 县交通运输局、交通局 → 县交通运输局、城关镇 → 城关镇人民政府"
        in answer
    )


# 8. a GBK CSV with a two-row header ------------------------------------------------------------------------


def test_gbk_csv_with_a_two_row_header_a_total_and_a_footer() -> None:
    result = parse(county_files.gbk_csv(), "重点项目台账.csv")
    assert result.errors == ()
    assert listed(result) == [
        ("ZD-01", "县城供水提标改造", "县水务局", "重点项目", 8000, "万元"),
        ("ZD-02", "城南安置小区", "县住建局", "重点项目", 1200, "套"),
    ]
    rows = {r.code: r for r in result.rows}
    assert rows["ZD-01"].plan == ends(
        2026,
        {
            1: 500,
            2: 1000,
            3: 1500,
            4: 2000,
            5: 3000,
            6: 4000,
            7: 5000,
            8: 6000,
            9: 6500,
            10: 7000,
            11: 7500,
            12: 8000,
        },
    )
    assert rows["ZD-02"].plan == ends(2026, {6: 100, 7: 300, 8: 500, 9: 700, 10: 900, 11: 1100, 12: 1200})
    assert (rows["ZD-01"].actual, rows["ZD-02"].actual) == (2100, None)
    assert result.skipped == (
        Skipped(None, 2, "ledger_skip_columns", "备注"),
        Skipped(None, 6, "ledger_skip_total", "合计 9200"),
        Skipped(None, 7, "ledger_skip_footer", "填报人：王五 联系电话：0371-12345678"),
    )


# the reply names what was not read -----------------------------------------------------------------------


def test_the_reply_lists_what_was_skipped_by_sheet_and_row() -> None:
    summary = ImportSummary.of(parse(county_files.totals_and_footers()))
    text = import_summary_text(summary)
    assert text.splitlines()[1:] == [
        "未作为项目读取（4 处）：",
        "• 第 6 行：合计行：合 计 523",
        "• 第 7 行：说明文字，不是项目：备注：数据截至2026年5月底。",
        "• 第 8 行：表尾：填报人：张三 联系电话：13800000000 审核人：李四",
        "• 第 4 行：空行",
    ]
    cover = import_summary_text(ImportSummary.of(parse(county_files.three_sheets_with_cover())))
    assert "已读取的工作表：民生实事、重点项目" in cover
    assert "• “填报说明”表：前 10 行没有表头，整表未读取" in cover


def test_a_workbook_whose_sheets_have_no_header_names_them() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "填报说明"
    ws.append(["请按模板填写"])
    wb.create_sheet("附件").append(["附件：照片"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(LedgerFileError) as info:
        parse(out.getvalue())
    assert reason_text(info.value) == (
        "所有工作表（填报说明、附件）的前 10 行中都找不到表头行，表头应包含：项目编号、项目名称、牵头单位、年度目标"
    )


def test_rows_keep_their_defaults_compatible() -> None:
    """The parser's row type only grew: old fields keep their meaning (sheet and code_made are new)."""
    row = parse(county_files.measures_and_month_dates()).rows[0]
    assert isinstance(row, LedgerRow) and row.sheet is None and row.code_made is False and row.weight == 1


async def test_codes_made_from_numbers_are_stable_when_the_same_ledger_comes_again(db: Db) -> None:
    first = await _import(db, county_files.only_numbers_with_sections())
    assert first.startswith("台账导入成功：新增 4 个项目")
    assert "没有项目编号列，按“类别前两字-序号”生成编号（4 个）：民生-01、民生-02、重点-01、重点-02" in first
    again = await _import(db, county_files.only_numbers_with_sections())
    assert again.startswith("台账导入成功：新增 0 个项目，更新 0 个，未变 4 个")
