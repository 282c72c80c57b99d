"""Rows that are not projects (SPEC §5.1): totals, footers, notes, section rows, blank lines (docs/ledgers.md)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime, time

from bot.ledger.header import Cell, Header

# Matched on a cell's text with spaces removed.
_TOTAL_RE = re.compile(r"(合计|小计|总计|总合计|累计合计)(?![\u4e00-\u9fff]{3}).*")
_FOOTER_RE = re.compile(
    r"(填报人|填表人|填报单位|联系人|联系电话|电话|手机|审核人|审核|审批人|制表人|制表|制表时间|制表日期|"
    r"填报时间|填报日期|单位负责人|分管领导|主要负责人|负责人|签字|签名|盖章|单位盖章|日期)[：:].*"
)
_NOTE_RE = re.compile(r"(备注|注|说明|填表说明|填报说明|注意|注意事项)\d*[：:.、].*|注\d*[：:.、].*")
_NUMERAL = "一二三四五六七八九十"
_SECTION_RE = re.compile(
    rf"(?:[{_NUMERAL}]+[、.．]|[（(][{_NUMERAL}]+[）)]|第[{_NUMERAL}]+(?:部分|类|项)?[、:：]?|[A-Za-z][、.．])\s*(.+)"
)
_COUNT_NOTE_RE = re.compile(r"[（(][^（()）]*[)）]$")  # "（10项）" after a section's name


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def show(value: object) -> str:
    """A cell value as the user would recognise it in a message."""
    if isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:39] + "…"


def squeeze(text: str) -> str:
    """Full-width folded, every space removed: '合  计' → '合计'."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _texts(cells: Sequence[Cell]) -> list[str]:
    """The row's distinct non-blank cell texts, in order (a merged cell is read once)."""
    seen: list[str] = []
    for value, _ in cells:
        if is_blank(value):
            continue
        text = show(value) if not isinstance(value, str) else " ".join(value.split())
        if text not in seen:
            seen.append(text)
    return seen


def _section_name(texts: list[str]) -> str | None:
    """'一、民生实事（10项）' → '民生实事'; also '一' in 序号 beside '民生实事'."""
    if len(texts) == 2 and re.fullmatch(rf"[{_NUMERAL}]+[、.．]?", squeeze(texts[0])):
        texts = [f"{squeeze(texts[0]).rstrip('、.．')}、{texts[1]}"]
    if len(texts) != 1:
        return None
    match = _SECTION_RE.fullmatch(unicodedata.normalize("NFKC", texts[0]).strip())
    if match is None:
        return None
    name = _COUNT_NOTE_RE.sub("", match.group(1)).strip().rstrip("：:")
    return name or None


def not_a_project(cells: Sequence[Cell], header: Header) -> tuple[str, str] | None:
    """(skip key, what the row holds) for a row that is no project; None for a project row."""
    texts = _texts(cells)
    if not texts:
        return "ledger_skip_blank", ""
    squeezed = [squeeze(t) for t in texts]
    shown = " ".join(texts)
    if any(_TOTAL_RE.fullmatch(t) for t in squeezed):
        return "ledger_skip_total", shown
    if any(_FOOTER_RE.fullmatch(t) for t in squeezed):
        return "ledger_skip_footer", shown
    if _NOTE_RE.fullmatch(squeezed[0]):
        return "ledger_skip_note", shown
    section = _section_name(texts)
    if section:
        return "ledger_skip_section", section
    known = [i for k, i in header.columns.items() if k != "seq"]
    if all(i >= len(cells) or is_blank(cells[i][0]) for i in known):
        return "ledger_skip_blank", ""  # e.g. pre-numbered empty lines: only 序号 is filled
    target_idx = header.columns["target"]
    target = cells[target_idx][0] if target_idx < len(cells) else None
    if len(texts) == 1 and (is_blank(target) or show(target) == texts[0]):
        # One text across the row and no target: a heading or a note, not a project.
        plain = squeezed[0]
        if "category" not in header.columns and len(plain) <= 12 and not re.search(r"[\d:：]", plain):
            return "ledger_skip_section", texts[0]
        return "ledger_skip_note", shown
    return None
