"""The look commands end to end: /projects /myflag /plan for contacts, /ranking /unit /lagging /history
/plans for leaders, over the simulator, on a county whose figures are worked out by hand.

Calendar-year projects have target 120, so the plan expects 10 a month (100 at Oct 31).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.domain.periods import Period
from bot.domain.policy import Policy
from bot.render.chat import MESSAGE_LIMIT
from bot.services.reviews import publish_review
from storage.queries.ledger import add_category, add_unit, get_unit_by_name
from storage.tables import Person, Project
from tests.conftest import TZ, Db, shanghai
from tests.e2e.conftest import Harness
from tests.factories import add_project, report

OCT_31 = shanghai(2026, 10, 31, 18, 0)  # the last day of Sep–Oct: expected is 100
AFTER_OCT = shanghai(2026, 11, 10, 9, 0)
AFTER_DEC = shanghai(2027, 1, 10, 9, 0)
JAN_15 = shanghai(2027, 1, 15, 10, 0)

CONTACT_A, CONTACT_E, CONTACT_F, LEADER, LEADER_EN, STRANGER = 7001, 7002, 7003, 7100, 7101, 7200


async def build_county(db: Db) -> None:
    async with db.sessions.begin() as s:
        await add_project(s, "A1", unit="A局", weight=2, name="城乡就业培训")
        await add_project(s, "A2", unit="A局", name="<零工市场>建设")
        await add_project(s, "B1", unit="B局")
        await add_project(s, "C1", unit="C局")
        await add_project(s, "D1", unit="D局")
        await add_project(s, "E1", unit="E局")
        await add_project(s, "G1", unit="G局", start=date(2026, 12, 1))
        await add_project(s, "X1", unit="X局", category="重点项目")
        await add_project(s, "F1", unit="F镇", group="乡镇")
        await add_project(s, "H1", unit="H镇", group="乡镇", due=date(2027, 12, 31))
    async with db.sessions.begin() as s:
        await report(s, "A1", 120, shanghai(2026, 10, 20, 10, 0), note="培训完成")
        await report(s, "A2", 100, shanghai(2026, 10, 21, 10, 0))
        await report(s, "B1", 90, shanghai(2026, 9, 15, 10, 0))
        await report(s, "B1", 110, shanghai(2026, 11, 5, 23, 0))
        await report(s, "C1", 105, shanghai(2026, 8, 20, 10, 0))
        await report(s, "D1", 100, shanghai(2026, 10, 1, 10, 0))
        await report(s, "E1", 79.9, shanghai(2026, 10, 30, 10, 0))
        await report(s, "E1", 120, shanghai(2026, 11, 6, 0, 0))
        await report(s, "X1", 120, shanghai(2026, 8, 1, 10, 0))
        await report(s, "F1", 50, shanghai(2026, 10, 15, 10, 0))
        await report(s, "H1", 100, shanghai(2026, 10, 15, 10, 0))
    await person(db, CONTACT_A, unit="A局")
    await person(db, CONTACT_E, unit="E局")
    await person(db, CONTACT_F, unit="F镇")
    await person(db, LEADER, leader=True)
    await person(db, LEADER_EN, leader=True)


async def publish_two_reviews(db: Db) -> None:
    """Sep–Oct published on Nov 10, then a round of December reports and Nov–Dec published on Jan 10."""
    async with db.sessions.begin() as s:
        await publish_review(s, Period(2026, 10), policy=Policy(), tz=TZ, now=AFTER_OCT, actor="test")
    async with db.sessions.begin() as s:
        await report(s, "B1", 120, shanghai(2026, 12, 20, 10, 0))
        await report(s, "C1", 120, shanghai(2026, 12, 20, 10, 0))
        await report(s, "E1", 120, shanghai(2026, 12, 21, 10, 0))
        await report(s, "F1", 50, shanghai(2026, 12, 21, 10, 0))
        await report(s, "H1", 100, shanghai(2026, 12, 21, 10, 0))
    async with db.sessions.begin() as s:
        await publish_review(s, Period(2026, 12), policy=Policy(), tz=TZ, now=AFTER_DEC, actor="test")


async def person(db: Db, user_id: int, *, unit: str | None = None, leader: bool = False) -> None:
    async with db.sessions.begin() as s:
        unit_id = None
        if unit:
            row = await get_unit_by_name(s, unit)
            assert row is not None
            unit_id = row.id
        s.add(
            Person(user_id=user_id, unit_id=unit_id, is_leader=leader, created_at=OCT_31, updated_at=OCT_31)
        )


async def ask(bot: Harness, user_id: int, text: str, *, lang: str = "zh-hans", n: int = 1) -> list[str]:
    user = bot.user(user_id, lang=lang)
    user.send(text)
    return [str(m.get("text") or m.get("caption") or "") for m in await user.wait_replies(n, timeout=15)]


async def myflag(bot: Harness, user_id: int, *, lang: str = "zh-hans") -> tuple[str, dict[str, Any]]:
    """/myflag in private: the text, then the trend picture (a photo message)."""
    user = bot.user(user_id, lang=lang)
    user.send("/myflag")
    text, photo = await user.wait_replies(2, timeout=15)
    assert "photo" in photo and "photo" not in text
    return text["text"], photo


async def test_projects_worst_first_privately_and_myflag_before_any_review(bot: Harness) -> None:
    await build_county(bot.db)
    bot.at(OCT_31)
    (answer,) = await ask(bot, CONTACT_A, "/projects")
    lines = answer.splitlines()
    assert "A局" in lines[0] and "截至2026年10月31日" in lines[0] and "共2个" in lines[0]
    assert lines[1].startswith("🟢 A2 <零工市场>建设")  # escaped on the wire, plain text as shown
    # 年度完成率 = 100 ÷ 120; on the schedule exactly
    assert "累计100个，年度完成率83.3%，与序时进度持平｜超序时｜最近报送 2026年10月21日" in lines[1]
    assert lines[2].startswith("✅ A1 城乡就业培训") and "｜已完成" in lines[2]
    assert "完成率" not in answer.replace("年度完成率", "")

    (answer,) = await ask(bot, CONTACT_E, "/projects")
    assert "🔴 E1" in answer and "｜严重滞后｜最近报送 2026年10月30日" in answer and "低于序时进度" in answer

    # In a group, one unit's details go privately.
    group = bot.sim.group(-100500, "县工作群")
    contact = bot.user(CONTACT_A)
    contact.send("/projects", chat=group)
    (note,) = await contact.wait_replies(1, chat=group)
    assert note["text"] == "详情已私信发给您。"
    (details,) = await contact.wait_replies(1)
    assert "A2" in details["text"] and "A1" in details["text"]
    assert all("A2" not in m["text"] for m in bot.sim.bot_messages(group.id))

    # Before any review, /myflag gives the live estimate.
    answer, _ = await myflag(bot, CONTACT_F)
    assert "还没有发布过讲评" in answer
    assert "【民生实事】" in answer
    assert "实时（截至2026年10月31日）：第2名（共2个单位），得分50.0%，按当前进度估算：🟨落后黄旗" in answer
    assert "距红旗线100.0%差50.0个百分点；低于黄旗线80.0%30.0个百分点" in answer
    assert "F1" in answer.split("影响得分的主要滞后项目：")[1]


async def test_myflag_after_two_reviews_shows_change_lines_laggards_and_estimate(bot: Harness) -> None:
    await build_county(bot.db)
    await publish_two_reviews(bot.db)
    bot.at(JAN_15)
    answer, _ = await myflag(bot, CONTACT_A)
    assert "上次讲评：2026年11—12月（2027年1月10日发布）" in answer
    assert "讲评：无旗，县直部门第4名，得分94.4%（失去红旗）" in answer
    assert "距红旗线100.0%差5.6个百分点；高于黄旗线80.0%14.4个百分点" in answer
    assert "再上期（2026年9—10月）：🚩贡献红旗，第1名，得分113.3%" in answer
    assert "实时（截至2027年1月15日）：第4名（共6个单位），得分94.4%，按当前进度估算：无旗" in answer
    assert "本期还有1个项目未报送" in answer  # A2 is not done; A1 is and owes no report
    pulling = answer.split("影响得分的主要滞后项目：")[1]
    # A2: 100 of 120 done (83.3 % of the year's target) and due in full by now
    assert "A2 &lt;零工市场&gt;建设" not in pulling
    assert "A2 <零工市场>建设：累计100个，年度完成率83.3%，低于序时进度16.7个百分点" in pulling
    assert "A1" not in pulling

    answer, _ = await myflag(bot, CONTACT_F)
    assert "🟨落后黄旗，乡镇第2名，得分41.7%（连续黄旗·连续2期）" in answer

    answer, _ = await myflag(bot, CONTACT_E, lang="en")
    assert "Last review: Nov–Dec 2026" in answer
    assert "Review: 🚩red flag, rank 1 in 县直部门, 100.0% (yellow to red)" in answer
    assert "today's figures would give: 🚩red flag" in answer and "rank 1 of" in answer


async def test_ranking_live_with_the_last_published_flags_in_a_group(bot: Harness) -> None:
    await build_county(bot.db)
    await publish_two_reviews(bot.db)
    bot.at(JAN_15)
    leaders = bot.sim.group(-100600, "领导群")
    leader = bot.user(LEADER)
    leader.send("/ranking", chat=leaders)
    (answer,) = await leader.wait_replies(1, chat=leaders)
    text = answer["text"]
    assert "实时排名" in text and "2027年1—2月" in text
    # which figures are the published result and which are live
    assert "讲评结果以2026年11—12月讲评通报为准（见每行“上期”）" in text
    assert "本表得分和🚩/🟨为截至2027年1月15日的实时数据，不是讲评结果" in text
    assert "【民生实事】" in text and "【重点项目】" in text
    assert "1. B局 100.0% 🚩 · 上期🚩贡献红旗" in text
    assert "4. A局 94.4% · 上期无旗 · 未报齐" in text
    assert "6. G局 0.0% 🟨 · 上期🟨落后黄旗" in text
    assert "1. X局 100.0% 🚩" in text

    leader.send("/ranking 重点", chat=leaders)
    (answer,) = await leader.wait_replies(1, chat=leaders)
    assert "【重点项目】" in answer["text"] and "民生实事" not in answer["text"]

    leader.send("/ranking 不存在的类别", chat=leaders)
    (answer,) = await leader.wait_replies(1, chat=leaders)
    assert "没有考核类别“不存在的类别”。现有类别：民生实事、重点项目" in answer["text"]
    assert "用法：/ranking" in answer["text"]


async def test_unit_needs_a_unit_and_sends_details_privately_from_a_group(bot: Harness) -> None:
    await build_county(bot.db)
    await publish_two_reviews(bot.db)
    bot.at(JAN_15)
    (answer,) = await ask(bot, LEADER, "/unit")
    assert "请写明要查看的单位" in answer and "用法：/unit" in answer
    (answer,) = await ask(bot, LEADER, "/unit 不存在的单位")
    assert "没有找到单位“不存在的单位”" in answer and "A局" in answer and "用法：/unit" in answer

    leaders = bot.sim.group(-100600, "领导群")
    leader = bot.user(LEADER)
    leader.send("/unit A局", chat=leaders)
    (note,) = await leader.wait_replies(1, chat=leaders)
    assert note["text"] == "详情已私信发给您。"
    (details,) = await leader.wait_replies(1)
    text = details["text"]
    assert text.index("A2 <零工市场>建设") < text.index("A1 城乡就业培训")  # worst first
    assert "最近2条报送" in text
    assert "2026年10月21日10:00 A2：累计完成100个（+100）" in text
    assert "2026年10月20日10:00 A1：累计完成120个（+120），序时进度96个，已完成｜培训完成" in text
    assert "2026年9—10月 民生实事：🚩贡献红旗，第1名，得分113.3%（新获红旗）" in text
    assert "2026年11—12月 民生实事：无旗，第4名，得分94.4%（失去红旗）" in text


async def test_lagging_lists_projects_behind_worst_first_in_english_too(bot: Harness) -> None:
    await build_county(bot.db)
    bot.at(OCT_31)
    (answer,) = await ask(bot, LEADER, "/lagging")
    lines = answer.splitlines()
    assert "滞后项目3个" in lines[0]
    # target 120 for the year, 100 expected by October 31: 50 done is 41.7 % of the year, 41.7 points behind
    assert lines[1] == "🔴 F镇｜F1 F镇F1项目｜累计50个，年度完成率41.7%，低于序时进度41.7个百分点｜严重滞后"
    assert lines[2].startswith("🔴 E局｜E1") and "累计80个" in lines[2]  # 79.9 个 is shown whole
    assert lines[3] == "🟠 B局｜B1 B局B1项目｜累计90个，年度完成率75.0%，低于序时进度8.3个百分点｜滞后 · 停滞"

    (answer,) = await ask(bot, LEADER_EN, "/lagging", lang="en")
    assert answer.startswith("Projects behind schedule: 3")
    assert (
        "B1 B局B1项目 | 90 个, 75.0% of the target, 8.3 points behind schedule | lagging · stalled" in answer
    )


async def test_history_of_a_project_and_a_unit_with_bad_input(bot: Harness) -> None:
    await build_county(bot.db)
    await publish_two_reviews(bot.db)
    bot.at(JAN_15)
    (answer,) = await ask(bot, LEADER, "/history B1 2026-09-01 2026-12-31")
    lines = answer.splitlines()
    assert lines[0] == "B1 B局B1项目 报送记录：2026年9月1日至2026年12月31日"
    assert "共3条" in lines[1]
    # on September 15 the plan stood halfway between 80 (Aug 31) and 90 (Sep 30)
    assert lines[2].startswith("2026年9月15日10:00 B1：累计完成90个（+90），序时进度85个，超序时")
    assert lines[3].startswith("2026年11月5日23:00 B1：累计完成110个（+20）")
    assert lines[4].startswith("2026年12月20日10:00 B1：累计完成120个（+10）")
    assert "2026年12月31日的状态" in answer and "已完成" in answer

    (answer,) = await ask(bot, LEADER, "/history B局 2026年11月1日")  # from Nov 1 to today
    assert "2026年11月1日至2027年1月15日" in answer and "共2条" in answer

    (answer,) = await ask(bot, LEADER, "/history A局")  # default: the current period, nothing yet
    assert "2027年1月1日至2027年1月15日" in answer and "这段时间没有报送" in answer
    assert "A2" in answer.split("的状态")[1]

    (answer,) = await ask(bot, LEADER, "/history B1 2026-13-01")
    assert "“2026-13-01”不是日期" in answer and "用法：/history" in answer
    (answer,) = await ask(bot, LEADER, "/history B1 2026-10-31 2026-09-01")
    assert "开始日期 2026年10月31日 晚于结束日期 2026年9月1日" in answer
    (answer,) = await ask(bot, LEADER, "/history")
    assert "请写明单位名称或项目编号" in answer and "用法：/history" in answer
    (answer,) = await ask(bot, LEADER, "/history 不存在")
    assert "没有找到单位或项目“不存在”" in answer

    group = bot.sim.group(-100600, "领导群")
    leader = bot.user(LEADER)
    leader.send("/history B1", chat=group)
    (note,) = await leader.wait_replies(1, chat=group)
    assert note["text"] == "详情已私信发给您。"
    (details,) = await leader.wait_replies(1)
    assert "B1 B局B1项目 报送记录" in details["text"]


async def test_plan_and_plans_with_overdue_units(bot: Harness) -> None:
    """A review published before the lists existed gets its items when first looked at (see
    docs/rectification.md); F镇 fills its one item in, G局 sends nothing."""
    await build_county(bot.db)
    await publish_two_reviews(bot.db)
    bot.at(JAN_15)
    (answer,) = await ask(bot, CONTACT_F, "/plan")
    assert (
        "F镇整改清单（2026年11—12月讲评，黄旗类别：民生实事），请于2027年1月17日09:00前逐项提交。" in answer
    )
    assert "1. F1 F镇F1项目（民生实事）— 待填写" in answer
    (answer,) = await ask(bot, CONTACT_F, "/plan F1 征地滞后；增派 2 个施工队；王五；2027-01-31")
    assert "已填写 1/1 项" in answer

    (answer,) = await ask(bot, LEADER, "/plans")
    assert "整改清单：2026年11—12月讲评，2027年1月10日发布，应于2027年1月17日09:00前提交" in answer
    assert "黄旗单位 2 个，已提交清单 1 个。" in answer
    assert "未提交清单：G局\n" in answer and "已逾期" not in answer
    assert "• F镇（民生实事）：1 项，已提交 1，已退回 0，已通过 0，已销号 0" in answer
    assert answer.index("• G局") < answer.index("• F镇")  # lists not sent first

    bot.at(shanghai(2027, 1, 18, 10, 0))
    (answer,) = await ask(bot, LEADER_EN, "/plans", lang="en")
    assert "List not sent: G局 (overdue)" in answer


async def test_plans_before_any_review_and_roles_are_enforced(bot: Harness) -> None:
    await build_county(bot.db)
    bot.at(OCT_31)
    (answer,) = await ask(bot, LEADER, "/plans")
    assert answer == "还没有发布过讲评。"
    (answer,) = await ask(bot, CONTACT_A, "/plan")
    assert answer == "还没有发布过讲评。"  # no review yet: no rectification list
    for command in ("/ranking", "/lagging", "/unit A局", "/history A1", "/plans"):
        (answer,) = await ask(bot, CONTACT_A, command)
        assert answer == "这个命令需要县领导权限。如需开通，请联系考核办。", command
    (answer,) = await ask(bot, STRANGER, "/ranking")
    assert "县领导" in answer
    (answer,) = await ask(bot, STRANGER, "/projects")
    assert "您还没有绑定单位" in answer
    (answer,) = await ask(bot, LEADER, "/myflag")  # a leader without a unit has no unit's flags
    assert "您还没有绑定单位" in answer
    bot.admin.send("/ranking 民生实事")
    (answer,) = await bot.admin.wait_replies(1)
    assert "1. A局 113.3% 🚩" in answer["text"]


async def test_a_long_lagging_list_is_split_between_lines(bot: Harness) -> None:
    async with bot.db.sessions.begin() as s:
        category = await add_category(s, name="民生实事", now=OCT_31)
        units = [await add_unit(s, name=f"第{i}单位", group="县直部门", now=OCT_31) for i in range(12)]
        s.add_all(
            Project(
                code=f"P-{i:03d}",
                name=f"农村公路提质改造第{i}标段工程",
                unit_id=units[i % 12].id,
                category_id=category.id,
                target=120,
                measure="个",
                start=date(2026, 1, 1),
                due=date(2026, 12, 31),
                created_at=OCT_31,
                updated_at=OCT_31,
            )
            for i in range(300)
        )
    await person(bot.db, LEADER, leader=True)
    bot.at(OCT_31)
    leader = bot.user(LEADER)
    leader.send("/lagging")
    first = await leader.wait_replies(1, timeout=20)
    await bot.sim.wait_idle(timeout=20, quiet=0.5)
    texts = [m["text"] for m in first + leader.replies()]
    assert len(texts) >= 3
    assert all(len(t) <= MESSAGE_LIMIT for t in texts)
    assert texts[0].startswith("滞后项目300个")
    lines = [line for t in texts for line in t.splitlines()][1:]
    pattern = re.compile(
        r"^🔴 第\d+单位｜P-\d{3} 农村公路提质改造第\d+标段工程｜累计0个，年度完成率0\.0%，低于序时进度83\.3个百分点"
        r"｜严重滞后 · 未报送 · 停滞$"
    )
    assert all(pattern.match(line) for line in lines), [line for line in lines if not pattern.match(line)][:3]
    assert [line.split("｜")[1].split()[0] for line in lines] == [f"P-{i:03d}" for i in range(300)]
