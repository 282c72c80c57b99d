"""A ledger sent in chat is previewed, then applied only after its uploader's 确认导入 (SPEC §4, §5.1).

Through the simulator with the real application, on SQLite and PostgreSQL: the preview names each change
(a target 1200 → 1500), 取消 changes nothing, someone else's press is refused, a decrease of 累计完成
needs the reason in the caption, a preview whose data changed meanwhile is shown anew instead of applied,
and editing the caption of an old upload imports nothing.
"""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.simulator import SimUser
from storage.queries import ledger as ledger_q
from storage.queries.reviews import list_audit
from tests.e2e.admin_county import add_person, ask
from tests.e2e.conftest import ADMIN_ID, Harness

HEAD = "项目编号,项目名称,牵头单位,分组,考核类别,年度目标,计量单位,累计完成,更新日期\n"
FIRST = (
    HEAD + "MS-01,城乡居民就业,人社局,县直部门,民生实事,1200,人,600,2026-10-10\n"
    "MS-02,应急避难场所,应急管理局,县直部门,民生实事,10,个,,\n"
).encode()
TARGET_1500 = FIRST.replace(b"1200", b"1500")
LOWER_ACTUAL = FIRST.replace(b"600,2026-10-10", b"500,2026-10-15")


def labels(msg: dict[str, Any]) -> list[str]:
    rows = (msg.get("reply_markup") or {}).get("inline_keyboard") or []
    return [button["text"] for row in rows for button in row]


def data_of(msg: dict[str, Any], label: str) -> str:
    rows = (msg.get("reply_markup") or {}).get("inline_keyboard") or []
    return next(str(b["callback_data"]) for row in rows for b in row if b["text"] == label)


async def send(user: SimUser, data: bytes, caption: str | None = None) -> dict[str, Any]:
    """Upload a ledger; the bot's one answer (the preview)."""
    user.send_document(data, "台账.csv", caption=caption)
    (answer,) = await user.wait_replies(1)
    return answer


async def press(bot: Harness, user: SimUser, msg: dict[str, Any], data: str) -> dict[str, Any] | None:
    """Press a button by its data; the toast the bot answered with."""
    query = user.press(msg, data, check=False)
    await bot.sim.wait_for(lambda: bot.sim.callback_answer(query["id"]) is not None, 5, "callback answer")
    return bot.sim.callback_answer(query["id"])  # type: ignore[no-any-return]


async def target_of(bot: Harness, code: str) -> float:
    async with bot.db.sessions() as session:
        project = await ledger_q.get_project_by_code(session, code)
        assert project is not None
        return project.target


async def imported(bot: Harness, admin: SimUser, data: bytes) -> None:
    preview = await send(admin, data)
    await press(bot, admin, preview, data_of(preview, "确认导入"))
    (answer,) = await admin.wait_replies(1)
    assert "台账导入成功" in answer["text"]


async def test_preview_then_confirm_applies_and_history_shows_who_changed_the_target(bot: Harness) -> None:
    admin = bot.admin
    first = await send(admin, FIRST)
    assert first["text"].startswith("台账导入预览（尚未导入")
    assert "新增项目 2 个：MS-01、MS-02" in first["text"] and "记录累计完成 1 条" in first["text"]
    assert labels(first) == ["确认导入", "取消"]
    async with bot.db.sessions() as session:
        assert await ledger_q.get_project_by_code(session, "MS-01") is None  # nothing before Confirm
    toast = await press(bot, admin, first, data_of(first, "确认导入"))
    assert toast is not None and "text" not in toast  # accepted: no reason shown
    (done,) = await admin.wait_replies(1)
    assert "台账导入成功：新增 2 个项目" in done["text"]

    second = await send(admin, TARGET_1500)
    assert "变更项目 1 个" in second["text"]
    assert "• MS-01 城乡居民就业：年度目标 1200 → 1500" in second["text"]
    assert "未变项目 1 个" in second["text"]
    assert await target_of(bot, "MS-01") == 1200.0
    await press(bot, admin, second, data_of(second, "确认导入"))
    (done,) = await admin.wait_replies(1)
    assert "更新 1 个" in done["text"]
    assert await target_of(bot, "MS-01") == 1500.0

    (history,) = await ask(admin, "/history MS-01")
    assert "台账变更" in history and "考核办：年度目标 1200 → 1500" in history
    async with bot.db.sessions() as session:
        changes = [a for a in await list_audit(session) if a.action == "project.change"]
    assert [(a.actor, a.target, a.detail["fields"]) for a in changes] == [
        (f"tg:{ADMIN_ID}", "MS-01", {"target": [1200.0, 1500.0]})
    ]


async def test_cancel_applies_nothing_and_a_second_press_is_spent(bot: Harness) -> None:
    admin = bot.admin
    await imported(bot, admin, FIRST)
    preview = await send(admin, TARGET_1500)
    await press(bot, admin, preview, data_of(preview, "取消"))
    (answer,) = await admin.wait_replies(1)
    assert "已取消，台账未导入" in answer["text"]
    assert await target_of(bot, "MS-01") == 1200.0
    toast = await press(bot, admin, preview, data_of(preview, "确认导入"))
    assert toast is not None and toast.get("text") == "已处理"
    assert await target_of(bot, "MS-01") == 1200.0


async def test_someone_elses_confirm_is_refused(bot: Harness) -> None:
    admin = bot.admin
    await imported(bot, admin, FIRST)
    preview = await send(admin, TARGET_1500)
    await add_person(bot.db, 900002, admin=True, name="另一位管理员")
    other = bot.user(900002, "另一位管理员")
    toast = await press(bot, other, preview, data_of(preview, "确认导入"))
    assert toast is not None and toast.get("text") == "只有上传台账的管理员本人可以确认"
    assert await target_of(bot, "MS-01") == 1200.0
    await press(bot, admin, preview, data_of(preview, "确认导入"))  # the uploader's button still works
    await admin.wait_replies(1)
    assert await target_of(bot, "MS-01") == 1500.0


async def test_a_decrease_needs_the_reason_in_the_caption(bot: Harness) -> None:
    admin = bot.admin
    await imported(bot, admin, FIRST)

    bare = await send(admin, LOWER_ACTUAL)
    assert "下调累计完成 1 个" in bare["text"] and "• MS-01 城乡居民就业：600 → 500人" in bare["text"]
    assert "文件说明栏写明下调原因" in bare["text"]
    assert labels(bare) == ["取消"]  # no Confirm without a reason
    forged = bare["reply_markup"]["inline_keyboard"][0][0]["callback_data"].replace("lx:", "lc:")
    toast = await press(bot, admin, bare, forged)
    assert toast is not None and "须写明原因" in str(toast.get("text"))

    noted = await send(admin, LOWER_ACTUAL, caption="核查发现重复统计100人")
    assert "下调原因：核查发现重复统计100人" in noted["text"]
    assert labels(noted) == ["确认导入", "取消"]
    await press(bot, admin, noted, data_of(noted, "确认导入"))
    (done,) = await admin.wait_replies(1)
    assert "记录完成情况 1 条" in done["text"]
    (history,) = await ask(admin, "/history MS-01 2026-10-01 2026-10-20")
    assert "台账导入：核查发现重复统计100人" in history


async def test_a_preview_whose_data_changed_meanwhile_is_shown_again_not_applied(bot: Harness) -> None:
    admin = bot.admin
    await imported(bot, admin, FIRST)
    stale = await send(admin, TARGET_1500)
    await imported(bot, admin, FIRST.replace(b"1200", b"1300"))  # a newer file went in meanwhile

    await press(bot, admin, stale, data_of(stale, "确认导入"))
    (again,) = await admin.wait_replies(1)
    assert again["text"].startswith("数据已有变化，以下为最新预览")
    assert "年度目标 1300 → 1500" in again["text"]
    assert await target_of(bot, "MS-01") == 1300.0
    await press(bot, admin, again, data_of(again, "确认导入"))
    await admin.wait_replies(1)
    assert await target_of(bot, "MS-01") == 1500.0


async def test_editing_the_caption_of_an_old_upload_imports_nothing(bot: Harness) -> None:
    admin = bot.admin
    old = admin.send_document(FIRST, "台账.csv", caption="十月台账")
    (preview,) = await admin.wait_replies(1)
    await press(bot, admin, preview, data_of(preview, "确认导入"))
    await admin.wait_replies(1)
    await imported(bot, admin, TARGET_1500)
    downloads = len(bot.sim.sent(method="getFile"))

    admin.edit_caption(old, "十月台账（更正）")
    await bot.sim.wait_idle(quiet=0.3)

    assert admin.replies() == []
    assert len(bot.sim.sent(method="getFile")) == downloads
    assert await target_of(bot, "MS-01") == 1500.0


async def test_no_handler_but_the_edit_notice_takes_an_edited_message(bot: Harness) -> None:
    """Every handler of the application reads new messages only; an edit gets at most the report flow's
    notice (handlers/report.py `edited`), never an import, a report or a command."""
    chat = {"id": ADMIN_ID, "type": "private", "first_name": "考核办"}
    sender = {"id": ADMIN_ID, "is_bot": False, "first_name": "考核办"}
    base = {"message_id": 5, "date": 1790000000, "edit_date": 1790000100, "chat": chat, "from": sender}
    document = {"file_id": "BQAC1", "file_unique_id": "AQAD1", "file_name": "台账.csv"}
    edits = [
        {**base, "document": document, "caption": "十月台账"},
        {**base, "document": document},
        {**base, "text": "/review publish", "entities": [{"type": "bot_command", "offset": 0, "length": 7}]},
        {**base, "text": "/report MS-01 50", "entities": [{"type": "bot_command", "offset": 0, "length": 7}]},
        {**base, "text": "MS-01 50"},
    ]
    for edit in edits:
        update = Update.de_json({"update_id": 1, "edited_message": edit}, bot.app.bot)
        taken = [
            h.callback.__name__
            for group in bot.app.handlers.values()
            for h in group
            if h.check_update(update) not in (None, False)
        ]
        assert set(taken) <= {"edited"}, (edit, taken)
