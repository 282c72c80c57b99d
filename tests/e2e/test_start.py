"""Greeting, help and unknown commands for each kind of caller."""

from __future__ import annotations

import time

from bot.services.people import create_invite
from storage.queries import ledger as ledger_q
from tests.e2e.conftest import ADMIN_ID, Harness
from tests.factories import add_project


async def test_stranger_gets_a_greeting_and_is_told_how_to_join(bot: Harness) -> None:
    visitor = bot.user(5001, "访客")
    visitor.send("/start")
    (answer,) = await visitor.wait_replies(1)
    assert "流动红黄旗" in answer["text"]
    assert "单位联络员请点开考核办发来的邀请链接" in answer["text"]
    # a leader gets no link: they give the office the user ID shown, and are told once the role is granted
    assert "县领导请把您的用户ID 5001 告知考核办" in answer["text"]
    assert "/report" not in answer["text"]


async def test_help_in_english_for_an_english_user(bot: Harness) -> None:
    visitor = bot.user(5002, "Visitor", lang="en")
    visitor.send("/help")
    (answer,) = await visitor.wait_replies(1)
    assert "Commands:" in answer["text"] and "invite link" in answer["text"]


async def test_admin_help_lists_admin_commands(bot: Harness) -> None:
    bot.admin.send("/help")
    (answer,) = await bot.admin.wait_replies(1)
    for command in ("/invite", "/review", "/override", "/ranking"):
        assert command in answer["text"]


async def test_unknown_command_gets_a_pointer_to_help(bot: Harness) -> None:
    visitor = bot.user(5003)
    visitor.send("/frobnicate now")
    (answer,) = await visitor.wait_replies(1)
    assert "/help" in answer["text"]


async def test_command_menus_are_set_per_language(bot: Harness) -> None:
    zh = bot.sim.commands(None, "zh")
    en = bot.sim.commands(None, "en")
    assert any(c["command"] == "help" and c["description"] == "可用命令与示例" for c in zh)
    assert any(c["command"] == "help" and c["description"] == "commands and examples" for c in en)


async def test_a_message_nobody_handles_still_gets_an_answer(bot: Harness) -> None:
    """A sticker (or a voice note): never silence in a private chat."""
    visitor = bot.user(5004, "访客")
    visitor.mark()
    sticker = {
        "file_id": "stk1",
        "file_unique_id": "u1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    bot.sim.push_raw_update(
        {
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": visitor.chat.info,
                "from": visitor.info,
                "sticker": sticker,
            }
        }
    )
    (answer,) = await visitor.wait_replies(1)
    assert "/help" in answer["text"] and "MS-01" in answer["text"]
    await bot.sim.wait_idle()
    assert len(visitor.chat.bot_messages()) == 1  # exactly one answer


async def test_a_unit_named_like_markup_is_greeted_and_helped_as_written(bot: Harness) -> None:
    """`R&D‹办>` and `<b>` in a unit's name are the unit's name, not markup: /start and /help answer with it
    as written (Telegram used to refuse the message, "can't parse entities", and the admins were alerted)."""
    name = "R&D<办>$x$<b>局"
    async with bot.db.sessions.begin() as s:
        project = await add_project(s, "RD-01", unit=name)
        unit = await ledger_q.get_unit_by_name(s, name)
        assert unit is not None and project.unit_id == unit.id
        invite = await create_invite(s, unit=unit, head=False, created_by=ADMIN_ID, now=bot.clock.now())
    contact = bot.user(5010, "研发联络员")
    contact.send(f"/start {invite.code}")
    (welcome,) = await contact.wait_replies(1)
    assert name in welcome["text"]
    contact.send("/help")
    (help_text,) = await contact.wait_replies(1)
    assert "/report" in help_text["text"]
    assert not bot.sim.sent(ADMIN_ID)  # no "failed on an update" alert
