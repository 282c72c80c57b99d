"""Imports point one way (ARCHITECTURE.md): rules and rendering stay pure, handlers never talk SQL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN = {
    "bot/domain": ("telegram", "sqlalchemy", "sqlmodel", "storage", "handlers", "bot.services", "bot.render"),
    "bot/render": ("telegram", "sqlalchemy", "sqlmodel", "storage", "handlers", "bot.services"),
    "handlers": ("sqlalchemy", "sqlmodel", "storage"),
}


def imported_modules(path: Path) -> set[str]:
    """Modules a file imports at run time (imports under `if TYPE_CHECKING:` are for type checkers only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for child in ast.walk(node):
                child.lineno = -1  # type: ignore[attr-defined]
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) == -1:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


CASES = [(folder, path) for folder in FORBIDDEN for path in sorted((ROOT / folder).rglob("*.py"))]


@pytest.mark.parametrize(("folder", "path"), CASES, ids=[str(p.relative_to(ROOT)) for _, p in CASES])
def test_imports_point_one_way(folder: str, path: Path) -> None:
    bad = sorted(
        module
        for module in imported_modules(path)
        for forbidden in FORBIDDEN[folder]
        if module == forbidden or module.startswith(forbidden + ".")
    )
    assert bad == [], f"{path.relative_to(ROOT)} imports {bad}"
