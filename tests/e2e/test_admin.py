"""The admin commands end to end (SPEC §2, §4 "Admins", §5, §7), on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import openpyxl
from sqlalchemy import select

from bot.simulator import SimUser
from storage.queries.reviews import list_audit
from storage.tables import Outbox, Review
from tests.conftest import shanghai
from tests.e2e.admin_county import ask, build_county
from tests.e2e.conftest import ADMIN_ID, Harness

AFTER_OCT = shanghai(2026, 11, 10, 9, 0)  # past the Sep–Oct submission deadline (Nov 5, 24:00)
BEFORE_OCT_DEADLINE = shanghai(2026, 11, 3, 9, 0)

LEDGER_CSV = (
    "项目编号,项目名称,牵头单位,分组,考核类别,年度目标,计量单位\n"
    "MS-01,城乡居民就业,人社局,县直部门,民生实事,1200,人\n"
    "MS-02,应急避难场所,应急管理局,县直部门,民生实事,10,个\n"
    "ZD-01,乡村道路,城关镇,乡镇,重点项目,30,公里\n"
).encode()


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


async def upload(user: SimUser, data: bytes, filename: str, caption: str | None = None) -> str:
    user.send_document(data, filename, caption=caption)
    (answer,) = await user.wait_replies(1)
    return str(answer.get("text"))


async def upload_and_confirm(user: SimUser, data: bytes, filename: str, caption: str | None = None) -> str:
    """Send a ledger, check its preview, press 确认导入: the preview and the answer, one after the other."""
    user.send_document(data, filename, caption=caption)
    (preview,) = await user.wait_replies(1)
    assert str(preview.get("text")).startswith("台账导入预览"), preview.get("text")
    user.press_button(preview, "确认导入")
    (answer,) = await user.wait_replies(1)
    return f"{preview.get('text')}\n{answer.get('text')}"


async def audit_actions(bot: Harness) -> list[tuple[str, str, str, str]]:
    async with bot.db.sessions() as s:
        return [(a.actor, a.action, a.target, a.reason) for a in await list_audit(s)]


# ---------------------------------------------------------------- ledger, units, categories


async def test_ledger_import_then_units_and_categories(bot: Harness) -> None:
    admin = bot.admin
    answer = await upload_and_confirm(admin, LEDGER_CSV, "台账.csv")
    assert "台账导入成功：新增 3 个项目" in answer and "人社局" in answer and "重点项目" in answer

    changed = LEDGER_CSV.replace(b"1200", b"1500")
    answer = await upload_and_confirm(admin, changed, "台账.csv")
    assert "MS-01 城乡居民就业：年度目标 1200 → 1500" in answer
    assert "新增 0 个项目，更新 1 个" in answer

    bad = xlsx(
        [
            ["项目编号", "项目名称", "牵头单位", "考核类别", "年度目标"],
            ["MS-09", "新项目", "民政局", "民生实事", 100],
            ["MS-10", "坏目标", "民政局", "民生实事", "很多"],
            [None, "没编号", "民政局", "民生实事", 5],
        ]
    )
    answer = await upload(admin, bad, "台账.xlsx")
    assert "台账未导入" in answer and "第 3 行" in answer and "第 4 行" in answer
    assert "MS-09" not in (await ask(admin, "/units"))[0].replace("项目 ", "")  # all or nothing: nothing new

    (units,) = await ask(admin, "/units")
    assert "【县直部门】2" in units and "【乡镇】1" in units
    assert "人社局 · 项目 1 · 联络员 0" in units and "民政局" not in units

    (categories,) = await ask(admin, "/categories")
    assert "民生实事 · 项目 2" in categories and "重点项目 · 项目 1" in categories

    assert await ask(admin, "/addunit 民政局") == ["已新增单位：民政局（分组：县直部门）。"]
    assert await ask(admin, "/addunit 新城镇 乡镇") == ["已新增单位：新城镇（分组：乡镇）。"]
    (typo,) = await ask(admin, "/addunit 老城镇 乡 镇")
    assert typo.startswith("已新增单位：老城镇（分组：乡 镇）。\n注意：“乡 镇”是新分组")
    (duplicate,) = await ask(admin, "/addunit 人社局 乡镇")
    assert "已经存在" in duplicate and "县直部门" in duplicate
    (missing,) = await ask(admin, "/addunit")
    assert "请写明单位名称" in missing and "用法：/addunit" in missing
    (units,) = await ask(admin, "/units")
    assert "民政局 · 项目 0" in units and "新城镇" in units

    actions = [a[1] for a in await audit_actions(bot)]
    assert actions.count("ledger.import") == 2 and actions.count("unit.add") == 3


async def test_ledger_files_that_cannot_be_imported(bot: Harness) -> None:
    admin = bot.admin
    huge = b"\0" * (30 * 1024 * 1024)
    answer = await upload(admin, huge, "台账.xlsx")
    assert "文件太大（30.0 MB）" in answer and "10 MB" in answer
    assert bot.sim.sent(method="getFile") == []  # refused before downloading

    assert "另存为” .xlsx" in await upload(admin, b"\xd0\xcf\x11\xe0" + b"\0" * 100, "台账.xls")
    assert "不支持“台账.pdf”" in await upload(admin, b"%PDF-1.4", "台账.pdf")

    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\0" * 200
    answer = await upload(admin, jpeg, "台账.xlsx")
    assert answer.startswith("台账未导入：不是有效的 Excel 文件")

    answer = await upload(admin, "项目编号,名称\nX,Y\n".encode(), "台账.csv")
    assert answer.startswith("台账未导入：") and "牵头单位" in answer

    contact = bot.user(7001, "联络员")
    answer = await upload(contact, LEDGER_CSV, "台账.csv")
    assert "考核办导入" in answer and "/report MS-01 60%" in answer
    async with bot.db.sessions() as s:
        assert (await s.execute(select(Review))).first() is None
    assert [a for a in await audit_actions(bot) if a[1] == "ledger.import"] == []


# ---------------------------------------------------------------- invites


async def test_invite_loop_accepted_once_and_expiring(bot: Harness) -> None:
    await build_county(bot.db, reports=False)
    admin = bot.admin
    bot.at(shanghai(2026, 10, 20, 10, 0))
    (invite,) = await ask(admin, "/invite 人社局")
    assert "人社局的联络员邀请链接" in invite and "2026年10月27日10:00前有效" in invite
    link = invite.split("https://t.me/flagbot_test_bot?start=")[1].split()[0]

    newcomer = bot.user(7001, "王联络")
    (welcome,) = await ask(newcomer, f"/start {link}")
    assert "已绑定为 人社局 的联络员" in welcome
    (units,) = await ask(admin, "/units")
    assert "人社局 · 项目 1 · 联络员 1" in units

    intruder = bot.user(7002, "李某")
    assert await ask(intruder, f"/start {link}") == ["这个邀请链接已经用过了，请向考核办重新索取。"]

    (head_invite,) = await ask(admin, "/invite 应急 一把手")  # part of a name is enough
    assert "应急管理局的一把手邀请链接" in head_invite
    head_code = head_invite.split("?start=")[1].split()[0]
    bot.at(shanghai(2026, 10, 27, 10, 0))  # seven days later, to the minute
    assert await ask(intruder, f"/start {head_code}") == [
        "邀请链接已过期（有效期 7 天），请向考核办重新索取。"
    ]
    bot.at(shanghai(2026, 10, 27, 9, 59))
    (welcome,) = await ask(intruder, f"/start {head_code}")
    assert "已绑定为 应急管理局 的一把手" in welcome

    # asked in a group, the link goes to the admin privately
    group = bot.sim.group(-100500, "县工作群")
    (in_group,) = await ask(admin, "/invite 交通运输局", chat=group)
    assert in_group == "详情已私信发给您。"
    (private,) = await admin.wait_replies(1)
    assert "交通运输局的联络员邀请链接" in private["text"]

    (wrong_order,) = await ask(admin, "/invite head 人社局")
    assert "请先写单位，再写“一把手”" in wrong_order and "用法：/invite" in wrong_order
    (unknown,) = await ask(admin, "/invite 不存在局")
    assert "没有找到单位“不存在局”" in unknown
    (bare,) = await ask(admin, "/invite")
    assert "请写明单位名称" in bare and "例：/invite 人社局" in bare
    (ambiguous,) = await ask(admin, "/invite 局")
    assert "对应多个单位" in ambiguous and "人社局" in ambiguous

    audit = [a[1] for a in await audit_actions(bot)]
    assert audit.count("invite.create") == 3 and audit.count("invite.accept") == 2


# ---------------------------------------------------------------- roles and menus


async def test_roles_menus_and_group_bindings(bot: Harness) -> None:
    admin = bot.admin
    zhang = bot.user(7101, "张县长", username="zhang")
    await ask(zhang, "/start")
    scope = {"type": "chat", "chat_id": 7101}

    assert await ask(admin, "/grant 领导 @zhang") == ["已授予 张县长（7101）县领导权限。"]
    (told,) = await zhang.wait_replies(1)  # the leader hears it: no invite link tells them otherwise
    assert told["text"] == "您已被考核办开通县领导权限。发送 /help 查看可用命令。"
    assert any(c["command"] == "ranking" for c in bot.sim.commands(scope, "zh"))
    assert not any(c["command"] == "review" for c in bot.sim.commands(scope, "en"))
    (help_text,) = await ask(zhang, "/help")
    assert "/ranking" in help_text and "/review" not in help_text

    assert await ask(admin, "/grant admin 7101") == ["已授予 张县长（7101）考核办管理员权限。"]
    await zhang.wait_replies(1)
    assert any(c["command"] == "review" for c in bot.sim.commands(scope, "zh"))
    assert await ask(admin, "/revoke admin @zhang") == ["已撤销 张县长（7101）的考核办管理员权限。"]
    assert await ask(admin, "/revoke leader @zhang") == ["已撤销 张县长（7101）的县领导权限。"]
    assert bot.sim.commands(scope, "zh") == [] and bot.sim.commands(scope, "") == []
    (help_text,) = await ask(zhang, "/help")
    assert "/ranking" not in help_text

    (boss,) = await ask(admin, "/grant boss @zhang")
    assert "角色只能是 领导 或 管理员（收到“boss”）" in boss and "用法：/grant 领导|管理员" in boss
    (order,) = await ask(admin, "/grant @zhang leader")
    assert "请先写角色" in order
    (nobody,) = await ask(admin, "/grant leader @nobody")
    assert "没有找到用户“@nobody”" in nobody
    (bare,) = await ask(admin, "/revoke")
    assert bare.startswith("用法：/revoke")
    (configured,) = await ask(admin, f"/revoke admin {ADMIN_ID}")
    assert "ADMIN_IDS" in configured

    grants = [a for a in await audit_actions(bot) if a[1].startswith("role.")]
    assert [(a[0], a[1], a[2]) for a in grants] == [
        (f"tg:{ADMIN_ID}", "role.grant", "7101"),
        (f"tg:{ADMIN_ID}", "role.grant", "7101"),
        (f"tg:{ADMIN_ID}", "role.revoke", "7101"),
        (f"tg:{ADMIN_ID}", "role.revoke", "7101"),
    ]

    leaders = bot.sim.group(-100200, "县领导群")
    work = bot.sim.group(-100300, "县工作群")
    assert await ask(admin, "/bind leaders", chat=leaders) == ["本群已绑定为领导群。讲评结果将发到这里。"]
    assert await ask(admin, "/bind@flagbot_test_bot workgroup", chat=work) == [
        "本群已绑定为工作群。讲评结果将发到这里。"
    ]
    (bare,) = await ask(admin, "/bind", chat=work)
    assert "只能绑定 领导群 或 工作群" in bare and "用法" in bare
    (wrong,) = await ask(admin, "/bind boss", chat=work)
    assert "只能绑定 领导群 或 工作群" in wrong
    assert await ask(admin, "/bind leaders") == ["请在群里发送这个命令。"]

    member = bot.user(7301, "群成员")
    assert await ask(member, "/unbind", chat=work) == [
        "这个命令需要考核办管理员权限。如需开通，请联系考核办。"
    ]
    assert await ask(admin, "/unbind", chat=work) == ["已解除本群的绑定（工作群）。"]
    assert await ask(admin, "/unbind", chat=work) == ["这个群没有绑定。"]
    actions = [a[1] for a in await audit_actions(bot) if a[1].startswith("chat.")]
    assert actions == ["chat.bind", "chat.bind", "chat.unbind"]


async def test_an_english_admin(bot: Harness) -> None:
    await build_county(bot.db)
    bot.at(AFTER_OCT)
    eve = bot.user(7201, "Eve", lang="en", username="eve")
    assert await ask(eve, "/units") == [
        "This command needs the admin role. Ask the assessment office if you need it."
    ]
    await ask(bot.admin, "/grant admin @eve")
    (told,) = await eve.wait_replies(1)
    assert told["text"] == "The assessment office gave you the admin role. Send /help to see your commands."

    (units,) = await ask(eve, "/units")
    assert units.startswith("4 unit(s):") and "人社局 · 1 project(s) · 0 contact(s)" in units
    (duplicate,) = await ask(eve, "/addunit 人社局")
    assert duplicate == "The unit “人社局” already exists (group: 县直部门)."
    (preview,) = await ask(eve, "/review")
    assert "Sep–Oct 2026 review · draft (not published)" in preview and "Press Publish" in preview
    (bad,) = await ask(eve, "/review 2026-09")
    assert "is not a review period" in bad and "Usage: /review" in bad
    (holiday,) = await ask(eve, "/holiday 2026-10-10 work")
    assert holiday == "Set: 10 Oct 2026 (Sat) is a working day."
    answer = await upload(eve, b"\xff\xd8\xff\xe0JFIF", "ledger.xlsx")
    assert answer.startswith("The ledger was not imported: not a valid Excel file")


# ---------------------------------------------------------------- reviews


async def test_review_preview_and_publish_with_the_button(bot: Harness) -> None:
    await build_county(bot.db)
    bot.at(AFTER_OCT)
    admin = bot.admin
    leaders = bot.sim.group(-100200, "县领导群")
    await ask(admin, "/bind leaders", chat=leaders)

    admin.send("/review")
    (preview,) = await admin.wait_replies(1)
    text = preview["text"]
    assert "2026年9—10月 双月讲评 · 草稿（未发布）" in text
    assert "1. 人社局 120.0% 🚩贡献红旗" in text and "3. 交通运输局 60.0% 🟨落后黄旗（新领黄旗）" in text
    assert "【重点项目】" in text and "这是2026年9—10月讲评的预览，尚未发布。确认无误后按“发布”。" in text
    labels = [b["text"] for row in preview["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["发布", "取消"]

    publish_data = preview["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    admin.press_button(preview, "发布")
    (done,) = await admin.wait_replies(1)
    assert "2026年9—10月讲评已发布。公告将发送至领导群" in done["text"]
    assert "1个落后黄旗单位" in done["text"]
    (edited,) = bot.sim.bot_messages(ADMIN_ID)[-2:-1]
    # the preview became the review as published: no draft heading, no "press Publish" footer
    assert edited["text"].startswith("2026年9—10月 双月讲评 · 已发布")
    assert edited["text"].endswith("✅ 已于2026年11月10日09:00发布") and "reply_markup" not in edited
    assert (
        "草稿" not in edited["text"] and "按“发布”" not in edited["text"] and "尚未发布" not in edited["text"]
    )

    admin.press(preview, publish_data, check=False)  # a second tap that raced the edit
    (again,) = await admin.wait_replies(1)
    assert again["text"] == "这个按钮已经处理过了，不会重复执行。"
    (direct,) = await ask(admin, "/review publish 2026-10")
    assert direct == "2026年9—10月讲评已经发布，不会重复发布。"

    (shown,) = await ask(admin, "/review 2026-10")
    assert "· 已发布" in shown
    async with bot.db.sessions() as s:
        review = (await s.execute(select(Review))).scalars().one()
        announced = (await s.execute(select(Outbox).where(Outbox.chat_id == -100200))).scalars().all()
    assert (review.status, review.published_by) == ("published", f"tg:{ADMIN_ID}")
    texts = [o for o in announced if o.kind == "text"]
    assert len(texts) == 1 and "交通运输局" in texts[0].text
    # the chart; the 16:9 charts of 民生实事 and 重点项目, the workbook, the 通报 and the slides as documents
    assert sorted(o.kind for o in announced) == ["document"] * 5 + ["photo", "text"]
    assert [a[1] for a in await audit_actions(bot)].count("review.publish") == 1


async def test_publish_refused_before_the_deadline_then_once_and_cancel(bot: Harness) -> None:
    await build_county(bot.db)
    bot.at(BEFORE_OCT_DEADLINE)
    admin = bot.admin
    admin.send("/review")
    (first,) = await admin.wait_replies(1)
    assert "临时结果（报送尚未截止）" in first["text"] and "截止后才能发布" in first["text"]
    admin.send("/review 2026-10")
    (second,) = await admin.wait_replies(1)
    admin.send("/review")
    (third,) = await admin.wait_replies(1)

    admin.press_button(first, "发布")
    (refused,) = await admin.wait_replies(1)
    assert refused["text"].startswith("2026年9—10月讲评的报送截止到2026年11月5日24时，截止前不能发布")
    (direct,) = await ask(admin, "/review publish")
    assert direct.startswith("2026年9—10月讲评的报送截止到2026年11月5日24时")

    bot.at(shanghai(2026, 11, 6, 0, 0))  # the cut-off: now it may be published, with the same button
    admin.press_button(first, "发布")
    (done,) = await admin.wait_replies(1)
    assert "讲评已发布" in done["text"] and "还没有绑定领导群或工作群" in done["text"]

    admin.press_button(second, "发布")  # a preview taken before the publication
    (answer,) = await admin.wait_replies(1)
    assert answer["text"] == "2026年9—10月讲评已经发布，不会重复发布。"
    current = next(m for m in bot.sim.bot_messages(ADMIN_ID) if m["message_id"] == second["message_id"])
    assert "reply_markup" not in current  # the stale buttons were taken away
    (again,) = await ask(admin, "/review publish")
    assert again == "2026年9—10月讲评已经发布，不会重复发布。"
    admin.press_button(third, "取消")  # nothing left to cancel
    (answer,) = await admin.wait_replies(1)
    assert answer["text"] == "2026年9—10月讲评已经发布，不会重复发布。"

    admin.send("/review 2026-08")
    (august,) = await admin.wait_replies(1)
    admin.press_button(august, "取消")
    await bot.sim.wait_idle()
    cancelled = next(m for m in bot.sim.bot_messages(ADMIN_ID) if m["message_id"] == august["message_id"])
    assert cancelled["text"].endswith("已取消，未发布。") and "reply_markup" not in cancelled
    assert "确认无误后按“发布”" not in cancelled["text"]  # the footer of the buttons went with them
    admin.press(august, august["reply_markup"]["inline_keyboard"][0][0]["callback_data"], check=False)
    (late,) = await admin.wait_replies(1)
    assert late["text"] == "这个按钮已经处理过了，不会重复执行。"
    async with bot.db.sessions() as s:
        assert (await s.execute(select(Review.period, Review.status).order_by(Review.period))).all() == [
            ("2026-08", "draft"),
            ("2026-10", "published"),
        ]
    assert [a[1] for a in await audit_actions(bot)].count("review.publish") == 1


async def test_override_shown_in_the_preview_and_refused_once_published(bot: Harness) -> None:
    await build_county(bot.db)
    bot.at(AFTER_OCT)
    admin = bot.admin
    (done,) = await ask(admin, "/override 交通运输局 民生实事 none 道路受汛期影响，经核实延期")
    assert done.startswith("已调整2026年9—10月讲评：交通运输局“民生实事”改为无旗（原评定：落后黄旗）")
    (preview,) = await ask(admin, "/review")
    assert "3. 交通运输局 60.0%（人工调整：道路受汛期影响，经核实延期）" in preview
    assert "🟨" not in preview

    for text, reason in (
        ("/override", "用法：/override"),
        ("/override 交通运输局", "请依次写明单位、考核类别、旗帜和理由"),
        ("/override 交通运输局 民生实事 purple 理由", "旗帜只能写 红旗、黄旗 或 无"),
        ("/override none 交通运输局 民生实事 理由", "顺序不对"),
        ("/override 交通运输局 民生实事 red", "调整旗帜必须写明理由"),
        ("/override 水利局 民生实事 red 理由", "没有找到单位“水利局”"),
        ("/override 人社局 闯创干 red 理由", "没有找到考核类别“闯创干”"),
        ("/override 城关镇 民生实事 red 理由", "没有参评项目"),
        ("/override 2026-13 人社局 民生实事 red 理由", "不是讲评期"),
    ):
        (answer,) = await ask(admin, text)
        assert reason in answer, (text, answer)

    await ask(admin, "/review publish")
    (refused,) = await ask(admin, "/override 人社局 民生实事 none 理由")
    assert refused == "2026年9—10月讲评已经发布，不会重复发布。"
    overrides = [a for a in await audit_actions(bot) if a[1] == "review.override"]
    assert len(overrides) == 1 and overrides[0][0] == f"tg:{ADMIN_ID}"
    assert overrides[0][3] == "道路受汛期影响，经核实延期"


async def test_export_and_period_arguments(bot: Harness) -> None:
    await build_county(bot.db)
    bot.at(AFTER_OCT)
    admin = bot.admin
    admin.send("/export 2026-10")
    (sent,) = await admin.wait_replies(1)
    assert sent["document"]["file_name"] == "2026年9—10月双月讲评.xlsx"
    assert sent["caption"] == "2026年9—10月讲评表（草稿）"
    workbook = openpyxl.load_workbook(io.BytesIO(bot.sim.file_bytes(sent["document"]["file_id"])))
    assert len(workbook.sheetnames) >= 3

    group = bot.sim.group(-100300, "县工作群")
    assert await ask(admin, "/export", chat=group) == ["详情已私信发给您。"]
    (private,) = await admin.wait_replies(1)
    assert private["document"]["file_name"] == "2026年9—10月双月讲评.xlsx"
    assert bot.sim.sent(chat_id=-100300, method="sendDocument") == []

    for text, reason in (
        ("/review 2026-13", "“2026-13”不是讲评期"),
        ("/review 2026-09", "“2026-09”不是讲评期"),
        ("/review 十月", "“十月”不是讲评期"),
        ("/review 2030-02", "2030年1—2月讲评期还没有开始"),
        ("/review 2026-08 2026-10", "最多写一个讲评期"),
        ("/export 2026/9", "“2026/9”不是讲评期"),
    ):
        (answer,) = await ask(admin, text)
        assert reason in answer and "用法：/" in answer, (text, answer)
    (empty,) = await ask(admin, "/review 2025-12")
    assert "这一期没有参评项目" in empty


# ---------------------------------------------------------------- calendar


async def test_holiday_overrides(bot: Harness) -> None:
    admin = bot.admin
    (empty,) = await ask(admin, "/holiday")
    assert "还没有手动设置" in empty and "用法：/holiday" in empty
    assert await ask(admin, "/holiday 2026-10-10 work") == ["已设置：2026年10月10日（周六）上班（工作日）。"]
    assert await ask(admin, "/holiday 2026年10月10日 休息") == [
        "已设置：2026年10月10日（周六）休息（节假日）。"
    ]
    assert await ask(admin, "/holiday 2026/9/28 上班") == ["已设置：2026年9月28日（周一）上班（工作日）。"]
    (listing,) = await ask(admin, "/holiday")
    assert listing.splitlines()[1:] == [
        "• 2026年9月28日（周一） 上班（工作日）",
        "• 2026年10月10日（周六） 休息（节假日）",
    ]

    for text, reason in (
        ("/holiday 2026-13-01 work", "“2026-13-01”不是日期"),
        ("/holiday 2026-02-30 off", "“2026-02-30”不是日期"),
        ("/holiday 2026-10-10 maybe", "请写“上班”或“休息”（收到“maybe”）"),
        ("/holiday work 2026-10-10", "“work”不是日期"),
        ("/holiday 2026-10-10", "用法：/holiday"),
    ):
        (answer,) = await ask(admin, text)
        assert reason in answer and "用法：/holiday" in answer, (text, answer)
    changes = [a for a in await audit_actions(bot) if a[1] == "calendar.override"]
    assert [a[2] for a in changes] == ["2026-10-10", "2026-10-10", "2026-09-28"]
