"""Read a ledger (台账) file — .xlsx or .csv — into validated project rows (SPEC §5, §5.1); no database here.

Problems and skipped parts are catalogue keys with their fields (bot/render/catalogue/ledger_read.py);
render words them. The forms accepted are listed in docs/ledgers.md.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import islice
from xml.etree.ElementTree import iterparse

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import WINDOWS_EPOCH
from openpyxl.worksheet.cell_range import CellRange

from bot.ledger.header import BLANK, BY_KEY, FIELDS, MEANT_AS_LEDGER, Cell, Header, Row, find_header
from bot.ledger.rows import is_blank, not_a_project, show, squeeze
from bot.ledger.values import LooseDate, normal, split_measure, to_loose_date, to_number, to_span

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DATA_ROWS = 5000
HEADER_SEARCH_ROWS = 10  # county files often carry a title line or two above the header
MAX_CODE_LEN = 50
MAX_TEXT_LEN = 200
DEFAULT_MEASURE = "%"
DEFAULT_WEIGHT = 1.0
MIN_YEAR, MAX_YEAR = 2000, 2099  # anything else is a typo or a misread serial number, not a real date

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and also password-protected .xlsx

_TEMPLATE_KEYS = tuple(f.key for f in FIELDS if f.key not in ("seq", "span"))
LEDGER_HEADERS: tuple[str, ...] = tuple(BY_KEY[k].zh for k in _TEMPLATE_KEYS)

_PLACEHOLDER = {"-", "—", "——", "/", "\\", "无", "－", "--"}  # a month without a plan
_GENERIC_SHEET_RE = re.compile(r"(?i)(sheet|工作表|表)\d*|.*(台账|汇总|总表|明细).*")


@dataclass(frozen=True)
class LedgerRow:
    """One valid project row of a ledger file."""

    row_number: int
    code: str
    name: str
    unit: str
    group: str | None
    category: str
    target: float
    measure: str
    start: date
    due: date
    weight: float
    plan: tuple[tuple[date, float], ...]
    actual: float | None
    as_of: date | None
    sheet: str | None = None  # set when the workbook has more than one sheet
    code_made: bool = False  # made from 序号: shown to the admin


@dataclass(frozen=True)
class RowError:
    """One problem in one row (and column, when it is about a single cell): a catalogue key and its fields."""

    row_number: int
    column: str | None
    key: str
    fields: Mapping[str, object] = field(default_factory=dict, hash=False)
    sheet: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A sheet, row or column the import did not read, and why (a catalogue key; text = what it held)."""

    sheet: str | None
    row_number: int | None
    key: str
    text: str = ""


@dataclass(frozen=True)
class ParsedLedger:
    """The valid rows, every row error (any error rejects the whole file) and what was not read."""

    rows: tuple[LedgerRow, ...]
    errors: tuple[RowError, ...]
    skipped: tuple[Skipped, ...] = ()
    sheets: tuple[str, ...] = ()  # the sheets read (empty for a CSV file)

    @property
    def ok(self) -> bool:
        """True when the file can be imported."""
        return not self.errors

    @property
    def made_codes(self) -> tuple[str, ...]:
        """Codes made from 序号, in file order."""
        return tuple(r.code for r in self.rows if r.code_made)


class LedgerFileError(Exception):
    """The file as a whole is unusable (wrong type, no header, missing columns, too big...): a catalogue key."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields: dict[str, object] = fields


def _fmt(number: float) -> str:
    return f"{number:g}" if abs(number) < 1e15 else str(number)


def _in_measure(number: str, word: str, measure: str) -> float | None:
    """'30' written with '公里' in a row measured in 公里 → 30; '1.2' with '万' (亩 row) → 12000; else None."""
    parsed = to_number(number, False)
    if parsed is None:
        return None
    if squeeze(word) == squeeze(measure):
        return parsed[0]
    if word == "万" or (word.startswith("万") and squeeze(word[1:]) == squeeze(measure)):
        return round(parsed[0] * 10000, 9)  # 万 is ten thousand of the measure: 1.2万亩 = 12000 亩
    return None


@dataclass
class _Sheet:
    """What one sheet's reading carries from row to row."""

    name: str | None
    header: Header
    epoch: datetime
    today: date
    named: bool  # errors name the sheet (a workbook of several sheets)
    section: str | None = None
    category_fallback: str | None = None


class _RowReader:
    """Validates one data row, collecting every problem rather than stopping at the first."""

    def __init__(self, row_number: int, sheet: _Sheet, cells: Sequence[Cell]) -> None:
        self.row_number = row_number
        self.sheet = sheet
        self.header = sheet.header
        self.cells = cells
        self.errors: list[RowError] = []
        self.code: str | None = None  # kept even when other cells are bad, for the duplicate check
        self.measure = DEFAULT_MEASURE

    def cell(self, key: str) -> Cell:
        idx = self.header.columns.get(key)
        if idx is None or idx >= len(self.cells):
            return BLANK
        return self.cells[idx]

    def label(self, key: str) -> str:
        return self.header.labels.get(key) or BY_KEY[key].zh

    def fail(self, key: str | None, reason: str, **fields: object) -> None:
        column = self.header.labels.get(key) if key else None
        sheet = self.sheet.name if self.sheet.named else None
        self.errors.append(RowError(self.row_number, column, reason, fields, sheet))

    def text(self, key: str, *, required: bool, limit: int = MAX_TEXT_LEN) -> str | None:
        value, _ = self.cell(key)
        if is_blank(value):
            if required:
                self.fail(key, "ledger_row_required", column=self.label(key))
            return None
        # Line breaks inside a cell (Alt+Enter) would break chat messages: collapse all whitespace runs.
        text = show(value) if isinstance(value, int | float | datetime) else " ".join(str(value).split())
        if len(text) > limit:
            self.fail(key, "ledger_row_too_long", column=self.label(key), limit=limit)
            return None
        return text

    def number(self, key: str, *, positive: bool, percent_ok: bool) -> float | None:
        """A number > 0 (positive) or >= 0; None when blank or bad (bad ones are recorded)."""
        value, percent_format = self.cell(key)
        if is_blank(value) or (isinstance(value, str) and normal(value) in _PLACEHOLDER):
            return None
        parsed = to_number(value, percent_format)
        with_measure = split_measure(value)
        if parsed is None and with_measure:
            scaled = _in_measure(*with_measure, self.measure)  # "30公里" in a row measured in 公里
            parsed = (scaled, False) if scaled is not None else None
        shown = f"{_fmt(parsed[0])}%" if parsed and percent_format else show(value)
        if parsed is None or (parsed[0] <= 0 if positive else parsed[0] < 0):
            reason = "ledger_row_not_positive" if positive else "ledger_row_negative"
            self.fail(key, reason, column=self.label(key), value=shown)
            return None
        number, percent = parsed
        if percent and not percent_ok:
            self.fail(key, "ledger_row_percent_measure", column=self.label(key), value=shown)
            return None
        return number

    def loose_day(self, key: str) -> LooseDate | None:
        value, _ = self.cell(key)
        if is_blank(value):
            return None
        parsed = to_loose_date(value, self.sheet.epoch)
        if parsed is None:
            self.fail(key, "ledger_row_bad_date", column=self.label(key), value=show(value))
        return parsed

    def resolve(self, key: str, loose: LooseDate | None, year: int, *, end: bool) -> date | None:
        if loose is None:
            return None
        day = loose.resolve(year, end=end)
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            self.fail(
                key,
                "ledger_row_date_range",
                column=self.label(key),
                value=day.isoformat(),
                low=MIN_YEAR,
                high=MAX_YEAR,
            )
            return None
        return day

    def target_and_measure(self) -> tuple[float | None, str]:
        """The target and its measure: '120公里' in 年度目标 gives both, unless 计量单位 says otherwise."""
        written = self.text("measure", required=False, limit=20)
        value, _ = self.cell("target")
        with_measure = split_measure(value)
        if with_measure and to_number(value, False) is None:
            word = with_measure[1]
            if written and _in_measure(*with_measure, written) is None:
                self.fail(
                    "target",
                    "ledger_row_measure_conflict",
                    column=self.label("target"),
                    value=show(value),
                    measure=written,
                )
                return None, written
            self.measure = written or word
        else:
            self.measure = written or DEFAULT_MEASURE
        if unicodedata.normalize("NFKC", self.measure) == "%":
            self.measure = "%"  # a full-width ％ is the same measure
        if is_blank(value):
            self.fail("target", "ledger_row_required", column=self.label("target"))
            return None, self.measure
        return self.number("target", positive=True, percent_ok=self.measure == "%"), self.measure

    def category(self) -> str | None:
        if "category" in self.header.columns:
            # a blank category cell under a section row (一、民生实事) takes the section
            return self.text("category", required=self.sheet.section is None) or self.sheet.section
        found = self.sheet.section or self.sheet.category_fallback
        if found is None:
            self.fail(None, "ledger_row_no_category")
        return found

    def code_or_number(self) -> tuple[str | None, bool]:
        """(the code, made from 序号?); a made code is completed once the category is known."""
        if "code" in self.header.columns:
            code = self.text("code", required=True, limit=MAX_CODE_LEN)
            if code and re.search(r"\s", code):
                # /report <code> <value> splits on spaces, so a code with a space could never be reported.
                self.fail("code", "ledger_row_code_space", value=code)
                code = None
            return code, False
        value, _ = self.cell("seq")
        number = to_number(value, False)
        if number is None or number[0] <= 0 or not float(number[0]).is_integer():
            self.fail(
                "seq", "ledger_row_no_number", column=self.label("seq"), value=show(value) if value else ""
            )
            return None, True
        return f"{int(number[0]):02d}", True

    def dates(self) -> tuple[date, date, bool, int]:
        """(start, due, both valid?, plan year)."""
        errors_before = len(self.errors)
        start_loose, due_loose = self.loose_day("start"), self.loose_day("due")
        if start_loose is None and due_loose is None and not is_blank(self.cell("span")[0]):
            span = to_span(self.cell("span")[0], self.sheet.epoch)
            if span is None:
                self.fail(
                    "span",
                    "ledger_row_bad_span",
                    column=self.label("span"),
                    value=show(self.cell("span")[0]),
                )
            else:
                start_loose, due_loose = span
        known_years = [d.year for d in (start_loose, due_loose) if d is not None and d.year is not None]
        year = known_years[0] if known_years else self.sheet.today.year
        key_start = "start" if "start" in self.header.columns else "span"
        key_due = "due" if "due" in self.header.columns else "span"
        start_value = self.resolve(key_start, start_loose, year, end=False)
        due_value = self.resolve(key_due, due_loose, year, end=True)
        dates_ok = len(self.errors) == errors_before
        start = start_value or date(year, 1, 1)
        due = due_value or date(year, 12, 31)
        if dates_ok and start >= due:
            self.fail(
                key_due if due_value else key_start, "ledger_row_due_before_start", due=due, start=start
            )
            dates_ok = False
        return start, due, dates_ok, year

    def read(self) -> LedgerRow | None:
        """The validated row, or None when any error was recorded."""
        code, made = self.code_or_number()
        self.code = code
        name = self.text("name", required=True)
        unit = self.text("unit", required=True)
        group = self.text("group", required=False)
        category = self.category()
        target, measure = self.target_and_measure()
        is_percent = measure == "%"
        weight = self.number("weight", positive=True, percent_ok=True)  # weights are relative: 30% is 30
        actual = self.number("actual", positive=False, percent_ok=is_percent)
        start, due, dates_ok, year = self.dates()
        as_of = self.resolve("as_of", self.loose_day("as_of"), self.sheet.today.year, end=True)
        if as_of and as_of > self.sheet.today:
            self.fail("as_of", "ledger_row_as_of_future", value=as_of.isoformat())
        plan = self._plan(year, start, due, target, dates_ok, is_percent)
        if self.errors or code is None or name is None or unit is None or category is None or target is None:
            return None
        return LedgerRow(
            row_number=self.row_number,
            code=code,
            name=name,
            unit=unit,
            group=group,
            category=category,
            target=target,
            measure=measure,
            start=start,
            due=due,
            weight=weight if weight is not None else DEFAULT_WEIGHT,
            plan=plan,
            actual=actual,
            as_of=as_of,
            sheet=self.sheet.name if self.sheet.named else None,
            code_made=made,
        )

    def _plan(
        self, year: int, start: date, due: date, target: float | None, dates_ok: bool, is_percent: bool
    ) -> tuple[tuple[date, float], ...]:
        """Month-end plan points in the plan year: each >= 0, <= target, inside [start, due], non-decreasing."""
        plan: list[tuple[date, float]] = []
        previous: tuple[int, float] | None = None
        for month in range(1, 13):
            key = f"m{month}"
            amount = self.number(key, positive=False, percent_ok=is_percent)
            if amount is None:
                continue
            end = LooseDate(year, month, None).resolve(year, end=True)
            if dates_ok and not start <= end <= due:
                self.fail(key, "ledger_row_plan_outside", month=month, end=end, start=start, due=due)
            if target is not None and amount > target:
                self.fail(
                    key, "ledger_row_plan_above_target", month=month, amount=_fmt(amount), target=_fmt(target)
                )
            if previous and amount < previous[1]:
                self.fail(
                    key,
                    "ledger_row_plan_decreasing",
                    month=month,
                    amount=_fmt(amount),
                    previous_month=previous[0],
                    previous=_fmt(previous[1]),
                )
            previous = (month, amount)
            plan.append((end, amount))
        return tuple(plan)


def _read_sheet(rows: Iterator[Row], sheet: _Sheet, out: _Collected) -> None:
    """Every row under the header: projects validated, the rest skipped and named."""
    header = sheet.header
    where = sheet.name if sheet.named else None  # a sheet is named when the workbook has several
    blanks: list[int] = []
    for row_number, cells in rows:
        if row_number <= header.last_row:
            continue
        kind = not_a_project(cells, header)
        if kind is not None:
            key, text = kind
            if key == "ledger_skip_blank":
                blanks.append(row_number)
                continue
            if key == "ledger_skip_section":
                sheet.section = text  # the category of the rows below (SPEC §5.1)
                if "category" not in header.columns:
                    key = "ledger_skip_section_used"
            out.skipped.append(Skipped(where, row_number, key, text))
            continue
        # Blank rows between projects are named; those after the last project are just the sheet's end.
        out.skipped.extend(Skipped(where, n, "ledger_skip_blank") for n in blanks)
        blanks = []
        out.count += 1
        if out.count > MAX_DATA_ROWS:
            raise LedgerFileError("ledger_file_too_many_rows", limit=MAX_DATA_ROWS)
        reader = _RowReader(row_number, sheet, cells)
        out.readers.append((reader, reader.read()))


@dataclass
class _Collected:
    readers: list[tuple[_RowReader, LedgerRow | None]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    count: int = 0


def _finish(out: _Collected) -> ParsedLedger:
    """Codes made from 序号 get their category's prefix; then duplicate codes are refused."""
    prefixes = _code_prefixes({row.category for _, row in out.readers if row is not None and row.code_made})
    valid: list[LedgerRow] = []
    errors: list[RowError] = []
    first_row_of: dict[str, tuple[str | None, int]] = {}
    for reader, row in out.readers:
        if row is not None and row.code_made:
            row = replace(row, code=f"{prefixes[row.category]}-{row.code}")
            reader.code = row.code
        if reader.code:
            key = reader.code.upper()
            if key in first_row_of:
                sheet, number = first_row_of[key]
                column = "seq" if row is not None and row.code_made else "code"
                other = "ledger_row_duplicate_code_sheet" if sheet else "ledger_row_duplicate_code"
                reader.fail(column, other, code=reader.code, row=number, other_sheet=sheet or "")
                row = None
            else:
                first_row_of[key] = (reader.sheet.name if reader.sheet.named else None, reader.row_number)
        errors.extend(reader.errors)
        if row is not None:
            valid.append(row)
    return ParsedLedger(
        rows=tuple(valid), errors=tuple(errors), skipped=tuple(out.skipped), sheets=tuple(out.sheets)
    )


def _code_prefixes(categories: Iterable[str]) -> dict[str, str]:
    """'民生实事' → '民生'; two categories sharing their first two characters keep their whole names."""
    names = sorted(set(categories))
    short = {c: re.sub(r"[\s\-]+", "", c)[:2] or c for c in names}
    taken = [p for p in short.values()]
    return {c: (p if taken.count(p) == 1 else re.sub(r"[\s\-]+", "", c)) for c, p in short.items()}


def _sheets_rows(
    sheets: Iterable[tuple[str | None, Iterator[Row], bool]], *, today: date, epoch: datetime, named: bool
) -> ParsedLedger:
    """Find each sheet's header within its first rows; read every sheet that has one, name those skipped."""
    out = _Collected()
    first_best: Header | None = None
    read_any = any_content = False
    for name, rows, hidden in sheets:
        if hidden:
            out.skipped.append(Skipped(name, None, "ledger_skip_hidden_sheet"))
            continue
        head = list(islice(rows, HEADER_SEARCH_ROWS))
        if not any(any(not is_blank(v) for v, _ in cells) for _, cells in head):
            if named:
                out.skipped.append(Skipped(name, None, "ledger_skip_empty_sheet"))
            continue
        any_content = True
        header, best = find_header(head)
        if header is None:
            if best is not None and best.known >= MEANT_AS_LEDGER:
                _missing_columns(name if named else None, best)
            out.skipped.append(Skipped(name, None, "ledger_skip_sheet"))
            first_best = first_best or best
            continue
        if header.duplicates:
            first, second = header.duplicates[0]
            raise LedgerFileError("ledger_file_same_column", first=first, second=second)
        read_any = True
        if header.unread:
            out.skipped.append(
                Skipped(
                    name if named else None,
                    header.row_number,
                    "ledger_skip_columns",
                    "、".join(header.unread),
                )
            )
        if name is not None:
            out.sheets.append(name)
        sheet = _Sheet(name, header, epoch, today, named)
        if "category" not in header.columns and name and not _GENERIC_SHEET_RE.fullmatch(name.strip()):
            sheet.category_fallback = name.strip()
        before = out.count
        _read_sheet(_chain(head, rows), sheet, out)
        if out.count == before:
            out.skipped.append(Skipped(name, None, "ledger_skip_no_rows"))
    if not any_content:
        raise LedgerFileError("ledger_file_empty_table")
    if not read_any:
        if first_best is not None and first_best.known >= 2:
            _missing_columns(None, first_best)
        names = "、".join(BY_KEY[k].zh for k in ("code", "name", "unit", "target"))
        key = "ledger_file_no_header_sheets" if named else "ledger_file_no_header"
        raise LedgerFileError(key, rows=HEADER_SEARCH_ROWS, names=names, sheets=_sheet_list(out))
    if not out.readers:
        raise LedgerFileError("ledger_file_no_rows")
    return _finish(out)


def _sheet_list(out: _Collected) -> str:
    return "、".join(s.sheet for s in out.skipped if s.sheet and s.key == "ledger_skip_sheet")


def _missing_columns(sheet: str | None, best: Header) -> None:
    names = "、".join(BY_KEY[k].zh for k in best.missing)
    key = "ledger_file_missing_columns_sheet" if sheet else "ledger_file_missing_columns"
    raise LedgerFileError(key, row=best.row_number, names=names, sheet=sheet or "")


def _chain(*parts: Iterable[Row]) -> Iterator[Row]:
    for part in parts:
        yield from part


def _merged_ranges(ws: object) -> list[CellRange]:
    """The sheet's merged ranges (read-only mode does not parse them): one streaming pass over its XML."""
    found: list[CellRange] = []
    with ws._get_source() as source:  # type: ignore[attr-defined]
        for _, element in iterparse(source):
            if element.tag.endswith("}mergeCell") and element.get("ref"):
                found.append(CellRange(element.get("ref")))
            element.clear()  # keeps the pass's memory flat, whatever the sheet's size
    return found


def _sheet_rows(ws: object) -> Iterator[Row]:
    """A worksheet's rows as cells, streamed; a merged cell's value is seen over its whole range, as a person sees it."""
    try:
        pending = sorted(_merged_ranges(ws), key=lambda m: m.min_row)
        active: list[tuple[CellRange, Cell]] = []
        for row_number, cells in enumerate(ws.iter_rows(), start=1):  # type: ignore[attr-defined]
            row: list[Cell] = [
                (c.value, isinstance(c.value, int | float) and "%" in (c.number_format or "")) for c in cells
            ]
            while pending and pending[0].min_row == row_number:
                merged = pending.pop(0)
                top_left = row[merged.min_col - 1] if merged.min_col - 1 < len(row) else BLANK
                active.append((merged, top_left))
            for merged, value in active:
                if merged.max_col > len(row):
                    row.extend([BLANK] * (merged.max_col - len(row)))
                for col in range(merged.min_col - 1, merged.max_col):
                    row[col] = value
            active = [(m, v) for m, v in active if m.max_row > row_number]
            yield row_number, row
    except LedgerFileError:
        raise
    except Exception as exc:
        raise LedgerFileError("ledger_file_damaged") from exc


def _xlsx_sheets(wb: openpyxl.Workbook) -> list[tuple[str | None, Iterator[Row], bool]]:
    """Every worksheet (hidden ones flagged), its rows streamed."""
    sheets: list[tuple[str | None, Iterator[Row], bool]] = []
    for ws in wb.worksheets:
        if not hasattr(ws, "reset_dimensions"):
            continue
        # Some tools write a wrong <dimension>; without this, read-only mode silently cuts rows off.
        ws.reset_dimensions()
        sheets.append((ws.title, _sheet_rows(ws), ws.sheet_state != "visible"))
    if not sheets:
        raise LedgerFileError("ledger_file_no_sheet")
    return sheets


def _decode(data: bytes) -> str:
    """CSV text: UTF-16 with a BOM (Excel 'Unicode text'), UTF-8 with or without BOM, else GB18030/GBK."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LedgerFileError("ledger_file_csv_encoding")


def _csv_rows(data: bytes) -> Iterator[Row]:
    """CSV records (row number = record number, as Excel shows it); the delimiter is the one that finds a header."""
    text = _decode(data)

    def records(delimiter: str) -> Iterator[Row]:
        try:
            for number, record in enumerate(
                csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1
            ):
                yield number, [(value, False) for value in record]
        except csv.Error as exc:
            raise LedgerFileError("ledger_file_csv_malformed", detail=str(exc)) from exc

    for delimiter in (",", "\t", ";"):
        header, _ = find_header(list(islice(records(delimiter), HEADER_SEARCH_ROWS)))
        if header is not None:
            return records(delimiter)
    return records(",")


def parse_ledger(data: bytes, filename: str, *, today: date) -> ParsedLedger:
    """Parse a ledger file; raises LedgerFileError when the file as a whole is unusable."""
    if len(data) > MAX_FILE_BYTES:
        raise LedgerFileError("ledger_file_too_large", limit=MAX_FILE_BYTES // 1024 // 1024)
    ext = os.path.splitext(filename or "")[1].lower()
    if ext == ".xls" or (ext in (".xlsx", ".csv") and data.startswith(_OLE2_MAGIC)):
        raise LedgerFileError("ledger_file_old_excel")
    if ext not in (".xlsx", ".csv"):
        raise LedgerFileError("ledger_file_type", name=ext or filename)
    if not data.strip():
        raise LedgerFileError("ledger_file_empty")
    if data.startswith(_ZIP_MAGIC):  # an .xlsx sent under a .csv name is still read as what it is
        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds (BadZipFile, KeyError, InvalidFileException...)
            raise LedgerFileError("ledger_file_not_excel") from exc
        try:
            sheets = _xlsx_sheets(wb)
            return _sheets_rows(sheets, today=today, epoch=wb.epoch, named=len(sheets) > 1)
        finally:
            wb.close()
    if ext == ".xlsx":
        raise LedgerFileError("ledger_file_not_excel")
    return _sheets_rows([(None, _csv_rows(data), False)], today=today, epoch=WINDOWS_EPOCH, named=False)


def ledger_template(*, year: int | None = None) -> bytes:
    """An .xlsx ledger template: the Chinese headers, one example row and a sheet of instructions."""
    year = year or date.today().year
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "台账"
    ws.append(list(LEDGER_HEADERS))
    plan = [0, 5, 15, 25, 35, 45, 55, 65, 80, 95, 110, 120]
    ws.append(
        ["MS-01", "农村公路提质改造", "交通运输局", "县直部门", "民生实事", 120, "公里"]
        + [date(year, 1, 1), date(year, 12, 31), 1, *plan, 35, None]  # as_of blank: the import day
    )
    required = {BY_KEY[k].zh for k in _TEMPLATE_KEYS if BY_KEY[k].required}
    for cell in ws[1]:
        cell.font = Font(bold=True)
        if cell.value in required:
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
    for cell in ws[2]:
        if isinstance(cell.value, date):
            cell.number_format = "yyyy-mm-dd"
    for idx, header in enumerate(LEDGER_HEADERS, start=1):
        width = 12 if len(header) > 2 else 7
        ws.column_dimensions[get_column_letter(idx)].width = width
    ws.column_dimensions["B"].width = 24
    ws.freeze_panes = "A2"

    notes = wb.create_sheet("填写说明")
    notes.append(["列", "英文表头", "必填", "说明"])
    explain = {
        "code": "唯一，如 MS-01，不含空格；没有项目编号时可只填序号（编号由类别和序号生成）",
        "name": "也可写作 项目、建设内容",
        "unit": "新单位会自动创建；也可写作 责任单位、主责单位、实施单位",
        "group": "新单位的分组，如 乡镇、县直部门",
        "category": "如 民生实事、重点项目；新类别会自动创建；也可用分类行（如“一、民生实事”）",
        "target": "大于 0 的数字，可带计量单位，如 120公里",
        "measure": "如 公里、户、个、万元；默认 %",
        "start": "默认计划年度 1 月 1 日；日期可写 2026-03-31、2026年3月31日 或 2026年3月",
        "due": "默认计划年度 12 月 31 日；只写月份（2026年10月底）即该月最后一天",
        "weight": "大于 0 的数字，默认 1",
        "m1": "1月…12月：该月末的累计计划数，不大于年度目标、逐月不减少；可留空",
        "actual": "已完成的累计数，作为一次报送导入",
        "as_of": "累计完成对应的日期，默认导入当天",
    }
    for key in _TEMPLATE_KEYS:
        f = BY_KEY[key]
        if key == "m1":
            notes.append(["1月…12月", "m1…m12", "否", explain["m1"]])
        elif not re.fullmatch(r"m\d+", key):
            notes.append([f.zh, f.en, "是" if f.required else "否", explain.get(key, "")])
    notes.append(["", "", "", "计划年度：有开始日期取其年份，否则取完成时限的年份，否则取导入当年。"])
    notes.append(["", "", "", "合计、小计行，填报人、联系电话等表尾行，以及空行会跳过，并在回复中列出。"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCD", (12, 12, 6, 70), strict=True):
        notes.column_dimensions[letter].width = width

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = [
    "LEDGER_HEADERS",
    "MAX_FILE_BYTES",
    "LedgerFileError",
    "LedgerRow",
    "ParsedLedger",
    "RowError",
    "Skipped",
    "ledger_template",
    "parse_ledger",
]
