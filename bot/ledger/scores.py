"""The score sheet of an indicator-scored category (SPEC §7): 单位, 考核类别, 得分[, 加减分, 说明].

Like a ledger, a sheet is all or nothing: every bad row is listed and nothing is imported.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import openpyxl

from bot.ledger.parse import MAX_FILE_BYTES, LedgerFileError, RowError

MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 10
MAX_NOTE = 500
# Header words people write → our column; matched after removing spaces, case-insensitively.
HEADERS = {
    "unit": ("单位", "单位名称", "被考核单位", "责任单位", "牵头单位", "unit"),
    "category": ("考核类别", "类别", "考核项目", "category"),
    "score": ("得分", "分数", "考核得分", "score"),
    "bonus": ("加减分", "加分", "加扣分", "加减分值", "bonus"),
    "note": ("说明", "备注", "note"),
}
REQUIRED = ("unit", "category", "score")
_COLUMN_ZH = {"unit": "单位", "category": "考核类别", "score": "得分", "bonus": "加减分", "note": "说明"}


@dataclass(frozen=True)
class ScoreRow:
    """One good row: a unit's given score in a category."""

    row_number: int
    unit: str
    category: str
    score: Decimal
    bonus: Decimal
    note: str


@dataclass(frozen=True)
class ParsedScores:
    rows: tuple[ScoreRow, ...]
    errors: tuple[RowError, ...]
    named: tuple[tuple[int, str, str], ...] = ()  # (row, unit, category) of every row, bad ones too


def _norm(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value or "")).replace(" ", "").strip().lower()


def _header(cells: Sequence[object]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        word = _norm(cell)
        for key, names in HEADERS.items():
            if word in names and key not in columns:
                columns[key] = index
    return columns if all(k in columns for k in REQUIRED) else None


def _number(value: object) -> Decimal | None:
    """A cell as a number: 92.5, '92.5', '９２.５', '+2', '-1.5', '92.5分'; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = _norm(value).removesuffix("分")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _rows(data: bytes, filename: str) -> Iterator[tuple[int, Sequence[object]]]:
    if len(data) > MAX_FILE_BYTES:
        raise LedgerFileError("ledger_file_too_large", limit=MAX_FILE_BYTES >> 20)
    if filename.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise LedgerFileError("scores_file_encoding")
        yield from enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
        return
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (BadZipFile, KeyError, InvalidFileException...)
        raise LedgerFileError("scores_file_not_excel") from exc
    try:
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def parse_scores(data: bytes, filename: str) -> ParsedScores:
    """Every row of the sheet's first table; LedgerFileError when there is no header with 单位/考核类别/得分."""
    rows = _rows(data, filename)
    columns = None
    for number, cells in rows:
        columns = _header(cells)
        if columns is not None or number >= HEADER_SEARCH_ROWS:
            break
    if columns is None:
        raise LedgerFileError("scores_file_no_header")
    good: list[ScoreRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    named: list[tuple[int, str, str]] = []
    for number, cells in rows:

        def cell(key: str, cells: Sequence[object] = cells) -> object:
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        if all(_norm(c) == "" for c in cells):
            continue
        if len(good) + len(errors) >= MAX_ROWS:
            raise LedgerFileError("scores_file_too_many_rows", limit=MAX_ROWS)
        bad = len(errors)
        unit = str(cell("unit") or "").strip()
        category = str(cell("category") or "").strip()
        named.append((number, unit, category))
        for key, value in (("unit", unit), ("category", category)):
            if not value:
                errors.append(RowError(number, _COLUMN_ZH[key], "scores_row_empty"))
        score = _number(cell("score"))
        if score is None:
            shown = str(cell("score") or "").strip() or "（空）"
            errors.append(RowError(number, "得分", "scores_row_not_number", {"value": shown}))
        bonus = Decimal(0) if _norm(cell("bonus")) == "" else _number(cell("bonus"))
        if bonus is None:
            shown = str(cell("bonus")).strip()
            errors.append(RowError(number, "加减分", "scores_row_not_number", {"value": shown}))
        if unit and category:
            first = seen.setdefault((unit, category), number)
            if first != number:
                errors.append(RowError(number, None, "scores_row_repeats", {"row": first}))
        if len(errors) == bad and score is not None and bonus is not None:
            note = str(cell("note") or "").strip()[:MAX_NOTE]
            good.append(ScoreRow(number, unit, category, score, bonus, note))
    return ParsedScores(rows=tuple(good), errors=tuple(errors), named=tuple(named))


def sheet_errors(
    parsed: ParsedScores, *, units: Mapping[str, int], project_categories: set[str]
) -> tuple[RowError, ...]:
    """The sheet's own errors and those against the county: an unknown unit, a project-scored category."""
    errors = list(parsed.errors)
    named = parsed.named or tuple((r.row_number, r.unit, r.category) for r in parsed.rows)
    first: dict[tuple[int, str], tuple[int, str]] = {}  # a unit by its name and by its short name is one
    for number, unit, category in named:
        if unit in units and category:
            seen, written = first.setdefault((units[unit], category), (number, unit))
            if written != unit:  # the very same words twice are the reader's "repeats row" already
                errors.append(RowError(number, "单位", "scores_row_same_unit", {"row": seen}))
        if unit and unit not in units:
            errors.append(RowError(number, "单位", "scores_row_unknown_unit", {"unit": unit}))
        if category in project_categories:
            errors.append(RowError(number, "考核类别", "scores_row_project_category", {"category": category}))
    order = {"单位": 0, "考核类别": 1, "得分": 2, "加减分": 3}
    return tuple(sorted(errors, key=lambda e: (e.row_number, order.get(e.column or "", 9))))


def ledger_errors(rows: Sequence[tuple[int, str]], indicator_categories: set[str]) -> tuple[RowError, ...]:
    """A ledger's (row, category) pairs that give projects to an indicator-scored category."""
    return tuple(
        RowError(number, "考核类别", "ledger_row_indicator_category", {"category": category})
        for number, category in rows
        if category in indicator_categories
    )
