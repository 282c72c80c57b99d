"""A ledger import shows its changes first (SPEC §5.1): new projects, each changed field old → new, the
unchanged count and every decrease of 累计完成; the audit log keeps each changed field with who and when.

Expectations are written by hand from the files below. SQLite and (with TEST_DATABASE_URL) PostgreSQL.
"""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import select

from bot.domain.periods import parse_period
from bot.domain.policy import Policy
from bot.domain.views_ledger import Decrease, FieldChange, LedgerPreview, ProjectChange
from bot.ledger.parse import ParsedLedger
from bot.ledger.summary import ImportSummary
from bot.outbound.export import workbook_data
from bot.render.ledger import preview_text
from bot.render.look_detail import history_text
from bot.render.workbook import review_workbook
from bot.services.errors import UserError
from bot.services.history import history
from bot.services.ledger import import_ledger
from bot.services.ledger_diff import preview_import
from storage.tables import AuditLog, Report
from tests.conftest import TZ, Db, shanghai
from tests.services.test_ledger_import import (
    ACTUAL_HEADERS,
    DEFAULT_GROUP,
    ROWS,
    all_reports,
    csv_bytes,
    latest_value,
    parse,
    projects_by_code,
    run_import,
    xlsx_bytes,
)

MAY_20 = shanghai(2026, 5, 20, 10, 0)
JUNE_2 = shanghai(2026, 6, 2, 9, 0)


def with_target(row: list[object], target: str) -> list[object]:
    return [*row[:5], target, *row[6:]]


async def preview(db: Db, parsed: ParsedLedger, now: datetime = JUNE_2) -> LedgerPreview:
    async with db.sessions() as session:
        return await preview_import(session, parsed, now=now, tz=TZ)


async def apply(
    db: Db, parsed: ParsedLedger, *, note: str = "", allow: bool = False, expect: str | None = None
) -> ImportSummary:
    async with db.sessions.begin() as session:
        return await import_ledger(
            session,
            parsed,
            actor="tg:900",
            user_id=900,
            now=JUNE_2,
            tz=TZ,
            default_group=DEFAULT_GROUP,
            note=note,
            allow_decrease=allow,
            expect=expect,
        )


async def test_a_target_120_to_130_is_shown_as_such_and_nothing_is_written_by_the_preview(db: Db) -> None:
    await run_import(db, parse(csv_bytes(ROWS)))
    changed = [with_target(ROWS[0], "130"), ROWS[1], ROWS[2]]

    shown = await preview(db, parse(csv_bytes(changed), today=date(2026, 6, 2)))

    assert shown.created == () and shown.unchanged == 2 and shown.decreases == ()
    assert shown.changed == (
        ProjectChange("MS-01", "农村公路提质改造", "公里", (FieldChange("target", 120.0, 130.0),)),
    )
    text = preview_text(shown, head="ledger_preview_head", lang="zh")
    assert "• MS-01 农村公路提质改造：年度目标 120 → 130" in text
    assert "未变项目 2 个" in text
    assert (await projects_by_code(db))["MS-01"][0].target == 120.0  # only shown


async def test_every_changed_field_is_listed_old_to_new_and_new_projects_by_code(db: Db) -> None:
    await run_import(db, parse(csv_bytes(ROWS)))
    edited = [
        ["MS-01", "农村公路提质改造工程", "交通局", "县直部门", "重点项目", "120", "千米"]
        + ["2026-01-01", "2026-11-30", "2"],
        ROWS[1],
        ROWS[2],
        ["MS-03", "污水管网", "住建局", "", "民生实事", "15", "公里", "", "", ""],
    ]

    shown = await preview(db, parse(csv_bytes(edited), today=date(2026, 6, 2)))

    assert shown.created == ("MS-03",) and shown.units_created == ("交通局", "住建局")
    (change,) = shown.changed
    assert change.fields == (
        FieldChange("name", "农村公路提质改造", "农村公路提质改造工程"),
        FieldChange("unit", "交通运输局", "交通局"),
        FieldChange("category", "民生实事", "重点项目"),
        FieldChange("measure", "公里", "千米"),
        FieldChange("due", "2026-12-31", "2026-11-30"),
    )
    text = preview_text(shown, head="ledger_preview_head", lang="zh")
    assert "新增项目 1 个：MS-03" in text
    assert "牵头单位 交通运输局 → 交通局" in text and "完成时限 2026-12-31 → 2026-11-30" in text


async def test_a_changed_month_plan_names_the_months_that_moved(db: Db) -> None:
    headers = ["项目编号", "项目名称", "牵头单位", "考核类别", "年度目标", "计量单位", "开始日期", "完成时限"]
    headers += [f"{m}月" for m in range(1, 13)]
    row = ["MS-01", "农村公路提质改造", "交通运输局", "民生实事", 120, "公里", datetime(2026, 1, 1)]
    row += [datetime(2026, 12, 31)]
    first = [*row, None, None, 30, None, None, 60, None, None, 90, None, None, 120]
    second = [*row, None, None, 30, None, None, 70, None, None, 100, None, None, 120]
    await run_import(db, parse(xlsx_bytes([first], headers), "台账.xlsx"))

    shown = await preview(db, parse(xlsx_bytes([second], headers), "台账.xlsx"))

    (change,) = shown.changed
    assert [f.field for f in change.fields] == ["plan"]
    text = preview_text(shown, head="ledger_preview_head", lang="zh")
    assert "序时计划 6月 60 → 70、9月 90 → 100" in text


async def test_a_lower_actual_is_a_decrease_refused_without_a_note(db: Db) -> None:
    await run_import(db, parse(csv_bytes([[*ROWS[0], "50", "2026-05-20"]], ACTUAL_HEADERS)), now=MAY_20)
    lower = parse(csv_bytes([[*ROWS[0], "30", "2026-06-01"]], ACTUAL_HEADERS), today=date(2026, 6, 2))

    shown = await preview(db, lower)
    assert shown.decreases == (Decrease("MS-01", "农村公路提质改造", "公里", 50.0, 30.0),)
    text = preview_text(shown, head="ledger_preview_head", lang="zh")
    assert "下调累计完成 1 个" in text and "• MS-01 农村公路提质改造：50 → 30公里" in text
    assert "文件说明栏写明下调原因" in text

    for note, allow in (("", True), ("复核后核减", False)):
        with pytest.raises(UserError) as refused:
            await apply(db, lower, note=note, allow=allow)
        assert refused.value.key == "ledger_decrease_refused"
    assert await latest_value(db, "MS-01") == 50.0 and len(await all_reports(db)) == 1

    summary = await apply(db, lower, note="复核后核减", allow=True)
    assert summary.reports_added == 1
    assert await latest_value(db, "MS-01") == 30.0
    assert (await all_reports(db))[-1].note == "台账导入：复核后核减"


async def test_an_earlier_dated_lower_value_is_no_decrease(db: Db, policy: Policy) -> None:
    """A 累计完成 dated before a higher report does not lower today's progress (as in chat)."""
    await run_import(db, parse(csv_bytes([[*ROWS[0], "50", "2026-05-20"]], ACTUAL_HEADERS)), now=MAY_20)
    older = parse(csv_bytes([[*ROWS[0], "30", "2026-04-30"]], ACTUAL_HEADERS), today=date(2026, 6, 2))
    shown = await preview(db, older)
    assert shown.decreases == () and shown.reports == 1


async def test_the_audit_log_keeps_each_changed_field_with_who_and_when(db: Db, policy: Policy) -> None:
    await run_import(db, parse(csv_bytes(ROWS)), now=MAY_20)
    await apply(db, parse(csv_bytes([with_target(ROWS[0], "130")]), today=date(2026, 6, 2)))

    async with db.sessions() as session:
        entries = (
            (await session.execute(select(AuditLog).where(AuditLog.action == "project.change")))
            .scalars()
            .all()
        )
    (entry,) = entries
    assert entry.target == "MS-01" and entry.actor == "tg:900" and entry.at == JUNE_2
    assert entry.detail["fields"] == {"target": [120.0, 130.0]}

    async with db.sessions() as session:
        view = await history(session, "MS-01", since=None, until=None, now=JUNE_2, policy=policy, tz=TZ)
    text = history_text(view, lang="zh", tz=TZ)
    assert "台账变更" in text and "• 2026-06-02 09:00 900：年度目标 120 → 130" in text


async def test_a_held_preview_is_not_applied_once_the_data_changed(db: Db) -> None:
    await run_import(db, parse(csv_bytes(ROWS)), now=MAY_20)
    file = parse(csv_bytes([with_target(ROWS[0], "130")]), today=date(2026, 6, 2))
    shown = await preview(db, file)
    await run_import(db, parse(csv_bytes([with_target(ROWS[0], "125")])), now=MAY_20)  # someone else

    summary = await apply(db, file, expect=shown.fingerprint)

    assert summary.stale and summary.created == summary.updated == []
    assert summary.preview.changed[0].fields == (FieldChange("target", 125.0, 130.0),)
    assert (await projects_by_code(db))["MS-01"][0].target == 125.0
    again = await apply(db, file, expect=summary.preview.fingerprint)  # the new preview, confirmed
    assert not again.stale and again.updated == ["MS-01"]
    assert (await projects_by_code(db))["MS-01"][0].target == 130.0


async def test_reports_of_the_import_are_counted_in_the_preview(db: Db) -> None:
    shown = await preview(db, parse(csv_bytes([[*ROWS[0], "35", "2026-04-30"]], ACTUAL_HEADERS)))
    assert shown.created == ("MS-01",) and shown.reports == 1
    assert "记录累计完成 1 条" in preview_text(shown, head=None, lang="zh")
    async with db.sessions() as session:
        assert (await session.execute(select(Report))).first() is None


async def test_the_export_lists_the_ledger_changes(db: Db, policy: Policy) -> None:
    await run_import(db, parse(csv_bytes(ROWS)), now=MAY_20)
    await apply(db, parse(csv_bytes([with_target(ROWS[0], "130")]), today=date(2026, 6, 2)))

    async with db.sessions.begin() as session:
        data = await workbook_data(session, parse_period("2026-06"), policy=policy, tz=TZ, now=JUNE_2)
    book = openpyxl.load_workbook(io.BytesIO(review_workbook(data, lang="zh", tz=TZ)))

    sheet = book["台账变更"]
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if any(row)]
    assert [row[1:4] for row in rows] == [("900", "MS-01", "年度目标 120 → 130")]
