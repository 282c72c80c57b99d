"""Reporting by chat (SPEC §4 unit contacts, §9): /report, confirmations, the guided flow, plain messages, /undo.

Every test asserts on what the simulator received AND on the reports table: stored exactly once, or not at all.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.render.texts import message
from bot.services.people import create_invite
from storage.queries import ledger as ledger_q
from storage.tables import PendingAction, Person, Report
from tests.e2e.conftest import ADMIN_ID, DEFAULT_NOW, Harness, start_bot, stop_bot
from tests.factories import add_project
from tests.factories import report as stored_report

CONTACT = 7001  # 交通运输局, Chinese
EN_CONTACT = 7002  # 交通运输局, English
OTHER = 7003  # 人社局
STRANGER = 7099
SENT = DEFAULT_NOW - timedelta(minutes=5)  # message dates: just before the pinned clock
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + b"\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00"
    + b"0" * 40
)
INTERNAL = (message("internal_error", "zh"), message("internal_error", "en"))


@pytest.fixture
async def county(bot: Harness) -> Harness:
    """Two units: 交通运输局 (MS-01 target 120 个, MS-02 target 50) with two contacts, 人社局 (RS-01) with one."""
    async with bot.db.sessions.begin() as s:
        ms01 = await add_project(s, "MS-01", unit="交通运输局", name="农村公路提质改造", target=120)
        await add_project(s, "MS-02", unit="交通运输局", name="公交站台建设", target=50)
        rs01 = await add_project(s, "RS-01", unit="人社局", name="城镇新增就业", target=3000)
        for user_id, name, unit_id, lang in (
            (CONTACT, "王联络", ms01.unit_id, "zh-hans"),
            (EN_CONTACT, "Li", ms01.unit_id, "en"),
            (OTHER, "张联络", rs01.unit_id, "zh-hans"),
        ):
            s.add(
                Person(
                    user_id=user_id,
                    name=name,
                    language=lang,
                    unit_id=unit_id,
                    created_at=SENT,
                    updated_at=SENT,
                )
            )
    return bot


async def all_reports(bot: Harness) -> list[Report]:
    async with bot.db.sessions() as s:
        return list((await s.execute(select(Report).order_by(Report.id))).scalars().all())  # type: ignore[arg-type]


async def values(bot: Harness) -> list[tuple[str, float | None, str]]:
    """(kind, value, note) of every record, in order."""
    return [(r.kind, r.value, r.note) for r in await all_reports(bot)]


async def ask(user: Any, text: str, chat: Any = None, date: datetime = SENT) -> dict[str, Any]:
    """Send a message and return the one reply."""
    user.send(text, chat=chat, date=date)
    (answer,) = await user.wait_replies(1, chat=chat)
    return answer  # type: ignore[no-any-return]


def labels(msg: dict[str, Any]) -> list[str]:
    """The inline buttons' labels, row by row."""
    rows = (msg.get("reply_markup") or {}).get("inline_keyboard") or []
    return [button["text"] for row in rows for button in row]


def data_of(msg: dict[str, Any], label: str) -> str:
    """The callback data of a button (still known after the bot removed the buttons)."""
    rows = (msg.get("reply_markup") or {}).get("inline_keyboard") or []
    return next(str(b["callback_data"]) for row in rows for b in row if b["text"] == label)


async def press(bot: Harness, user: Any, msg: dict[str, Any], label: str) -> dict[str, Any] | None:
    """Press a button; the answerCallbackQuery parameters once the bot answered."""
    query = user.press_button(msg, label)
    await bot.sim.wait_for(lambda: bot.sim.callback_answer(query["id"]) is not None, 5, "callback answer")
    return bot.sim.callback_answer(query["id"])  # type: ignore[no-any-return]


async def press_data(bot: Harness, user: Any, msg: dict[str, Any], data: str) -> dict[str, Any] | None:
    query = user.press(msg, data, check=False)
    await bot.sim.wait_for(lambda: bot.sim.callback_answer(query["id"]) is not None, 5, "callback answer")
    return bot.sim.callback_answer(query["id"])  # type: ignore[no-any-return]


async def quiet(bot: Harness, user: Any, chat: Any = None) -> None:
    """Nothing more was said to the user."""
    await bot.sim.wait_idle(quiet=0.15)
    assert user.replies(chat) == []


# ---- 1. /report ----


async def test_report_by_code_is_stored_once_and_answered_with_standing(county: Harness) -> None:
    contact = county.user(CONTACT, "王联络")
    sent = contact.send("/report ms-01 60 路基完成", date=SENT)
    (answer,) = await contact.wait_replies(1)
    text = answer["text"]
    assert "MS-01 农村公路提质改造" in text
    # target 120; 90 at Sep 30, 100 at Oct 31: Oct 20 → 96.45, 80.4 % of the target; (96.45 − 60) ÷ 120
    assert "累计完成60个，占年度目标的50.0%，序时进度80.4%，低于序时进度30.4个百分点（首次报送）" in text
    assert "完成率" not in text
    assert "严重滞后" in text  # 60 / 96.45 < 0.8
    (stored,) = await all_reports(county)
    assert (stored.value, stored.note, stored.user_id) == (60, "路基完成", CONTACT)
    assert stored.reported_at == SENT
    assert stored.source_key == f"tg:{CONTACT}:{sent['message_id']}"

    # by a part of the name, full-width digits and ％: the change since the last report is shown
    answer = await ask(contact, "/report 农村公路 ８０％", date=SENT + timedelta(minutes=1))
    assert (
        "累计完成96个，占年度目标的80.0%，序时进度80.4%，低于序时进度0.4个百分点（较上次+36）"
        in answer["text"]
    )
    assert "状态：按序时" in answer["text"]
    assert [v for _, v, _ in await values(county)] == [60, 96]


async def test_a_redelivered_update_is_stored_once_and_answered_the_same(county: Harness) -> None:
    contact = county.user(CONTACT)
    sent = contact.send("/report MS-01 50", date=SENT)
    (first,) = await contact.wait_replies(1)
    county.sim.push_raw_update({"message": sent})  # Telegram re-delivers after a crash
    (second,) = await contact.wait_replies(1)
    assert second["text"] == first["text"]
    assert len(await all_reports(county)) == 1


async def test_an_edited_report_changes_nothing_and_says_so(county: Harness) -> None:
    contact = county.user(CONTACT)
    sent = contact.send("/report MS-01 60", date=SENT)
    await contact.wait_replies(1)
    contact.edit(sent, "/report MS-01 70")
    (answer,) = await contact.wait_replies(1)
    assert "修改过的消息不会被处理" in answer["text"]
    assert [v for _, v, _ in await values(county)] == [60]


async def test_report_in_english(county: Harness) -> None:
    contact = county.user(EN_CONTACT, "Li", lang="en")
    answer = await ask(contact, "/report MS-01 100 nearly there")
    assert "Reported MS-01" in answer["text"]
    assert (
        "100 个 done, 83.3% of the annual target; schedule 80.4%, 3.0 points ahead of schedule"
        in answer["text"]
    )
    assert "(first report)" in answer["text"] and "Status: ahead" in answer["text"]
    bad = await ask(contact, "/report MS-01")
    assert "Add the cumulative amount" in bad["text"] and "Usage: /report" in bad["text"]
    assert len(await all_reports(county)) == 1


# ---- 2. decrease / above target: confirmation buttons ----


async def test_a_decrease_is_stored_only_after_confirmation_and_once(county: Harness) -> None:
    async with county.db.sessions.begin() as s:
        await stored_report(s, "MS-01", 60, SENT - timedelta(days=3))
    contact = county.user(CONTACT)
    sent = contact.send("/report MS-01 40 数据核减，原多报 20 个", date=SENT)
    (question,) = await contact.wait_replies(1)
    assert "比上次报送的 60个 小" in question["text"]
    assert labels(question) == ["确认", "取消"]
    county.sim.push_raw_update({"message": sent})  # re-delivered: the same question, the same pending action
    (repeated,) = await contact.wait_replies(1)
    assert repeated["text"] == question["text"] and data_of(repeated, "确认") == data_of(question, "确认")
    assert len(await all_reports(county)) == 1  # nothing stored yet

    answer = await press(county, contact, question, "确认")
    assert answer is not None and not answer.get("text")
    (stored,) = await contact.wait_replies(1)
    assert "累计完成40个，占年度目标的33.3%" in stored["text"] and "（较上次−20）" in stored["text"]
    assert [v for _, v, _ in await values(county)] == [60, 40]

    again = await press_data(
        county, contact, question, data_of(question, "确认")
    )  # pressed twice (or a double tap)
    assert again is not None and again["text"] == "已处理"
    await quiet(county, contact)
    assert [v for _, v, _ in await values(county)] == [60, 40]


async def test_confirming_a_decrease_without_a_note_asks_to_resend_and_stores_nothing(
    county: Harness,
) -> None:
    async with county.db.sessions.begin() as s:
        await stored_report(s, "MS-01", 60, SENT - timedelta(days=3))
    contact = county.user(CONTACT)
    question = await ask(contact, "/report MS-01 40")
    assert "确认需要写明原因：请附上原因重新发送，例如 /report MS-01 40 原因…" in question["text"]
    await press(county, contact, question, "确认")
    (answer,) = await contact.wait_replies(1)
    assert "/report MS-01 40 原因" in answer["text"] and "未保存" in answer["text"]
    assert [v for _, v, _ in await values(county)] == [60]
    again = await press_data(county, contact, question, data_of(question, "确认"))
    assert again is not None and again["text"] == "已处理"
    assert [v for _, v, _ in await values(county)] == [60]


async def test_above_target_needs_confirmation_and_cancel_stores_nothing(county: Harness) -> None:
    contact = county.user(CONTACT)
    question = await ask(contact, "/report MS-01 120% 含追加任务")
    assert "超过年度目标 120个" in question["text"]
    await press(county, contact, question, "取消")
    (answer,) = await contact.wait_replies(1)
    assert "已取消" in answer["text"]
    again = await press_data(county, contact, question, data_of(question, "确认"))
    assert again is not None and again["text"] == "已处理"
    assert await all_reports(county) == []


async def test_only_the_reporter_may_press_and_a_group_gets_one_line(county: Harness) -> None:
    async with county.db.sessions.begin() as s:
        await stored_report(s, "MS-01", 60, SENT - timedelta(days=3))
    group = county.sim.group(-100500, "县工作群")
    contact, colleague = county.user(CONTACT), county.user(EN_CONTACT, "Li", lang="en")
    question = await ask(contact, "/report MS-01 50 核减", chat=group)
    foreign = await press(county, colleague, question, "确认")
    assert foreign is not None and foreign["text"] == "Only the person who reported can press this"
    assert [v for _, v, _ in await values(county)] == [60]
    await press(county, contact, question, "确认")
    (answer,) = await contact.wait_replies(1, chat=group)
    assert answer["text"].startswith("✅ MS-01 50个 · ") and "\n" not in answer["text"]
    assert [v for _, v, _ in await values(county)] == [60, 50]


async def test_a_stale_or_unknown_button_is_answered_and_does_nothing(county: Harness) -> None:
    contact = county.user(CONTACT)
    hint = await ask(contact, "/report MS-01 10")
    assert (await press_data(county, contact, hint, "rc:99999") or {}).get("text") == "已失效"
    assert (await press_data(county, contact, hint, "rc:abc") or {}).get("text") == "已失效"
    await quiet(county, contact)
    assert len(await all_reports(county)) == 1


# ---- 3. the guided flow ----


async def test_guided_flow_survives_a_restart(county: Harness) -> None:
    contact = county.user(CONTACT)
    menu = await ask(contact, "/report")
    assert labels(menu) == ["MS-01 农村公路提质改造", "MS-02 公交站台建设"]  # only the unit's own projects
    await press(county, contact, menu, "MS-01")
    (prompt,) = await contact.wait_replies(1)
    assert "当前累计完成0个，今日序时进度96个" in prompt["text"] and "/cancel" in prompt["text"]  # 个: whole

    await stop_bot(county)  # the chosen project is kept in the database
    restarted = await start_bot(county.sim, county.db)
    try:
        preview = await ask(contact, "75 基本完成")
        assert "报送 MS-01 农村公路提质改造：累计完成75个" in preview["text"]
        assert await all_reports(restarted) == []
        await press(restarted, contact, preview, "确认")
        (stored,) = await contact.wait_replies(1)
        assert "累计完成75个，占年度目标的62.5%" in stored["text"]
        assert await values(restarted) == [("report", 75, "基本完成")]
        after = await ask(contact, "80")  # the flow is over: a bare number is no report
        assert "MS-01 60%" in after["text"]
    finally:
        await stop_bot(restarted)


async def test_guided_value_as_photo_caption_keeps_the_photo_as_evidence(county: Harness) -> None:
    contact = county.user(CONTACT)
    menu = await ask(contact, "/report")
    await press(county, contact, menu, "MS-02")
    await contact.wait_replies(1)
    photo = contact.send_photo(PNG, caption="40% 站台主体完成", date=SENT)
    (preview,) = await contact.wait_replies(1)
    assert "累计完成20个（首次报送）" in preview["text"] and "已附佐证材料" in preview["text"]
    await press(county, contact, preview, "确认")
    await contact.wait_replies(1)
    (stored,) = await all_reports(county)
    assert stored.value == 20 and stored.evidence == photo["photo"][-1]["file_id"]


async def test_guided_flow_bad_value_then_cancel(county: Harness) -> None:
    contact = county.user(CONTACT)
    menu = await ask(contact, "/report")
    await press(county, contact, menu, "MS-01")
    await contact.wait_replies(1)
    bad = await ask(contact, "很多")
    assert "不是数字" in bad["text"] and "/cancel" in bad["text"]
    cancelled = await ask(contact, "取消")
    assert cancelled["text"] == "已取消。"
    nothing = await ask(contact, "/cancel")
    assert nothing["text"] == "没有进行中的报送。"
    async with county.db.sessions() as s:
        open_ = (await s.execute(select(PendingAction).where(PendingAction.resolved_at.is_(None)))).all()  # type: ignore[union-attr]
    assert open_ == [] and await all_reports(county) == []


async def test_guided_list_is_truncated_with_a_hint(county: Harness) -> None:
    async with county.db.sessions.begin() as s:
        for n in range(3, 36):
            await add_project(s, f"MS-{n:02d}", unit="交通运输局", name=f"项目{n}")
    contact = county.user(CONTACT)
    menu = await ask(contact, "/report")
    assert len(labels(menu)) == 30 and "共35个项目" in menu["text"]


# ---- 4. plain private messages ----


async def test_plain_private_message_is_a_report_after_confirmation(county: Harness) -> None:
    contact = county.user(CONTACT)
    preview = await ask(contact, "MS-01 60% 进展顺利")
    assert "累计完成72个（首次报送）" in preview["text"] and "进展顺利" in preview["text"]
    assert await all_reports(county) == []
    await press(county, contact, preview, "确认")
    (stored,) = await contact.wait_replies(1)
    assert "累计完成72个，占年度目标的60.0%" in stored["text"]
    assert await values(county) == [("report", 72, "进展顺利")]


async def test_plain_decrease_takes_the_confirmation_path(county: Harness) -> None:
    async with county.db.sessions.begin() as s:
        await stored_report(s, "MS-01", 60, SENT - timedelta(days=3))
    contact = county.user(CONTACT)
    question = await ask(contact, "农村公路 30 重新核定")
    assert "比上次报送的 60个 小" in question["text"]
    await press(county, contact, question, "确认")
    await contact.wait_replies(1)
    assert [v for _, v, _ in await values(county)] == [60, 30]


async def test_a_confirmation_made_stale_by_a_newer_report_asks_again(county: Harness) -> None:
    contact, colleague = county.user(CONTACT), county.user(EN_CONTACT, "Li", lang="en")
    preview = await ask(contact, "MS-01 60 第一批", date=SENT)
    await ask(colleague, "/report MS-01 80 second batch", date=SENT - timedelta(minutes=1))
    await press(county, contact, preview, "确认")  # 60 is now lower than the 80 reported before it
    (question,) = await contact.wait_replies(1)
    assert "比上次报送的 80个 小" in question["text"] and labels(question) == ["确认", "取消"]
    await press(county, contact, question, "确认")
    (stored,) = await contact.wait_replies(1)
    assert "累计完成60个，占年度目标的50.0%" in stored["text"] and "（较上次−20）" in stored["text"]
    assert [v for _, v, _ in await values(county)] == [80, 60]


async def test_other_plain_text_gets_a_hint_and_groups_are_ignored(county: Harness) -> None:
    contact = county.user(CONTACT)
    hint = await ask(contact, "你好，请问怎么报送？")
    assert "MS-01 60%" in hint["text"] and "/help" in hint["text"]
    stranger = county.user(STRANGER, "路人")
    assert "邀请链接" in (await ask(stranger, "MS-01 60"))["text"]
    group = county.sim.group(-100600, "县工作群")
    contact.send("MS-01 60", chat=group, date=SENT)
    await quiet(county, contact, group)
    assert await all_reports(county) == []


# ---- 5. evidence ----


async def test_photo_and_document_with_report_caption_are_stored_with_evidence(county: Harness) -> None:
    contact = county.user(CONTACT)
    photo = contact.send_photo(PNG, caption="/report MS-01 60 现场照片", date=SENT)
    (answer,) = await contact.wait_replies(1)
    assert "已附佐证材料" in answer["text"]
    document = contact.send_document(b"%PDF-1.4 test", "验收单.pdf", caption="/report MS-02 10", date=SENT)
    (answer,) = await contact.wait_replies(1)
    assert "MS-02" in answer["text"]
    first, second = await all_reports(county)
    assert first.evidence == photo["photo"][-1]["file_id"]
    assert second.evidence == document["document"]["file_id"]
    assert county.sim.file_bytes(second.evidence) == b"%PDF-1.4 test"


# ---- 6. /undo ----


async def test_undo_withdraws_the_last_report_within_30_minutes(county: Harness) -> None:
    contact = county.user(CONTACT)
    await ask(contact, "/report MS-01 50", date=SENT - timedelta(minutes=40))
    await ask(contact, "/report MS-01 70", date=SENT)
    answer = await ask(contact, "/undo")
    assert "已撤回 MS-01 农村公路提质改造 的报送：70个" in answer["text"]
    assert "现在累计完成50个，今日序时进度96个" in answer["text"]
    assert [(k, v) for k, v, _ in await values(county)] == [
        ("report", 50),
        ("report", 70),
        ("withdrawal", None),
    ]
    county.at(DEFAULT_NOW + timedelta(minutes=31))  # the 50 was received at DEFAULT_NOW too
    late = await ask(contact, "/undo")
    assert "30 分钟" in late["text"]
    assert len(await all_reports(county)) == 3


# ---- 7/8. groups, strangers, bad input ----


async def test_group_report_is_one_line_and_bare_report_in_group_gets_usage(county: Harness) -> None:
    group = county.sim.group(-100700, "县工作群")
    contact = county.user(CONTACT)
    answer = await ask(contact, "/report@flagbot_test_bot MS-01 100", chat=group)
    assert answer["text"].startswith("✅ MS-01 100个 · 超序时") and "\n" not in answer["text"]
    bare = await ask(contact, "/report", chat=group)
    assert "/report MS-01 60%" in bare["text"]
    assert len(await all_reports(county)) == 1


async def test_a_stranger_is_told_to_use_the_invite_link_and_can_report_once_invited(county: Harness) -> None:
    head = county.user(7010, "刘局长")
    answer = await ask(head, "/report RS-01 60")
    assert "邀请链接" in answer["text"]
    assert await all_reports(county) == []
    async with county.db.sessions.begin() as s:
        unit = await ledger_q.get_unit_by_name(s, "人社局")
        assert unit is not None
        invite = await create_invite(s, unit=unit, head=True, created_by=ADMIN_ID, now=DEFAULT_NOW)
    await ask(head, f"/start {invite.code}")
    answer = await ask(head, "/report RS-01 2500 人")
    assert "RS-01 城镇新增就业" in answer["text"]
    refused = await ask(head, "/report MS-01 5")
    assert "不属于您的单位" in refused["text"]
    assert [(r.value, r.user_id) for r in await all_reports(county)] == [(2500, 7010)]


BAD_INPUT = [  # (message, what the reply says, whether the usage line follows)
    ("/report MS-01", "请在项目后写上累计完成量", True),
    ("/report MS-01 abc", "“abc”不是数字", True),
    ("/report abc 5", "没有找到项目“abc”", True),
    ("/report 60% MS-01", "请先写项目，再写数值，例如：/report MS-01 60%", True),
    ("/report MS-01 -5", "不能为负数", True),
    ("/report RS-01 5", "项目 RS-01 不属于您的单位", False),
    ("/report 60", "请写明项目编号或名称", False),
    ("/report MS-01 5 " + "长" * 5000, "备注太长（5000 字）", False),
    ("/report <b>x</b> 5", "没有找到项目“<b>x</b>”", True),  # escaped: shown as typed
]


async def test_bad_input_gets_a_reason_and_usage_and_stores_nothing(county: Harness) -> None:
    contact = county.user(CONTACT)
    for text, expected, usage in BAD_INPUT:
        shown = (await ask(contact, text))["text"]
        assert expected in shown, (text, shown)
        assert ("用法：/report" in shown) is usage, (text, shown)
    assert await all_reports(county) == []


async def test_emoji_in_the_note_is_kept(county: Harness) -> None:
    contact = county.user(CONTACT)
    answer = await ask(contact, "/report MS-01 30 🚧 施工中 👍")
    assert "累计完成30个，占年度目标的25.0%" in answer["text"]
    assert await values(county) == [("report", 30, "🚧 施工中 👍")]


# ---- property: any text gets exactly one answer, never the error handler's ----

TEXTS = st.text(
    alphabet=st.sampled_from(list("MS-01 ms农村公路60%％６０.,-+/<>&\"'abc 📈\n\t　报送取消")),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS, who=st.sampled_from([(CONTACT, "zh-hans"), (EN_CONTACT, "en"), (STRANGER, "zh-hans")]))
async def test_any_text_gets_exactly_one_reply_and_no_error(
    county: Harness, text: str, who: tuple[int, str]
) -> None:
    bot = county
    contact = bot.user(who[0], lang=who[1])
    contact.send(f"/report {text}", date=SENT)
    await contact.wait_replies(1)
    contact.send(text, date=SENT)
    await contact.wait_replies(1)
    await bot.sim.wait_idle(quiet=0.05)  # a second reply would follow the first within milliseconds
    extra = contact.replies()
    assert extra == [], [m.get("text") for m in extra]
    for msg in bot.sim.bot_messages(contact.id):
        assert msg.get("text") not in INTERNAL
    assert bot.sim.sent(chat_id=ADMIN_ID) == []  # the error handler tells the admins: it never ran
    contact.mark()
