"""Rectification reminders (SPEC §12, docs/rectification.md): contacts only before the plan deadline, the
unit head too after it; the county of tests/outbound/test_reminders.py (Jul–Aug: 应急管理局 MS-02 and
商科工信局 MS-06 are yellow and lag; published Thu Sep 10 09:00, PLAN_DUE_DAYS 7: deadline Sep 17 09:00)."""

from __future__ import annotations

from bot.outbound.rectify import decide_and_tell
from bot.services.rectify import fill_item
from handlers.markup import to_html
from storage.queries import ledger as ledger_q
from tests.conftest import TZ, Db, shanghai
from tests.outbound.test_reminders import (
    AUG,
    EM,
    EM_HEAD,
    LEADER,
    build_county,
    publish,
    queued,
    run,
    settings,
    to,
)


async def test_a_returned_item_reminds_the_contacts_and_after_the_deadline_the_head(db: Db) -> None:
    await build_county(db)
    await publish(db, AUG, shanghai(2026, 9, 10, 9, 0))
    assert (await run(db, shanghai(2026, 9, 14, 9, 0)))["plans"] == 0  # nothing late, returned or past due

    filled, returned = shanghai(2026, 9, 14, 10, 0), shanghai(2026, 9, 14, 11, 0)
    async with db.sessions.begin() as s:
        unit = await ledger_q.get_unit_by_name(s, "应急管理局")
        assert unit is not None and unit.id is not None
        config = settings()
        await fill_item(
            s,
            unit.id,
            user_id=EM,
            ref="MS-02",
            text="物资未到位；协调采购；王五；2026-10-30",
            policy=config.policy,
            tz=TZ,
            now=filled,
            due_days=7,
        )
        await decide_and_tell(
            s,
            item_id=None,
            code="ms-02",
            action="return",
            comment="措施不具体",
            user_id=LEADER,
            settings=config,
            now=returned,
        )
    told = await queued(db, "plan:returned:")
    assert to(told) == sorted([EM, EM_HEAD])  # the unit is told, head included

    assert (await run(db, shanghai(2026, 9, 15, 9, 0)))["plans"] == 1  # Tue, before the deadline
    assert to(await queued(db, "plan:remind:2026-09-15")) == [EM]
    assert (await run(db, shanghai(2026, 9, 18, 9, 0)))["plans"] == 2  # Fri, the deadline has passed
    rows = await queued(db, "plan:remind:2026-09-18")
    assert to(rows) == sorted([EM, EM_HEAD])
    text = to_html(next(r.text for r in rows if r.chat_id == EM))
    assert (
        text
        == "<b>整改提醒</b>：应急管理局，2026年7—8月讲评整改清单\n• 已退回待修改：MS-02（意见：措施不具体）\n请用 /plan 查看和修改。"
    )
    assert "Returned, to fix: MS-02" in next(r.text for r in rows if r.chat_id == EM_HEAD)  # reads English
    assert (await run(db, shanghai(2026, 9, 18, 15, 0)))["plans"] == 0  # once a day
