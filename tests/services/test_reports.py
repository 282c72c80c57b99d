"""Recording reports: what is stored, what is refused and why, what needs a confirmation (SPEC §4, §9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.domain.compliance import Status
from bot.domain.policy import Policy
from bot.domain.views_report import NeedsConfirmation, Stored
from bot.services.errors import UserError
from bot.services.reports import ReportRequest, submit_report, withdraw_last_report
from storage.queries.reports import latest_values
from storage.report_path import report_link
from storage.tables import Report
from tests.conftest import TZ, Db, shanghai
from tests.factories import add_project, report

NOW = shanghai(2026, 10, 31, 12, 0)  # expected of a 120-a-year project: 10 a month → 100 at Oct 31


@dataclass
class County(Db):
    """The test county, and which way submit() stores: on a session, or on the driver as chat reports do."""

    via: str = "session"


async def submit(
    db: Db,
    ref: str,
    value: str,
    *,
    note: str = "",
    key: str | None = None,
    unit_id=None,
    confirmed=False,
    at=NOW,
):  # type: ignore[no-untyped-def]
    request = ReportRequest(
        project_ref=ref,
        value_text=value,
        note=note,
        reported_at=at,
        source_key=key,
        unit_id=unit_id,
        confirmed=confirmed,
        user_id=7,
    )
    if getattr(db, "via", "session") == "driver":  # the chat report's way (storage/report_path.py)
        async with report_link(db.engine) as link:
            return await submit_report(link, request, now=at, policy=Policy(), tz=TZ)
    async with db.sessions.begin() as s:
        return await submit_report(s, request, now=at, policy=Policy(), tz=TZ)


async def count_reports(db: Db) -> int:
    async with db.sessions.begin() as s:
        return (await s.execute(select(func.count()).select_from(Report))).scalar_one()


@pytest.fixture(params=["session", "driver"])
async def county(db: Db, request: pytest.FixtureRequest) -> Db:
    async with db.sessions.begin() as s:
        await add_project(s, "MS-01", unit="交通运输局", name="农村公路提质改造")
        await add_project(s, "MS-02", unit="人社局", name="城乡公益性岗位开发")
        await add_project(s, "MS-03", unit="人社局", name="城乡公益性岗位培训")
    return County(engine=db.engine, sessions=db.sessions, url=db.url, via=request.param)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("60", 60.0),
        ("60%", 72.0),
        ("６０％", 72.0),
        ("1,00", None),
        ("100", 100.0),
        ("33.5", 33.5),
        ("０", 0.0),
    ],
)
async def test_values_as_typed(county: Db, typed: str, stored: float | None) -> None:
    if stored is None:
        with pytest.raises(UserError) as error:
            await submit(county, "MS-01", typed)
        assert error.value.key == "value_not_number"
        return
    outcome = await submit(county, "ms-01", typed)
    assert isinstance(outcome, Stored)
    assert outcome.report.value == stored


async def test_reply_facts_change_expected_and_status(county: Db) -> None:
    async with county.sessions.begin() as s:
        await report(s, "MS-01", 50, shanghai(2026, 9, 1, 9, 0))
    outcome = await submit(county, "MS-01", "90", note="路基完成")
    assert isinstance(outcome, Stored)
    assert outcome.previous == 50
    state = outcome.live.state
    assert state.expected == 100  # Oct 31 (any hour) expects 10/12 of 120
    assert state.actual == 90 and state.status is Status.LAGGING  # 0.9 < 0.95
    assert outcome.report.note == "路基完成"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("abc", "value_not_number"),
        ("abc%", "value_not_number"),
        ("-5", "value_negative"),
        ("", "value_not_number"),
    ],
)
async def test_bad_values_are_refused_with_a_reason(county: Db, typed: str, key: str) -> None:
    with pytest.raises(UserError) as error:
        await submit(county, "MS-01", typed)
    assert error.value.key == key
    assert await count_reports(county) == 0


async def test_project_by_name_part_and_ambiguity(county: Db) -> None:
    outcome = await submit(county, "农村公路", "10")
    assert isinstance(outcome, Stored) and outcome.live.project.code == "MS-01"
    with pytest.raises(UserError) as error:
        await submit(county, "公益性岗位", "10")
    assert error.value.key == "project_ambiguous"
    assert len(error.value.params["choices"]) == 2
    with pytest.raises(UserError) as missing:
        await submit(county, "MS-99", "10")
    assert missing.value.key == "project_not_found"


async def test_contact_cannot_report_for_another_unit(county: Db) -> None:
    async with county.sessions.begin() as s:
        project = (await s.execute(select(Report.project_id).limit(1))).first()
        from storage.queries.ledger import get_project_by_code

        own = await get_project_by_code(s, "MS-02")
    assert project is None and own is not None
    with pytest.raises(UserError) as error:
        await submit(county, "MS-01", "10", unit_id=own.unit_id)
    assert error.value.key == "project_other_unit"
    assert isinstance(await submit(county, "MS-02", "10", unit_id=own.unit_id), Stored)


async def test_decrease_and_overshoot_need_confirmation_and_a_note(county: Db) -> None:
    async with county.sessions.begin() as s:
        await report(s, "MS-01", 50, shanghai(2026, 10, 1, 9, 0))
    asked = await submit(county, "MS-01", "40")
    assert isinstance(asked, NeedsConfirmation) and (asked.reason, asked.previous, asked.value) == (
        "decrease",
        50,
        40,
    )
    over = await submit(county, "MS-01", "120%")
    assert isinstance(over, NeedsConfirmation) and over.reason == "above_target" and over.value == 144
    assert await count_reports(county) == 1
    with pytest.raises(UserError) as no_note:
        await submit(county, "MS-01", "40", confirmed=True)
    assert no_note.value.key == "note_required"
    assert isinstance(await submit(county, "MS-01", "40", confirmed=True, note="核减重复统计"), Stored)
    assert await count_reports(county) == 2


async def test_same_message_is_never_stored_twice(county: Db) -> None:
    first = await submit(county, "MS-01", "30", key="tg:101:55")
    again = await submit(county, "MS-01", "30", key="tg:101:55")
    assert isinstance(first, Stored) and isinstance(again, Stored)
    assert (first.duplicate, again.duplicate) == (False, True)
    assert again.report.id == first.report.id
    assert await count_reports(county) == 1


async def test_note_length_is_limited(county: Db) -> None:
    with pytest.raises(UserError) as error:
        await submit(county, "MS-01", "30", note="很" * 5000)
    assert error.value.key == "note_too_long"
    assert await count_reports(county) == 0


async def test_undo_within_30_minutes_withdraws_without_deleting(county: Db) -> None:
    await submit(county, "MS-01", "30", at=NOW)
    await submit(county, "MS-01", "45", at=NOW + timedelta(minutes=1))
    async with county.sessions.begin() as s:
        withdrawn, live = await withdraw_last_report(
            s, user_id=7, now=NOW + timedelta(minutes=20), policy=Policy(), tz=TZ
        )
    assert withdrawn.value == 45 and live.state.actual == 30
    assert await count_reports(county) == 3  # two reports and the withdrawal record
    async with county.sessions.begin() as s:
        latest = await latest_values(s, before=NOW + timedelta(days=1))
    assert [v.value for v in latest.values()] == [30]
    async with county.sessions.begin() as s:
        with pytest.raises(UserError) as late:
            await withdraw_last_report(s, user_id=7, now=NOW + timedelta(minutes=31), policy=Policy(), tz=TZ)
    assert late.value.key == "undo_too_late"
    async with county.sessions.begin() as s:
        with pytest.raises(UserError) as nothing:
            await withdraw_last_report(s, user_id=8, now=NOW, policy=Policy(), tz=TZ)
    assert nothing.value.key == "undo_nothing"
