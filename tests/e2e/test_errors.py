"""The error handler: the user always gets a polite answer; the admins hear of our bugs, not of outages."""

from __future__ import annotations

import asyncio

from sqlalchemy.exc import OperationalError
from telegram import Update
from telegram.ext import CommandHandler

from bot.context import BotContext
from tests.e2e.conftest import ADMIN_ID, Harness


async def database_away(update: Update, context: BotContext) -> None:
    raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))


async def a_bug(update: Update, context: BotContext) -> None:
    raise ZeroDivisionError("division by zero")


async def test_an_outage_is_not_sent_to_the_admins_but_a_bug_is(bot: Harness) -> None:
    bot.app.add_handler(CommandHandler("away", database_away), group=-1)  # type: ignore[attr-defined]
    bot.app.add_handler(CommandHandler("bug", a_bug), group=-1)  # type: ignore[attr-defined]
    user = bot.user(7401, "联络员")
    user.send("/away")
    (later,) = await user.wait_replies(1)
    assert "稍后会自动处理" in later["text"]
    await asyncio.sleep(3.5)  # retried after 1 and 2 s, failing again: the user is not told again
    # (the test handler runs in group -1, so each attempt also reaches "unknown command" in group 0)
    said = [m["text"] for m in user.chat.bot_messages()]
    assert sum("稍后会自动处理" in text for text in said) == 1 and not any("出了问题" in t for t in said)
    assert bot.sim.sent(chat_id=ADMIN_ID) == []  # a passing database error: the update is retried, no alert

    user.send("/bug")
    (sorry,) = await user.wait_replies(1)
    assert "出了问题" in sorry["text"]
    (alert,) = await bot.admin.wait_replies(1)
    assert "ZeroDivisionError" in alert["text"]
