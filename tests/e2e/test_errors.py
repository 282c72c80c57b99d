"""The error handler: the user always gets a polite answer; the admins hear of our bugs, not of outages."""

from __future__ import annotations

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
    (sorry,) = await user.wait_replies(1)
    assert "出了问题" in sorry["text"]
    await bot.sim.wait_idle()
    assert bot.sim.sent(chat_id=ADMIN_ID) == []  # a passing database error: the update is retried, no alert

    user.send("/bug")
    (sorry,) = await user.wait_replies(1)
    assert "出了问题" in sorry["text"]
    (alert,) = await bot.admin.wait_replies(1)
    assert "ZeroDivisionError" in alert["text"]
