"""`flagbot scores import FILE --period P`: a score sheet of indicator-scored categories (SPEC §7)."""

from __future__ import annotations

import argparse
import sys
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


def add_scores_parser(commands: Any) -> None:
    """`flagbot scores import FILE --period YYYY-MM [--dry-run]`."""
    scores = commands.add_parser("scores", help="score sheets of indicator-scored categories")
    sub = scores.add_subparsers(dest="scores_command", metavar="import", required=True)
    imp = sub.add_parser("import", help="import a score sheet (单位, 考核类别, 得分[, 加减分, 说明])")
    imp.add_argument("file")
    imp.add_argument("--period", required=True, help="YYYY-MM, the period's last month")
    imp.add_argument("--dry-run", action="store_true", help="only show what it would change")
    imp.set_defaults(handler=cmd_scores_import)
