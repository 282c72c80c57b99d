"""The rectification list as chat text (SPEC §12): the unit's list (/plan), the leaders' board (/plans) with
its buttons, what the unit is told on each change, and the working-day reminder. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta, tzinfo

from bot.domain.views_rectify import (
    ItemChange,
    ItemState,
    MeasureKind,
    MeasureLine,
    PlanItem,
    PlansBoard,
    SaidLine,
    UnitFollowUp,
    UnitPlan,
)
from bot.render.buttons import Button, CallbackData, Keyboard, Verb, keyboard
from bot.render.marks import plain
from bot.render.official import date_text, moment_text
from bot.render.periods import period_label
from bot.render.texts import message

MAX_BUTTON_ROWS = 20
STATE_KEYS = {
    ItemState.OPEN: "rectify_state_open",
    ItemState.SUBMITTED: "rectify_state_submitted",
    ItemState.RETURNED: "rectify_state_returned",
    ItemState.APPROVED: "rectify_state_approved",
    ItemState.CLOSED: "rectify_state_closed",
}
TOLD_KEYS = {
    "approved": "rectify_told_approved",
    "returned": "rectify_told_returned",
    "closed": "rectify_told_closed",
    "auto_closed": "rectify_told_auto_closed",
}
DONE_KEYS = {
    "approved": "rectify_done_approved",
    "returned": "rectify_done_returned",
    "closed": "rectify_done_closed",
}


def _short(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return plain(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def state_label(state: ItemState, lang: str) -> str:
    return message(STATE_KEYS[state], lang)


def item_lines(items: Sequence[PlanItem], *, lang: str, numbered: bool = True) -> list[str]:
    lines = []
    for n, i in enumerate(items, start=1):
        lines.append(
            message(
                "rectify_item_line",
                lang,
                n=n if numbered else "-",
                code=plain(i.code),
                name=plain(i.name),
                category=plain(i.category),
                state=state_label(i.state, lang),
                overdue=message("rectify_overdue_tag", lang) if i.overdue else "",
            )
        )
        if i.state is not ItemState.OPEN:
            lines.append(
                message(
                    "rectify_item_fields",
                    lang,
                    problem=_short(i.problem),
                    measure=_short(i.measure),
                    owner=_short(i.owner, 40),
                    due=date_text(i.due, lang) if i.due else "—",
                )
            )
        if i.comment and i.state in (ItemState.RETURNED, ItemState.CLOSED):
            lines.append(message("rectify_item_comment", lang, comment=_short(i.comment)))
    return lines


def unit_plan_text(plan: UnitPlan, *, lang: str, tz: tzinfo, today: date) -> str:
    """/plan: the unit's list, each item's state, and how to fill one in."""
    lines = [
        message(
            "rectify_head",
            lang,
            unit=plain(plan.unit),
            period=period_label(plan.period, lang),
            categories=plain(message("list_separator", lang).join(plan.categories)),
            deadline=moment_text(plan.deadline, tz, lang),
        )
    ]
    if not plan.items:
        return "\n".join([*lines, message("rectify_no_items", lang)])
    lines += item_lines(plan.items, lang=lang)
    editable = [i for i in plan.items if i.state.editable]
    if editable:
        lines.append(message("rectify_how", lang))
        example_day = today + timedelta(days=30)  # written the reader's way: 2026年12月10日, 10 Dec 2026
        lines.append(message("rectify_example", lang, code=plain(editable[0].code), day=example_day))
    return "\n".join(lines)


def fill_buttons(plan: UnitPlan, *, lang: str) -> Keyboard:
    """填写 for each item still editable (the guided way; the command works too)."""
    rows = [
        [
            Button(
                message("rectify_button_fill", lang, code=i.code[:12]),
                CallbackData(Verb.PLAN_FILL, str(i.id)),
            )
        ]
        for i in plan.items
        if i.state.editable
    ]
    return keyboard(*rows[:MAX_BUTTON_ROWS])


def fill_ask_text(item: PlanItem, *, lang: str, today: date) -> str:
    """After 填写: what to send next."""
    return message(
        "rectify_fill_ask",
        lang,
        code=plain(item.code),
        name=plain(item.name),
        day=today + timedelta(days=30),
    )


def saved_text(plan: UnitPlan, change: ItemChange, *, lang: str, tz: tzinfo, today: date) -> str:
    """The reply to /plan <project> …: saved, how many are filled in, and the list as it now stands."""
    filled = sum(1 for i in plan.items if i.state is not ItemState.OPEN)
    head = message("rectify_saved", lang, code=plain(change.item.code), filled=filled, total=len(plan.items))
    return head + "\n\n" + unit_plan_text(plan, lang=lang, tz=tz, today=today)


def board_text(board: PlansBoard, *, lang: str, tz: tzinfo) -> str:
    """/plans: who has not sent a list, who has items past due, and every unit's items."""
    lines = [
        message(
            "rectify_board_head",
            lang,
            period=period_label(board.period, lang),
            published=date_text(board.published_at.astimezone(tz).date(), lang),
            deadline=moment_text(board.deadline, tz, lang),
        )
    ]
    if not board.units:
        return "\n".join([*lines, message("rectify_board_none", lang)])
    sep = message("list_separator", lang)
    lines.append(
        message(
            "rectify_board_count", lang, total=len(board.units), sent=len(board.units) - len(board.not_sent)
        )
    )
    if board.not_sent:
        late = message("rectify_board_late_tag", lang)
        names = sep.join(plain(u.unit) + (late if u.late else "") for u in board.not_sent)
        lines.append(message("rectify_board_not_sent", lang, units=names))
    if board.with_overdue:
        lines.append(
            message("rectify_board_overdue", lang, units=sep.join(plain(u.unit) for u in board.with_overdue))
        )
    for u in board.units:
        counts = {state: sum(1 for i in u.items if i.state is state) for state in ItemState}
        lines.append("")
        lines.append(
            message(
                "rectify_board_unit",
                lang,
                unit=plain(u.unit),
                categories=plain(sep.join(u.categories)),
                total=len(u.items),
                submitted=counts[ItemState.SUBMITTED],
                returned=counts[ItemState.RETURNED],
                approved=counts[ItemState.APPROVED],
                closed=counts[ItemState.CLOSED],
            )
        )
        lines += ["  " + line for line in item_lines(u.items, lang=lang, numbered=False)]
    if board_buttons(board, lang=lang):
        lines += ["", message("rectify_board_buttons", lang)]
    return "\n".join(lines)


def board_buttons(board: PlansBoard, *, lang: str) -> Keyboard:
    """Approve / return / close for each item awaiting review; close for the approved ones."""
    rows: list[list[Button]] = []
    for u in board.units:
        for i in u.items:
            code = i.code[:12]
            close = Button(
                message("rectify_button_close", lang, code=code), CallbackData(Verb.PLAN_CLOSE, str(i.id))
            )
            if i.state is ItemState.SUBMITTED:
                rows.append(
                    [
                        Button(
                            message("rectify_button_approve", lang, code=code),
                            CallbackData(Verb.PLAN_APPROVE, str(i.id)),
                        ),
                        Button(
                            message("rectify_button_return", lang, code=code),
                            CallbackData(Verb.PLAN_RETURN, str(i.id)),
                        ),
                        close,
                    ]
                )
            elif i.state is ItemState.APPROVED:
                rows.append([close])
    return keyboard(*rows[:MAX_BUTTON_ROWS])


def done_text(change: ItemChange, *, lang: str) -> str:
    """The leader's confirmation of an approval, a return or a 销号."""
    return message(DONE_KEYS[change.action], lang, unit=plain(change.item.unit), code=plain(change.item.code))


def told_text(change: ItemChange, *, lang: str) -> str:
    """What the unit's contacts are told of a leader's decision or of an item closed by a report."""
    return message(
        TOLD_KEYS[change.action],
        lang,
        unit=plain(change.item.unit),
        code=plain(change.item.code),
        name=plain(change.item.name),
        comment=_short(change.comment, 300),
    )


def reminder_text(plan: UnitPlan, *, lang: str, tz: tzinfo) -> str:
    """The working-day reminder: a list not sent after the deadline, returned items, items past due."""
    lines = [
        message("rectify_remind_head", lang, unit=plain(plan.unit), period=period_label(plan.period, lang))
    ]
    if plan.late:
        codes = message("list_separator", lang).join(
            plain(i.code) for i in plan.items if i.state is ItemState.OPEN
        )
        lines.append(
            message("rectify_remind_late", lang, deadline=moment_text(plan.deadline, tz, lang), codes=codes)
        )
    for i in plan.returned:
        lines.append(message("rectify_remind_returned", lang, code=plain(i.code), comment=_short(i.comment)))
    for i in plan.overdue_items:
        lines.append(
            message(
                "rectify_remind_overdue",
                lang,
                code=plain(i.code),
                due=date_text(i.due, lang) if i.due else "",
            )
        )
    lines.append(message("rectify_remind_tail", lang))
    return "\n".join(lines)


MEASURE_KEYS = {
    MeasureKind.INTERVIEW: "measure_interview",
    MeasureKind.REASSIGN: "measure_reassign",
    MeasureKind.FUNDS: "measure_funds",
    MeasureKind.OTHER: "measure_other",
}


def _note(note: str, lang: str) -> str:
    return message("measure_note", lang, note=_short(note, 200)) if note else ""


def measure_saved_text(line: MeasureLine, *, lang: str, tz: tzinfo) -> str:
    """/interview: what was recorded."""
    return message(
        "measure_saved",
        lang,
        unit=plain(line.unit),
        kind=message(MEASURE_KEYS[line.kind], lang),
        day=date_text(line.at.astimezone(tz).date(), lang),
        note=_note(line.note, lang),
    )


def followup_text(view: UnitFollowUp, *, lang: str, tz: tzinfo) -> str:
    """/unit and /history <unit>: the unit's rectification items and its 约谈 and measures ('' when none)."""
    lines: list[str] = []
    if view.items:
        lines.append(message("rectify_unit_items", lang))
        lines += item_lines(view.items, lang=lang)
    if view.measures:
        lines.append(message("measure_section", lang))
        for m in view.measures:
            lines.append(
                message(
                    "measure_line",
                    lang,
                    day=date_text(m.at.astimezone(tz).date(), lang),
                    kind=message(MEASURE_KEYS[m.kind], lang),
                    note=_note(m.note, lang),
                )
            )
    return "\n".join(lines)


def said_text(lines: Sequence[SaidLine], *, lang: str, tz: tzinfo) -> str:
    """/lagging: what the units said — the latest report note, and the plan's 问题 and 措施 ('' when none)."""
    if not lines:
        return ""
    out = [message("said_section", lang)]
    for s in lines:
        out.append(
            message(
                "said_line",
                lang,
                code=plain(s.code),
                unit=plain(s.unit),
                day=date_text(s.noted_at.astimezone(tz).date(), lang) if s.noted_at else "—",
                note=_short(s.note) if s.note else "—",
            )
        )
        if s.problem or s.measure:
            out.append(message("said_plan_line", lang, problem=_short(s.problem), measure=_short(s.measure)))
    return "\n".join(out)
