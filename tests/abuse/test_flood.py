"""Flood control (bot/runtime/updates.py): one user flooding the bot neither delays the others nor gets everything
processed; they are told once to slow down."""

from __future__ import annotations

import asyncio
import time

from bot.render.texts import message
from bot.simulator import SimUser
from tests.e2e.conftest import Harness

SLOW_DOWN = message("slow_down", "zh")


async def reply_delay(user: SimUser, sent_at: float) -> float:
    await user.wait_replies(1, timeout=10)
    return time.monotonic() - sent_at


async def test_one_user_flooding_does_not_delay_the_others(bot: Harness) -> None:
    bot.sim.latency = 0.01  # every Bot API call costs a little, as over a real network
    flooder = bot.user(7100, "刷屏者")
    others = [bot.user(7200 + i, f"用户{i}") for i in range(10)]

    for i in range(100):
        flooder.send(f"/help 第{i}条")
    waits = []
    for user in others:
        user.send("/help")
        waits.append(reply_delay(user, time.monotonic()))
    delays = await asyncio.gather(*waits)
    assert max(delays) < 3.0, delays

    await bot.sim.wait_idle(timeout=30)
    texts = [m.get("text") for m in flooder.replies()]
    assert texts.count(SLOW_DOWN) == 1  # told once, not 80 times
    answered = [t for t in texts if t != SLOW_DOWN]
    assert 1 <= len(answered) <= 40  # the first ones were answered, the rest dropped unprocessed

    # once the burst is over, the flooder is served again
    flooder.mark()
    flooder.send("/help")
    (help_text,) = await flooder.wait_replies(1)
    assert help_text["text"] != SLOW_DOWN


async def test_a_dropped_button_press_is_answered(bot: Harness) -> None:
    flooder = bot.user(7101, "Flooder", lang="en")
    (first,) = [flooder.send("/help")]
    await flooder.wait_replies(1)
    for _ in range(150):  # far beyond the 40 a user may have waiting, whatever the machine's speed
        flooder.send("hello")
    flooder.press(first, "verb:1", check=False)
    await bot.sim.wait_idle(timeout=30)
    slow = message("slow_down", "en")
    toasts = [c.params.get("text") for c in bot.sim.sent(method="answerCallbackQuery")]
    assert toasts == [slow]  # the press was not processed, but the spinner stops with the reason
    assert [m.get("text") for m in flooder.replies()].count(slow) == 1
