"""The review workbook's rectification list sheet (SPEC §12): one row per item — unit, project, 问题, 措施,
责任人, 时限, state — with what needs a push (a list not sent, an item past its 完成时限) marked. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from openpyxl import Workbook

from bot.domain.views_rectify import ItemState, PlanItem
from bot.render import workbook  # its table helper (this module is imported by it: read at call time)
from bot.render.rectify import state_label
from bot.render.texts import message

_COLUMNS = (
    "workbook_col_unit",
    "workbook_col_code",
    "plan_col_project",
    "workbook_col_category",
    "plan_col_problem",
    "plan_col_measure",
    "plan_col_owner",
    "plan_col_due",
    "plan_col_state",
    "plan_col_comment",
    "plan_col_attention",
)


def _attention(item: PlanItem, lang: str) -> str:
    if item.state is ItemState.OPEN:
        return message("plan_attention_not_sent", lang)
    if item.overdue:
        return message("plan_attention_overdue", lang)
    return ""


def add_rectification_sheet(
    wb: Workbook, items: Sequence[PlanItem], *, heading: tuple[str, str], lang: str, tz: tzinfo
) -> None:
    """The rectification list sheet, units in name order; rows needing a push are shaded."""
    ordered = sorted(items, key=lambda i: (i.unit, i.code))
    rows = [
        [
            i.unit,
            i.code,
            i.name,
            i.category,
            i.problem,
            i.measure,
            i.owner,
            i.due,
            state_label(i.state, lang),
            i.comment,
            _attention(i, lang),
        ]
        for i in ordered
    ]
    fills = [workbook.LAGGING_FILL if _attention(i, lang) else None for i in ordered]
    sheet = wb.create_sheet(message("plan_sheet", lang))
    workbook._table(
        sheet,
        heading,
        [message(key, lang) for key in _COLUMNS],
        rows,
        formats={8: workbook.DAY},
        tz=tz,
        fills=fills,
        empty_note=message("plan_sheet_empty", lang),
    )
