"""Unit names as ledgers write them: the key two spellings of one unit share, and townships (docs/ledgers.md)."""

from __future__ import annotations

import re
import unicodedata

TOWNSHIP_GROUP = "乡镇"
# Longest first: "县人民政府办公室" loses "县人民政府" before "县" is tried.
_PREFIXES = ("中共县委", "县人民政府", "县政府", "县委", "县")
_SUFFIXES = ("人民政府", "政府")
# What is left after a prefix must still name one unit: "县委办公室" and "县人民政府办公室" are two.
_GENERIC = {"办", "办公室", "委员会", "人民政府", "政府"}
_TOWNSHIP_RE = re.compile(r".{1,12}(镇|乡|街道|街道办事处|办事处)")


def clean_name(name: str) -> str:
    """The name as shown: full-width letters folded, inner spaces removed (Chinese names have none)."""
    text = unicodedata.normalize("NFKC", name)
    return re.sub(r"\s+", "", text) if re.search(r"[\u4e00-\u9fff]", text) else " ".join(text.split())


def unit_key(name: str) -> str:
    """The key names of one unit share: '县交通运输局' and '交通运输局' → '交通运输局', '城关镇人民政府' → '城关镇'."""
    text = clean_name(name).lower()
    for prefix in _PREFIXES:
        rest = text[len(prefix) :]
        if text.startswith(prefix) and len(rest) >= 2 and rest not in _GENERIC:
            text = rest
            break
    for suffix in _SUFFIXES:
        rest = text[: -len(suffix)]
        if text.endswith(suffix) and len(rest) >= 2 and rest not in _GENERIC and rest != "县":
            text = rest
            break
    return text


def is_township(name: str) -> bool:
    """True for a town, township or sub-district office: '城关镇', '城关镇人民政府', '东城街道办事处'."""
    return _TOWNSHIP_RE.fullmatch(unit_key(name)) is not None
