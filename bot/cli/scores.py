"""`flagbot scores import FILE --period P`: a score sheet of indicator-scored categories (SPEC §7)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.render.ledger import reason_text
from bot.render.marks import plain

if TYPE_CHECKING:
    from bot.cli.commands import Shell


async def cmd_scores_import(args: argparse.Namespace, shell: Shell) -> int:
    """Import (or with --dry-run only preview) a score sheet; a sheet with any bad row changes nothing."""
    from bot.ledger.parse import LedgerFileError
    from bot.ledger.scores import parse_scores
    from bot.render.categories import score_preview_text
    from bot.services.indicator_scores import preview_scores

    period = shell.period(args.period)
    path = Path(args.file)
    if not path.is_file():
        print(shell.say("shell_no_such_file", path=path), file=sys.stderr)
        return 1
    try:
        parsed = parse_scores(path.read_bytes(), path.name)
    except LedgerFileError as error:
        print(reason_text(error, shell.lang), file=sys.stderr)
        return 1
    async with shell.sessions.begin() as session:
        preview = await preview_scores(
            session, parsed, period=period.name, apply=not args.dry_run, actor=shell.actor, now=shell.now()
        )
    text = plain(score_preview_text(preview, lang=shell.lang))
    print(text, file=sys.stderr if preview.rejected else sys.stdout)
    return 1 if preview.rejected else 0


def add_scores_parser(commands: Any, say: Callable[[str], str]) -> None:
    """`flagbot scores import FILE --period YYYY-MM [--dry-run]`; `say` gives a help text by catalogue key."""
    scores = commands.add_parser("scores", help=say("cli_scores"))
    sub = scores.add_subparsers(dest="scores_command", metavar="import", required=True)
    imp = sub.add_parser("import", help=say("cli_scores_import"))
    imp.add_argument("file", help=say("cli_file"))
    imp.add_argument("--period", required=True, help=say("cli_scores_period"))
    imp.add_argument("--dry-run", action="store_true", help=say("cli_import_dry_run"))
    imp.set_defaults(handler=cmd_scores_import)
