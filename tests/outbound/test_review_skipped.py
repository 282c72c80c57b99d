"""A due review the schedule does not publish is never skipped in silence (issue 10 item 7): the admins are
told once why, and how to publish it by hand."""

from __future__ import annotations

from storage.tables import Person
from tests.conftest import Db, shanghai
from tests.factories import CREATED, add_project
from tests.outbound.test_reminders import ADMIN, build_county, queued, review_check

EN_ADMIN = 900002


async def test_a_ledger_imported_after_the_deadline_is_told_to_the_admins_once(db: Db) -> None:
    async with db.sessions.begin() as s:  # imported after the Sep–Oct deadline (Nov 5)
        project = await add_project(s, "MS-01", unit="人社局")
        project.created_at = shanghai(2026, 11, 8, 10, 0)
        s.add(
            Person(
                user_id=EN_ADMIN,
                name="Eve",
                is_admin=True,
                language="en",
                created_at=CREATED,
                updated_at=CREATED,
            )
        )
    for day in (10, 11, 12):  # the daily check finds it each day
        await review_check(db, shanghai(2026, 11, day, 9, 0))
    rows = await queued(db, "review-skipped:2026-10")
    assert sorted(r.chat_id for r in rows) == [ADMIN, EN_ADMIN]
    zh = next(r.text for r in rows if r.chat_id == ADMIN)
    assert zh.startswith("⚠️ 2026年9—10月讲评未自动发布：项目台账是在该期报送截止之后才导入的")
    assert "/review 2026-10" in zh and "/review 发布 2026-10" in zh
    en = next(r.text for r in rows if r.chat_id == EN_ADMIN)
    assert "imported after that period's submission deadline" in en and "/review publish 2026-10" in en


async def test_a_review_more_than_a_week_overdue_is_told_to_the_admins_once(db: Db) -> None:
    await build_county(db)
    await review_check(db, shanghai(2026, 11, 17, 9, 0))  # Sep–Oct, 7 days late: published
    assert await queued(db, "review-skipped:2026-10") == []
    for day in (19, 20):  # Nov–Dec was due on Mon Jan 11, 2027
        await review_check(db, shanghai(2027, 1, day, 9, 0))
    (row,) = await queued(db, "review-skipped:2026-12")
    assert row.chat_id == ADMIN and "原定讲评时间已过去一周以上" in row.text
    assert "/review 发布 2026-12" in row.text


async def test_without_any_ledger_nothing_was_skipped_and_nothing_is_said(db: Db) -> None:
    await review_check(db, shanghai(2026, 11, 10, 9, 0))
    assert await queued(db, "review-skipped") == []
