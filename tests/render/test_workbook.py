"""Tests for the review workbook: sheets, flags and fills, Shanghai local times, number formats, empty reviews."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.views_export import LedgerLine, RankingLine, RawReportLine, ReviewWorkbook
from bot.render.workbook import (
    HEADER_ROW,
    LAGGING_FILL,
    RED_FILL,
    YELLOW_FILL,
    review_workbook,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CUTOFF = datetime(2026, 11, 5, 15, 59, 59, tzinfo=UTC)  # 2026-11-05 23:59:59 in Shanghai


def ranking() -> list[RankingLine]:
    return [
        RankingLine("民生实事", "县直部门", "发改局", 78.5, 3, "yellow", "新获黄旗", 2),
        RankingLine("民生实事", "县直部门", "人社局", 103.4, 1, "red", "守旗（连续2期）", 3),
        RankingLine("民生实事", "县直部门", "交通运输局", 95.0, 2, None, None, 1),
        RankingLine("民生实事", "乡镇", "城关镇", 120.0, 1, "red", "夺旗", 2),
        RankingLine("重点项目", "县直部门", "人社局", None, None, None, None, 0),
    ]


def ledger() -> list[LedgerLine]:
    return [
        LedgerLine(
            "MS-01", "农村公路提质改造", "交通运输局", "县直部门", "民生实事", "公里", 120, 1, date(2026, 1, 1),
            date(2026, 12, 31), 100.0, 93.0, 0.93, "滞后", datetime(2026, 10, 30, 17, 0, tzinfo=UTC),
        ),
        LedgerLine(
            "MS-02", "城乡居民增收", "人社局", "县直部门", "民生实事", "%", 100, 2, date(2026, 1, 1),
            date(2026, 12, 31), 83.333333, 90.0, 1.08, "超序时", None,
        ),
        LedgerLine(
            "MS-03", "安全生产培训", "应急管理局", "县直部门", "民生实事", "人次", 500, 1, date(2026, 3, 1),
            date(2026, 12, 31), 300.0, 0.0, 0.0, "按序时 · 未报送", None, lagging=True,
        ),
    ]  # fmt: skip


def reports() -> list[RawReportLine]:
    moment = datetime(2026, 10, 30, 17, 0, tzinfo=UTC)  # 2026-10-31 01:00 in Shanghai
    return [
        RawReportLine(moment, moment + timedelta(seconds=3), "MS-01", "农村公路提质改造", "交通运输局", 93.0,
                   "路基完成", "张三", "telegram", "报送", "photo:abc"),
        RawReportLine(moment.astimezone(timezone(timedelta(hours=-5))), moment, "MS-02", "城乡居民增收", "人社局",
                   None, "=HYPERLINK(\"http://x\")", "李四", "telegram", "撤回", None),
        RawReportLine(datetime(2026, 9, 1, 8, 0), datetime(2026, 9, 1, 8, 0), "MS-02", "城乡居民增收", "人社局",
                   50.0, "bad\x07char", "admin", "import", "更正", None),
    ]  # fmt: skip


def review(**changes: object) -> ReviewWorkbook:
    data = ReviewWorkbook(
        title="2026年9—10月 双月讲评",
        period="2026-10",
        status="已发布",
        cutoff=CUTOFF,
        generated_at=datetime(2026, 11, 10, 1, 0, tzinfo=UTC),
        ranking=ranking(),
        ledger=ledger(),
        reports=reports(),
        policy={
            "RED_TOP_N": 3,
            "RED_MIN_SCORE": "100",
            "REVIEW_REQUIRES_APPROVAL": False,
            "groups": ["乡镇"],
        },
    )
    return ReviewWorkbook(**{**data.__dict__, **changes})


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def table(ws: Worksheet) -> list[tuple[object, ...]]:
    """The data rows under the header."""
    return [
        row
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        if any(v is not None for v in row)
    ]


def fill_of(ws: Worksheet, row: int) -> str | None:
    cell = ws.cell(row=row, column=1)
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("zh", ["汇总", "排名与旗帜", "项目台账", "报送记录", "整改清单", "规则"]),
        ("en", ["Summary", "Ranking & flags", "Ledger", "Reports", "Rectification list", "Rules"]),
    ],
)
def test_sheet_names(lang: str, names: list[str]) -> None:
    wb = load(review_workbook(review(), lang=lang))
    assert wb.sheetnames == names
    for ws in wb.worksheets:
        assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
        assert ws.auto_filter.ref.startswith(f"A{HEADER_ROW}:")


def test_ranking_order_flags_and_fills() -> None:
    ws = load(review_workbook(review()))["排名与旗帜"]
    assert ws["A1"].value == "2026年9—10月 双月讲评"
    assert "已发布" in ws["A2"].value  # the period is in the title above
    assert "2026年11月5日23:59" in ws["A2"].value  # the cut-off in Shanghai time
    rows = table(ws)
    # Categories and groups in input order; by rank within a group; unranked last.
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("民生实事", "县直部门", "人社局"),
        ("民生实事", "县直部门", "交通运输局"),
        ("民生实事", "县直部门", "发改局"),
        ("民生实事", "乡镇", "城关镇"),
        ("重点项目", "县直部门", "人社局"),
    ]
    assert rows[0][2:] == (1, "人社局", 103.4, "贡献红旗", "守旗（连续2期）", 3)
    assert rows[2][4:6] == (78.5, "落后黄旗")
    assert rows[4][2] is None and rows[4][4] is None
    first = HEADER_ROW + 1
    assert fill_of(ws, first) == "00" + RED_FILL.fgColor.rgb[-6:]
    assert fill_of(ws, first + 1) is None
    assert fill_of(ws, first + 2) == "00" + YELLOW_FILL.fgColor.rgb[-6:]
    assert fill_of(ws, first + 3) == "00" + RED_FILL.fgColor.rgb[-6:]
    assert ws.cell(row=first, column=5).number_format == "0.0"


def test_english_flags() -> None:
    rows = table(load(review_workbook(review(), lang="en"))["Ranking & flags"])
    assert {r[5] for r in rows} == {"Red", "Yellow", None}


def test_ledger_numbers_and_lagging_rows() -> None:
    ws = load(review_workbook(review()))["项目台账"]
    rows = table(ws)
    assert [r[0] for r in rows] == ["MS-01", "MS-02", "MS-03"]
    assert [r[12] for r in rows] == [0.93, 1.08, 0.0]
    assert rows[0][10:12] == (100.0, 93.0)
    first = HEADER_ROW + 1
    assert ws.cell(row=first, column=13).number_format == "0.0%"
    assert ws.cell(row=first, column=11).number_format == "#,##0.00"
    assert ws.cell(row=first, column=12).number_format == "#,##0.00"
    assert ws.cell(row=first, column=9).value == datetime(2026, 1, 1)
    assert rows[0][14] == datetime(2026, 10, 31, 1, 0)  # last report, Shanghai local
    lag = "00" + LAGGING_FILL.fgColor.rgb[-6:]
    assert [fill_of(ws, first + i) for i in range(3)] == [lag, None, lag]  # inferred, none, explicit


def test_reports_local_times_and_safe_text() -> None:
    ws = load(review_workbook(review()))["报送记录"]
    rows = table(ws)
    assert len(rows) == 3
    assert rows[0][:2] == (datetime(2026, 10, 31, 1, 0), datetime(2026, 10, 31, 1, 0, 3))
    assert rows[1][0] == datetime(2026, 10, 31, 1, 0)  # any offset ends up in Shanghai time
    assert rows[2][0] == datetime(2026, 9, 1, 16, 0)  # naive input is read as UTC
    assert rows[1][6] is None
    assert rows[1][7] == '=HYPERLINK("http://x")'  # kept as text, not turned into a formula
    assert ws.cell(row=HEADER_ROW + 2, column=8).data_type == "s"
    assert rows[2][7] == "badchar"


def test_other_time_zone() -> None:
    rows = table(load(review_workbook(review(), tz="UTC"))["报送记录"])
    assert rows[0][0] == datetime(2026, 10, 30, 17, 0)


def test_policy_sheet() -> None:
    rows = table(load(review_workbook(review()))["规则"])
    assert rows == [
        ("RED_TOP_N", 3),
        ("RED_MIN_SCORE", 100),  # a number, not the text "100"
        ("REVIEW_REQUIRES_APPROVAL", "否"),
        ("groups", '["乡镇"]'),
    ]


def test_empty_review_is_still_a_workbook() -> None:
    data = review_workbook(
        review(ranking=[], ledger=[], reports=[], policy={}, status="草稿（预览）"), lang="en"
    )
    wb = load(data)
    assert wb.sheetnames == ["Summary", "Ranking & flags", "Ledger", "Reports", "Rectification list", "Rules"]
    assert table(wb["Ledger"]) == [] and table(wb["Reports"]) == []
    assert table(wb["Ranking & flags"]) == [("No unit was ranked in this period",) + (None,) * 7]
    assert wb["Ranking & flags"].auto_filter.ref == f"A{HEADER_ROW}:H{HEADER_ROW}"
