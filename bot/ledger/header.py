"""Where a ledger's table is: the header row (or two rows under merged cells) and what each column holds."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

# A cell as read: its value and whether Excel shows it as a percentage (0.25 displayed "25%").
Cell = tuple[object, bool]
BLANK: Cell = (None, False)
Row = tuple[int, Sequence[Cell]]


@dataclass(frozen=True)
class Column:
    """A field of the ledger: its key, the template's Chinese and English headers, the other names people use."""

    key: str
    zh: str
    en: str
    required: bool = False
    synonyms: tuple[str, ...] = ()


FIELDS: tuple[Column, ...] = (
    Column("seq", "序号", "no", synonyms=("no.", "序", "编次")),
    Column("code", "项目编号", "code", True, ("编号", "项目代码", "项目序号")),
    Column(
        "name", "项目名称", "name", True, ("项目", "建设内容", "项目内容", "名称", "实事名称", "工作任务")
    ),
    Column(
        "unit",
        "牵头单位",
        "unit",
        True,
        ("责任单位", "主责单位", "实施单位", "牵头部门", "责任部门", "牵头责任单位", "单位名称", "承办单位"),
    ),
    Column("group", "分组", "group", synonyms=("单位分组", "单位类型")),
    Column("category", "考核类别", "category", True, ("类别", "所属类别", "板块", "项目类别", "所属板块")),
    Column(
        "target",
        "年度目标",
        "target",
        True,
        ("目标任务", "年度任务", "年度计划", "年度目标任务", "目标", "计划任务", "年度计划任务", "全年目标"),
    ),
    Column("measure", "计量单位", "measure", synonyms=("单位", "计量")),
    Column("start", "开始日期", "start", synonyms=("开始时间", "开工时间", "计划开工时间", "开工日期")),
    Column(
        "due", "完成时限", "due", synonyms=("完成时间", "截止日期", "计划完成时间", "完成日期", "竣工时间")
    ),
    Column("span", "起止时间", "period", synonyms=("起止日期", "建设期限", "实施期限", "起止年限")),
    Column("weight", "权重", "weight"),
    *(Column(f"m{m}", f"{m}月", f"m{m}") for m in range(1, 13)),
    Column("actual", "累计完成", "actual", synonyms=("累计完成量", "累计完成数", "实际完成", "累计完成情况")),
    Column("as_of", "更新日期", "as_of", synonyms=("统计日期", "填报日期", "asof")),
)
BY_KEY = {f.key: f for f in FIELDS}
# Without 项目编号 a 序号 column will do (codes are made from it); a category may come from section rows.
NEEDED = ("name", "unit", "target")
# A sheet whose best row names this many fields was meant as a ledger: its problem is reported, not skipped.
MEANT_AS_LEDGER = 3

_PARENTHESES_RE = re.compile(r"[(（][^()（）]*[)）]")
_MONTH_RE = re.compile(r"(?:m(\d{1,2})|(?:截至|截止|至)?(\d{1,2})月(?:底|末|份)?(?:累计)?(?:计划)?(?:数)?)")
# A group over month columns that holds what was done, not what was planned.
_DONE_GROUP_RE = re.compile(r"完成|实际|进度|进展")
_PLAN_GROUP_RE = re.compile(r"计划|序时|目标")  # 序时进度 is the plan's schedule, not what was done


def norm_header(value: object) -> str:
    """Header text folded for matching: NFKC, no whitespace, no '*' marks or notes in brackets, lower."""
    text = unicodedata.normalize("NFKC", str(value))
    text = re.sub(r"[\s\u200b\ufeff]+", "", text).strip("*").lower()
    stripped = _PARENTHESES_RE.sub("", text)
    return stripped or text


_NAMES: dict[str, str] = {}
for _f in FIELDS:
    for _name in (_f.zh, _f.en, *_f.synonyms):
        _NAMES.setdefault(norm_header(_name), _f.key)


def header_key(value: object) -> str | None:
    """The field a header cell names, or None for columns we do not read (e.g. 备注)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime | date):  # a month header typed as a date and shown as "1月"
        return f"m{value.month}"
    if isinstance(value, int | float):
        return None
    text = norm_header(value)
    if text in _NAMES:
        return _NAMES[text]
    match = _MONTH_RE.fullmatch(text)
    if match:
        month = int(match.group(1) or match.group(2))
        if 1 <= month <= 12:
            return f"m{month}"
    return None


def is_month(key: str | None) -> bool:
    return key is not None and key[0] == "m" and key[1:].isdigit()


def _label(value: object) -> str:
    if isinstance(value, datetime | date):
        return f"{value.month}月"
    return " ".join(str(value).split())


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Header:
    """The header of one sheet: which column holds which field, and what it does not read."""

    row_number: int
    last_row: int  # the header's second row when it has two
    columns: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # columns with a heading we do not read
    set_aside: int = 0  # month columns of what was done (完成情况 1月…12月): recognised, not read

    @property
    def seen(self) -> int:
        """Columns whose heading we recognise, read or set aside: how much of a header this is."""
        return self.known + self.set_aside

    @property
    def missing(self) -> list[str]:
        """Fields needed and not found (a 序号 column stands in for 项目编号)."""
        missing = [k for k in NEEDED if k not in self.columns]
        if "code" not in self.columns and "seq" not in self.columns:
            missing.insert(0, "code")
        return missing

    @property
    def known(self) -> int:
        return len([k for k in self.columns if k != "seq"])

    def put(self, key: str | None, idx: int, label: str) -> None:
        if key is None:
            if label:
                self.unread.append(label)
            return
        if key in self.columns:
            self.duplicates.append((self.labels[key], label))
            return
        self.columns[key] = idx
        self.labels[key] = label


def _one_row(row_number: int, cells: Sequence[Cell]) -> Header:
    header = Header(row_number, row_number)
    previous: object = None
    for idx, (value, _) in enumerate(cells):
        if not _blank(value) and value != previous:  # a merged heading is one column's, not a repeat
            header.put(header_key(value), idx, _label(value))
        previous = value
    return header


def _under_headings(upper: Sequence[Cell], lower: Sequence[Cell]) -> bool:
    """True when the lower row only completes the upper one: under each single heading it is blank or the
    same (merged down); it differs only under a heading spread over several columns (merged across)."""
    ups = [v for v, _ in upper]
    for idx, (low, _) in enumerate(lower):
        up = ups[idx] if idx < len(ups) else None
        if _blank(up) or _blank(low) or low == up:
            continue
        after = ups[idx + 1] if idx + 1 < len(ups) else None
        before = ups[idx - 1] if idx > 0 else None
        spread_right = _blank(after) and idx + 1 < len(lower) and not _blank(lower[idx + 1][0])
        if not (spread_right or up in (after, before)):
            return False  # a value under a single heading: data, not a heading
    return True


def _looks_like_header(cells: Sequence[Cell]) -> bool:
    """A header row holds words (and month dates), never plain numbers."""
    return not any(isinstance(v, int | float) and not isinstance(v, bool) for v, _ in cells)


def _two_rows(upper: Row, lower: Row) -> Header:
    """A header of two rows: a merged heading (项目名称 over two rows, 序时计划 over 1月…12月) and the row below."""
    header = Header(upper[0], lower[0])
    group: object = None  # the heading over a run of columns (a merged cell has its value in the first only)
    width = max(len(upper[1]), len(lower[1]))
    for idx in range(width):
        up = upper[1][idx][0] if idx < len(upper[1]) else None
        low = lower[1][idx][0] if idx < len(lower[1]) else None
        if not _blank(up):
            group = up
        if _blank(low):
            if not _blank(up):
                header.put(header_key(up), idx, _label(up))
            continue
        key = header_key(low)
        heading = _label(group) if group is not None and not _blank(group) else ""
        label = f"{heading}·{_label(low)}" if heading and heading != _label(low) else _label(low)
        if (
            is_month(key)
            and heading
            and _DONE_GROUP_RE.search(heading)
            and not _PLAN_GROUP_RE.search(heading)
        ):
            key = None  # months of what was done (完成情况 1月…12月) are not a plan
            header.set_aside += 1
        if key is None and not _blank(up) and up == group and header_key(up) not in header.columns:
            key = header_key(up)  # "年度目标" over "数量 | 单位": the first column is the target
        header.put(key, idx, label)
    return header


def find_header(rows: Sequence[Row]) -> tuple[Header | None, Header | None]:
    """(the header, or None; the best partial candidate, for the message when there is none)."""
    best: Header | None = None
    singles = [_one_row(number, cells) for number, cells in rows]
    for i, single in enumerate(singles):
        if i + 1 < len(rows) and _looks_like_header(rows[i][1]) and _looks_like_header(rows[i + 1][1]):
            double = _two_rows(rows[i], rows[i + 1])
            # A title row over the header names no field: then the second row alone is the header.
            widens = double.seen > single.seen or _under_headings(rows[i][1], rows[i + 1][1])
            if not double.missing and single.known and widens and double.seen >= singles[i + 1].seen:
                return double, double
        if not single.missing:
            return single, single
        if single.known and (best is None or single.known > best.known):
            best = single
    return None, best
