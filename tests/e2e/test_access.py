"""Taking access back (SPEC §2, §4 /revoke; issue 10 item 6): /revoke for every role, open invites listed
and cancelled, an ambiguous @username refused, every change audited; forged buttons refused politely."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.render.buttons import Verb
from bot.render.texts import message
from storage.queries.reviews import list_audit
from storage.tables import Invite, PendingAction, Person, Project, Review
from tests.conftest import shanghai
from tests.e2e.admin_county import add_person, ask, build_county
from tests.e2e.conftest import ADMIN_ID, Harness

CONTACT, OTHER, HEAD, LEADER = 8101, 8102, 8103, 8104
INTERNAL = {message("internal_error", "zh"), message("internal_error", "en")}


async def audit(bot: Harness) -> list[tuple[str, str, str, dict[str, Any]]]:
    async with bot.db.sessions() as s:
        return [(a.actor, a.action, a.target, dict(a.detail or {})) for a in await list_audit(s)]


async def person(bot: Harness, user_id: int) -> Person:
    async with bot.db.sessions() as s:
        found = await s.get(Person, user_id)
    assert found is not None
    return found


async def county(bot: Harness) -> None:
    await build_county(bot.db)
    await add_person(bot.db, CONTACT, unit="人社局", name="王联络", username="wang")
    await add_person(bot.db, OTHER, unit="应急管理局", name="李联络")
    await add_person(bot.db, HEAD, unit="人社局", head=True, name="赵局长")
    await add_person(bot.db, LEADER, leader=True, name="县领导")


async def test_revoke_unbinds_a_contact_and_a_head_and_keeps_the_leader_and_admin_roles(bot: Harness) -> None:
    await county(bot)
    admin = bot.admin
    (answer,) = await ask(admin, "/revoke contact @wang")
    assert answer.startswith("已解除 王联络（8101）与人社局的绑定（原为联络员）")
    assert (await person(bot, CONTACT)).unit_id is None
    (refused,) = await ask(bot.user(CONTACT, "王联络", username="wang"), "/report MS-01 100")
    assert refused == message("unit_needed", "zh")  # no longer reports for 人社局

    (answer,) = await ask(admin, "/revoke 一把手 8103")
    assert answer.startswith("已解除 赵局长（8103）与人社局的绑定（原为一把手）")
    head = await person(bot, HEAD)
    assert head.unit_id is None and not head.is_head
    (again,) = await ask(admin, "/revoke head 8103")
    assert again == "赵局长（8103）没有绑定任何单位，无需解除。"

    (answer,) = await ask(admin, f"/revoke leader {LEADER}")
    assert "县领导" in answer and not (await person(bot, LEADER)).is_leader
    (wrong,) = await ask(admin, "/revoke @wang contact")
    assert wrong.startswith("请先写角色") and "/revoke 联络员 @wang" in wrong

    actions = [(a, act, t, d) for a, act, t, d in await audit(bot) if act in ("unit.unbind", "role.revoke")]
    assert actions == [
        (f"tg:{ADMIN_ID}", "unit.unbind", str(CONTACT), {"unit": "人社局", "head": False}),
        (f"tg:{ADMIN_ID}", "unit.unbind", str(HEAD), {"unit": "人社局", "head": True}),
        (f"tg:{ADMIN_ID}", "role.revoke", str(LEADER), {"role": "leader"}),
    ]


async def test_an_ambiguous_username_is_refused_and_the_numeric_id_works(bot: Harness) -> None:
    await county(bot)
    await add_person(bot.db, 8110, name="张一", username="Zhang")
    await add_person(bot.db, 8111, name="张二", username="zhang")
    admin = bot.admin
    for command in ("/grant leader @zhang", "/revoke contact @zhang"):
        (answer,) = await ask(admin, command)
        assert answer.startswith(
            "有多个用户使用过用户名“@zhang”（ID：8110, 8111），无法确定是哪一位。请改用数字用户ID。"
        )
    assert not (await person(bot, 8110)).is_leader and not (await person(bot, 8111)).is_leader
    (answer,) = await ask(admin, "/grant leader 8111")
    assert "8111" in answer and (await person(bot, 8111)).is_leader


async def test_open_invites_are_listed_and_cancelled_by_button_or_number(bot: Harness) -> None:
    await county(bot)
    admin = bot.admin
    (empty,) = await ask(admin, "/invites")
    assert empty == "目前没有未使用的邀请链接。"
    (first,) = await ask(admin, "/invite 人社局")
    (second,) = await ask(admin, "/invite 应急管理局 head")
    link = first.split("start=")[1].split()[0]
    async with bot.db.sessions() as s:
        first_id, second_id = (await s.execute(select(Invite.id).order_by(Invite.id))).scalars().all()  # type: ignore[arg-type]

    admin.send("/invites")
    (listing,) = await admin.wait_replies(1)
    text = listing["text"]
    assert text.startswith("未使用的邀请链接（2 个）：")
    assert f"#{first_id} 人社局 · 联络员 · 由 {ADMIN_ID} 生成 · 有效至 2026-10-27 10:00" in text
    assert f"#{second_id} 应急管理局 · 一把手" in text
    labels = [b["text"] for row in listing["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == [f"作废 #{first_id}", f"作废 #{second_id}"]

    admin.press_button(listing, f"作废 #{first_id}")
    (done,) = await admin.wait_replies(1)
    assert done["text"] == f"邀请 #{first_id}（人社局 · 联络员）已作废，链接不能再使用；已记入审计日志。"
    newcomer = bot.user(8120, "新人")
    (refused,) = await ask(newcomer, f"/start {link}")
    assert refused == message("invite_expired", "zh")
    assert (await person(bot, 8120)).unit_id is None

    (done,) = await ask(admin, f"/invites cancel {second_id}")
    assert done.startswith(f"邀请 #{second_id}（应急管理局 · 一把手）已作废")
    (again,) = await ask(admin, f"/invites cancel {second_id}")
    assert again == f"邀请 #{second_id} 已经使用、过期或作废，无需再作废。"
    (bad,) = await ask(admin, "/invites cancel x")
    assert bad.startswith("用法：/invites")
    (empty,) = await ask(admin, "/invites")
    assert empty == "目前没有未使用的邀请链接。"
    cancels = [(act, t, d) for _, act, t, d in await audit(bot) if act == "invite.cancel"]
    assert cancels == [
        ("invite.cancel", "人社局", {"invite": first_id, "head": False}),
        ("invite.cancel", "应急管理局", {"invite": second_id, "head": True}),
    ]


async def answered(bot: Harness, user: Any, msg: dict[str, Any], data: str) -> str:
    """Press `data` (forged: not on the message's keyboard) and return what the presser was told:
    the toast, else the message that followed."""
    user.mark()
    query = user.press(msg, data, check=False)
    await bot.sim.wait_for(lambda: bot.sim.callback_answer(query["id"]) is not None, 5, "callback answer")
    toast = (bot.sim.callback_answer(query["id"]) or {}).get("text")
    if toast:
        return str(toast)
    (reply,) = await user.wait_replies(1)
    return str(reply.get("text"))


async def test_forged_buttons_of_every_kind_from_the_wrong_user_are_refused_politely(bot: Harness) -> None:
    await county(bot)
    bot.at(shanghai(2026, 11, 10, 9, 0))
    contact = bot.user(CONTACT, "王联络", username="wang")
    other = bot.user(OTHER, "李联络")
    leader = bot.user(LEADER, "县领导")
    admin = bot.admin
    held = await contact_held_report(contact)
    admin.send("/review")
    (preview,) = await admin.wait_replies(1)
    await ask(admin, "/invite 人社局")
    # a held ledger upload (the admin's preview waiting on 确认导入)
    admin.send_document(
        "项目编号,项目名称,牵头单位,考核类别,年度目标\nMS-01,新项目名,人社局,民生实事,999\n".encode(),
        "台账.csv",
    )
    (ledger_preview,) = await admin.wait_replies(1)
    ledger_id = next(
        b["callback_data"]
        for row in ledger_preview["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].startswith("lc:")
    ).split(":")[1]
    async with bot.db.sessions() as s:
        report_id = (
            await s.execute(select(PendingAction.id).where(PendingAction.kind == "report"))
        ).scalar_one()
        review_id = (
            await s.execute(select(PendingAction.id).where(PendingAction.kind == "review"))
        ).scalar_one()
        invite_id = (await s.execute(select(Invite.id))).scalar_one()
        hr_project = (await s.execute(select(Project.id).where(Project.code == "MS-01"))).scalar_one()
    other.send("/help")
    (other_msg,) = await other.wait_replies(1)
    leader.send("/help")
    (leader_msg,) = await leader.wait_replies(1)

    forged = {
        Verb.REPORT_CONFIRM: (other, other_msg, f"rc:{report_id}", "只有报送人本人可以操作"),
        Verb.REPORT_CANCEL: (other, other_msg, f"rx:{report_id}", "只有报送人本人可以操作"),
        Verb.GUIDED_PICK: (other, other_msg, f"gp:{hr_project}", "MS-01"),  # another unit's project
        Verb.REVIEW_PUBLISH: (other, other_msg, f"pv:{review_id}", "县领导"),  # needs a leader
        Verb.REVIEW_CANCEL: (other, other_msg, f"px:{review_id}", "县领导"),
        Verb.INVITE_CANCEL: (leader, leader_msg, f"ic:{invite_id}", "管理员"),  # needs an admin
        # a held ledger upload and a score sheet are the uploading admin's; a leader is not one
        Verb.LEDGER_CONFIRM: (leader, leader_msg, f"lc:{ledger_id}", "管理员"),
        Verb.LEDGER_CANCEL: (leader, leader_msg, f"lx:{ledger_id}", "管理员"),
        Verb.SCORES_CONFIRM: (leader, leader_msg, f"sc:{review_id}", "管理员"),
        Verb.SCORES_CANCEL: (leader, leader_msg, f"sx:{review_id}", "管理员"),
        # leaders decide on rectification items; a contact's list is filled by its contacts
        Verb.PLAN_APPROVE: (other, other_msg, "ra:1", "县领导"),
        Verb.PLAN_RETURN: (other, other_msg, "rr:1", "县领导"),
        Verb.PLAN_CLOSE: (other, other_msg, "rk:1", "县领导"),
        Verb.PLAN_FILL: (leader, leader_msg, "rf:1", "绑定单位"),  # a leader has no unit to fill in
    }
    assert set(forged) == set(Verb)  # a new kind of button needs a line here
    for verb, (user, msg, data, said) in forged.items():
        try:
            answer = await answered(bot, user, msg, data)
        except TimeoutError as silence:  # a press nobody answered is a failure too: say which
            raise AssertionError(f"{verb}: no answer") from silence
        assert answer not in INTERNAL and said in answer, (verb, answer)
    del held, preview, ledger_preview

    async with bot.db.sessions() as s:
        open_ids = set(
            (await s.execute(select(PendingAction.id).where(PendingAction.resolved_at.is_(None)))).scalars()
        )  # type: ignore[union-attr]
        reviews = (await s.execute(select(Review.status))).scalars().all()
        invite = await s.get(Invite, invite_id)
    assert {report_id, review_id} <= open_ids  # nothing was confirmed, cancelled or published
    assert list(reviews) == ["draft"]
    assert invite is not None and invite.expires_at > shanghai(2026, 11, 10, 9, 0)


async def contact_held_report(contact: Any) -> dict[str, Any]:
    contact.send("MS-01 130 含追加任务")
    (question,) = await contact.wait_replies(1)
    assert "确认" in str(question.get("reply_markup"))
    return question  # type: ignore[no-any-return]
