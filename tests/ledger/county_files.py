"""Ledgers as county offices keep them (SPEC §5.1), built as real files: merged cells, several sheets, GBK.

Each builder returns the bytes of one file; the tests beside it list, by hand, what a person reading the
sheet sees in it. Cell texts here are the ones people type, spaces and full-width characters included.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

MONTHS = [f"{m}月" for m in range(1, 13)]


def _put(ws: Worksheet, rows: Sequence[Sequence[Any]], merges: Sequence[str] = ()) -> None:
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    for ref in merges:
        ws.merge_cells(ref)


def _save(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def merged_month_plans() -> bytes:
    """A title, a note, a two-row header: 序时计划（累计） merged over 1月…12月, the other headings merged down."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "2026年民生实事"
    head = ["序号", "项目编号", "项目名称", "牵头单位", "考核类别", "年度目标", "计量单位"]
    rows: list[list[Any]] = [
        ["某县2026年民生实事项目推进台账"],
        ["填报单位：县考核办（盖章）"],
        [*head, "序时计划（累计）", *[None] * 11, "累计完成", "备注"],
        [*[None] * 7, *MONTHS, None, None],
        [1, "MS-01", "农村公路提质改造", "县交通运输局", "民生实事", 120, "公里"]
        + [0, 0, 10, 20, 30, 45, 60, 75, 90, 100, 110, 120, 35, None],
        [2, "MS-02", "城乡公益性岗位开发", "县人社局", "民生实事", 400, "个"]
        + [30, 60, 100, 140, 180, 220, 260, 300, 330, 360, 380, 400, 150, "按月统计"],
        [3, "MS-03", "R&D<创新>中心$A$建设", "县科技局", "民生实事", 100, "%"]
        + ["—", "—", "—", 10, 20, 30, 45, 60, 70, 80, 90, 100, None, None],
    ]
    merges = ["A1:U1", "A2:U2", "H3:S3"] + [f"{c}3:{c}4" for c in "ABCDEFGTU"]
    _put(ws, rows, merges)
    return _save(wb)


def three_sheets_with_cover() -> bytes:
    """A 填报说明 cover sheet, then a 民生实事 sheet and a 重点项目 sheet (no category column: the sheet says it)."""
    wb = openpyxl.Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = "填报说明"
    _put(cover, [["填报说明"], ["1. 本表由各牵头单位填写，每月5日前报县考核办。"], ["2. 序时计划为累计数。"]])
    head = ["项目编号", "项目名称", "牵头单位", "年度目标", "计量单位", "完成时限"]
    people = wb.create_sheet("民生实事")
    _put(
        people,
        [
            head,
            ["MS-01", "老旧小区改造", "县住建局", 12, "个", "2026-11-30"],
            ["MS-02", "学校食堂提升", "县教育局", 8, "所", "2026-09-30"],
        ],
    )
    key = wb.create_sheet("重点项目")
    _put(
        key,
        [
            ["2026年重点项目"],
            head,
            ["ZD-01", "工业园区标准厂房", "县发改局", 5, "万平方米", "2026-12-31"],
        ],
    )
    return _save(wb)


def totals_and_footers() -> bytes:
    """Projects with a blank row between them, a 合计 row, a note and the signature lines under the table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "台账"
    rows: list[list[Any]] = [
        ["序号", "项目编号", "项目名称", "牵头单位", "考核类别", "年度目标", "计量单位"],
        [1, "MS-01", "农村饮水安全巩固", "县水利局", "民生实事", 20, "处"],
        [2, "MS-02", "城区停车位建设", "县住建局", "民生实事", 500, "个"],
        [None],
        [3, "MS-03", "养老服务中心", "县民政局", "民生实事", 3, "个"],
        [None, None, "合  计", None, None, 523, None],
        ["备注：数据截至2026年5月底。"],
        ["填报人：张三", None, "联系电话：13800000000", None, "审核人：李四"],
    ]
    _put(ws, rows, ["A7:G7"])
    return _save(wb)


def only_numbers_with_sections() -> bytes:
    """No 项目编号: a 序号 that restarts under each section row (一、民生实事 / 二、重点项目)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    rows: list[list[Any]] = [
        ["序号", "项目名称", "责任单位", "年度目标", "计量单位", "完成时限"],
        ["一、民生实事（2项）"],
        [1, "农村客运班线延伸", "县交通运输局", 15, "条", "2026年12月"],
        [2, "社区卫生服务站", "县卫健局", 6, "个", "2026年10月底"],
        ["二、重点项目"],
        [1, "县城供热管网", "县住建局", 30, "公里", None],
        [2, "物流园一期", "县商务局", 2, "亿元", None],
    ]
    _put(ws, rows, ["A2:F2", "A5:F5"])
    return _save(wb)


def header_synonyms() -> bytes:
    """The words people use: 编号, 项目, 主责单位, 板块, 目标任务, 单位 (the measure), 起止时间, 权重."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    rows: list[list[Any]] = [
        ["编号", "项目", "主责单位", "板块", "目标任务", "单位", "起止时间", "权重"],
        ["ZD-01", "县城污水管网改造", "县住建局", "重点项目", 3000, "万元", "2026.3—2026.11", 2],
        ["ZD-02", "高标准农田", "县农业农村局", "重点项目", "1.2万", "亩", "2026年4月至10月", 1],
    ]
    _put(ws, rows)
    return _save(wb)


def measures_and_month_dates() -> bytes:
    """Targets written with their measure, percentages, 4,800, full-width digits; due dates of a month only."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    rows: list[list[Any]] = [
        ["项目编号", "项目名称", "牵头单位", "考核类别", "年度目标", "完成时限", "累计完成"],
        ["MS-01", "农村公路提质改造", "交通运输局", "民生实事", "120公里", "2026年12月", "35公里"],
        ["MS-02", "农村户厕改造", "卫健局", "民生实事", "4,800户", "2026年10月底", "1,200户"],
        ["MS-03", "义务教育巩固率", "教育局", "民生实事", "95%", "10月31日", "60%"],
        ["MS-04", "便民服务中心", "政务服务局", "民生实事", "１２个", "２０２６．９", "３个"],
    ]
    _put(ws, rows)
    return _save(wb)


def aliases_and_townships() -> bytes:
    """One bureau written three ways, townships with and without 人民政府, two offices that are not one."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    rows: list[list[Any]] = [
        ["项目编号", "项目名称", "牵头单位", "考核类别", "年度目标", "计量单位"],
        ["MS-01", "农村公路提质改造", "县交通运输局", "民生实事", 120, "公里"],
        ["MS-02", "公交站亭改造", "交通运输局", "民生实事", 40, "个"],
        ["MS-03", "客运站修缮", "交通局", "民生实事", 1, "个"],
        ["MS-04", "集镇污水处理", "城关镇人民政府", "民生实事", 1, "座"],
        ["MS-05", "农贸市场提升", "城关镇", "民生实事", 2, "个"],
        ["MS-06", "背街小巷整治", "东城街道办事处", "民生实事", 12, "条"],
        ["MS-07", "督查督办", "县委办公室", "重点工作", 100, "%"],
        ["MS-08", "政务公开", "县人民政府办公室", "重点工作", 100, "%"],
    ]
    _put(ws, rows)
    return _save(wb)


def gbk_csv() -> bytes:
    """Excel's 'CSV (comma delimited)' on a Chinese Windows: GBK, a title line, a two-row header, a 合计, a footer."""
    rows: list[list[Any]] = [
        ["某县2026年重点项目台账"] + [""] * 20,
        ["序号", "项目编号", "项目名称", "责任单位", "类别", "年度目标", "计量单位", "序时计划（累计）"]
        + [""] * 11
        + ["累计完成", "备注"],
        [""] * 7 + MONTHS + ["", ""],
        ["1", "ZD-01", "县城供水提标改造", "县水务局", "重点项目", "8000", "万元"]
        + ["500", "1000", "1500", "2000", "3000", "4000", "5000", "6000", "6500", "7000", "7500", "8000"]
        + ["2100", ""],
        ["2", "ZD-02", "城南安置小区", "县住建局", "重点项目", "1200", "套"]
        + [""] * 5
        + ["100", "300", "500", "700", "900", "1100", "1200"]
        + ["", "6月开工"],
        ["", "", "合计", "", "", "9200", ""] + [""] * 14,
        ["填报人：王五    联系电话：0371-12345678"] + [""] * 20,
    ]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("gbk")
