"""A county's own messy 台账 uploaded in chat (SPEC §5.1, issue 10): what was read, what was not and why;
unit aliases kept by /alias. On SQLite and PostgreSQL."""

from __future__ import annotations

import io

import openpyxl

from tests.e2e.admin_county import ask
from tests.e2e.conftest import Harness
from tests.e2e.test_admin import upload_and_confirm

MONTHS = [f"{m}月" for m in range(1, 13)]


def messy_ledger() -> bytes:
    """A cover sheet; a sheet with a title, a merged two-row header, a section row, a 合计 and a footer."""
    wb = openpyxl.Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = "填报说明"
    cover.append(["请各单位于每月5日前填报。"])
    ws = wb.create_sheet("民生实事")
    ws.append(["某县2026年民生实事台账"])
    ws.append(["序号", "项目名称", "责任单位", "目标任务", "序时计划（累计）", *[None] * 11, "备注"])
    ws.append([None] * 4 + MONTHS + [None])
    ws.append(["一、民生实事"])
    ws.append([1, "农村公路提质改造", "县交通运输局", "120公里", *range(10, 130, 10), None])
    ws.append([2, "R&D<办>$x$ 孵化器", "R&D<办>$x$局", "3个", *([None] * 9), 1, 2, 3, "新建"])
    ws.append([None, "合计", None, None])
    ws.append(["填报人：张三　联系电话：13800000000"])
    for ref in ("A1:Q1", "E2:P2", "A4:Q4", "A8:Q8", *(f"{c}2:{c}3" for c in "ABCDQ")):
        ws.merge_cells(ref)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


async def test_a_messy_ledger_in_chat_is_read_and_the_reply_names_what_was_skipped(bot: Harness) -> None:
    admin = bot.admin
    admin.send_document(messy_ledger(), "2026年民生实事台账.xlsx")
    (preview,) = await admin.wait_replies(1)
    skipped = [
        "未作为项目读取（5 处）：",
        "• “填报说明”表：前 10 行没有表头，整表未读取",
        "• “民生实事”表第 2 行：未读取的列：备注",
        "• “民生实事”表第 4 行：分类行“民生实事”：作为下方项目的考核类别",
        "• “民生实事”表第 7 行：合计行：合计",
        "• “民生实事”表第 8 行：表尾：填报人：张三 联系电话：13800000000",
    ]
    shown = preview["text"].splitlines()
    assert (
        shown[shown.index(skipped[0]) : shown.index(skipped[0]) + len(skipped)] == skipped
    )  # before Confirm
    admin.press_button(preview, "确认导入")
    (answer,) = await admin.wait_replies(1)
    lines = answer["text"].splitlines()
    assert lines[0] == "台账导入成功：新增 2 个项目，更新 0 个，未变 0 个；记录完成情况 0 条。"
    assert "新增单位：县交通运输局、R&D<办>$x$局" in lines
    assert "没有项目编号列，按“类别前两字-序号”生成编号（2 个）：民生-01、民生-02" in lines
    assert lines[lines.index(skipped[0]) :] == skipped
    (projects,) = await ask(admin, "/units")
    assert "R&D<办>$x$局 · 项目 1" in projects and "县交通运输局 · 项目 1" in projects


async def test_an_alias_makes_a_short_name_count_for_the_unit(bot: Harness) -> None:
    admin = bot.admin
    await upload_and_confirm(admin, messy_ledger(), "台账.xlsx")
    assert await ask(admin, "/alias") == [
        "还没有单位别名。台账里写法不同的同一单位（如 交通局、县交通运输局），可用 /alias 交通局 = 县交通运输局 归并。"
    ]
    assert await ask(admin, "/alias 交通局 = 县交通运输局") == [
        "已添加别名：交通局 → 县交通运输局。今后台账中的“交通局”都计入县交通运输局。"
    ]
    (nowhere,) = await ask(admin, "/alias 水利 = 县水利局")
    assert nowhere.startswith("没有找到单位“县水利局”")
    (odd,) = await ask(admin, "/alias 交通局")
    assert odd.startswith("用法：")

    later = (
        "项目编号,项目名称,牵头单位,考核类别,年度目标\n"
        "MS-09,客运站修缮,交通局,民生实事,1\n"
        "MS-10,集镇污水处理,城关镇人民政府,民生实事,1\n"
    ).encode("gbk")
    answer = await upload_and_confirm(admin, later, "台账.csv")
    assert "按别名或简称归并的单位：交通局 → 县交通运输局" in answer
    assert "新增单位：城关镇人民政府" in answer
    (units,) = await ask(admin, "/units")
    assert "县交通运输局 · 项目 2" in units and "交通局 ·" not in units.replace("县交通运输局", "")
    assert "【乡镇】1" in units and "城关镇人民政府 · 项目 1" in units

    assert await ask(admin, "/alias") == ["单位别名（共 1 个）：\n• 交通局 → 县交通运输局"]
    assert await ask(admin, "/alias 删除 交通局") == ["已删除别名：交通局（原指向 县交通运输局）。"]

    contact = bot.user(7001, "联络员")
    (refused,) = await ask(contact, "/alias 交通局 = 县交通运输局")
    assert "已添加" not in refused
