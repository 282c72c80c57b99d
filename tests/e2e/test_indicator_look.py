"""An indicator-scored category where units look (SPEC §7, §4): /myflag and /unit show its score in its own
points (never "%"), its red and yellow lines by its own knobs and in points, and the early warning says
nothing about it (a given score has no pace to carry on). On SQLite and PostgreSQL.

The county of tests/e2e/admin_county.py, plus a 闯创干 score sheet for Sep–Oct: 人社局 95 + 6 = 101.0,
应急管理局 85.0, 交通运输局 70.5 − 0.5 = 70.0; 闯创干's own knobs: 红旗最低分 90, 黄旗线 75 (the global
ones are 100 and 80). Its red line in the group is max(90, the 3rd best 70.0) = 90.0.
"""

from __future__ import annotations

from tests.conftest import shanghai
from tests.e2e.admin_county import add_person, ask, build_county
from tests.e2e.conftest import Harness

AFTER_OCT = shanghai(2026, 11, 10, 9, 0)
CONTACT = 7401


async def test_myflag_and_unit_show_an_indicator_category_in_points_by_its_own_lines(bot: Harness) -> None:
    await build_county(bot.db)
    await add_person(bot.db, CONTACT, unit="交通运输局")
    bot.at(AFTER_OCT)
    contact = bot.user(CONTACT)
    admin = bot.admin
    sheet = (
        "单位,考核类别,得分,加减分\n人社局,闯创干,95,6\n应急管理局,闯创干,85,\n交通运输局,闯创干,70.5,-0.5\n"
    )
    admin.send_document(sheet.encode(), "评分.csv", caption="/scores 2026-10")
    (preview,) = await admin.wait_replies(1)
    admin.press_button(preview, "确认导入")
    await admin.wait_replies(1)
    (changed,) = await ask(admin, "/categories 闯创干 红旗最低分=90 黄旗线=75")
    assert changed.startswith("已更新“闯创干”的考核规则。")
    (published,) = await ask(admin, "/review publish 2026-10")
    assert "讲评已发布" in published
    (notice,) = await contact.wait_replies(1, timeout=15)  # the unit is told of its flags
    assert "闯创干" in notice["text"]

    contact.send("/myflag")
    text_message, photo = await contact.wait_replies(2, timeout=15)
    assert "photo" in photo
    text = text_message["text"]
    block = text[text.index("【闯创干】") :].split("\n\n")[0]  # up to the blank line before the next part
    assert "讲评：🟨落后黄旗，县直部门第3名，得分70.0（新领黄旗）" in block
    assert "70.0%" not in block and "%" not in block
    assert "距红旗线90.0分差20.0分；低于黄旗线75.0分5.0分" in block
    # the project-scored category keeps its percentages and percentage points
    other = text[text.index("【民生实事】") :].split("\n\n")[0]
    assert "得分60.0%" in other and "个百分点" in other
    # the early warning extrapolates projects: nothing is claimed for 闯创干
    forecast = [line for line in text.splitlines() if line.startswith(("📈", "⚠️"))]
    assert forecast and all("闯创干" not in line for line in forecast)

    (detail,) = await ask(admin, "/unit 交通运输局")
    (record,) = [line for line in detail.splitlines() if "闯创干" in line]
    assert "得分70.0" in record and "%" not in record
    (record,) = [line for line in detail.splitlines() if "民生实事：" in line]
    assert "得分60.0%" in record
