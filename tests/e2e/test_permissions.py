"""Every command of the catalogue × every kind of caller: who may use it, and who is refused naming the role.

Each command is sent the way its help example shows it. A refused caller gets exactly the refusal (the
role needed, or "bind to a unit first" for unit commands); an allowed caller gets a real answer: neither a
refusal nor the error handler's internal-error apology.
A command no handler serves yet (modules written in parallel) is left out, with a warning naming it.
"""

from __future__ import annotations

import asyncio
import warnings
from dataclasses import dataclass

from telegram.ext import CommandHandler

from bot.domain.roles import Role
from bot.render.commands import COMMANDS, CommandInfo
from bot.render.texts import ROLE_KEYS, message, role_label
from bot.simulator import SimUser
from handlers import all_handlers
from tests.e2e.admin_county import add_person, build_county
from tests.e2e.conftest import ADMIN_ID, Harness


@dataclass(frozen=True)
class Caller:
    kind: str
    user_id: int
    lang: str
    has_unit: bool
    may: frozenset[Role]  # the command roles (CommandInfo.role) this caller may use


CALLERS = (
    Caller("stranger", 8005, "en", False, frozenset({Role.STRANGER})),
    Caller("contact of another unit", 8002, "zh", True, frozenset({Role.STRANGER, Role.CONTACT})),
    Caller("contact", 8001, "zh", True, frozenset({Role.STRANGER, Role.CONTACT})),
    Caller("head", 8003, "zh", True, frozenset({Role.STRANGER, Role.CONTACT, Role.HEAD})),
    # leaders and admins without a unit see everything but cannot report for a unit
    Caller("leader", 8004, "en", False, frozenset({Role.STRANGER, Role.LEADER})),
    Caller("admin", ADMIN_ID, "zh", False, frozenset({Role.STRANGER, Role.LEADER, Role.ADMIN})),
)


INTERNAL = {message("internal_error", "zh"), message("internal_error", "en")}


def served_commands() -> set[str]:
    return {c for h in all_handlers() if isinstance(h, CommandHandler) for c in h.commands}


def refusal(info: CommandInfo, caller: Caller) -> str:
    """What a caller who may not use the command is told."""
    if info.role in (Role.CONTACT, Role.HEAD) and not caller.has_unit:
        return message("unit_needed", caller.lang)
    return message("role_needed", caller.lang, role=role_label(info.role.name, caller.lang))


def every_refusal(lang: str) -> set[str]:
    texts = {message("role_needed", lang, role=role_label(role, lang)) for role in ROLE_KEYS}
    return texts | {message("unit_needed", lang)}


def command_text(info: CommandInfo) -> str:
    """The command as /help shows it in Chinese (its example, with Chinese keywords), or bare."""
    return message(info.example, "zh") if info.example else f"/{info.name}"


async def answer_to(user: SimUser, text: str, *, messages: int = 1) -> str:
    """The first message of the answer; waits for all `messages` of it, so none passes for the next one."""
    user.send(text)
    try:
        reply, *_ = await user.wait_replies(messages, timeout=8)
    except TimeoutError:
        return "<no answer>"
    await asyncio.sleep(0.03)  # a second message of the same command must not pass for the next answer
    user.mark()
    return str(reply.get("text") or reply.get("caption") or "<a message without text>")


async def run_caller(bot: Harness, caller: Caller, commands: list[CommandInfo]) -> list[str]:
    """Every command as this caller; the problems found."""
    user = (
        bot.admin if caller.user_id == ADMIN_ID else bot.user(caller.user_id, caller.kind, lang=caller.lang)
    )
    problems = []
    for info in commands:
        text = command_text(info)
        allowed = info.role in caller.may
        # a unit's /myflag is its standing, then its trend picture
        answer = await answer_to(user, text, messages=2 if allowed and info.name == "myflag" else 1)
        if allowed:
            if answer in every_refusal(caller.lang) or answer == "<no answer>":
                problems.append(f"{caller.kind} may use {text!r} but got: {answer!r}")
            elif answer in INTERNAL:  # a real answer, not the apology of the error handler
                problems.append(f"{caller.kind} may use {text!r} but got the internal-error apology")
        elif answer != refusal(info, caller):
            problems.append(f"{caller.kind} may not use {text!r}: expected the refusal, got {answer!r}")
    return problems


async def test_every_command_for_every_kind_of_caller(bot: Harness) -> None:
    await build_county(bot.db)
    await add_person(bot.db, 8001, unit="人社局", name="contact")
    await add_person(bot.db, 8002, unit="应急管理局", name="contact of another unit")
    await add_person(bot.db, 8003, unit="人社局", head=True, name="head")
    await add_person(bot.db, 8004, leader=True, name="leader")
    served = served_commands()
    commands = [c for c in COMMANDS if c.name in served]
    # the callers run side by side (the bot keeps each one's updates in order)
    results = await asyncio.gather(*(run_caller(bot, caller, commands) for caller in CALLERS))
    problems = [p for found in results for p in found]
    assert not problems, "\n".join(problems)
    missing = sorted(c.name for c in COMMANDS if c.name not in served)
    if missing:
        warnings.warn(f"not served yet, so not checked: {', '.join(missing)}", stacklevel=1)
