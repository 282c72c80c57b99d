"""The Bot API simulator against the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.simulator import BotApiSimulator, parse_html, run_in_thread, utf16_len

TOKEN = "123456:TEST-token"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def sim() -> AsyncIterator[BotApiSimulator]:
    simulator = BotApiSimulator()
    await simulator.start()
    try:
        yield simulator
    finally:
        await simulator.stop()


@pytest.fixture
async def bot(sim: BotApiSimulator) -> AsyncIterator[Bot]:
    """A bare PTB Bot (no polling) for checking error answers."""
    async with Bot(TOKEN, base_url=f"{sim.url}/bot", base_file_url=f"{sim.url}/file/bot") as b:
        yield b


def build_app(sim: BotApiSimulator) -> Application:
    builder = (
        Application.builder().token(TOKEN).base_url(f"{sim.url}/bot").base_file_url(f"{sim.url}/file/bot")
    )
    return builder.build()


@asynccontextmanager
async def running(app: Application) -> AsyncIterator[Application]:
    await app.initialize()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    await app.start()
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


received_files: list[bytes] = []


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message and update.effective_user
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("发布", callback_data="publish")]])
    lang = update.effective_user.language_code
    await update.message.reply_text(
        f"你好，{update.effective_user.first_name} ({lang})", reply_markup=keyboard
    )


async def on_two(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message
    await update.message.reply_text("一")
    await update.message.reply_text("二")


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query
    await query.answer("已发布")
    await query.edit_message_text(f"<b>已发布</b> {query.data}", parse_mode="HTML")


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message and update.message.document
    doc = update.message.document
    data = bytes(await (await doc.get_file()).download_as_bytearray())
    received_files.append(data)
    await update.message.reply_document(
        data[::-1], filename="back.bin", caption=f"收到 {doc.file_name} {len(data)}"
    )


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message and update.message.photo
    await update.message.reply_text(f"照片 {update.message.caption}")


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message and update.effective_chat
    await update.message.reply_text(f"echo {update.message.text}")


@pytest.fixture
async def app(sim: BotApiSimulator) -> AsyncIterator[Application]:
    application = build_app(sim)
    application.add_handler(CommandHandler("start", on_start))
    application.add_handler(CommandHandler("two", on_two))
    application.add_handler(CallbackQueryHandler(on_press))
    application.add_handler(MessageHandler(filters.Document.ALL, on_document))
    application.add_handler(MessageHandler(filters.PHOTO, on_photo))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    async with running(application):
        yield application


async def test_start_reply_and_callback(sim: BotApiSimulator, app: Application) -> None:
    alice = sim.user(101, "王", username="wang", language_code="zh-hans")
    alice.send("/start")
    [reply] = await alice.wait_replies(1)
    assert reply["text"] == "你好，王 (zh-hans)"
    assert reply["from"]["username"] == "flagbot_demo_bot"

    query = alice.press_button(reply, "发布")
    await sim.wait_for(lambda: sim.sent(101, "editMessageText", ok=True) != [])
    assert sim.callback_answer(query["id"]) == {"text": "已发布"}
    assert [c.method for c in sim.sent(101)] == ["sendMessage", "answerCallbackQuery", "editMessageText"]
    edited = sim.bot_messages(101)[0]
    assert edited["text"] == "已发布 publish"  # HTML parsed: tags gone, entity added
    assert edited["entities"] == [{"type": "bold", "offset": 0, "length": 3}]
    assert "reply_markup" not in edited  # editing without reply_markup drops the keyboard
    summary = sim.messages(101)
    assert [m["from_bot"] for m in summary] == [False, True]
    assert "王" in sim.transcript_text() and "已发布" in sim.transcript_text()


async def test_group_command_with_bot_name(sim: BotApiSimulator, app: Application) -> None:
    grp = sim.group(-100123, "县工作群")
    bob = sim.user(102, "李", language_code="en")
    msg = bob.send("/start@flagbot_demo_bot", chat=grp)
    assert msg["entities"] == [{"type": "bot_command", "offset": 0, "length": 23}]
    [reply] = await bob.wait_replies(1, chat=grp)
    assert reply["chat"]["type"] == "supergroup"
    assert reply["text"].endswith("(en)")


async def test_document_and_photo_roundtrip(sim: BotApiSimulator, app: Application) -> None:
    received_files.clear()
    alice = sim.user(101, "王")
    payload = bytes(range(256)) * 40
    alice.send_document(payload, "ledger.xlsx", caption="台账")
    [reply] = await alice.wait_replies(1)
    assert received_files == [payload]
    assert reply["caption"] == f"收到 ledger.xlsx {len(payload)}"
    [upload] = sim.sent(101, "sendDocument")
    assert upload.file_data() == payload[::-1]
    assert reply["document"]["file_name"] == "back.bin"
    assert sim.file_bytes(reply["document"]["file_id"]) == payload[::-1]

    alice.send_photo(
        b"\x89PNG\r\n\x1a\n" + b"\0" * 8 + b"\0\0\x01\x00\0\0\x00\x80", caption="/report MS-01 30"
    )
    [reply] = await alice.wait_replies(1)
    assert reply["text"] == "照片 /report MS-01 30"


async def test_validation_errors(sim: BotApiSimulator, bot: Bot) -> None:
    sim.user(101, "王")
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(101, "字" * 5000)
    with pytest.raises(BadRequest, match="(?i)message text is empty"):
        await bot.send_message(101, "   ")
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.send_message(101, "<b>未闭合", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.send_message(101, "1 < 2", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)reserved"):
        await bot.send_message(101, "完成 50.5", parse_mode="MarkdownV2")
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="长" * 22)]])
        await bot.send_message(101, "hi", reply_markup=markup)
    with pytest.raises(BadRequest, match="(?i)caption is too long"):
        await bot.send_document(101, b"data", filename="a.txt", caption="x" * 1025)
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await bot.send_message(999, "hi")
    with pytest.raises(BadRequest, match="(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([("报告", "中文命令")])
    sent = await bot.send_message(101, "ok")
    with pytest.raises(BadRequest, match="(?i)not modified"):
        await bot.edit_message_text("ok", chat_id=101, message_id=sent.message_id)
    assert utf16_len("😀") == 2 and parse_html("a &amp; <i>b</i>")[0] == "a & b"
    assert parse_html("😀<b>x</b>")[1] == [{"type": "bold", "offset": 2, "length": 1}]
    assert len(sim.sent(ok=False)) == 10


async def test_pinned_date_and_language(sim: BotApiSimulator, bot: Bot) -> None:
    when = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    sim.user(101, "Ann", language_code="en").send("/report MS-01 50% 路基完成", date=when)
    [update] = await bot.get_updates()
    assert update.message and update.message.date == when
    assert update.message.from_user and update.message.from_user.language_code == "en"
    assert update.message.entities[0].type == "bot_command" and update.message.entities[0].length == 7


async def test_big_file_refused_by_get_file(sim: BotApiSimulator, bot: Bot) -> None:
    msg = sim.user(101, "王").send_document(b"\0" * (20 * 1024 * 1024 + 1), "big.zip")
    assert msg["document"]["file_size"] == 20 * 1024 * 1024 + 1
    with pytest.raises(BadRequest, match="(?i)file is too big"):
        await bot.get_file(msg["document"]["file_id"])


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # RetryAfter int
async def test_rate_limit_429(sim: BotApiSimulator, bot: Bot) -> None:
    sim.user(101, "王")
    sim.limits(per_chat_per_sec=1)
    await bot.send_message(101, "first")
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(101, "second")
    assert info.value.retry_after == 1
    grp = sim.group(-100500, "群")
    sim.limits(per_group_per_min=2)
    await bot.send_message(grp.id, "1")
    await bot.send_message(grp.id, "2")
    with pytest.raises(RetryAfter):
        await bot.send_message(grp.id, "3")
    assert sim.stats["429"] == 2
    sim.limits()  # off again
    await bot.send_message(101, "third")


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_faults_and_outage(sim: BotApiSimulator, bot: Bot) -> None:
    sim.user(101, "王")
    sim.faults(rate_500=1.0, seed=1)
    with pytest.raises(NetworkError):
        await bot.send_message(101, "x")
    sim.faults()
    sim.outage(30, kind="429")
    with pytest.raises(RetryAfter):
        await bot.get_me()
    assert sim.stats["5xx"] == 1 and sim.stats["429"] == 1


async def test_blocked_and_migrated(sim: BotApiSimulator, bot: Bot) -> None:
    alice = sim.user(101, "王")
    stranger = sim.user(103, "赵", started=False)
    with pytest.raises(Forbidden, match="can't initiate"):
        await bot.send_message(stranger.id, "hi")
    alice.block_bot()
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(101, "hi")
    alice.send("我回来了")  # writing again unblocks
    await bot.send_message(101, "welcome back")

    grp = sim.group(-4001, "旧群", supergroup=False)
    new = grp.migrate_to(-100999)
    with pytest.raises(ChatMigrated) as info:
        await bot.send_message(grp.id, "hi")
    assert info.value.new_chat_id == -100999
    assert (await bot.send_message(new.id, "hi")).chat.type == "supergroup"
    kinds = [next(k for k in u.to_dict() if k != "update_id") for u in await bot.get_updates()]
    assert kinds == ["my_chat_member", "my_chat_member", "message", "message", "message"]


async def test_unconfirmed_updates_are_redelivered(sim: BotApiSimulator, bot: Bot) -> None:
    alice = sim.user(101, "王")
    for i in range(3):
        alice.send(f"m{i}")
    first = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first if u.message] == ["m0", "m1", "m2"]
    # a new process (new Bot) that never confirmed gets the same updates again
    async with Bot(TOKEN, base_url=f"{sim.url}/bot") as restarted:
        again = await restarted.get_updates(timeout=0)
        assert [u.update_id for u in again] == [u.update_id for u in first]
        assert await restarted.get_updates(offset=again[-1].update_id + 1, timeout=0) == ()
    assert sim.pending_updates == 0

    # long polling returns as soon as an update arrives
    waiting = asyncio.create_task(bot.get_updates(timeout=5))
    await sim.wait_for(lambda: sim.stats["requests"]["getupdates"] >= 4)
    alice.send("later")
    [update] = await asyncio.wait_for(waiting, 2)
    assert update.message and update.message.text == "later"

    # a second poller pre-empts a held one with 409, as Telegram does
    # (another Bot: PTB allows one getUpdates connection per Bot)
    held = asyncio.create_task(bot.get_updates(offset=update.update_id + 1, timeout=5))
    await sim.wait_for(lambda: sim.stats["requests"]["getupdates"] >= 5)
    async with Bot(TOKEN, base_url=f"{sim.url}/bot") as other:
        assert await other.get_updates(timeout=0) == ()
    with pytest.raises(Conflict):
        await held


async def test_wait_idle_sees_exactly_the_replies(sim: BotApiSimulator, app: Application) -> None:
    alice = sim.user(101, "王")
    alice.send("/two")
    await sim.wait_idle(timeout=5, quiet=0.5)  # generous quiet: a loaded CI machine is slow
    assert [m["text"] for m in alice.replies()] == ["一", "二"]
    assert [m["text"] for m in await alice.wait_replies(2)] == ["一", "二"]


async def test_wait_idle_times_out_without_a_bot(sim: BotApiSimulator) -> None:
    sim.user(101, "王").send("nobody polls")
    with pytest.raises(TimeoutError):
        await sim.wait_idle(timeout=0.3)


async def test_commands_and_chat_info(sim: BotApiSimulator, bot: Bot) -> None:
    grp = sim.group(-100123, "县工作群")
    boss = sim.user(7, "县长")
    grp.set_admin(boss)
    await bot.set_my_commands([("report", "上报进度"), ("ranking", "排名")], language_code="zh")
    assert [c["command"] for c in sim.commands(language_code="zh")] == ["report", "ranking"]
    assert [c.command for c in await bot.get_my_commands(language_code="zh")] == ["report", "ranking"]
    assert (await bot.get_chat(grp.id)).title == "县工作群"
    assert (await bot.get_chat_member(grp.id, boss.id)).status == "administrator"
    assert (await bot.get_chat_member(grp.id, sim.user(8, "路人").id)).status == "left"


async def test_http_control_endpoints(sim: BotApiSimulator, app: Application) -> None:
    async with httpx.AsyncClient(base_url=f"{sim.url}/_sim") as client:
        r = await client.post("/user_message", json={"user_id": 201, "text": "/start", "language_code": "en"})
        assert r.json()["ok"]
        r = await client.get("/wait_bot_messages", params={"chat_id": 201, "count": 1, "timeout": 5})
        assert r.json()["result"][0]["text"].endswith("(en)")
        message_id = r.json()["result"][0]["message_id"]
        r = await client.post("/callback", json={"user_id": 201, "message_id": message_id, "data": "publish"})
        query_id = r.json()["result"]["id"]
        await client.get("/wait_idle", params={"timeout": 5, "quiet": 0.5})
        assert (await client.get("/callback_answer", params={"id": query_id})).json()["result"] == {
            "text": "已发布"
        }
        sent = (await client.get("/sent", params={"chat_id": 201})).json()["result"]
        assert [c["method"] for c in sent] == ["sendMessage", "answerCallbackQuery", "editMessageText"]
        assert (await client.get("/updates_pending")).json()["result"]["unfetched"] == 0
        assert (await client.post("/limits", json={"per_chat_per_sec": 1})).json()["ok"]
        assert (await client.get("/stats")).json()["result"]["requests"]["sendmessage"] == 1
        bad = await client.post("/user_message", json={"text": "no user"})
        assert bad.status_code == 400


async def test_300_messages_from_30_users(sim: BotApiSimulator, app: Application) -> None:
    users = [sim.user(1000 + i, f"用户{i}") for i in range(30)]
    for round_ in range(10):
        for user in users:
            user.send(f"消息 {round_}")
    await sim.wait_for(lambda: all(len(u.chat.bot_ids) == 10 for u in users), timeout=15)
    for user in users:
        assert [m["text"] for m in user.chat.bot_messages()] == [f"echo 消息 {i}" for i in range(10)]
    await sim.wait_idle()
    assert len(sim.sent(method="sendMessage")) == 300


def test_thread_runner_and_http_api() -> None:
    with run_in_thread(bot_username="thread_bot") as runner:
        me = httpx.get(f"{runner.url}/bot{TOKEN}/getMe").json()
        assert me["result"]["username"] == "thread_bot"
        runner.call(lambda s: s.user(5, "甲").send("你好"))
        updates = httpx.post(f"{runner.url}/bot{TOKEN}/getUpdates", data={"timeout": "0"}).json()["result"]
        assert updates[0]["message"]["text"] == "你好"
        assert runner.call(lambda s: s.pending_updates) == 1
        keyboard = {"inline_keyboard": [[{"text": "好", "callback_data": "ok"}]]}
        body = {"chat_id": 5, "text": "<b>收到</b>", "parse_mode": "HTML", "reply_markup": keyboard}
        sent = httpx.post(f"{runner.url}/bot{TOKEN}/sendMessage", json=body).json()["result"]
        assert sent["text"] == "收到" and sent["reply_markup"] == keyboard
        assert runner.call(lambda s: s.messages(5)[-1]["buttons"]) == [["好"]]


async def test_cli_subprocess() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.simulator", "--port", "0", "--print-url",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        url = (await asyncio.wait_for(proc.stdout.readline(), 10)).decode().strip()
        async with httpx.AsyncClient() as client:
            await client.post(f"{url}/_sim/user_message", json={"user_id": 1, "text": "hi"})
            updates = (await client.get(f"{url}/bot{TOKEN}/getUpdates")).json()["result"]
            assert updates[0]["message"]["text"] == "hi"
            stats = (await client.get(f"{url}/_sim/stats")).json()["result"]
            assert stats["requests"]["getupdates"] == 1 and stats["pending_updates"] == 1
    finally:
        proc.terminate()
        await proc.wait()
