"""The rectification list end to end (SPEC §12): a yellow unit's contact fills in two items, a leader returns
one, the contact fixes it, the leader approves it; a later report brings a project to 序时 and its item
closes by itself, with a message to the unit.

Every project has target 120 over 2026, so the plan expects 100 at Oct 31: 交通运输局 reports 60 and 50,
score 55.0 → a yellow flag in 民生实事 at the Sep–Oct review (published Nov 10 09:00, list due Nov 17 09:00).
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

from openpyxl import load_workbook

from bot.domain.periods import Period
from bot.outbound.export import export_review
from bot.outbound.publication import publish_now
from bot.simulator import BotApiSimulator
from handlers.markup import to_html
from storage.queries import reviews as reviews_q
from storage.tables import ChatBinding, Person
from tests.conftest import TZ, Db, shanghai
from tests.e2e.conftest import Harness, make_settings, start_bot, stop_bot
from tests.e2e.test_jobs import CONTACT as JOBS_CONTACT
from tests.e2e.test_jobs import HEAD as JOBS_HEAD
from tests.e2e.test_jobs import build_county as jobs_county
from tests.e2e.test_jobs import chats, fire, job, outbox
from tests.factories import CREATED, add_project, report

CONTACT, HEAD, LEADER, OTHER = 7301, 7302, 7310, 7303  # OTHER: 人社局, which holds no yellow flag
PUBLISHED = shanghai(2026, 11, 10, 9, 0)
NOV_11 = shanghai(2026, 11, 11, 10, 0)


async def build_county(db: Db) -> None:
    async with db.sessions.begin() as s:
        hr = await add_project(s, "MS-01", unit="人社局", name="城乡居民就业")
        tr = await add_project(s, "MS-03", unit="交通运输局", name="农村公路")
        await add_project(s, "MS-04", unit="交通运输局", name="客运站")
        for user_id, unit_id, head in (
            (CONTACT, tr.unit_id, False),
            (HEAD, tr.unit_id, True),
            (OTHER, hr.unit_id, False),
        ):
            s.add(
                Person(user_id=user_id, unit_id=unit_id, is_head=head, created_at=CREATED, updated_at=CREATED)
            )
        s.add(Person(user_id=LEADER, is_leader=True, created_at=CREATED, updated_at=CREATED))
    async with db.sessions.begin() as s:
        await report(s, "MS-01", 120, shanghai(2026, 10, 20, 10, 0))
        await report(s, "MS-03", 60, shanghai(2026, 10, 21, 10, 0))
        await report(s, "MS-04", 50, shanghai(2026, 10, 22, 10, 0))


async def ask(bot: Harness, user_id: int, text: str) -> str:
    user = bot.user(user_id)
    user.send(text, date=bot.clock.now())
    (answer,) = await user.wait_replies(1, timeout=15)
    return str(answer.get("text") or "")


async def told(bot: Harness, user_id: int, needle: str) -> str:
    """Wait for a message the bot sent by itself (through the outbox) that contains `needle`."""

    def found() -> list[str]:
        return [
            c.params["text"]
            for c in bot.sim.sent(user_id, method="sendMessage", ok=True)
            if needle in c.params["text"]
        ]

    await bot.sim.wait_for(lambda: bool(found()), timeout=10, what=f"{needle!r} to {user_id}")
    bot.user(user_id).mark()
    return found()[-1]


async def published(bot: Harness, at: datetime = PUBLISHED) -> None:
    for user_id in (CONTACT, HEAD, LEADER, OTHER):
        bot.user(user_id)
    bot.at(at)
    await publish_now(bot.db.sessions, Period(2026, 10), settings=bot.settings, now=at, actor="test")
    await told(bot, CONTACT, "黄旗")


async def test_a_list_of_two_items_returned_fixed_approved_and_closed_by_a_report(bot: Harness) -> None:
    await build_county(bot.db)
    await published(bot)
    bot.at(NOV_11)

    answer = await ask(bot, CONTACT, "/plan")
    assert (
        "交通运输局整改清单（2026年9—10月讲评，黄旗类别：民生实事），请于2026年11月17日09:00前逐项提交。"
        in answer
    )
    assert "1. MS-03 农村公路（民生实事）— 待填写" in answer
    assert "2. MS-04 客运站（民生实事）— 待填写" in answer
    assert "/plan 项目编号 问题；措施；责任人；完成时限" in answer
    # the example's date is written the Chinese way (30 days on from Nov 11), and is accepted as written
    assert "例如：/plan MS-03 征地拆迁滞后；增派施工队、每天一调度；张三；2026年12月11日" in answer

    answer = await ask(bot, CONTACT, "/plan MS-03 征地滞后；增派施工队，每天一调度；张三；2026-11-30")
    assert answer.startswith("已提交 MS-03 的整改措施，待县领导审核。已填写 1/2 项。")
    assert "问题：征地滞后｜措施：增派施工队，每天一调度｜责任人：张三｜完成时限：2026年11月30日" in answer
    # the guided way: 填写 under the list, then the four parts as a plain message
    contact = bot.user(CONTACT)
    contact.send("/plan", date=bot.clock.now())
    (listing,) = await contact.wait_replies(1, timeout=15)
    contact.press_button(listing, "填写 MS-04")
    (prompt,) = await contact.wait_replies(1, timeout=15)
    assert prompt["text"].startswith(
        "请回复 MS-04 客运站 的四项内容，用分号隔开：问题；措施；责任人；完成时限"
    )
    answer = await ask(bot, CONTACT, "资金未到位；申请追加资金")
    assert answer.startswith("需要 4 项内容，用分号隔开：问题；措施；责任人；完成时限（现在是 2 项）。")
    answer = await ask(bot, CONTACT, "资金未到位；申请追加资金；李四；2027-03-31")
    assert "已填写 2/2 项" in answer and "2. MS-04 客运站（民生实事）— 已提交，待审核" in answer
    answer = await ask(bot, CONTACT, "MS-03 60")  # the item is filled: plain messages are reports again
    assert "确认" in answer

    # bad input: a polite reason and the usage
    answer = await ask(bot, CONTACT, "/plan MS-03 只写了问题")
    assert answer.startswith("需要 4 项内容，用分号隔开：问题；措施；责任人；完成时限（现在是 1 项）。")
    assert "用法：/plan 项目编号 问题；措施；责任人；完成时限" in answer
    answer = await ask(bot, CONTACT, "/plan MS-03 a；b；c；2026-11-01")
    assert answer.startswith("完成时限 2026年11月1日 已经过去")
    answer = await ask(bot, OTHER, "/plan")
    assert answer == "人社局在最近一次讲评中没有黄旗，无需提交整改清单。"

    leader = bot.user(LEADER)
    leader.send("/plans")
    (board,) = await leader.wait_replies(1, timeout=15)
    text = board["text"]
    assert "黄旗单位 1 个，已提交清单 1 个。" in text
    assert "• 交通运输局（民生实事）：2 项，已提交 2，已退回 0，已通过 0，已销号 0" in text
    assert "未提交清单" not in text

    # the leader returns MS-04 with a comment; the unit is told
    answer = await ask(bot, LEADER, "/plans 退回 MS-04")
    assert answer.startswith("退回请写明意见")
    answer = await ask(bot, LEADER, "/plans 退回 MS-04 完成时限过晚，请压缩到年底前")
    assert answer == "已退回 交通运输局 MS-04，并通知该单位。"
    note = await told(bot, CONTACT, "退回了")
    assert "县领导退回了交通运输局整改清单中的 MS-04 客运站，意见：完成时限过晚，请压缩到年底前。" in note
    await told(bot, HEAD, "退回了")

    # the contact fixes it; the leader approves both with the buttons
    answer = await ask(bot, CONTACT, "/plan 客运站 资金未到位；申请追加资金；李四；2026-12-31")
    assert "2. MS-04 客运站（民生实事）— 已提交，待审核" in answer
    leader.send("/plans")
    (board,) = await leader.wait_replies(1, timeout=15)
    leader.press_button(board, "通过 MS-03")
    (answer,) = await leader.wait_replies(1, timeout=15)
    assert answer["text"] == "已通过 交通运输局 MS-03。"
    leader.press_button(board, "通过 MS-04")
    (answer,) = await leader.wait_replies(1, timeout=15)
    assert answer["text"] == "已通过 交通运输局 MS-04。"
    note = await told(bot, CONTACT, "已通过交通运输局整改清单中的 MS-04")
    assert note == "县领导已通过交通运输局整改清单中的 MS-04 客运站，请按期落实。"
    answer = await ask(bot, CONTACT, "/plan MS-04 改；改；改；2026-12-30")
    assert answer.startswith("MS-04 已审核通过或已销号，不能再修改。")

    # a later report brings MS-03 to 序时 (expected on Nov 20 is 100 + 10×20/30 = 106.67; 102 is 95.6%, within the 5% tolerance): its item closes
    bot.at(shanghai(2026, 11, 20, 10, 0))
    answer = await ask(bot, CONTACT, "/report MS-03 102")
    assert "状态：按序时" in answer
    note = await told(bot, CONTACT, "自动销号")
    assert note == "MS-03 农村公路 已达到序时进度，交通运输局整改清单中该项已自动销号。"
    await told(bot, HEAD, "自动销号")
    answer = await ask(bot, CONTACT, "/plan")
    assert "1. MS-03 农村公路（民生实事）— 已销号" in answer
    assert "2. MS-04 客运站（民生实事）— 已通过" in answer

    async with bot.db.sessions() as s:
        actions = [a.action for a in await reviews_q.list_audit(s) if a.action.startswith("plan.")]
    assert actions == [
        "plan.submit",
        "plan.submit",
        "plan.return",
        "plan.submit",
        "plan.approve",
        "plan.approve",
        "plan.auto_close",
    ]


async def test_a_leader_closes_an_item_and_plans_shows_who_has_not_sent(bot: Harness) -> None:
    await build_county(bot.db)
    await published(bot)
    bot.at(shanghai(2026, 11, 18, 10, 0))  # past the deadline (Nov 17 09:00) with nothing sent
    answer = await ask(bot, LEADER, "/plans")
    assert "未提交清单：交通运输局（已逾期）" in answer
    answer = await ask(bot, LEADER, "/plans 销号 MS-04 已现场核查，进度已赶上")
    assert answer == "已对 交通运输局 MS-04 销号。"
    note = await told(bot, CONTACT, "销号")
    assert note == "县领导已对交通运输局整改清单中的 MS-04 客运站 销号。已现场核查，进度已赶上"
    answer = await ask(bot, LEADER, "/plans 销号 MS-04")
    assert answer.startswith("MS-04 已经销号。")
    answer = await ask(bot, LEADER, "/plans 批准 MS-04")
    assert answer.startswith("用法：/plans 查看清单")
    answer = await ask(bot, CONTACT, "/plans")
    assert "县领导权限" in answer

    # the workbook's rectification list sheet: MS-03 not sent (shaded), MS-04 closed by the leader
    async with bot.db.sessions() as s:
        data = await export_review(
            s, Period(2026, 10), policy=bot.settings.policy, tz=TZ, now=bot.clock.now()
        )
    sheet = load_workbook(io.BytesIO(data))["整改清单"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0] == [
        "单位",
        "项目编号",
        "项目名称",
        "考核类别",
        "问题",
        "措施",
        "责任人",
        "完成时限",
        "状态",
        "领导意见",
        "提示",
    ]
    assert rows[1] == [
        "交通运输局",
        "MS-03",
        "农村公路",
        "民生实事",
        None,
        None,
        None,
        None,
        "待填写",
        None,
        "未提交",
    ]
    assert rows[2][:4] == ["交通运输局", "MS-04", "客运站", "民生实事"]
    assert rows[2][8:] == ["已销号", "已现场核查，进度已赶上", None]


async def test_an_overdue_item_is_reminded_on_working_days_only(sim: BotApiSimulator, db: Db) -> None:
    """应急管理局's item MS-02 is due Sep 24; from Sep 25 it is overdue. Sep 25 is the Mid-Autumn holiday,
    Sep 26–27 a weekend and Oct 1–7 National Day (Oct 10, a Saturday, is a make-up working day): the real
    reminders job, fired at every trigger moment, reminds the contact and (the plan deadline Sep 17 being
    past) the head on the working days only, once a day."""
    await jobs_county(db)
    chats(sim)
    await publish_now(
        db.sessions,
        Period(2026, 8),
        settings=make_settings(sim, db),
        now=shanghai(2026, 9, 10, 9, 0),
        actor="test",
    )
    h = await start_bot(sim, db, clock_at=shanghai(2026, 9, 11, 10, 0))
    try:
        contact = h.user(JOBS_CONTACT)
        await sim.wait_for(
            lambda: any(
                "黄旗" in c.params["text"] for c in sim.sent(JOBS_CONTACT, method="sendMessage", ok=True)
            ),
            timeout=10,
        )
        contact.mark()
        contact.send("/plan MS-02 进度严重滞后；每天一调度；王局长；2026-09-24", date=h.clock.now())
        (answer,) = await contact.wait_replies(1, timeout=15)
        assert "已填写 1/1 项" in answer["text"]
        trigger = job(h, "reminders").job.trigger
        moment = trigger.get_next_fire_time(None, shanghai(2026, 9, 24, 0, 0))
        while moment < shanghai(2026, 10, 11, 0, 0):
            await fire(h, "reminders", moment)
            await fire(h, "reminders", moment + timedelta(hours=6))  # a second trigger the same day
            moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
        reminded = await outbox(h, "plan:remind:")
        days = [
            date(2026, 9, 28),
            date(2026, 9, 29),
            date(2026, 9, 30),
            date(2026, 10, 8),
            date(2026, 10, 9),
            date(2026, 10, 10),
        ]
        assert sorted({r.created_at.astimezone(TZ).date() for r in reminded}) == days
        assert sorted(r.chat_id for r in reminded) == sorted([JOBS_CONTACT, JOBS_HEAD] * len(days))
        text = to_html(reminded[0].text)
        assert "<b>整改提醒</b>：应急管理局，2026年7—8月讲评整改清单" in text
        assert "• 已超过完成时限未销号：MS-02（时限 2026年9月24日）" in text
    finally:
        await stop_bot(h)


async def test_interviews_and_measures_show_in_unit_and_history_and_lagging_shows_what_units_said(
    bot: Harness,
) -> None:
    await build_county(bot.db)
    async with bot.db.sessions.begin() as s:
        await report(s, "MS-04", 50, shanghai(2026, 11, 5, 10, 0), note="资金未到位，正在申请")
    await published(bot)
    bot.at(NOV_11)
    await ask(bot, CONTACT, "/plan MS-03 征地滞后；增派施工队；张三；2026-11-30")

    answer = await ask(bot, LEADER, "/interview 交通运输局 约谈 主要负责人到县委说明滞后原因")
    assert answer == "已记录：交通运输局 约谈（2026年11月11日）：主要负责人到县委说明滞后原因"
    answer = await ask(bot, LEADER, "/interview 交通运输局 扣减工作经费 扣减 5 万元")
    assert answer == "已记录：交通运输局 扣减工作经费（2026年11月11日）：扣减 5 万元"
    answer = await ask(bot, LEADER, "/interview 交通运输局 批评")
    assert answer.startswith("措施“批评”不在可选范围内：约谈、调整岗位、扣减工作经费、其他。")
    assert "用法：/interview 单位 约谈|调整岗位|扣减工作经费|其他 [说明]" in answer
    answer = await ask(bot, LEADER, "/interview 交通运输局 其他")
    assert answer.startswith("“其他”措施请写明具体内容。")
    answer = await ask(bot, CONTACT, "/interview 交通运输局 约谈 x")
    assert "县领导权限" in answer

    answer = await ask(bot, LEADER, "/unit 交通运输局")
    assert "整改清单（最近一次讲评）：\n1. MS-03 农村公路（民生实事）— 已提交，待审核" in answer
    assert "问题：征地滞后｜措施：增派施工队｜责任人：张三｜完成时限：2026年11月30日" in answer
    assert (
        "约谈与措施：\n• 2026年11月11日 约谈：主要负责人到县委说明滞后原因\n• 2026年11月11日 扣减工作经费：扣减 5 万元"
        in answer
    )
    answer = await ask(bot, LEADER, "/history 交通运输局")
    assert "• 2026年11月11日 约谈：主要负责人到县委说明滞后原因" in answer

    answer = await ask(bot, LEADER, "/lagging")
    assert "单位说明（报送备注）：" in answer
    # tests.factories.report notes "test"
    assert (
        "• MS-03 交通运输局：2026年10月21日 备注：test\n   为什么停滞：征地滞后｜怎么解决：增派施工队"
        in answer
    )
    assert "• MS-04 交通运输局：2026年11月5日 备注：资金未到位，正在申请" in answer


async def test_rank_changes_in_the_announcement_ranking_and_myflag_and_interview_due_at_a_third_yellow(
    bot: Harness,
) -> None:
    """Jul–Aug: nobody has reported, all three units score 0.0, tie for 1st, all yellow. Sep–Oct: 人社局
    120.0 (1st), 交通运输局 55.0 (2nd), 应急管理局 0.0 (3rd). Nov–Dec: 人社局 and 交通运输局 100.0 (1st, tied),
    发改局 (its project starts Nov 1: new) 50.0 (3rd), 应急管理局 0.0 (4th), its third yellow flag in a row."""
    await build_county(bot.db)
    leaders_chat = -7400
    async with bot.db.sessions.begin() as s:
        await add_project(s, "MS-05", unit="发改局", start=date(2026, 11, 1))
        await add_project(s, "MS-06", unit="应急管理局")
        s.add(
            ChatBinding(
                kind="leaders", chat_id=leaders_chat, title="领导群", bound_by=LEADER, bound_at=CREATED
            )
        )
    bot.sim.group(leaders_chat, "领导群")
    for period, at in ((Period(2026, 8), shanghai(2026, 9, 10, 9, 0)), (Period(2026, 10), PUBLISHED)):
        bot.at(at)
        await publish_now(bot.db.sessions, period, settings=bot.settings, now=at, actor="test")
    async with bot.db.sessions.begin() as s:
        await report(s, "MS-03", 120, shanghai(2026, 12, 20, 10, 0))
        await report(s, "MS-04", 120, shanghai(2026, 12, 20, 10, 0))
        await report(s, "MS-05", 60, shanghai(2026, 12, 20, 10, 0))
    nov_dec = shanghai(2027, 1, 11, 9, 0)
    bot.at(nov_dec)
    await publish_now(bot.db.sessions, Period(2026, 12), settings=bot.settings, now=nov_dec, actor="test")

    def leaders_texts() -> str:
        return "\n".join(
            c.params.get("text", "") for c in bot.sim.sent(leaders_chat, method="sendMessage", ok=True)
        )

    # after the announcement, the charts and the three documents (a group gets 20 messages a minute)
    await bot.sim.wait_for(lambda: "约谈提示" in leaders_texts(), timeout=120, what="约谈提示")
    texts = leaders_texts()
    assert (
        "<b>争先进位（较上期排名变化）</b>\n民生实事·县直部门：人社局 →" not in texts
    )  # kept places are not listed
    assert "民生实事·县直部门：交通运输局 ↓1、应急管理局 ↓2" in texts  # Sep–Oct against Jul–Aug
    assert "民生实事·县直部门：交通运输局 ↑1、发改局 新、应急管理局 ↓1" in texts  # Nov–Dec against Sep–Oct
    assert (
        "<b>约谈提示</b>：应急管理局在民生实事连续第 3 次黄旗（2026年11—12月），应约谈其主要负责人。" in texts
    )
    assert "交通运输局在民生实事连续第" not in texts  # its yellow flag came off at Nov–Dec

    bot.at(shanghai(2027, 1, 15, 10, 0))
    answer = await ask(bot, LEADER, "/ranking")
    assert "1. 人社局 100.0% 🚩 · 上期🚩贡献红旗 · 较上期 →" in answer
    assert "4. 应急管理局 0.0% 🟨 · 上期🟨落后黄旗 · 未报齐 · 较上期 →" in answer
    user = bot.user(CONTACT)
    user.send("/myflag", date=bot.clock.now())
    text, _ = await user.wait_replies(2, timeout=15)
    assert "争先进位：较上期 ↑1" in text["text"]
