"""Read a ledger (台账) file — .xlsx or .csv — into validated project rows (SPEC §5); no database here."""

from __future__ import annotations

import calendar
import csv
import io
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

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


@dataclass(frozen=True)
class RowError:
    """One problem in one row (and column, when it is about a single cell)."""

    row_number: int
    column: str | None
    reason_zh: str
    reason_en: str


@dataclass(frozen=True)
class ParsedLedger:
    """The valid rows and every row error; any error means the whole file must be rejected."""

    rows: tuple[LedgerRow, ...]
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        """True when the file can be imported."""
        return not self.errors


class LedgerFileError(Exception):
    """The file as a whole is unusable (wrong type, no header, missing columns, too big...)."""

    def __init__(self, reason_zh: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason_zh = reason_zh
        self.reason_en = reason_en


@dataclass(frozen=True)
class _Field:
    key: str
    zh: str
    en: str
    required: bool = False


_FIELDS: tuple[_Field, ...] = (
    _Field("code", "项目编号", "code", True),
    _Field("name", "项目名称", "name", True),
    _Field("unit", "牵头单位", "unit", True),
    _Field("group", "分组", "group"),
    _Field("category", "考核类别", "category", True),
    _Field("target", "年度目标", "target", True),
    _Field("measure", "计量单位", "measure"),
    _Field("start", "开始日期", "start"),
    _Field("due", "完成时限", "due"),
    _Field("weight", "权重", "weight"),
    *(_Field(f"m{m}", f"{m}月", f"m{m}") for m in range(1, 13)),
    _Field("actual", "累计完成", "actual"),
    _Field("as_of", "更新日期", "as_of"),
)
_BY_KEY = {f.key: f for f in _FIELDS}
_REQUIRED = tuple(f.key for f in _FIELDS if f.required)
LEDGER_HEADERS: tuple[str, ...] = tuple(f.zh for f in _FIELDS)

_MONTH_RE = re.compile(r"(?:m(\d{1,2})|(\d{1,2})月(?:底|末|份)?)")
_NUM_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_THOUSANDS_RE = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DATE_RE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*T?\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")

# A cell as read: its value and whether Excel shows it as a percentage (0.25 displayed "25%").
_Cell = tuple[object, bool]
_BLANK: _Cell = (None, False)


def _norm_header(value: object) -> str:
    """Header text folded for matching: NFKC (full-width → ASCII), no whitespace, no '*' marks, lower."""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"[\s\u200b\ufeff]+", "", text).strip("*").lower()


_ALIASES: dict[str, str] = {}
for _f in _FIELDS:
    _ALIASES[_norm_header(_f.zh)] = _f.key
    _ALIASES[_norm_header(_f.en)] = _f.key
_ALIASES["asof"] = "as_of"


def _header_key(value: object) -> str | None:
    """The field a header cell names, or None for unknown columns (e.g. 备注, 序号)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime | date):  # a month header typed as a date and shown as "1月"
        return f"m{value.month}"
    text = _norm_header(value)
    if text in _ALIASES:
        return _ALIASES[text]
    match = _MONTH_RE.fullmatch(text)
    if match:
        month = int(match.group(1) or match.group(2))
        if 1 <= month <= 12:
            return f"m{month}"
    return None


@dataclass
class _Header:
    row_number: int
    columns: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    duplicates: list[tuple[str, str]] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [k for k in _REQUIRED if k not in self.columns]


def _read_header(row_number: int, cells: Sequence[_Cell]) -> _Header:
    """Map the recognised header cells of one row to their column index."""
    header = _Header(row_number)
    for idx, (value, _) in enumerate(cells):
        key = _header_key(value)
        if key is None:
            continue
        label = f"{value.month}月" if isinstance(value, date) else " ".join(str(value).split())
        if key in header.columns:
            header.duplicates.append((header.labels[key], label))
        else:
            header.columns[key] = idx
            header.labels[key] = label
    return header


def _find_header(rows: Sequence[tuple[int, Sequence[_Cell]]]) -> tuple[_Header | None, _Header | None]:
    """(the header row, or None; the best partial candidate for the error message)."""
    best: _Header | None = None
    for row_number, cells in rows:
        header = _read_header(row_number, cells)
        if not header.missing:
            return header, header
        if header.columns and (best is None or len(header.columns) > len(best.columns)):
            best = header
    return None, best


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _show(value: object) -> str:
    """A cell value as the user would recognise it in an error message."""
    if isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).strip()
    return text if len(text) <= 40 else text[:39] + "…"


def _to_number(value: object, percent_format: bool) -> tuple[float, bool] | None:
    """(number as shown, written as a percentage?) or None when the cell is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            return None
        # Excel stores "25%" as 0.25: take the number the user sees. Rounding drops formula noise
        # (=A2/12*12 → 30.000000000000004) that would otherwise make a plan "exceed" its target.
        return (round(number * 100, 9), True) if percent_format else (round(number, 9), False)
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    if _THOUSANDS_RE.fullmatch(text):
        text = text.replace(",", "")
    if not _NUM_RE.fullmatch(text):
        return None
    number = float(text)
    return (number, percent) if math.isfinite(number) else None


def _to_date(value: object, epoch: datetime) -> date | None:
    """A date from a date cell, an Excel serial number, or text in one of the accepted formats."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, int | float):
            if not math.isfinite(value) or value <= 0:
                return None
            if float(value).is_integer() and 19000101 <= value <= 29991231:  # 20260331 typed as a number
                return date(int(value) // 10000, int(value) // 100 % 100, int(value) % 100)
            converted = from_excel(value, epoch)
            return converted.date() if isinstance(converted, datetime) else None
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip()
            match = _DATE_RE.fullmatch(text) or _COMPACT_DATE_RE.fullmatch(text)
            if match:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except (ValueError, OverflowError):
        return None
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _fmt(number: float) -> str:
    return f"{number:g}" if abs(number) < 1e15 else str(number)


class _RowReader:
    """Validates one data row, collecting every problem rather than stopping at the first."""

    def __init__(self, row_number: int, header: _Header, cells: Sequence[_Cell], epoch: datetime) -> None:
        self.row_number = row_number
        self.header = header
        self.cells = cells
        self.epoch = epoch
        self.errors: list[RowError] = []
        self.code: str | None = None  # kept even when other cells are bad, for the duplicate check

    def cell(self, key: str) -> _Cell:
        idx = self.header.columns.get(key)
        if idx is None or idx >= len(self.cells):
            return _BLANK
        return self.cells[idx]

    def fail(self, key: str | None, zh: str, en: str) -> None:
        column = self.header.labels.get(key) if key else None
        self.errors.append(RowError(self.row_number, column, zh, en))

    def text(self, key: str, *, required: bool, limit: int = MAX_TEXT_LEN) -> str | None:
        value, _ = self.cell(key)
        f = _BY_KEY[key]
        if _is_blank(value):
            if required:
                self.fail(key, f"{f.zh}不能为空", f"{f.en} is required")
            return None
        # Line breaks inside a cell (Alt+Enter) would break chat messages: collapse all whitespace runs.
        text = _show(value) if isinstance(value, int | float | datetime) else " ".join(str(value).split())
        if len(text) > limit:
            self.fail(
                key, f"{f.zh}太长（最多 {limit} 个字）", f"{f.en} is too long (at most {limit} characters)"
            )
            return None
        return text

    def number(self, key: str, *, positive: bool, percent_ok: bool) -> float | None:
        """A number > 0 (positive) or >= 0; None when blank or bad (bad ones are recorded)."""
        value, percent_format = self.cell(key)
        if _is_blank(value):
            return None
        f = _BY_KEY[key]
        parsed = _to_number(value, percent_format)
        shown = f"{_fmt(parsed[0])}%" if parsed and percent_format else _show(value)
        if parsed is None or (parsed[0] <= 0 if positive else parsed[0] < 0):
            bound_zh, bound_en = ("大于 0", "greater than 0") if positive else ("不小于 0", "0 or more")
            self.fail(
                key,
                f"{f.zh}必须是{bound_zh} 的数字（收到“{shown}”）",
                f"{f.en} must be a number {bound_en} (got “{shown}”)",
            )
            return None
        number, percent = parsed
        if percent and not percent_ok:
            self.fail(
                key,
                f"计量单位不是“%”时，{f.zh}不能写成百分数（收到“{shown}”）",
                f"{f.en} can be a percentage only when the measure is “%” (got “{shown}”)",
            )
            return None
        return number

    def day(self, key: str) -> date | None:
        value, _ = self.cell(key)
        if _is_blank(value):
            return None
        f = _BY_KEY[key]
        parsed = _to_date(value, self.epoch)
        if parsed is None:
            self.fail(
                key,
                f"{f.zh}不是有效的日期，请写成 2026-03-31 或 2026年3月31日（收到“{_show(value)}”）",
                f"{f.en} is not a valid date; write it like 2026-03-31 (got “{_show(value)}”)",
            )
            return None
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            self.fail(
                key,
                f"{f.zh}超出合理范围（{MIN_YEAR}—{MAX_YEAR} 年）（收到“{parsed.isoformat()}”）",
                f"{f.en} is out of range ({MIN_YEAR}–{MAX_YEAR}) (got “{parsed.isoformat()}”)",
            )
            return None
        return parsed

    def read(self, today: date) -> LedgerRow | None:
        """The validated row, or None when any error was recorded."""
        code = self.text("code", required=True, limit=MAX_CODE_LEN)
        if code and re.search(r"\s", code):
            # /report <code> <value> splits on spaces, so a code with a space could never be reported.
            self.fail(
                "code",
                f"项目编号不能包含空格（收到“{code}”）",
                f"code must not contain spaces (got “{code}”)",
            )
            code = None
        self.code = code
        name = self.text("name", required=True)
        unit = self.text("unit", required=True)
        group = self.text("group", required=False)
        category = self.text("category", required=True)
        measure = self.text("measure", required=False, limit=20) or DEFAULT_MEASURE
        is_percent = unicodedata.normalize("NFKC", measure) == "%"
        if is_percent:
            measure = "%"  # a full-width ％ is the same measure
        target = self.number("target", positive=True, percent_ok=is_percent)
        if target is None and _is_blank(self.cell("target")[0]):
            self.fail("target", "年度目标不能为空", "target is required")
        weight = self.number("weight", positive=True, percent_ok=True)  # weights are relative: 30% is 30
        actual = self.number("actual", positive=False, percent_ok=is_percent)
        as_of = self.day("as_of")
        if as_of and as_of > today:
            self.fail(
                "as_of",
                f"更新日期不能晚于今天（收到“{as_of.isoformat()}”）",
                f"as_of cannot be later than today (got “{as_of.isoformat()}”)",
            )

        errors_before = len(self.errors)
        start_value, due_value = self.day("start"), self.day("due")
        dates_ok = len(self.errors) == errors_before
        year = start_value.year if start_value else due_value.year if due_value else today.year
        start = start_value or date(year, 1, 1)
        due = due_value or date(year, 12, 31)
        if dates_ok and start >= due:
            key = "due" if due_value else "start"
            self.fail(
                key,
                f"完成时限（{due.isoformat()}）必须晚于开始日期（{start.isoformat()}）",
                f"due ({due.isoformat()}) must be after start ({start.isoformat()})",
            )
            dates_ok = False

        plan = self._plan(year, start, due, target, dates_ok, is_percent)
        if self.errors or None in (code, name, unit, category, target):
            return None
        assert code and name and unit and category and target is not None
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
        )

    def _plan(
        self, year: int, start: date, due: date, target: float | None, dates_ok: bool, is_percent: bool
    ) -> tuple[tuple[date, float], ...]:
        """Month-end plan points in the plan year: each >= 0, <= target, inside [start, due], non-decreasing."""
        plan: list[tuple[date, float]] = []
        previous: tuple[str, float] | None = None
        for month in range(1, 13):
            key = f"m{month}"
            amount = self.number(key, positive=False, percent_ok=is_percent)
            if amount is None:
                continue
            label_zh, label_en = f"{month}月计划", f"m{month} plan"
            end = _month_end(year, month)
            if dates_ok and not start <= end <= due:
                self.fail(
                    key,
                    f"{label_zh}的月末（{end.isoformat()}）不在项目起止日期（{start.isoformat()} 至 "
                    f"{due.isoformat()}）之内，请留空",
                    f"the {label_en}'s month end ({end.isoformat()}) is outside the project's dates "
                    f"({start.isoformat()} to {due.isoformat()}); leave it blank",
                )
            if target is not None and amount > target:
                self.fail(
                    key,
                    f"{label_zh}（{_fmt(amount)}）不能大于年度目标（{_fmt(target)}）",
                    f"the {label_en} ({_fmt(amount)}) cannot exceed the target ({_fmt(target)})",
                )
            if previous and amount < previous[1]:
                self.fail(
                    key,
                    f"{label_zh}（{_fmt(amount)}）不能小于{previous[0]}（{_fmt(previous[1])}）：序时计划是累计数",
                    f"the {label_en} ({_fmt(amount)}) is less than the previous month's "
                    f"({_fmt(previous[1])}); plan amounts are cumulative",
                )
            previous = (label_zh, amount)
            plan.append((end, amount))
        return tuple(plan)


def _parse_rows(
    rows: Iterator[tuple[int, Sequence[_Cell]]], *, today: date, epoch: datetime = WINDOWS_EPOCH
) -> ParsedLedger:
    """Find the header within the first rows, then validate every non-blank row after it."""
    head = list(islice(rows, HEADER_SEARCH_ROWS))
    if not any(any(not _is_blank(v) for v, _ in cells) for _, cells in head):
        raise LedgerFileError(
            "文件是空的，没有找到表头和项目行", "the file is empty: no header row and no projects"
        )
    header, best = _find_header(head)
    if header is None:
        names_zh = "、".join(_BY_KEY[k].zh for k in (best.missing if best else _REQUIRED))
        names_en = ", ".join(_BY_KEY[k].en for k in (best.missing if best else _REQUIRED))
        if best is None:
            raise LedgerFileError(
                f"前 {HEADER_SEARCH_ROWS} 行中找不到表头行，表头应包含：{names_zh}",
                f"no header row in the first {HEADER_SEARCH_ROWS} rows; it must contain: {names_en}",
            )
        raise LedgerFileError(
            f"表头（第 {best.row_number} 行）缺少必填列：{names_zh}",
            f"the header (row {best.row_number}) lacks required columns: {names_en}",
        )
    if header.duplicates:
        first, second = header.duplicates[0]
        raise LedgerFileError(
            f"表头中“{first}”和“{second}”是同一列，请只保留一个",
            f"header columns “{first}” and “{second}” mean the same thing; keep only one",
        )

    after_header = (item for item in head if item[0] > header.row_number)
    known = list(header.columns.values())
    valid: list[LedgerRow] = []
    errors: list[RowError] = []
    first_row_of: dict[str, int] = {}
    count = 0
    for row_number, cells in _chain(after_header, rows):
        # Rows with content only in ignored columns (序号, 备注) are blank for us: pre-numbered empty lines.
        if all(i >= len(cells) or _is_blank(cells[i][0]) for i in known):
            continue
        count += 1
        if count > MAX_DATA_ROWS:
            raise LedgerFileError(
                f"项目行超过 {MAX_DATA_ROWS} 行，请拆分后分批导入",
                f"more than {MAX_DATA_ROWS} project rows; split the file",
            )
        reader = _RowReader(row_number, header, cells, epoch)
        row = reader.read(today)
        if reader.code:
            key = reader.code.upper()
            if key in first_row_of:
                reader.fail(
                    "code",
                    f"项目编号“{reader.code}”与第 {first_row_of[key]} 行重复",
                    f"code “{reader.code}” duplicates row {first_row_of[key]}",
                )
                row = None
            else:
                first_row_of[key] = row_number
        errors.extend(reader.errors)
        if row is not None:
            valid.append(row)
    if count == 0:
        raise LedgerFileError("表头下面没有项目行", "there are no project rows under the header")
    return ParsedLedger(rows=tuple(valid), errors=tuple(errors))


def _chain(*parts: Iterable[tuple[int, Sequence[_Cell]]]) -> Iterator[tuple[int, Sequence[_Cell]]]:
    for part in parts:
        yield from part


def _xlsx_rows(data: bytes) -> tuple[Iterator[tuple[int, Sequence[_Cell]]], datetime]:
    """Stream the first sheet's rows; (rows, the workbook's date epoch)."""
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (BadZipFile, KeyError, InvalidFileException...)
        raise LedgerFileError(
            "不是有效的 Excel 文件，请用 Excel 或 WPS 另存为 .xlsx 后再发送",
            "not a valid Excel file; save it as .xlsx from Excel or WPS and send it again",
        ) from exc
    ws = wb.active if wb.active is not None else (wb.worksheets[0] if wb.worksheets else None)
    if ws is None or not hasattr(ws, "reset_dimensions"):
        wb.close()
        raise LedgerFileError("Excel 文件里没有工作表", "the Excel file has no worksheet")
    # Some tools write a wrong <dimension>; without this, read-only mode silently cuts rows off.
    ws.reset_dimensions()

    def rows() -> Iterator[tuple[int, Sequence[_Cell]]]:
        try:
            for row_number, cells in enumerate(ws.iter_rows(), start=1):
                yield (
                    row_number,
                    [
                        (c.value, isinstance(c.value, int | float) and "%" in (c.number_format or ""))
                        for c in cells
                    ],
                )
        except LedgerFileError:
            raise
        except Exception as exc:
            raise LedgerFileError(
                "Excel 文件已损坏，无法读取", "the Excel file is damaged and cannot be read"
            ) from exc
        finally:
            wb.close()

    return rows(), wb.epoch


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
    raise LedgerFileError(
        "无法识别 CSV 文件的编码，请另存为“CSV UTF-8”或 .xlsx",
        "cannot read the CSV encoding; save it as “CSV UTF-8” or .xlsx",
    )


def _csv_rows(data: bytes) -> Iterator[tuple[int, Sequence[_Cell]]]:
    """CSV records (row number = record number, as Excel shows it); the delimiter is the one that finds a header."""
    text = _decode(data)

    def records(delimiter: str) -> Iterator[tuple[int, Sequence[_Cell]]]:
        try:
            for number, record in enumerate(
                csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1
            ):
                yield number, [(value, False) for value in record]
        except csv.Error as exc:
            raise LedgerFileError(f"CSV 文件格式有误：{exc}", f"the CSV file is malformed: {exc}") from exc

    for delimiter in (",", "\t", ";"):
        header, _ = _find_header(list(islice(records(delimiter), HEADER_SEARCH_ROWS)))
        if header is not None:
            return records(delimiter)
    return records(",")


def parse_ledger(data: bytes, filename: str, *, today: date) -> ParsedLedger:
    """Parse a ledger file; raises LedgerFileError when the file as a whole is unusable."""
    if len(data) > MAX_FILE_BYTES:
        raise LedgerFileError(
            f"文件太大（超过 {MAX_FILE_BYTES // 1024 // 1024} MB）",
            f"the file is too large (over {MAX_FILE_BYTES // 1024 // 1024} MB)",
        )
    ext = os.path.splitext(filename or "")[1].lower()
    if ext == ".xls" or (ext in (".xlsx", ".csv") and data.startswith(_OLE2_MAGIC)):
        raise LedgerFileError(
            "这是旧版 Excel（.xls）文件或设置了密码的文件，请取消密码并另存为 .xlsx 后再发送",
            "this is an old Excel (.xls) or password-protected file; remove the password, save as .xlsx and resend",
        )
    if ext not in (".xlsx", ".csv"):
        raise LedgerFileError(
            f"不支持的文件类型“{ext or filename}”，请发送 .xlsx 或 .csv 文件",
            f"unsupported file type “{ext or filename}”; send an .xlsx or .csv file",
        )
    if not data.strip():
        raise LedgerFileError("文件是空的", "the file is empty")
    if data.startswith(_ZIP_MAGIC):  # an .xlsx sent under a .csv name is still read as what it is
        rows, epoch = _xlsx_rows(data)
        return _parse_rows(rows, today=today, epoch=epoch)
    if ext == ".xlsx":
        raise LedgerFileError(
            "不是有效的 Excel 文件，请用 Excel 或 WPS 另存为 .xlsx 后再发送",
            "not a valid Excel file; save it as .xlsx from Excel or WPS and send it again",
        )
    return _parse_rows(_csv_rows(data), today=today)


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
    required = {_BY_KEY[k].zh for k in _REQUIRED}
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
        "code": "唯一，如 MS-01，不含空格",
        "unit": "新单位会自动创建",
        "group": "新单位的分组，如 乡镇、县直部门",
        "category": "如 民生实事、重点项目；新类别会自动创建",
        "target": "大于 0 的数字",
        "measure": "如 公里、户、个、万元；默认 %",
        "start": "默认计划年度 1 月 1 日；日期可写 2026-03-31 或 2026年3月31日",
        "due": "默认计划年度 12 月 31 日",
        "weight": "大于 0 的数字，默认 1",
        "m1": "1月…12月：该月末的累计计划数，不大于年度目标、逐月不减少；可留空",
        "actual": "已完成的累计数，作为一次报送导入",
        "as_of": "累计完成对应的日期，默认导入当天",
    }
    for f in _FIELDS:
        if f.key == "m1":
            notes.append(["1月…12月", "m1…m12", "否", explain["m1"]])
        elif not _MONTH_RE.fullmatch(f.key):
            notes.append([f.zh, f.en, "是" if f.required else "否", explain.get(f.key, "")])
    notes.append(["", "", "", "计划年度：有开始日期取其年份，否则取完成时限的年份，否则取导入当年。"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCD", (12, 12, 6, 70), strict=True):
        notes.column_dimensions[letter].width = width

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
