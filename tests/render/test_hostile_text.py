"""Any name, any text (issue 10 item 5): whatever a unit, project, category or note is called, every message
is Telegram HTML the Bot API accepts and says the name as written, every chart draws it as text (never as
mathematics), and the workbook holds no formula. The meeting's documents (the 通报 .docx, the slides .pptx,
the 16:9 chart, the printable workbook with 汇总 and 整改清单) are in tests/render/test_hostile_documents.py."""

from __future__ import annotations

import io
import re
import string
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.compliance import ProjectState, Status
from bot.domain.periods import Period
from bot.domain.roles import Role
from bot.domain.views import ProjectNow
from bot.domain.views_report import ProjectView
from bot.render.admin import published_text, review_preview_text
from bot.render.announcement import announcement_caption, announcement_messages
from bot.render.chart import ranking_chart, ranking_charts
from bot.render.chat import split_message
from bot.render.commands import help_text
from bot.render.look import lagging_text, myflag_text, projects_text
from bot.render.marks import plain
from bot.render.reminders import daily_status, deadline_reminder, stalled_reminder
from bot.render.report import ask_value_text, confirm_text, error_text, preview_text, stored_text, undo_text
from bot.render.review import review_text
from bot.render.texts import MESSAGES, message
from bot.render.trend_chart import trend_chart
from bot.render.workbook import review_workbook
from bot.simulator.markup import parse_html
from handlers.markup import to_html
from tests.render.test_announcement import RED, YELLOW, T, entry, sample_result
from tests.render.test_look_myflag import view as myflag_view
from tests.render.test_trend_chart import sample_trend
from tests.render.test_workbook import ledger, ranking, reports, review

SHANGHAI = ZoneInfo("Asia/Shanghai")
PNG = b"\x89PNG\r\n\x1a\n"

HOSTILE = [
    "<b>",
    "</i>",
    "&",
    "&amp;",
    "R&D<办>",
    "$x$",
    "A$\\foo$局",
    "$\\frac{1}{0",
    "=cmd",
    "@SUM(1)",
    "+1",
    "-1",
    '\x01=HYPERLINK("http://x","点我")',
    "\t=1+2",
    "#N/A",
    "a\x00b\x07c\x1b",
    "局" * 500,
    "\u200f交通局\u202e局通交",
    "🚩🧑🏽‍🌾👍",
    "\ue000粗\ue001",
    "{unit} %s",
    "\\",
    "第一行\n第二行",
]
hostile = st.one_of(
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE) | st.text(max_size=12), min_size=1, max_size=3).map("".join),
)
PLAIN_FIELDS = [
    (key, lang, sorted({name for _, name, _, _ in string.Formatter().parse(pair[i]) if name}))
    for key, pair in sorted(MESSAGES.items())
    for i, lang in enumerate(("zh", "en"))
    # a field with a format spec is a date or a number, never typed by anyone
    if not any(spec for _, _, spec, _ in string.Formatter().parse(pair[i]))
]


def accepted(marked: str) -> str:
    """The text as the recipient sees it: the Telegram HTML must parse (else the Bot API refuses it)."""
    seen, _entities = parse_html(to_html(marked))
    return seen


def squeezed(text: str) -> str:
    """Text without marks and blanks: a long message is split at line breaks, which the parts do not keep."""
    return "".join(plain(text).split())


def says(marked: str, name: str) -> None:
    """Every part of the message is accepted, and the name is there as written (marks aside)."""
    whole = squeezed("".join(accepted(part) for part in split_message(marked)))
    assert squeezed(name) in whole or squeezed(name)[:40] in whole  # long names may be shortened


# Every hostile name alone, and each glued to the next (a mark opened by one and closed by another).
HOSTILE_VALUES = HOSTILE + [a + b for a, b in zip(HOSTILE, HOSTILE[1:] + HOSTILE[:1], strict=True)]


@pytest.mark.parametrize(
    ("key", "lang", "fields"), PLAIN_FIELDS, ids=[f"{k}-{g}" for k, g, _ in PLAIN_FIELDS]
)
def test_every_catalogue_message_with_hostile_fields_is_accepted(
    key: str, lang: str, fields: list[str]
) -> None:
    # Every value, not a random few: the catalogue has a thousand sentences, each checked against all of them
    # (and without hypothesis's engine under two thousand parametrised tests).
    for value in HOSTILE_VALUES:
        params: dict[str, object] = dict.fromkeys(fields, value)
        if "reason" in params and key in ("note_required", "confirm_needed_cli"):
            params["reason"] = "decrease"
        text = message(key, lang, **params)
        seen = squeezed("".join(accepted(part) for part in split_message(text)))
        if fields and key not in ("note_required", "confirm_needed_cli"):
            assert squeezed(value) in seen, (key, lang, value)


def hostile_result(names: list[str]) -> object:
    """A review whose units, categories, groups and override reason are all the given names."""
    a, b, c, d = (names * 4)[:4]
    rows = [
        replace(entry(a, "民生实事", "103.4", 1, RED, T.KEPT_RED, 3), category=b),
        replace(entry(c, "民生实事", "101.0", 2, RED, T.NEW_RED, 1), category=b),
        replace(
            entry(d, "民生实事", "60.0", 3, YELLOW, T.NEW_YELLOW, 1, proposed=None, reason=a), category=b
        ),
        replace(entry(a, "重点项目", "120.0", 1, RED, T.YELLOW_TO_RED, 1, group=d), category=c),
        replace(entry(b, "重点项目", "70.0", 2, YELLOW, T.RED_TO_YELLOW, 1, group=d), category=c),
    ]
    return sample_result(rows, badges={a: set()})


@settings(max_examples=15, deadline=None)
@given(names=st.lists(hostile, min_size=1, max_size=4))
def test_review_texts_with_hostile_unit_category_and_group_names_are_accepted(names: list[str]) -> None:
    result = hostile_result(names)
    for lang in ("zh", "en"):
        for text in announcement_messages(result, tz=SHANGHAI, lang=lang):  # type: ignore[arg-type]
            accepted(text)
        accepted(announcement_caption(result, lang))  # type: ignore[arg-type]
        accepted(review_preview_text(result, tz=SHANGHAI, lang=lang))  # type: ignore[arg-type]
        accepted(published_text(result, bound=names, lang=lang))  # type: ignore[arg-type]
        review_text(result, tz=SHANGHAI, lang=lang)  # type: ignore[arg-type]
    says("\n".join(announcement_messages(result, tz=SHANGHAI)), names[0])  # type: ignore[arg-type]


@settings(max_examples=15, deadline=None)
@given(unit=hostile)
def test_start_help_and_myflag_with_a_hostile_unit_name_are_accepted(unit: str) -> None:
    for lang in ("zh", "en"):
        for role in Role:
            says(help_text(role, lang=lang, unit=unit), unit if role != Role.STRANGER else "")
        says(myflag_text(replace(myflag_view(), unit=unit), lang=lang, tz=SHANGHAI), unit)


CHART_NAMES = [
    "A$\\foo$局",
    "$x$",
    "$\\frac{1}{0",
    "<b>&",
    "局" * 500,
    "\u200f交通\u202e",
    "🚩👍",
    "=cmd\x01",
]


@pytest.mark.parametrize("name", CHART_NAMES)
def test_charts_draw_hostile_names_as_text(name: str) -> None:
    """matplotlib reads `$…$` as mathematics and fails on `\\foo`: every label must be plain text."""
    result = hostile_result([name, f"{name}类", f"组{name}", f"{name}乡"])
    assert ranking_chart(result).startswith(PNG)  # type: ignore[arg-type]
    assert all(png.startswith(PNG) for png in ranking_charts(result, max_bars=2))  # type: ignore[arg-type]
    trend = sample_trend()
    categories = [replace(c, category=f"{name}{i}", group=name) for i, c in enumerate(trend.categories)]
    assert trend_chart(replace(trend, unit=name, categories=categories)).startswith(PNG)
    assert trend_chart(replace(sample_trend(reviews=False), unit=name), lang="en").startswith(PNG)


FORMULA_STARTS = ("=", "+", "-", "@")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@settings(max_examples=25, deadline=None)
@given(names=st.lists(hostile, min_size=4, max_size=4))
def test_the_workbook_writes_no_formula_whatever_the_names_and_notes(names: list[str]) -> None:
    unit, project, note, category = names
    data = review(
        ranking=[replace(x, unit=unit, category=category, group=note) for x in ranking()],
        ledger=[replace(x, name=project, unit=unit, code=note[:20], measure=note) for x in ledger()],
        reports=[replace(x, note=note, reporter=unit, project=project) for x in reports()],
    )
    xlsx = review_workbook(data)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        for sheet in (n for n in archive.namelist() if n.startswith("xl/worksheets/")):
            assert b"<f>" not in archive.read(sheet) and b"<f " not in archive.read(sheet)
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    written = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not CONTROL.search(cell.value)
                    written.add(cell.value)
    for value in (unit, project, note, category):
        shown = CONTROL.sub("", value)[:32767]
        assert shown in written or not shown


def test_a_formula_behind_a_control_character_stays_text() -> None:
    """ "\\x01=HYPERLINK(…)" used to become a live formula: the check ran before the character was stripped."""
    trap = '\x01=HYPERLINK("http://evil.example","点我")'
    data = review(reports=[replace(x, note=trap) for x in reports()], ledger=[], ranking=[])
    book = openpyxl.load_workbook(io.BytesIO(review_workbook(data)))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == trap[1:]]
    assert cells and all(c.data_type == "s" for c in cells)


def hostile_now(name: str, number: int = 1) -> ProjectNow:
    return ProjectNow(
        project_id=number,
        code=f"MS-{number:02d}",
        name=f"{name}项目",
        unit_id=1,
        unit=name,
        category_id=1,
        category=f"{name}类",
        measure=name[:10],
        target=120.0,
        weight=1.0,
        start=date(2026, 1, 1),
        started=True,
        expected=80.0,
        actual=20.0,
        compliance=0.25,
        status=Status.SERIOUS,
        reported_in_period=False,
        done_before_period=False,
        stalled=True,
        last_report_at=datetime(2026, 10, 1, 2, 0, tzinfo=UTC),
    )


@settings(max_examples=15, deadline=None)
@given(name=hostile, note=hostile)
def test_report_look_and_reminder_texts_with_hostile_names_and_notes_are_accepted(
    name: str, note: str
) -> None:
    project = ProjectView(code="MS-01", name=name, measure=name[:10], target=120.0, project_id=1)
    state = ProjectState(expected=80.0, actual=20.0, compliance=0.25, status=Status.SERIOUS, not_reported=True,
                         stalled=True)  # fmt: skip
    behind = [hostile_now(name, 1), hostile_now(note, 2)]
    at = datetime(2026, 10, 20, 2, 0, tzinfo=UTC)
    for lang in ("zh", "en"):
        says(stored_text(project, value=20.0, previous=30.0, state=state, lang=lang), name)
        accepted(stored_text(project, value=20.0, previous=30.0, state=state, lang=lang, short=True))
        for reason in ("decrease", "above_target"):
            accepted(confirm_text(project, value=20.0, previous=30.0, reason=reason, note=note,
                                  value_text=note, lang=lang))  # fmt: skip
        accepted(preview_text(project, value=20.0, previous=30.0, note=note, lang=lang))
        accepted(
            undo_text(project, withdrawn_value=20.0, withdrawn_at=at, state=state, tz=SHANGHAI, lang=lang)
        )
        accepted(ask_value_text(project, state=state, lang=lang))
        accepted(
            error_text(
                "report_wrong_order", {"project": name, "value": note}, lang=lang, usage="report_usage"
            )
        )
        says(projects_text(name, behind, on=date(2026, 10, 20), lang=lang, tz=SHANGHAI), name)
        accepted(lagging_text(behind, on=date(2026, 10, 20), lang=lang))
        says(stalled_reminder(unit=name, projects=behind, stall_days=14, lang=lang, tz=SHANGHAI), name)
        says(
            daily_status(unit=name, period=Period(2026, 12), categories=[note], on=date(2026, 11, 20),
                         behind=behind, others=1, lang=lang, tz=SHANGHAI),
            name,
        )  # fmt: skip
        says(
            deadline_reminder(unit=name, period=Period(2026, 10), deadline=date(2026, 11, 5), days_left=2,
                              projects=behind, units_reported=1, units_total=9, lang=lang),
            name,
        )  # fmt: skip
