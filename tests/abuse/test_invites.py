"""Invite codes (SPEC §4 /invite): unguessable, single use even under a race, case-sensitive, and a forged
or mangled code binds nobody. tests/e2e/test_admin.py covers the invite loop, reuse and the 7-day expiry."""

from __future__ import annotations

import asyncio
import base64
import re
from os.path import commonprefix

from bot.render.texts import message
from bot.services.people import create_invite, find_unit
from tests.conftest import Db, shanghai
from tests.e2e.admin_county import ask, build_county
from tests.e2e.conftest import Harness

URLSAFE_22 = re.compile(r"^[A-Za-z0-9_-]{22}$")  # 22 base64url characters = 128 random bits (+4 spare)


async def test_a_thousand_codes_are_unique_random_and_urlsafe(db: Db) -> None:
    await build_county(db, reports=False)
    now = shanghai(2026, 10, 20, 10, 0)
    async with db.sessions.begin() as session:
        unit = await find_unit(session, "人社局")
        codes = [
            (await create_invite(session, unit=unit, head=False, created_by=900001, now=now)).code
            for _ in range(1000)
        ]
    assert len(set(codes)) == 1000
    assert all(URLSAFE_22.match(code) for code in codes)
    raw = [base64.urlsafe_b64decode(code + "==") for code in codes]
    assert {len(r) for r in raw} == {16}  # 128 bits each
    # not sequential nor time-based: neighbours share no long prefix, and every bit is a coin toss
    assert max(len(commonprefix([a, b])) for a, b in zip(codes, codes[1:], strict=False)) <= 4
    ones = [sum((int.from_bytes(r, "big") >> bit) & 1 for r in raw) for bit in range(128)]
    assert all(400 < n < 600 for n in ones), ones  # 1000 fair tosses: 500 ± 100 is beyond 6 sigma


async def invite_code(bot: Harness, unit: str = "人社局") -> str:
    (text,) = await ask(bot.admin, f"/invite {unit}")
    code = text.split("?start=")[1].split()[0]
    assert URLSAFE_22.match(code), code
    return code


async def test_forged_mangled_and_raced_codes(bot: Harness) -> None:
    await build_county(bot.db, reports=False)
    invalid = message("invite_invalid", "zh")
    code = await invite_code(bot)
    assert code != await invite_code(bot)  # two invites, two codes

    guesser = bot.user(7401, "猜测者")
    for forged in ("A" * 22, code.swapcase(), code[:-1], code + "x", "<b>x</b>", "x" * 4000, "' OR 1=1 --"):
        assert await ask(guesser, f"/start {forged}") == [invalid], forged
    (units,) = await ask(bot.admin, "/units")
    assert "人社局 · 项目 1 · 联络员 0" in units  # nobody was bound by guessing

    # two people open the same link at the same moment: exactly one is bound
    first, second = bot.user(7402, "甲"), bot.user(7403, "乙")
    first.send(f"/start {code}")
    second.send(f"/start {code}")
    (a,), (b,) = await asyncio.gather(first.wait_replies(1), second.wait_replies(1))
    outcomes = sorted(["bound" if "已绑定为 人社局" in r["text"] else r["text"] for r in (a, b)])
    assert outcomes == ["bound", message("invite_used", "zh")]
    # and the winner cannot reuse it to bind again (or to become head)
    winner = first if "已绑定" in a["text"] else second
    assert await ask(winner, f"/start {code}") == [message("invite_used", "zh")]
    (units,) = await ask(bot.admin, "/units")
    assert "人社局 · 项目 1 · 联络员 1" in units
