"""The per-update log line says outcome=user_error when the bot answered bad input with a reason (a refused
/report value, an unknown project, a wrong admin argument, /report bare in a group, an unknown command, a
bad invite code), and outcome=ok when the input was good — so
operators can tell users' mistakes from the bot's own from the log alone."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.logs import LogfmtFormatter
from storage.tables import Person
from tests.abuse.test_logs import parse_line
from tests.conftest import Db
from tests.e2e.conftest import DEFAULT_NOW, start_bot, stop_bot
from tests.factories import add_project

CONTACT = 7401
SENT = DEFAULT_NOW - timedelta(minutes=5)


async def test_bad_input_is_logged_as_a_user_error_and_a_good_report_as_ok(
    sim: object, db: Db, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="flagbot.updates")
    async with db.sessions.begin() as s:
        ms01 = await add_project(s, "MS-01", unit="交通运输局", name="农村公路提质改造", target=120)
        s.add(
            Person(
                user_id=CONTACT,
                name="王联络",
                language="zh-hans",
                unit_id=ms01.unit_id,
                created_at=SENT,
                updated_at=SENT,
            )
        )
    bot = await start_bot(sim, db)  # type: ignore[arg-type]
    try:
        contact = bot.user(CONTACT, "王联络")
        said = []
        for text in ("/report MS-01 abc", "/report XX-99 5", "/report MS-01 60"):
            contact.send(text, date=SENT)
            (answer,) = await contact.wait_replies(1)
            said.append(answer["text"])
        bot.admin.send("/review 2026-13")
        await bot.admin.wait_replies(1)
        bot.admin.send("/unit")  # a look command without its argument
        await bot.admin.wait_replies(1)
        group = bot.sim.group(-100600, "县工作群")
        contact.send("/report", chat=group, date=SENT)  # the guided flow is for a private chat
        (in_group,) = await contact.wait_replies(1, chat=group)
        said.append(in_group["text"])
        contact.send("/frobnicate", date=SENT)
        (unknown,) = await contact.wait_replies(1)
        said.append(unknown["text"])
        stranger = bot.user(7402, "路人")
        stranger.send("/start not-a-real-code", date=SENT)
        (bad_code,) = await stranger.wait_replies(1)
        said.append(bad_code["text"])
    finally:
        await stop_bot(bot)  # every update's line is written by now

    assert "“abc”" in said[0] and "“XX-99”" in said[1]  # each refused with its reason
    assert said[2].startswith("✅") and "MS-01" in said[2]  # the good report was stored and acknowledged
    assert "在群里报送请写明项目和数值" in said[3] and "用法：/report" in said[3]
    assert "没有这个命令" in said[4] and "/help" in said[4]
    assert "邀请链接无效" in said[5]
    formatter = LogfmtFormatter()
    lines = [
        parse_line(formatter.format(record))
        for record in caplog.records
        if record.name == "flagbot.updates" and record.getMessage() == "update"
    ]
    assert [(line["user"], line["command"], line["outcome"]) for line in lines] == [
        (str(CONTACT), "/report", "user_error"),
        (str(CONTACT), "/report", "user_error"),
        (str(CONTACT), "/report", "ok"),
        ("900001", "/review", "user_error"),
        ("900001", "/unit", "user_error"),
        (str(CONTACT), "/report", "user_error"),
        (str(CONTACT), "/frobnicate", "user_error"),
        ("7402", "/start", "user_error"),
    ]
