"""Tests for reading ledger files (SPEC §5): headers, cell formats, defaults, errors, file-level refusals."""

from __future__ import annotations

import calendar
import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils.datetime import to_excel

from bot.ledger import LEDGER_HEADERS, LedgerFileError, LedgerRow, ParsedLedger, ledger_template, parse_ledger
from bot.ledger import parse as parse_module
from bot.ledger.values import to_number
from bot.render.ledger import reason_text


def zh(error: object) -> str:
    """A parser's reason as the admin reads it."""
    return reason_text(error, "zh")  # type: ignore[arg-type]


def en(error: object) -> str:
    return reason_text(error, "en")  # type: ignore[arg-type]


TODAY = date(2026, 5, 20)
ZH = ["项目编号", "项目名称", "牵头单位", "考核类别", "年度目标"]
EN = ["code", "name", "unit", "category", "target"]
GOOD: list[object] = ["MS-01", "农村公路提质改造", "交通运输局", "民生实事", 120]


def xlsx(rows: Sequence[Any], *, percent_cells: Sequence[str] = ()) -> bytes:
    """An in-memory workbook whose first sheet holds these rows (None = empty cell)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(list(row))
    for ref in percent_cells:
        ws[ref].number_format = "0%"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def parse_rows(rows: Sequence[Any], *, percent_cells: Sequence[str] = ()) -> ParsedLedger:
    return parse_ledger(xlsx(rows, percent_cells=percent_cells), "台账.xlsx", today=TODAY)


def one(rows: Sequence[Any], *, percent_cells: Sequence[str] = ()) -> LedgerRow:
    """The single row of a file that must parse cleanly."""
    result = parse_rows(rows, percent_cells=percent_cells)
    assert result.errors == ()
    assert len(result.rows) == 1
    return result.rows[0]


def error_cells(result: ParsedLedger) -> set[tuple[int, str | None]]:
    return {(e.row_number, e.column) for e in result.errors}


# --- headers -----------------------------------------------------------------------------------------------


def test_chinese_headers_all_columns() -> None:
    header = list(LEDGER_HEADERS)
    values = [
        "MS-01",
        "农村公路",
        "交通运输局",
        "县直部门",
        "民生实事",
        120,
        "公里",
        "2026-01-01",
        "2026-12-31",
        2,
    ]
    values += [None] * 2 + [30, None, None, 60, None, None, 90, None, None, 120] + [35, "2026-04-30"]
    row = one([header, values])
    assert row.row_number == 2
    assert (row.code, row.name, row.unit, row.group, row.category) == (
        "MS-01",
        "农村公路",
        "交通运输局",
        "县直部门",
        "民生实事",
    )
    assert (row.target, row.measure, row.weight) == (120.0, "公里", 2.0)
    assert (row.start, row.due) == (date(2026, 1, 1), date(2026, 12, 31))
    assert row.plan == (
        (date(2026, 3, 31), 30.0),
        (date(2026, 6, 30), 60.0),
        (date(2026, 9, 30), 90.0),
        (date(2026, 12, 31), 120.0),
    )
    assert (row.actual, row.as_of) == (35.0, date(2026, 4, 30))


def test_english_headers_mixed_case_and_spaces() -> None:
    header = [
        " Code",
        "NAME ",
        "\u3000Unit\u3000",
        "Category",
        "TARGET",
        "Measure",
        "M3",
        "As_Of",
        "actual",
        "Group",
    ]
    row = one([header, ["rd-7", "Bridge", "交通运输局", "重点项目", 10, "座", 4, "2026/4/1", 5, "乡镇"]])
    assert (row.code, row.measure, row.group, row.actual, row.as_of) == (
        "rd-7",
        "座",
        "乡镇",
        5.0,
        date(2026, 4, 1),
    )
    assert row.plan == ((date(2026, 3, 31), 4.0),)


@pytest.mark.parametrize(
    "label",
    ["项目 编号", "＊项目编号", "*项目编号", "项目编号\n", "CODE"],
)
def test_header_variants_are_recognised(label: str) -> None:
    assert one([[label, *ZH[1:]], GOOD]).code == "MS-01"


@pytest.mark.parametrize("label", ["1月", "１月", "1月底", "1月末", "01月", "m1", "M1"])
def test_month_header_variants(label: str) -> None:
    assert one([[*ZH, label], [*GOOD, 10]]).plan == ((date(2026, 1, 31), 10.0),)


def test_month_header_typed_as_a_date_cell() -> None:
    assert one([[*ZH, datetime(2026, 2, 1)], [*GOOD, 10]]).plan == ((date(2026, 2, 28), 10.0),)
    assert error_cells(parse_rows([[*ZH, datetime(2026, 2, 1)], [*GOOD, -1]])) == {(2, "2月")}


def test_unknown_columns_are_ignored() -> None:
    row = one([["序号", *ZH, "备注", "联系人"], [1, *GOOD, "已开工", "张三"]])
    assert row.code == "MS-01"


def test_title_rows_above_header_keep_real_row_numbers() -> None:
    rows = [
        ["2026年民生实事项目台账"],
        [None],
        ["填报单位：考核办", None, None, "日期：2026-05-01"],
        ZH,
        GOOD,
    ]
    result = parse_rows(rows)
    assert result.errors == ()
    assert [r.row_number for r in result.rows] == [5]


def test_title_row_with_missing_rows_in_the_sheet_xml() -> None:
    # Rows 2-3 never written: openpyxl leaves them out of the XML; numbering must not shift.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "2026年民生实事项目台账"
    for col, value in enumerate(ZH, start=1):
        ws.cell(row=4, column=col, value=value)
    for col, cell in enumerate(GOOD, start=1):
        ws.cell(row=7, column=col, value=cell)
    out = io.BytesIO()
    wb.save(out)
    result = parse_ledger(out.getvalue(), "a.xlsx", today=TODAY)
    assert [r.row_number for r in result.rows] == [7]


def test_header_after_the_tenth_row_is_not_found() -> None:
    with pytest.raises(LedgerFileError) as info:
        parse_rows([["说明"]] * 10 + [ZH, GOOD])
    assert "表头" in zh(info.value)


def test_wrong_dimension_in_sheet_xml_does_not_cut_rows() -> None:
    data = xlsx([ZH, GOOD, ["MS-02", "b", "c", "d", 5], ["MS-03", "b", "c", "d", 5]])
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', content)
            dst.writestr(item, content)
    assert len(parse_ledger(out.getvalue(), "a.xlsx", today=TODAY).rows) == 3


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (["项目名称", "牵头单位", "考核类别", "年度目标"], "项目编号"),
        (["code", "name", "category", "target"], "牵头单位"),
        (["项目编号", "项目名称", "备注"], "年度目标"),
    ],
)
def test_missing_required_column(header: list[str], missing: str) -> None:
    with pytest.raises(LedgerFileError) as info:
        parse_rows([header, ["x"] * len(header)])
    assert missing in zh(info.value)
    assert "第 1 行" in zh(info.value)
    assert en(info.value)


def test_without_a_category_column_or_section_rows_every_row_says_so() -> None:
    result = parse_rows(
        [
            ["项目编号", "项目名称", "牵头单位", "年度目标"],
            ["MS-01", "路", "交通局", 5],
            ["MS-02", "桥", "交通局", 3],
        ]
    )
    assert [(e.row_number, e.key) for e in result.errors] == [
        (2, "ledger_row_no_category"),
        (3, "ledger_row_no_category"),
    ]
    assert "分类行" in zh(result.errors[0])


def test_no_header_at_all() -> None:
    with pytest.raises(LedgerFileError) as info:
        parse_rows([["a", "b"], [1, 2]])
    assert "项目编号" in zh(info.value)


def test_same_column_twice_in_header() -> None:
    with pytest.raises(LedgerFileError) as info:
        parse_rows([[*ZH, "3月", "m3"], [*GOOD, 1, 2]])
    assert "3月" in zh(info.value) and "m3" in zh(info.value)


def test_header_without_project_rows() -> None:
    with pytest.raises(LedgerFileError):
        parse_rows([ZH, [None] * 5])


# --- cell formats ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "2026-03-31",
        "2026/3/31",
        "2026/03/31",
        "2026年3月31日",
        "2026 年 3 月 31 日",
        "2026.3.31",
        "２０２６－０３－３１",
        "2026-03-31 00:00:00",
        "20260331",
        20260331,
        datetime(2026, 3, 31),
        datetime(2026, 3, 31, 15, 30),
        date(2026, 3, 31),
        to_excel(datetime(2026, 3, 31)),
        float(to_excel(datetime(2026, 3, 31))) + 0.5,
    ],
)
def test_date_formats(cell: object) -> None:
    assert one([[*ZH, "开始日期"], [*GOOD, cell]]).start == date(2026, 3, 31)


@pytest.mark.parametrize("cell", ["2026-03-31", "2026/3/31", "2026年3月31日", "2026.3.31"])
def test_date_formats_in_csv(cell: str) -> None:
    data = f"{','.join(ZH)},完成时限\nMS-01,路,交通运输局,民生实事,5,{cell}\n".encode()
    assert parse_ledger(data, "a.csv", today=TODAY).rows[0].due == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (120, 120.0),
        (12.5, 12.5),
        ("12.5", 12.5),
        (" 12.5 ", 12.5),
        ("1,200", 1200.0),
        ("1,200.5", 1200.5),
        ("１２", 12.0),
        ("１２．５", 12.5),
        ("１，２００", 1200.0),
        (".5", 0.5),
    ],
)
def test_number_formats(cell: object, expected: float) -> None:
    assert one([ZH, [*GOOD[:4], cell]]).target == expected


def test_percentages_only_for_percent_measure() -> None:
    row = one([[*ZH, "计量单位", "1月"], [*GOOD[:4], "100%", "%", "25％"]])
    assert (row.target, row.plan[0][1], row.measure) == (100.0, 25.0, "%")
    # Excel stores a cell shown as 25% as 0.25: we take what the user sees.
    row = one([[*ZH, "1月"], [*GOOD[:4], 1, 0.25]], percent_cells=["E2", "F2"])
    assert (row.target, row.plan[0][1], row.measure) == (100.0, 25.0, "%")
    result = parse_rows([[*ZH, "计量单位"], [*GOOD[:4], "50%", "公里"]])
    assert error_cells(result) == {(2, "年度目标")}
    assert "50%" in zh(result.errors[0])


def test_full_width_percent_measure_is_percent() -> None:
    assert one([[*ZH, "计量单位"], [*GOOD[:4], "80%", "％"]]).measure == "%"


def test_formula_float_noise_is_not_above_target() -> None:
    row = one([[*ZH, "12月"], [*GOOD[:4], 30, 30.000000000000004]])
    assert row.plan == ((date(2026, 12, 31), 30.0),)


def test_line_breaks_inside_text_cells_collapse() -> None:
    row = one([ZH, ["MS-01", "农村公路\n提质改造", " 交通运输局\u3000", "民生实事", 1]])
    assert (row.name, row.unit) == ("农村公路 提质改造", "交通运输局")


def test_numeric_code_is_text() -> None:
    assert one([ZH, [101, *GOOD[1:]]]).code == "101"


# --- defaults and the plan year ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "due", "expected"),
    [
        (None, None, (date(2026, 1, 1), date(2026, 12, 31))),  # the year of today
        ("2025-03-01", None, (date(2025, 3, 1), date(2025, 12, 31))),
        (None, "2027-06-30", (date(2027, 1, 1), date(2027, 6, 30))),
        ("2025-07-01", "2026-06-30", (date(2025, 7, 1), date(2026, 6, 30))),
    ],
)
def test_date_defaults(start: str | None, due: str | None, expected: tuple[date, date]) -> None:
    row = one([[*ZH, "开始日期", "完成时限"], [*GOOD, start, due]])
    assert (row.start, row.due) == expected


def test_other_defaults() -> None:
    row = one([ZH, GOOD])
    assert (row.measure, row.weight, row.group, row.plan, row.actual, row.as_of) == (
        "%",
        1.0,
        None,
        (),
        None,
        None,
    )


@pytest.mark.parametrize(
    ("start", "due", "year"),
    [
        (None, None, 2026),
        ("2025-01-01", None, 2025),
        (None, "2028-12-31", 2028),
        ("2027-01-01", "2029-12-31", 2027),
    ],
)
def test_month_columns_use_the_plan_year(start: str | None, due: str | None, year: int) -> None:
    header = [*ZH, "开始日期", "完成时限", *(f"{m}月" for m in range(1, 13))]
    row = one([header, [*GOOD, start, due, *range(10, 121, 10)]])
    assert [d for d, _ in row.plan] == [date(year, m, calendar.monthrange(year, m)[1]) for m in range(1, 13)]
    assert row.plan[1][0] == date(year, 2, 29 if year % 4 == 0 else 28)
    assert [v for _, v in row.plan] == [float(v) for v in range(10, 121, 10)]


def test_blank_month_outside_the_project_dates_is_fine() -> None:
    row = one([[*ZH, "开始日期", "1月", "2月", "6月"], [*GOOD, "2026-04-01", None, "", 50]])
    assert row.plan == ((date(2026, 6, 30), 50.0),)


# --- bad cells ---------------------------------------------------------------------------------------------


def test_every_bad_row_is_listed_with_row_and_column() -> None:
    header = [*ZH, "计量单位", "开始日期", "完成时限", "权重", "3月", "4月", "累计完成", "更新日期"]
    rows = [
        ["2026年民生实事项目台账"],
        header,
        ["OK-1", "好项目", "人社局", "民生实事", 10, "户", None, None, None, 2, 4, 5, "2026-05-01"],  # row 3
        ["B-1", "目标非数字", "人社局", "民生实事", "abc", "户"],  # row 4
        ["B-2", "目标为零", "人社局", "民生实事", 0],  # row 5
        [None, None, "人社局", "民生实事", 5],  # row 6: code and name missing
        ["B-4", "日期错", "人社局", "民生实事", 5, None, "2026-13-01", "明年"],  # row 7
        ["B-5", "起止相同", "人社局", "民生实事", 5, None, "2026-06-30", "2026-06-30"],  # row 8
        ["B-6", "权重", "人社局", "民生实事", 5, None, None, None, -1],  # row 9
        ["B-7", "计划超标", "人社局", "民生实事", 5, None, None, None, None, 6, 4],  # row 10
        ["B-8", "计划在开始前", "人社局", "民生实事", 5, None, "2026-04-15", None, None, 1, 2],  # row 11
        [
            "B-9",
            "累计为负",
            "人社局",
            "民生实事",
            5,
            None,
            None,
            None,
            None,
            None,
            None,
            -3,
            "2027-01-01",
        ],  # row 12
        [None] * 8,  # row 13: blank
        ["B-10", "没有类别", "人社局", "  ", 5],  # row 14
        ["B 11", "编号有空格", "人社局", "民生实事", 5],  # row 15
    ]
    result = parse_rows(rows)
    assert [r.code for r in result.rows] == ["OK-1"]
    assert error_cells(result) == {
        (4, "年度目标"),
        (5, "年度目标"),
        (6, "项目编号"),
        (6, "项目名称"),
        (7, "开始日期"),
        (7, "完成时限"),
        (8, "完成时限"),
        (9, "权重"),
        (10, "3月"),  # 6 > target 5
        (10, "4月"),  # 4 < 6: plan amounts are cumulative
        (11, "3月"),  # month end 03-31 before start 04-15
        (12, "累计完成"),
        (12, "更新日期"),  # in the future
        (14, "考核类别"),
        (15, "项目编号"),
    }
    by_cell = {(e.row_number, e.column): e for e in result.errors}
    assert "abc" in zh(by_cell[(4, "年度目标")])
    assert "“abc”" in en(by_cell[(4, "年度目标")])
    assert "明年" in zh(by_cell[(7, "完成时限")])
    assert all(zh(e) and en(e) for e in result.errors)
    assert not result.ok


def test_percent_measure_rejects_other_garbage() -> None:
    result = parse_rows([[*ZH, "1月"], [*GOOD[:4], "12%%", "#DIV/0!"]])
    assert error_cells(result) == {(2, "年度目标"), (2, "1月")}


def test_month_outside_due_is_an_error() -> None:
    result = parse_rows([[*ZH, "完成时限", "9月"], [*GOOD, "2026-06-30", 100]])
    assert error_cells(result) == {(2, "9月")}


def test_far_away_dates_are_refused() -> None:
    result = parse_rows([[*ZH, "开始日期"], [*GOOD, 5]])  # serial 5 = 1900-01-05: a typo, not a date
    assert error_cells(result) == {(2, "开始日期")}


def test_duplicate_codes_case_insensitive() -> None:
    rows = [
        ZH,
        GOOD,
        ["MS-02", "b", "c", "d", 1],
        ["ms-01", "again", "c", "d", 1],
        [" Ms-01 ", "x", "c", "d", 1],
    ]
    result = parse_rows(rows)
    assert [r.code for r in result.rows] == ["MS-01", "MS-02"]
    assert error_cells(result) == {(4, "项目编号"), (5, "项目编号")}
    assert all("第 2 行" in zh(e) and "row 2" in en(e) for e in result.errors)


def test_blank_and_numbered_empty_rows_are_skipped() -> None:
    rows = [
        ["序号", *ZH],
        [1, *GOOD],
        [2, None, None],
        [3, "  ", "\u3000"],
        [None],
        [4, "MS-02", "b", "c", "d", 1],
    ]
    result = parse_rows(rows)
    assert result.errors == ()
    assert [r.row_number for r in result.rows] == [2, 6]


# --- whole-file refusals -----------------------------------------------------------------------------------

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200


@pytest.mark.parametrize(
    ("data", "name", "hint"),
    [
        (JPEG, "台账.xlsx", "不是有效的 Excel"),
        (b"PK\x03\x04 not really a zip", "台账.xlsx", "不是有效的 Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "台账.xls", ".xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "台账.xlsx", ".xlsx"),
        (b"anything", "台账.XLS", ".xlsx"),
        (b"a,b", "台账.txt", ".csv"),
        (b"a,b", "台账", ".xlsx"),
        (b"", "台账.csv", "空"),
        (b"", "台账.xlsx", "空"),
        (b"\r\n\r\n", "台账.csv", "空"),
    ],
)
def test_unusable_files(data: bytes, name: str, hint: str) -> None:
    with pytest.raises(LedgerFileError) as info:
        parse_ledger(data, name, today=TODAY)
    assert hint in zh(info.value)
    assert en(info.value)


def test_too_large_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("must not parse")

    monkeypatch.setattr(parse_module.openpyxl, "load_workbook", boom)
    monkeypatch.setattr(parse_module, "_decode", boom)
    for name in ("a.xlsx", "a.csv"):
        with pytest.raises(LedgerFileError) as info:
            parse_ledger(b"x" * (10 * 1024 * 1024 + 1), name, today=TODAY)
        assert "10 MB" in zh(info.value)


def test_too_many_rows() -> None:
    lines = [",".join(ZH)] + [f"P{i},n,u,c,1" for i in range(5001)]
    with pytest.raises(LedgerFileError) as info:
        parse_ledger("\n".join(lines).encode(), "a.csv", today=TODAY)
    assert "5000" in zh(info.value)
    assert len(parse_ledger("\n".join(lines[:5001]).encode(), "a.csv", today=TODAY).rows) == 5000


def test_xlsx_sent_with_a_csv_name_is_read_as_xlsx() -> None:
    assert len(parse_ledger(xlsx([ZH, GOOD]), "a.csv", today=TODAY).rows) == 1


# --- CSV ---------------------------------------------------------------------------------------------------

CSV_TEXT = '2026年民生实事项目台账,,,,,\n项目编号,项目名称,牵头单位,考核类别,年度目标,备注\nMS-01,农村公路提质改造,交通运输局,民生实事,"1,200","含,逗号"\n'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_csv_encodings(encoding: str) -> None:
    result = parse_ledger(CSV_TEXT.encode(encoding), "台账.csv", today=TODAY)
    assert result.errors == ()
    (row,) = result.rows
    assert (row.row_number, row.name, row.unit, row.target) == (3, "农村公路提质改造", "交通运输局", 1200.0)


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_csv_other_delimiters(delimiter: str) -> None:
    text = f"{delimiter.join(ZH)}\r\nMS-01{delimiter}路{delimiter}交通运输局{delimiter}民生实事{delimiter}1,500\r\n"
    (row,) = parse_ledger(text.encode(), "a.csv", today=TODAY).rows
    assert (row.code, row.target) == ("MS-01", 1500.0)


def test_ambiguous_comma_is_not_a_number() -> None:
    result = parse_rows([ZH, [*GOOD[:4], "1,5"]])  # a European decimal comma or a typo: ask, don't guess
    assert error_cells(result) == {(2, "年度目标")}


def test_csv_english_headers_and_row_numbers() -> None:
    text = "code,name,unit,category,target,m6,actual,as_of\n\nA1,x,u,c,10,5,2,2026/5/1\nA2,y,u,c,oops,,,\n"
    result = parse_ledger(text.encode(), "a.csv", today=TODAY)
    assert [r.row_number for r in result.rows] == [3]
    assert error_cells(result) == {(4, "target")}


# --- template and robustness -------------------------------------------------------------------------------


def test_template_round_trip() -> None:
    data = ledger_template(year=2026)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert [c.value for c in wb.active[1]] == list(LEDGER_HEADERS)
    result = parse_ledger(data, "template.xlsx", today=TODAY)
    assert result.errors == ()
    (row,) = result.rows
    assert (row.code, row.target, row.measure, row.due) == ("MS-01", 120.0, "公里", date(2026, 12, 31))
    assert len(row.plan) == 12


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["a.csv", "a.xlsx"]))
def test_arbitrary_bytes_never_crash(data: bytes, name: str) -> None:
    try:
        result = parse_ledger(data, name, today=TODAY)
    except LedgerFileError as exc:
        assert zh(exc) and en(exc)
    else:
        assert isinstance(result, ParsedLedger)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12), min_size=5, max_size=9)
)
def test_arbitrary_cells_never_crash(cells: list[str]) -> None:
    header = [*ZH, "开始日期", "完成时限", "3月", "累计完成"]
    try:
        result = parse_rows([header, cells])
    except LedgerFileError as exc:
        # the only row was no project (blank, a total, a footer, a note): nothing to import, said so
        assert exc.key == "ledger_file_no_rows"
        return
    skipped = {s.row_number for s in result.skipped if s.key != "ledger_skip_section_used"}
    assert len(result.rows) + len({e.row_number for e in result.errors}) + len(skipped) == 1


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_thousands_and_full_width_numbers(value) -> None:  # noqa: ANN001
    plain = f"{value:,.2f}"
    full_width = plain.translate(str.maketrans("0123456789.,", "０１２３４５６７８９．，"))
    for text in (plain, full_width, plain.replace(",", "")):
        assert to_number(text, False) == (float(value), False)
