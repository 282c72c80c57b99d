"""Replies of the report commands (SPEC §4): what was stored, what needs confirming, the guided flow. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any

from bot.domain.compliance import ProjectState
from bot.domain.views_report import LiveProject, ProjectView
from bot.render import official
from bot.render.marks import plain
from bot.render.numbers import amount
from bot.render.official import moment_text, progress_text
from bot.render.texts import message, status_label

# Why a value needs confirming (services name the reason), and how each reason is said.
CONFIRM_KEYS = {"decrease": "report_confirm_decrease", "above_target": "report_confirm_above_target"}
REASON_KEYS = {"decrease": "report_reason_decrease", "above_target": "report_reason_above_target"}

ECHO_LIMIT = 40  # what a person typed is echoed back at most this long, so a reply stays one message
BUTTON_LABEL_LIMIT = 30


def quantity(value: float, measure: str, lang: str = "zh") -> str:
    """'60个', '60%', in English '60 km'."""
    return official.quantity(value, measure, lang)


def change(value: float, previous: float, lang: str = "zh", *, measure: str = "", first: bool = False) -> str:
    """'较上次+10', '较上次−5', '与上次持平', or '首次报送' when nothing was reported before."""
    if first:
        return message("report_first", lang)
    delta = round(value - previous, 6)
    if delta == 0:
        return message("report_no_change", lang)
    shown = (
        f"+{amount(delta, lang, measure=measure)}"
        if delta > 0
        else f"−{amount(-delta, lang, measure=measure)}"
    )
    return message("report_change", lang, change=shown)


def status(state: ProjectState, lang: str = "zh") -> str:
    return status_label(state.status, not_reported=state.not_reported, stalled=state.stalled, lang=lang)


def _title(project: ProjectView) -> dict[str, str]:
    return {"code": plain(project.code), "name": plain(project.name)}


def stored_text(
    project: ProjectView,
    *,
    value: float,
    previous: float,
    state: ProjectState,
    lang: str = "zh",
    short: bool = False,
    evidence: bool = False,
    first: bool = False,
) -> str:
    """The acknowledgement of a stored report; one line in a group (no other project's details there).

    '累计完成14.5公里，占年度目标的55.8%，序时进度65.0%，低于序时进度9.3个百分点' (docs/style-zh.md)."""
    shown = quantity(value, project.measure, lang)
    if short:
        return f"✅ {plain(project.code)} {plain(shown)} · {status(state, lang)}"
    progress = progress_text(
        actual=value,
        expected=state.expected,
        target=project.target,
        measure=plain(project.measure),
        lang=lang,
    )
    lines = [
        message("report_stored_title", lang, **_title(project)),
        message(
            "report_stored_value",
            lang,
            progress=progress,
            change=change(value, previous, lang, measure=project.measure, first=first),
        ),
        message("report_stored_status", lang, status=status(state, lang)),
    ]
    if evidence:
        lines.append(message("report_evidence", lang))
    return "\n".join(lines)


def shell_stored_text(
    live: LiveProject,
    *,
    value: float,
    previous: float,
    first: bool,
    as_of: datetime,
    tz: tzinfo,
    lang: str = "zh",
) -> str:
    """What `flagbot report` prints: the project as it stood at `as_of` (a backdated --at report then, not today)."""
    project, state = live.project, live.state
    return message(
        "shell_report_stored",
        lang,
        code=plain(project.code),
        name=plain(project.name),
        progress=progress_text(
            actual=state.actual,
            expected=state.expected,
            target=project.target,
            measure=plain(project.measure),
            lang=lang,
        ),
        change=change(value, previous, lang, measure=project.measure, first=first),
        on=moment_text(as_of, tz, lang),
        status=status(state, lang),
    )


def confirm_text(
    project: ProjectView,
    *,
    value: float,
    previous: float,
    reason: str,
    note: str,
    value_text: str,
    lang: str = "zh",
) -> str:
    """A decrease or a jump past the target: say why it needs confirming, and that a note is needed."""
    lines = [confirm_detail(project, value=value, previous=previous, reason=reason, lang=lang)]
    if note:
        lines.append(message("report_confirm_note", lang, note=plain(shorten(note, 200))))
        lines.append(message("report_confirm_ask", lang))
    else:
        lines.append(
            message(
                "report_confirm_ask_note",
                lang,
                code=plain(project.code),
                value=plain(shorten(value_text, ECHO_LIMIT)),
            )
        )
    return "\n".join(lines)


def confirm_detail(
    project: ProjectView, *, value: float, previous: float, reason: str, lang: str = "zh"
) -> str:
    """Why a value needs confirming: below the last report (with it), or above the annual target (with it)."""
    return message(
        CONFIRM_KEYS[reason],
        lang,
        **_title(project),
        value=plain(quantity(value, project.measure, lang)),
        previous=plain(quantity(previous, project.measure, lang)),
        target=plain(quantity(project.target, project.measure, lang)),
    )


def preview_text(
    project: ProjectView,
    *,
    value: float,
    previous: float,
    note: str,
    lang: str = "zh",
    evidence: bool = False,
    first: bool = False,
) -> str:
    """A plain message or guided answer read as a report: confirm before storing."""
    lines = [
        message(
            "report_preview",
            lang,
            **_title(project),
            value=plain(quantity(value, project.measure, lang)),
            change=change(value, previous, lang, measure=project.measure, first=first),
        )
    ]
    if note:
        lines.insert(1, message("report_confirm_note", lang, note=plain(shorten(note, 200))))
    if evidence:
        lines.insert(1, message("report_evidence", lang))
    return "\n".join(lines)


def resend_with_note_text(*, code: str, value_text: str, reason: str, lang: str = "zh") -> str:
    """Confirming a decrease or overshoot needs a note the original message did not have."""
    return message(
        "report_resend_with_note",
        lang,
        reason=message(REASON_KEYS[reason], lang),
        code=plain(code),
        value=plain(shorten(value_text, ECHO_LIMIT)),
    )


def pick_text(*, total: int, shown: int, lang: str = "zh") -> str:
    """The guided flow's first question (the projects come as buttons)."""
    text = message("report_guided_pick", lang)
    if shown < total:
        text += "\n" + message("report_guided_truncated", lang, total=total, shown=shown)
    return text


def button_label(project: ProjectView) -> str:
    """'MS-01 农村公路提质改造' cut to fit a button."""
    label = f"{project.code} {project.name}"
    return label if len(label) <= BUTTON_LABEL_LIMIT else label[: BUTTON_LABEL_LIMIT - 1] + "…"


def ask_value_text(project: ProjectView, *, state: ProjectState, lang: str = "zh") -> str:
    """The guided flow, once the project is picked: where it stands and what to send."""
    return "\n".join(
        [
            message(
                "report_guided_ask_value",
                lang,
                **_title(project),
                actual=plain(quantity(state.actual, project.measure, lang)),
                expected=plain(quantity(state.expected, project.measure, lang)),
            ),
            message("report_guided_ask_more", lang, measure=plain(project.measure)),
        ]
    )


def undo_text(
    project: ProjectView,
    *,
    withdrawn_value: float,
    withdrawn_at: datetime,
    state: ProjectState,
    tz: tzinfo,
    lang: str = "zh",
    short: bool = False,
) -> str:
    """/undo: what was withdrawn and where the project stands now."""
    actual = plain(quantity(state.actual, project.measure, lang))
    if short:
        return message(
            "report_undo_short", lang, code=plain(project.code), actual=actual, status=status(state, lang)
        )
    return "\n".join(
        [
            message(
                "report_undo_done",
                lang,
                **_title(project),
                value=plain(quantity(withdrawn_value, project.measure, lang)),
                time=moment_text(withdrawn_at, tz, lang),
            ),
            message(
                "report_undo_now",
                lang,
                actual=actual,
                expected=plain(quantity(state.expected, project.measure, lang)),
                status=status(state, lang),
            ),
        ]
    )


def shorten(text: str, limit: int = ECHO_LIMIT) -> str:
    """Echoed input cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return plain(shorten(value))
    if isinstance(value, list):
        return [plain(shorten(str(item), 80)) for item in value]
    return value


def error_text(key: str, params: Mapping[str, Any], *, lang: str = "zh", usage: str | None = None) -> str:
    """A refusal with its reason (user input as plain text, shortened) and, where it helps, the right usage."""
    text = message(key, lang, **{name: _safe(value) for name, value in params.items()})
    if usage:
        text += "\n" + message(usage, lang)
    return text
