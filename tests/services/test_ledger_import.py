"""Importing a ledger (台账, SPEC §5) into the database: what a county's assessment office relies on.

Every test runs on SQLite and (with TEST_DATABASE_URL) on PostgreSQL through the `db` fixture.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from bot.domain.policy import Policy
from bot.domain.views_report import Stored
from bot.ledger.parse import ParsedLedger, parse_ledger
from bot.ledger.summary import ImportSummary
from bot.render.ledger import import_summary_text
from bot.services.ledger import import_ledger
from bot.services.reports import ReportRequest, submit_report
from storage.queries import ledger as ledger_q
from storage.queries import reports as reports_q
from storage.tables import AuditLog, Category, Project, Report, Unit
from tests.conftest import TZ, Db, shanghai

DEFAULT_GROUP = "县直部门"
HEADERS = ["项目编号", "项目名称", "牵头单位", "分组", "考核类别", "年度目标", "计量单位"]
HEADERS += ["开始日期", "完成时限", "权重"]
FAR_FUTURE = datetime(9000, 1, 1, tzinfo=UTC)

# A small county ledger: lower-case codes on purpose (codes are case-insensitive and stored upper-case).
ROWS: list[list[Any]] = [
    ["ms-01", "农村公路提质改造", "交通运输局", "县直部门", "民生实事", "120", "公里"]
    + ["2026-01-01", "2026-12-31", "2"],
    ["ms-02", "城乡公益性岗位开发", "人社局", "", "民生实事", "400", "个", "", "", ""],
    ["zd-01", "高标准农田建设", "城关镇", "乡镇", "重点项目", "3000", "万元"]
    + ["2026/3/1", "2026年11月30日", "1.5"],
]


def csv_bytes(rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(headers))
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def parse(data: bytes, name: str = "台账.csv", *, today: date = date(2026, 5, 20)) -> ParsedLedger:
    return parse_ledger(data, name, today=today)


async def run_import(db: Db, parsed: ParsedLedger, *, now: datetime | None = None) -> ImportSummary:
    async with db.sessions.begin() as session:
        return await import_ledger(
            session,
            parsed,
            actor="test:考核办",
            user_id=None,
            now=now or shanghai(2026, 5, 20, 10, 0),
            tz=TZ,
            default_group=DEFAULT_GROUP,
        )


async def counts(db: Db) -> dict[str, int]:
    async with db.sessions() as session:
        result = {}
        for table in (Unit, Category, Project, Report, AuditLog):
            query = select(func.count()).select_from(table)
            result[table.__name__] = int((await session.execute(query)).scalar_one())
        return result


async def projects_by_code(db: Db) -> dict[str, tuple[Project, Unit, Category]]:
    async with db.sessions() as session:
        rows = await session.execute(
            select(Project, Unit, Category)
            .join(Unit, Unit.id == Project.unit_id)  # type: ignore[arg-type]
            .join(Category, Category.id == Project.category_id)  # type: ignore[arg-type]
        )
        return {p.code: (p, u, c) for p, u, c in rows.all()}


def plan_of(project: Project) -> list[tuple[date, float]]:
    """A project's stored month-end plan points, in date order."""
    return sorted(project.plan_points)


async def all_reports(db: Db) -> list[Report]:
    async with db.sessions() as session:
        return list((await session.execute(select(Report).order_by(Report.id))).scalars().all())  # type: ignore[arg-type]


async def latest_value(db: Db, code: str) -> float | None:
    async with db.sessions() as session:
        project = await ledger_q.get_project_by_code(session, code)
        assert project is not None and project.id is not None
        latest = await reports_q.latest_values(session, before=FAR_FUTURE, project_ids=[project.id])
        return latest[project.id].value if project.id in latest else None


# ---------------------------------------------------------------------------------------------------------
# First import


async def test_first_import_creates_projects_units_and_categories_with_the_right_fields(db: Db) -> None:
    summary = await run_import(db, parse(csv_bytes(ROWS)))

    assert not summary.rejected
    assert summary.created == ["MS-01", "MS-02", "ZD-01"]
    assert summary.updated == [] and summary.unchanged == []
    assert summary.units_created == ["交通运输局", "人社局", "城关镇"]
    assert summary.categories_created == ["民生实事", "重点项目"]
    assert summary.reports_added == 0

    projects = await projects_by_code(db)
    assert set(projects) == {"MS-01", "MS-02", "ZD-01"}  # codes stored upper-case

    road, road_unit, road_category = projects["MS-01"]
    assert road.name == "农村公路提质改造"
    assert road.target == 120.0
    assert road.measure == "公里"
    assert (road.start, road.due) == (date(2026, 1, 1), date(2026, 12, 31))
    assert road.weight == 2.0
    assert road_unit.name == "交通运输局" and road_unit.group_name == "县直部门"
    assert road_category.name == "民生实事"

    jobs, jobs_unit, _ = projects["MS-02"]
    assert jobs.measure == "个"
    assert jobs.weight == 1.0  # default weight
    assert (jobs.start, jobs.due) == (date(2026, 1, 1), date(2026, 12, 31))  # the plan year of the import day
    assert jobs_unit.group_name == DEFAULT_GROUP  # 分组 left blank: the default group

    farm, farm_unit, farm_category = projects["ZD-01"]
    assert (farm.start, farm.due) == (date(2026, 3, 1), date(2026, 11, 30))  # 2026/3/1 and 2026年11月30日
    assert farm.weight == 1.5 and farm.target == 3000.0 and farm.measure == "万元"
    assert farm_unit.group_name == "乡镇"  # group from the 分组 column for a new unit
    assert farm_category.name == "重点项目"

    assert (await counts(db))["Report"] == 0  # no 累计完成 column: no reports
    text = import_summary_text(summary)
    assert "新增 3 个项目" in text and "城关镇" in text and "重点项目" in text


async def test_units_and_categories_are_reused_not_duplicated(db: Db) -> None:
    rows = [
        ["MS-01", "农村公路提质改造", "交通运输局", "县直部门", "民生实事", "120", "公里", "", "", ""],
        ["MS-02", "农村公路安全生命防护", "交通运输局", "县直部门", "民生实事", "50", "公里", "", "", ""],
    ]
    summary = await run_import(db, parse(csv_bytes(rows)))
    assert summary.units_created == ["交通运输局"]
    assert summary.categories_created == ["民生实事"]
    second = await run_import(db, parse(csv_bytes([[*rows[0][:4], "重点项目", *rows[0][5:]]])))
    assert second.units_created == []
    assert second.categories_created == ["重点项目"]
    c = await counts(db)
    assert (c["Unit"], c["Category"], c["Project"]) == (1, 2, 2)


async def test_xlsx_ledger_with_month_columns_becomes_plan_points(db: Db) -> None:
    headers = ["项目编号", "项目名称", "牵头单位", "考核类别", "年度目标", "计量单位", "开始日期", "完成时限"]
    headers += [f"{m}月" for m in range(1, 13)]
    plan = [None, None, 30, None, None, 60, None, None, 90, None, None, 120]
    rows = [["MS-01", "农村公路提质改造", "交通运输局", "民生实事", 120, "公里"]]
    rows[0] += [datetime(2026, 1, 1), datetime(2026, 12, 31), *plan]
    rows.append(["MS-02", "老旧小区改造", "住建局", "民生实事", 800, "户", None, None] + [None] * 12)

    summary = await run_import(db, parse(xlsx_bytes(rows, headers), "台账.xlsx"))
    assert summary.created == ["MS-01", "MS-02"]

    projects = await projects_by_code(db)
    road = projects["MS-01"][0]
    assert road.target == 120.0 and (road.start, road.due) == (date(2026, 1, 1), date(2026, 12, 31))
    assert plan_of(road) == [
        (date(2026, 3, 31), 30.0),
        (date(2026, 6, 30), 60.0),
        (date(2026, 9, 30), 90.0),
        (date(2026, 12, 31), 120.0),
    ]
    assert plan_of(projects["MS-02"][0]) == []  # no month columns: no plan points (the default curve)


# ---------------------------------------------------------------------------------------------------------
# Re-import


async def test_reimporting_the_same_file_changes_nothing(db: Db) -> None:
    data = csv_bytes(ROWS)
    await run_import(db, parse(data))
    before = await projects_by_code(db)
    counts_before = await counts(db)

    again = await run_import(db, parse(data, today=date(2026, 6, 1)), now=shanghai(2026, 6, 1, 9, 0))

    assert not again.rejected
    assert again.created == [] and again.updated == []
    assert again.unchanged == ["MS-01", "MS-02", "ZD-01"]
    assert again.units_created == [] and again.categories_created == []
    assert again.reports_added == 0
    after = await projects_by_code(db)
    for code, (project, _, _) in before.items():
        assert after[code][0].model_dump() == project.model_dump()  # not even updated_at moves
    counts_after = await counts(db)
    assert counts_after["Report"] == counts_before["Report"] == 0
    counts_after.pop("AuditLog"), counts_before.pop("AuditLog")  # each import is audited
    assert counts_after == counts_before
    assert "未变 3 个" in import_summary_text(again)


async def test_a_changed_target_is_updated_and_the_rest_unchanged(db: Db) -> None:
    await run_import(db, parse(csv_bytes(ROWS)))
    changed = [list(r) for r in ROWS]
    changed[0][5] = "150"  # MS-01: 120 → 150 公里
    changed[2][1] = "高标准农田建设（二期）"  # ZD-01 renamed
    summary = await run_import(db, parse(csv_bytes(changed)), now=shanghai(2026, 6, 1, 9, 0))

    assert summary.created == []
    assert summary.updated == ["MS-01", "ZD-01"]
    assert summary.unchanged == ["MS-02"]
    projects = await projects_by_code(db)
    assert projects["MS-01"][0].target == 150.0
    assert projects["ZD-01"][0].name == "高标准农田建设（二期）"
    assert projects["MS-01"][0].updated_at == shanghai(2026, 6, 1, 9, 0)
    assert projects["MS-02"][0].updated_at == shanghai(2026, 5, 20, 10, 0)
    assert (await counts(db))["Project"] == 3


async def test_reimport_matches_codes_case_insensitively(db: Db) -> None:
    await run_import(db, parse(csv_bytes(ROWS)))
    upper = [[str(r[0]).upper(), *r[1:]] for r in ROWS]
    summary = await run_import(db, parse(csv_bytes(upper)))
    assert summary.created == [] and summary.unchanged == ["MS-01", "MS-02", "ZD-01"]
    assert (await counts(db))["Project"] == 3


async def test_a_changed_plan_is_an_update_and_replaces_the_plan_points(db: Db) -> None:
    headers = ["code", "name", "unit", "category", "target", "m6", "m12"]
    first = [["MS-01", "农村公路提质改造", "交通运输局", "民生实事", "120", "50", "120"]]
    await run_import(db, parse(csv_bytes(first, headers)))
    second = [["MS-01", "农村公路提质改造", "交通运输局", "民生实事", "120", "70", ""]]
    summary = await run_import(db, parse(csv_bytes(second, headers)))
    assert summary.updated == ["MS-01"]
    assert plan_of((await projects_by_code(db))["MS-01"][0]) == [(date(2026, 6, 30), 70.0)]


# ---------------------------------------------------------------------------------------------------------
# 累计完成 / 更新日期: progress already achieved


ACTUAL_HEADERS = [*HEADERS, "累计完成", "更新日期"]


async def test_actual_column_becomes_one_import_report_dated_that_day(db: Db) -> None:
    rows = [
        [*ROWS[0], "35", "2026-04-30"],
        [*ROWS[1], "", ""],  # nothing achieved yet: no report
    ]
    summary = await run_import(db, parse(csv_bytes(rows, ACTUAL_HEADERS)))
    assert summary.reports_added == 1

    reports = await all_reports(db)
    assert len(reports) == 1
    report = reports[0]
    assert report.value == 35.0
    assert report.source == "import"
    assert report.kind == "report"
    assert report.reporter == "test:考核办"
    assert report.reported_at.astimezone(TZ).date() == date(2026, 4, 30)
    assert report.received_at == shanghai(2026, 5, 20, 10, 0)
    assert await latest_value(db, "MS-01") == 35.0

    again = await run_import(db, parse(csv_bytes(rows, ACTUAL_HEADERS)), now=shanghai(2026, 5, 21, 9, 0))
    assert again.reports_added == 0
    assert again.unchanged == ["MS-01", "MS-02"]
    assert [r.id for r in await all_reports(db)] == [report.id]


async def test_actual_without_as_of_is_dated_the_import_day(db: Db) -> None:
    rows = [[*ROWS[0], "12.5", ""]]
    await run_import(db, parse(csv_bytes(rows, ACTUAL_HEADERS)), now=shanghai(2026, 5, 20, 10, 0))
    (report,) = await all_reports(db)
    assert report.value == 12.5
    assert report.reported_at.astimezone(TZ).date() == date(2026, 5, 20)
    assert report.reported_at <= shanghai(2026, 5, 20, 10, 0)  # never in the future


async def test_reimport_never_changes_or_removes_existing_reports(db: Db, policy: Policy) -> None:
    rows = [[*ROWS[0], "35", "2026-04-30"], [*ROWS[1], "", ""]]
    await run_import(db, parse(csv_bytes(rows, ACTUAL_HEADERS)))
    async with db.sessions.begin() as session:
        outcome = await submit_report(
            session,
            ReportRequest(
                project_ref="MS-01",
                value_text="50",
                note="施工队伍已进场",
                reported_at=shanghai(2026, 5, 25, 16, 0),
                source="chat",
                source_key="tg:1:100",
                user_id=42,
                reporter="交通运输局联络员",
            ),
            now=shanghai(2026, 5, 25, 16, 0),
            policy=policy,
            tz=TZ,
        )
        assert isinstance(outcome, Stored)
    before = [r.model_dump() for r in await all_reports(db)]
    assert len(before) == 2

    # The office re-imports: once the same file, once with a new target and a different 累计完成 for MS-02.
    await run_import(db, parse(csv_bytes(rows, ACTUAL_HEADERS)), now=shanghai(2026, 6, 1, 9, 0))
    changed = [[*ROWS[0][:5], "150", *ROWS[0][6:], "35", "2026-04-30"], [*ROWS[1], "100", "2026-05-31"]]
    summary = await run_import(
        db, parse(csv_bytes(changed, ACTUAL_HEADERS), today=date(2026, 6, 2)), now=shanghai(2026, 6, 2, 9, 0)
    )
    assert summary.updated == ["MS-01"]
    assert summary.reports_added == 1  # only MS-02's new value

    after = [r.model_dump() for r in await all_reports(db)]
    assert after[: len(before)] == before  # every earlier report exactly as it was
    assert len(after) == 3
    assert after[2]["value"] == 100.0 and after[2]["source"] == "import"
    assert await latest_value(db, "MS-01") == 50.0  # the contact's report still stands


async def test_reimporting_an_undated_actual_later_does_not_push_progress_back(
    db: Db, policy: Policy
) -> None:
    """The office re-sends the same ledger (累计完成 35, no 更新日期) a week after a contact reported 50."""
    rows = [[*ROWS[0], "35", ""]]
    data = csv_bytes(rows, ACTUAL_HEADERS)
    await run_import(db, parse(data), now=shanghai(2026, 5, 20, 10, 0))
    async with db.sessions.begin() as session:
        await submit_report(
            session,
            ReportRequest(
                project_ref="MS-01", value_text="50", note="", reported_at=shanghai(2026, 5, 22, 9, 0)
            ),
            now=shanghai(2026, 5, 22, 9, 0),
            policy=policy,
            tz=TZ,
        )

    again = await run_import(db, parse(data, today=date(2026, 5, 27)), now=shanghai(2026, 5, 27, 10, 0))

    assert again.unchanged == ["MS-01"]
    assert again.reports_added == 0, "re-importing the same file must not add a report"
    assert len(await all_reports(db)) == 2
    assert await latest_value(db, "MS-01") == 50.0


# ---------------------------------------------------------------------------------------------------------
# All or nothing


async def test_a_file_with_two_bad_rows_changes_nothing_and_lists_both_rows(db: Db) -> None:
    await run_import(db, parse(csv_bytes(ROWS)))  # the county already has a ledger
    before = await counts(db)
    projects_before = {code: p.model_dump() for code, (p, _, _) in (await projects_by_code(db)).items()}

    rows = [
        [*ROWS[0][:5], "130", *ROWS[0][6:]],  # row 2: a good change (must not be applied)
        ["MS-09", "新项目", "新单位", "乡镇", "新类别", "abc", "个", "", "", ""],  # row 3: bad target
        ["MS-10", "另一个新项目", "新单位", "乡镇", "民生实事", "10", "个", "", "", ""],  # row 4: good, new
        ["MS-11", "", "人社局", "", "民生实事", "10", "个", "", "", ""],  # row 5: no name
    ]
    parsed = parse(csv_bytes(rows))
    summary = await run_import(db, parsed)

    assert summary.rejected
    assert sorted({e.row_number for e in summary.errors}) == [3, 5]
    assert summary.created == [] and summary.updated == [] and summary.reports_added == 0
    assert await counts(db) == before  # no unit, category, project, plan point, report or audit entry
    projects_after = {code: p.model_dump() for code, (p, _, _) in (await projects_by_code(db)).items()}
    assert projects_after == projects_before  # MS-01's target is still 120
    text = import_summary_text(summary)
    assert "未导入" in text
    assert "第 3 行" in text and "第 5 行" in text
    assert "abc" in text


async def test_duplicate_codes_in_one_file_are_rejected(db: Db) -> None:
    rows = [ROWS[0], ["ms-01", *ROWS[1][1:]]]
    summary = await run_import(db, parse(csv_bytes(rows)))
    assert summary.rejected
    assert [e.row_number for e in summary.errors] == [3]
    assert "第 2 行" in import_summary_text(summary)
    assert (await counts(db))["Project"] == 0


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("项目编号", "MS-" + "0" * 42),  # 45 characters, no spaces
        ("牵头单位", "县" + "乡村振兴和农业农村发展服务中心" * 8),  # 121 characters
        ("考核类别", "民生实事" * 20),  # 80 characters
        ("分组", "县直部门" * 12),  # 48 characters
    ],
    ids=["code-45", "unit-121", "category-80", "group-48"],
)
async def test_long_names_are_either_refused_with_the_row_or_stored_whole(
    db: Db, column: str, value: str
) -> None:
    """A cell the parser accepts must fit the database on every backend (else: a reason with the row)."""
    row = list(ROWS[0])
    row[HEADERS.index(column)] = value
    parsed = parse(csv_bytes([row]))
    if not parsed.ok:
        assert [e.row_number for e in parsed.errors] == [2]
        return
    summary = await run_import(db, parsed)
    assert not summary.rejected
    project, unit, category = next(iter((await projects_by_code(db)).values()))
    stored = {
        "项目编号": project.code,
        "牵头单位": unit.name,
        "考核类别": category.name,
        "分组": unit.group_name,
    }
    assert stored[column] == (value.upper() if column == "项目编号" else value)
