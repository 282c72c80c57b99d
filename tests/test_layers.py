"""Imports point one way (ARCHITECTURE.md); every import counts, `if TYPE_CHECKING:` blocks included."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("bot", "handlers", "storage")

# folder -> modules it must never import (a name forbids the module and everything below it)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "bot/services": ("bot.render", "bot.outbound", "handlers", "bot.runtime", "bot.cli", "telegram"),
    "bot/render": (
        "bot.services",
        "bot.outbound",
        "storage",
        "sqlalchemy",
        "sqlmodel",
        "handlers",
        "bot.runtime",
        "telegram",
    ),
    "bot/domain": (
        "telegram",
        "sqlalchemy",
        "sqlmodel",
        "storage",
        "handlers",
        "bot.services",
        "bot.render",
        "bot.outbound",
        "bot.runtime",
        "bot.cli",
    ),
    "bot/outbound": ("telegram", "handlers", "bot.runtime", "bot.cli"),
    "bot/when": ("telegram", "handlers", "bot.runtime"),
    "bot/ledger": ("telegram", "handlers", "bot.runtime"),
    "handlers": ("storage", "sqlalchemy", "sqlmodel", "bot.runtime", "bot.cli"),
}

# the only places that may speak Telegram: the adapter, the runtime, and the typed PTB context
TELEGRAM_HOMES = ("handlers/", "bot/runtime/", "bot/context.py")
TOP_OF_BOT_LIMIT = 6
LINE_LIMIT = 400
LONG_ALLOWED = ("bot/simulator/", "bot/ledger/parse.py")


def module_name(path: Path) -> str:
    """Dotted module name of a source file below ROOT (a package is named by its folder)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module `source` imports, TYPE_CHECKING blocks included; relative imports made absolute."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            found.add(stem)
            # `from bot import render` imports the module bot.render
            found.update(f"{stem}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def sources() -> list[Path]:
    """Every Python file of the application (tests and scripts excluded)."""
    return sorted(p for top in SOURCES for p in (ROOT / top).rglob("*.py"))


def imports_of_file(path: Path) -> set[str]:
    """Imports of one source file."""
    return imports_of(
        path.read_text(encoding="utf-8"), module_name(path), is_package=path.name == "__init__.py"
    )


def hits(found: set[str], forbidden: tuple[str, ...]) -> list[str]:
    """The imported modules that fall under one of the forbidden names."""
    return sorted(m for m in found for f in forbidden if m == f or m.startswith(f + "."))


def rel(path: Path) -> str:
    """Path relative to the repository, with forward slashes."""
    return path.relative_to(ROOT).as_posix()


CASES = [(folder, p) for folder in FORBIDDEN for p in sorted((ROOT / folder).rglob("*.py"))]


@pytest.mark.parametrize(("folder", "path"), CASES, ids=[rel(p) for _, p in CASES])
def test_imports_point_one_way(folder: str, path: Path) -> None:
    bad = hits(imports_of_file(path), FORBIDDEN[folder])
    assert bad == [], f"{rel(path)} imports {bad}"


def test_domain_is_pure() -> None:
    """The domain (views included) needs nothing but the standard library and itself."""
    bad = {
        rel(p): sorted(
            m
            for m in imports_of_file(p)
            if m.split(".")[0] not in sys.stdlib_module_names and m.split(".")[:2] != ["bot", "domain"]
        )
        for p in sorted((ROOT / "bot/domain").rglob("*.py"))
    }
    assert {k: v for k, v in bad.items() if v} == {}


def test_telegram_only_in_the_adapter() -> None:
    bad = [
        rel(p)
        for p in sources()
        if hits(imports_of_file(p), ("telegram",)) and not rel(p).startswith(TELEGRAM_HOMES)
    ]
    assert bad == []


def test_top_of_bot_is_small() -> None:
    loose = sorted(
        p.name for p in (ROOT / "bot").glob("*.py") if p.name not in ("__init__.py", "__main__.py")
    )
    assert len(loose) <= TOP_OF_BOT_LIMIT, loose


def test_modules_stay_short() -> None:
    long = {
        rel(p): n
        for p in sources()
        if not rel(p).startswith(LONG_ALLOWED)
        and (n := len(p.read_text(encoding="utf-8").splitlines())) > LINE_LIMIT
    }
    assert long == {}


def test_checker_sees_type_checking_and_relative_imports() -> None:
    """The checker itself can fail: an import hidden under TYPE_CHECKING, or written relative, still counts."""
    snippet = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from bot.services.looking import MyFlag\n"
        "from ..services import standing\n"
        "from . import chat\n"
    )
    found = imports_of(snippet, "bot.render.look")
    assert {"bot.services.looking", "bot.services.standing"} <= set(hits(found, FORBIDDEN["bot/render"]))
    assert "bot.render.chat" in found
    assert hits(imports_of("import telegram.ext\n", "bot.domain.x"), FORBIDDEN["bot/domain"]) == [
        "telegram.ext"
    ]


# Only the Telegram adapter turns marked text into HTML (bot/render/marks.py); the simulator parses it, and
# migration 0003 converted the texts queued before marks existed.
HTML_HOMES = (
    "handlers/markup.py",
    "bot/render/marks.py",
    "bot/simulator/",
    "storage/migrations/versions/0003_",
)


def test_html_only_in_the_adapter() -> None:
    """Render, outbound and services write marked text; escaping for Telegram happens once, at the edge."""
    bad = [
        rel(path)
        for path in sources()
        if not rel(path).startswith(HTML_HOMES) and hits(imports_of_file(path), ("html",))
    ]
    assert bad == [], f"escaping HTML outside the adapter: {bad}"
