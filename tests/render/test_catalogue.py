"""The catalogue is complete: both languages, the same placeholders, every key used, no language branches."""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path

import pytest

from bot.render import texts
from bot.render.catalogue import common

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "bot" / "render" / "catalogue"
LANGUAGE_MODULE = ROOT / "bot" / "render" / "language.py"


def _sources() -> list[Path]:
    """Every source file of bot/ and handlers/ outside the catalogue itself."""
    files = sorted((ROOT / "bot").rglob("*.py")) + sorted((ROOT / "handlers").rglob("*.py"))
    return [f for f in files if CATALOGUE not in f.parents]


@cache
def _source_text() -> str:
    return "\n".join(f.read_text(encoding="utf-8") for f in _sources())


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _catalogue() -> dict[str, tuple[str, str]]:
    """The catalogue as written (before the tags become marks)."""
    merged: dict[str, tuple[str, str]] = {}
    for area in texts.AREAS:
        merged.update(area.MESSAGES)
    return merged


def test_every_area_file_is_merged() -> None:
    """An area file left out of texts.AREAS would be a catalogue nobody reads."""
    listed = {Path(area.__file__).stem for area in texts.AREAS}
    present = {f.stem for f in CATALOGUE.glob("*.py")} - {"__init__"}
    assert present == listed
    assert common in texts.AREAS


def test_no_key_is_repeated_across_areas() -> None:
    seen: dict[str, str] = {}
    for area in texts.AREAS:
        for key in area.MESSAGES:
            assert key not in seen, f"{key} is in {seen.get(key)} and {area.__name__}"
            seen[key] = area.__name__


def test_every_key_has_both_languages() -> None:
    missing = [
        key
        for key, pair in _catalogue().items()
        if len(pair) != 2 or not all(isinstance(side, str) and side.strip() for side in pair)
    ]
    assert missing == []


def test_both_languages_have_the_same_placeholders() -> None:
    differ = {
        key: (sorted(_fields(zh)), sorted(_fields(en)))
        for key, (zh, en) in _catalogue().items()
        if _fields(zh) != _fields(en)
    }
    assert differ == {}


def test_every_key_is_used_as_a_literal() -> None:
    """Keys are named as plain literals at the call site; a key only the tests use is unused."""
    source = _source_text()
    unused = [key for key in _catalogue() if not re.search(rf"""["']{re.escape(key)}["']""", source)]
    assert unused == []


# A choice of language outside bot/render/language.py: the language is decided there, once.
LANGUAGE_BRANCH = re.compile(
    r"""(==|!=)\s*["'](en|zh)["']"""  # lang == "en", lang != "en", == "zh"
    r"""|["'](en|zh)["']\s*(==|!=)"""  # "en" == lang
    r"""|\.startswith\(\s*["']en"""  # code.startswith("en")
    r"""|["'](en|zh)["']\s+if\s"""  # "en" if … else "zh"
    r"""|\bin\s*\(\s*["'](en|zh)["']"""  # lang in ("en", …)
)
INLINE_PAIR = re.compile(r"""pick\(\s*\(""")
WORD_TABLE = re.compile(r"""^(_?WORDS|_?TEXTS|_?[A-Z_]*LABELS)\s*(:[^=]*)?=\s*\{""", re.MULTILINE)


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_language_branch_or_inline_pair(path: Path) -> None:
    if path == LANGUAGE_MODULE:
        return
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if LANGUAGE_BRANCH.search(line) or INLINE_PAIR.search(line):
            found.append(f"{number}: {line.strip()}")
    assert found == []


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_word_table_outside_the_catalogue(path: Path) -> None:
    """A module's own (zh, en) table would be a second catalogue."""
    tables = [m.group(0) for m in WORD_TABLE.finditer(path.read_text(encoding="utf-8"))]
    assert tables == []


def test_the_tags_become_marks() -> None:
    """A sentence written with <code> reaches render as marked text, an entity as its character."""
    assert "<code>" not in texts.message("admin_error_alert", "zh", summary="x")
    assert "&lt;" not in texts.message("report_usage", "en")
