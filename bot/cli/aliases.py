"""`flagbot alias`: list, add and remove unit aliases from the shell, as /alias does in chat."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.render.ledger import aliases_text
from bot.render.marks import plain
from bot.services import unit_aliases

if TYPE_CHECKING:
    from bot.cli.commands import Shell


async def cmd_alias(args: argparse.Namespace, shell: Shell) -> int:
    """No arguments: the list; `add ALIAS UNIT`; `remove ALIAS`."""
    async with shell.sessions.begin() as session:
        if args.action == "add":
            line = await unit_aliases.add_alias(
                session, alias=args.alias, unit_name=args.unit, actor=shell.actor, now=shell.now()
            )
            print(shell.say("alias_added", alias=line.alias, unit=line.unit))
        elif args.action == "remove":
            line = await unit_aliases.remove_alias(
                session, alias=args.alias, actor=shell.actor, now=shell.now()
            )
            print(shell.say("alias_removed", alias=line.alias, unit=line.unit))
        else:
            print(plain(aliases_text(await unit_aliases.list_aliases(session), lang=shell.lang)))
    return 0


def add_parser(commands: Any, say: Callable[[str], str]) -> None:
    """`flagbot alias [add ALIAS UNIT | remove ALIAS]`; `say` gives a help text by catalogue key."""
    parser = commands.add_parser("alias", help=say("cli_alias"))
    actions = parser.add_subparsers(dest="action", metavar="add|remove")
    add = actions.add_parser("add", help=say("cli_alias_add"))
    add.add_argument("alias")
    add.add_argument("unit")
    remove = actions.add_parser("remove", help=say("cli_alias_remove"))
    remove.add_argument("alias")
    parser.set_defaults(handler=cmd_alias, action=None)
