"""The workbook ready to print (SPEC §11): page setup, the merged title, the summary sheet (one row per unit),
the ledger's 年度完成率 / 序时差 / notes, number forms by measure, and the rules in Chinese. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.views_export import LedgerLine, RankingLine
from bot.render.texts import message

WHOLE_MEASURES = (
    "个",
    "户",
    "人",
    "家",
    "座",
    "所",
    "套",
    "间",
    "台",
    "辆",
    "次",
    "人次",
    "项",
    "处",
    "条",
    "名",
)
WHOLE, DECIMAL = "#,##0", "#,##0.00"
THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)  # ruled cells: rows stay readable on paper
WRAP_AT = 24  # a column of longer text is this wide and wraps (else fit-to-width shrinks the whole page)
WRAPPED = Alignment(wrap_text=True, vertical="center")

# The stored policy's keys and the catalogue key of each one's Chinese (or English) name.
RULE_KEYS = {
    "period_months": "documents_rule_period_months",
    "grace_days": "documents_rule_grace_days",
    "score_cap": "documents_rule_score_cap",
    "on_schedule_tolerance": "documents_rule_on_schedule_tolerance",
    "serious_lag_below": "documents_rule_serious_lag_below",
    "stall_after_days": "documents_rule_stall_after_days",
    "red_top_n": "documents_rule_red_top_n",
    "red_min_score": "documents_rule_red_min_score",
    "yellow_below": "documents_rule_yellow_below",
    "yellow_bottom_n": "documents_rule_yellow_bottom_n",
}


def number_form(measure: str) -> str:
    """Whole numbers for things counted (个, 户 …), two decimals for the rest (公里, 万元)."""
    return WHOLE if measure.strip() in WHOLE_MEASURES else DECIMAL


def column_width(heading: int, widest: int) -> float:
    """A column's width from its heading's and widest value's display widths: a long heading takes two
    lines (the header row wraps), long text is cut to WRAP_AT and wraps (`wraps()`)."""
    head = heading if heading <= 10 else -(-heading // 2)
    return min(max(widest, head) + 2, WRAP_AT)


def wraps(width: float) -> bool:
    """Whether a column of this width (from column_width) holds text longer than it shows on one line."""
    return width >= WRAP_AT


def print_ready(ws: Worksheet, *, columns: int, title: object, lang: str, a3: bool = False) -> None:
    """A4 (or A3) landscape, fit to one page wide, the header row repeated, page numbers; the title merged (`title` as
    the cell takes it: text, or rich text for text that starts like a formula)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if a3 else ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_title_rows = "1:3"
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = message("documents_page_footer", lang)
    ws["A1"] = title
    if columns > 1:
        last = get_column_letter(columns)
        ws.merge_cells(f"A1:{last}1")
        ws.merge_cells(f"A2:{last}2")
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws["A2"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws["A1"].font = Font(bold=True, size=16)
    ws.row_dimensions[1].height = 28


def summary_rows(ranking: Sequence[RankingLine], lang: str) -> tuple[list[str], list[list[object]]]:
    """One row per unit across categories: 序号, 单位, 分组, each category's score, red and yellow counts."""
    categories: dict[str, None] = {}
    units: dict[str, dict[str, RankingLine]] = {}
    groups: dict[str, str] = {}
    for line in ranking:
        categories.setdefault(line.category)
        units.setdefault(line.unit, {})[line.category] = line
        groups.setdefault(line.unit, line.group)
    header = [
        message("documents_col_number", lang),
        message("documents_col_unit", lang),
        message("documents_col_group", lang),
        *categories,
        message("documents_col_red_count", lang),
        message("documents_col_yellow_count", lang),
    ]
    order = sorted(units, key=lambda u: (groups[u], -sum(1 for x in units[u].values() if x.flag == "red"), u))
    rows: list[list[object]] = []
    for number, unit in enumerate(order, start=1):
        lines = units[unit]
        scores: list[object] = [lines[c].score if c in lines else None for c in categories]
        red = sum(1 for x in lines.values() if x.flag == "red")
        yellow = sum(1 for x in lines.values() if x.flag == "yellow")
        rows.append([number, unit, groups[unit], *scores, red, yellow])
    return header, rows


def schedule_gap(line: LedgerLine) -> float | None:
    """序时差 in 个百分点: 年度完成率 minus the 序时进度's share of the target, ((actual − expected) ÷ target ×
    100), as officials write "占年度目标的55.8%，序时进度65.0%，低于序时进度9.2个百分点"."""
    return round((line.actual - line.expected) / line.target * 100, 1) if line.target else None


def ledger_extra(line: LedgerLine) -> list[object]:
    """年度完成率 (actual ÷ target), 序时差 in 个百分点, the unit's notes."""
    rate = line.actual / line.target if line.target else None
    return [rate, schedule_gap(line), line.note or None]


def ledger_extra_headers(lang: str) -> list[str]:
    return [
        message("documents_col_year_rate", lang),
        message("documents_col_schedule_gap", lang),
        message("documents_col_notes", lang),
    ]


def _number(value: object) -> object:
    """'100' → 100, '0.05' → 0.05: a number stored as a number."""
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return int(number) if number == number.to_integral_value() else float(number)
    return value


def rule_rows(policy: Mapping[str, object], lang: str) -> list[list[object]]:
    """The rules in force, named in words, values as numbers."""
    return [_rule_row(key, value, lang) for key, value in policy.items()]


def _rule_row(key: str, value: object, lang: str) -> list[object]:
    """A global knob ('red_min_score'), or a category's own ('闯创干 · red_min_score', '闯创干 · kind')."""
    category, _, knob = key.rpartition(" · ")
    if knob == "kind":
        return [
            f"{category} · {message('documents_rule_kind', lang)}",
            message(f"category_kind_{value}", lang),
        ]
    name = message(RULE_KEYS[knob], lang) if knob in RULE_KEYS else knob
    return [f"{category} · {name}" if category else name, _number(value)]
