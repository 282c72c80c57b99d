"""The review workbook (/export, and the .xlsx sent to the leaders' chat): plain data in, .xlsx bytes out."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.cell.rich_text import CellRichText
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.views_export import LedgerLine, RankingLine, ReviewWorkbook
from bot.render.ledger import changes_text
from bot.render.marks import plain
from bot.render.official import deadline_text, moment_text
from bot.render.texts import message
from bot.render.workbook_plans import add_rectification_sheet
from bot.render.workbook_print import (
    GRID,
    WRAPPED,
    column_width,
    ledger_extra,
    ledger_extra_headers,
    number_form,
    print_ready,
    rule_rows,
    summary_rows,
    wraps,
)

RED_FILL = PatternFill("solid", fgColor="FFC7CE")
YELLOW_FILL = PatternFill("solid", fgColor="FFEB9C")
LAGGING_FILL = PatternFill("solid", fgColor="FCE4D6")  # orange-ish: a warning, not to be mistaken for a flag
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
HEADER_ROW = 3  # rows 1-2 carry the title and the period / status / cut-off line

AMOUNT, SCORE, PERCENT, DAY, MOMENT = "#,##0.00", "0.0", "0.0%", "yyyy-mm-dd", "yyyy-mm-dd hh:mm"


# The columns of each sheet, as catalogue keys.
_RANKING = (
    "workbook_col_category",
    "workbook_col_group",
    "workbook_col_rank",
    "workbook_col_unit",
    "workbook_col_score",
    "workbook_col_flag",
    "workbook_col_change",
    "workbook_col_counted",
)
_LEDGER = (
    "workbook_col_code",
    "workbook_col_name",
    "workbook_col_lead_unit",
    "workbook_col_group",
    "workbook_col_category",
    "workbook_col_measure",
    "workbook_col_target",
    "workbook_col_weight",
    "workbook_col_start",
    "workbook_col_due",
    "workbook_col_expected",
    "workbook_col_actual",
    "workbook_col_compliance",
    "workbook_col_status",
    "workbook_col_last_report",
)
_REPORTS = (
    "workbook_col_reported_at",
    "workbook_col_received_at",
    "workbook_col_kind",
    "workbook_col_code",
    "workbook_col_name",
    "workbook_col_unit",
    "workbook_col_value",
    "workbook_col_note",
    "workbook_col_reporter",
    "workbook_col_source",
    "workbook_col_evidence",
)
_POLICY = ("workbook_col_setting", "workbook_col_setting_value")
_CHANGES = (
    "workbook_col_changed_at",
    "workbook_col_changed_by",
    "workbook_col_code",
    "workbook_col_changes",
    "workbook_col_note",
)
_FLAGS = {"red": "workbook_flag_red", "yellow": "workbook_flag_yellow"}
# Status words that mark a lagging project when LedgerLine.lagging is None (either language's status text).
_LAGGING_WORDS = ("滞后", "lagging", "behind")

_FORMULA_STARTS = ("=", "+", "-", "@")  # what a spreadsheet reads as the start of a formula


def _words(keys: Iterable[str], lang: str) -> list[str]:
    return [message(key, lang) for key in keys]


def _flag(flag: str | None, lang: str) -> str | None:
    """'red' → '红旗' / 'Red'; anything else as it is."""
    return message(_FLAGS[flag], lang) if flag is not None and flag in _FLAGS else flag


def _aware(moment: datetime) -> datetime:
    """Naive input is taken as UTC (storage time)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _local(moment: datetime, tz: tzinfo) -> datetime:
    """Naive local time for Excel, which cannot store an offset."""
    return _aware(moment).astimezone(tz).replace(tzinfo=None)


def _cell_value(value: object, tz: tzinfo) -> object:
    """A value openpyxl can write: local datetimes, text without control characters, nothing longer than Excel's cap.

    Text is never a formula or an error value: control characters go first (so "\x01=HYPERLINK(…)" cannot
    become a formula once they are stripped), then text that starts like a formula (= + - @, also after
    blanks) or reads as an error ("#N/A") is written as a rich-text string, which openpyxl stores as text.
    """
    if isinstance(value, datetime):
        return _local(value, tz)
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
        if text.lstrip().startswith(_FORMULA_STARTS) or text in ERROR_CODES:
            return CellRichText([text])
        return text
    return value


def _display_width(value: object) -> int:
    """Roughly how many character cells a value takes: CJK characters are twice as wide."""
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    text = str(value) if value is not None else ""
    return max((sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) for line in text.splitlines()), default=0)


def _table(
    ws: Worksheet,
    heading: tuple[str, str],
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    formats: Mapping[int, str],
    tz: tzinfo,
    fills: Sequence[PatternFill | None] = (),
    empty_note: str | None = None,
    lang: str = "zh",
    a3: bool = False,
) -> None:
    """Title and info lines, a styled header at HEADER_ROW, the rows, frozen header, autofilter, column widths
    (`a3`: a table too wide for A4, printed on A3)."""
    # The title, the info line and the headings hold names too (the county, each category in 汇总).
    title, info = (_cell_value(text, tz) for text in heading)
    ws.append([title])
    ws.append([info])
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"].font = Font(color="595959")
    ws.append([_cell_value(h, tz) for h in headers])
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    heads = [_display_width(h) for h in headers]
    widths = [0] * len(headers)
    count = 0
    for count, values in enumerate(rows, start=1):
        row_number = HEADER_ROW + count
        fill = fills[count - 1] if count - 1 < len(fills) else None
        for col, raw in enumerate(values, start=1):
            cell = ws.cell(row=row_number, column=col, value=_cell_value(raw, tz))
            if isinstance(raw, str) and raw.startswith("="):
                cell.data_type = "s"  # user text such as "=HYPERLINK(...)" must stay text, never a formula
            if col in formats:
                cell.number_format = formats[col]
            if fill is not None:
                cell.fill = fill
            cell.border = GRID
            widths[col - 1] = max(widths[col - 1], _display_width(raw))
    last_column = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{HEADER_ROW + count}"
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    if count == 0 and empty_note:
        ws.cell(row=HEADER_ROW + 1, column=1, value=empty_note).font = Font(italic=True, color="808080")
    for cell in ws[HEADER_ROW]:
        cell.border = GRID
    for col, (head, widest) in enumerate(zip(heads, widths, strict=True), start=1):
        width = column_width(head, widest)
        if head > width - 1:  # the heading takes two lines: LibreOffice and Excel keep a row's height
            ws.row_dimensions[HEADER_ROW].height = 30
        ws.column_dimensions[get_column_letter(col)].width = width
        if wraps(width):
            for (cell,) in ws.iter_rows(min_row=HEADER_ROW + 1, min_col=col, max_col=col):
                cell.alignment = WRAPPED
    print_ready(ws, columns=len(headers), title=title, lang=lang, a3=a3)


def _ordered_ranking(lines: Sequence[RankingLine]) -> list[RankingLine]:
    """Categories and groups in the order the caller gave them; within one, by rank, unranked last."""
    category_order: dict[str, int] = {}
    group_order: dict[tuple[str, str], int] = {}
    for line in lines:
        category_order.setdefault(line.category, len(category_order))
        group_order.setdefault((line.category, line.group), len(group_order))
    return sorted(
        lines,
        key=lambda x: (
            category_order[x.category],
            group_order[(x.category, x.group)],
            x.rank is None,
            x.rank or 0,
            -(x.score or 0.0),
            x.unit,
        ),
    )


def _policy_value(value: object, yes_no: tuple[str, str]) -> object:
    """Numbers and text stay as they are; yes/no for switches; anything else as JSON."""
    if isinstance(value, bool):
        return yes_no[0] if value else yes_no[1]
    if value is None or isinstance(value, int | float | str | datetime | date):
        return value
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=isinstance(value, Mapping))


def review_workbook(
    data: ReviewWorkbook, *, lang: str = "zh", tz: tzinfo | str = "Asia/Shanghai", county: str = ""
) -> bytes:
    """Render a review as an .xlsx: a summary per unit, ranking and flags, project ledger, raw reports, and
    the rules used; every sheet ready to print (workbook_print.py)."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    info = message(
        "workbook_info",
        lang,
        status=data.status,
        cutoff=deadline_text(_aware(data.cutoff), zone, lang),
        generated=moment_text(_aware(data.generated_at), zone, lang),
    )
    title = (
        message("documents_workbook_title", lang, county=county, title=data.title) if county else data.title
    )
    heading = (title, info)

    wb = Workbook()
    wb.properties.title = data.title
    wb.properties.creator = "flagbot"
    ws = wb.active
    assert ws is not None
    ws.title = message("documents_sheet_summary", lang)
    headers, summary = summary_rows(data.ranking, lang)
    score_columns = {col: SCORE for col in range(4, len(headers) - 1)}
    _table(ws, heading, headers, summary, formats=score_columns, tz=zone, lang=lang)
    ws = wb.create_sheet(message("workbook_sheet_ranking", lang))
    ranking = _ordered_ranking(data.ranking)
    flag_fill = {"red": RED_FILL, "yellow": YELLOW_FILL}
    rows: list[Sequence[object]] = [
        [
            x.category,
            x.group,
            x.rank,
            x.unit,
            x.score,
            _flag(x.flag, lang),
            x.transition,
        ]
        + [x.counted_projects]
        for x in ranking
    ]
    fills = [flag_fill.get(x.flag or "") for x in ranking]
    empty = message("workbook_empty", lang)
    _table(
        ws,
        heading,
        _words(_RANKING, lang),
        rows,
        formats={5: SCORE},
        tz=zone,
        fills=fills,
        empty_note=empty,
        lang=lang,
    )

    def is_lagging(line: LedgerLine) -> bool:
        if line.lagging is not None:
            return line.lagging
        return any(word in line.status.lower() for word in _LAGGING_WORDS)

    rows = [
        [x.code, x.name, x.unit, x.group, x.category, x.measure, x.target, x.weight, x.start, x.due]
        + [x.expected, x.actual, x.compliance, x.status, x.last_report_at, *ledger_extra(x)]
        for x in data.ledger
    ]
    formats = {7: AMOUNT, 9: DAY, 10: DAY, 11: AMOUNT, 12: AMOUNT, 13: PERCENT, 15: MOMENT, 16: PERCENT}
    formats[17] = SCORE
    fills = [LAGGING_FILL if is_lagging(x) else None for x in data.ledger]
    sheet = wb.create_sheet(message("workbook_sheet_ledger", lang))
    headers = _words(_LEDGER, lang) + ledger_extra_headers(lang)
    # 19 columns: on A4 they printed at about 60 %, too small to read; county offices print such tables on A3
    _table(sheet, heading, headers, rows, formats=formats, tz=zone, fills=fills, lang=lang, a3=True)
    for row, line in enumerate(data.ledger, start=HEADER_ROW + 1):
        for col in (7, 11, 12):  # target, expected, actual in the measure's form: 260 户, 12.50 公里
            sheet.cell(row=row, column=col).number_format = number_form(line.measure)

    rows = [
        [x.reported_at, x.received_at, x.kind, x.code, x.project, x.unit, x.value, x.note, x.reporter]
        + [x.source, x.evidence]
        for x in data.reports
    ]
    formats = {1: MOMENT, 2: MOMENT, 7: AMOUNT}
    sheet = wb.create_sheet(message("workbook_sheet_reports", lang))
    _table(sheet, heading, _words(_REPORTS, lang), rows, formats=formats, tz=zone, lang=lang)

    add_rectification_sheet(wb, data.rectification, heading=heading, lang=lang, tz=zone)

    yes_no = (message("workbook_yes", lang), message("workbook_no", lang))
    rows = [[name, _policy_value(value, yes_no)] for name, value in rule_rows(data.policy, lang)]
    sheet = wb.create_sheet(message("workbook_sheet_policy", lang))
    _table(sheet, heading, _words(_POLICY, lang), rows, formats={}, tz=zone, lang=lang)

    if data.ledger_changes:  # targets, plans, … as each ledger import changed them (old → new)
        rows = [
            [c.at, c.actor, c.code, plain(changes_text(c.fields, lang=lang)), c.note]
            for c in data.ledger_changes
        ]
        sheet = wb.create_sheet(message("workbook_sheet_changes", lang))
        _table(sheet, heading, _words(_CHANGES, lang), rows, formats={1: MOMENT}, tz=zone, lang=lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
