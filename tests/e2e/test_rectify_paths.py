"""Items close by themselves (销号) whatever brings the project to 序时 (SPEC §12): not only a report in chat
but `flagbot report` from the shell and a ledger's 累计完成 imported with `flagbot import` — the same way,
with the same message queued to the unit's contacts and head. On SQLite and PostgreSQL.

The county of tests/e2e/test_rectify.py: target 120 over 2026, so the plan expects 100 at Oct 31 and
100 + 20 × 20/61 ≈ 106.6 at Nov 20; 交通运输局 (MS-03 at 60, MS-04 at 50) is yellow in 民生实事 at the
Sep–Oct review published Nov 10, which opens one item for each of its two lagging projects.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from bot.cli.commands import main
from bot.domain.periods import Period
from bot.outbound.publication import publish_now
from bot.settings import Settings
from storage.tables import Outbox, Project, RectificationItem
from tests.cli.test_cli import clean_environment
from tests.conftest import Db, shanghai
from tests.e2e.conftest import Harness
from tests.e2e.test_admin import upload_and_confirm
from tests.e2e.test_rectify import CONTACT, HEAD, OTHER, PUBLISHED, build_county, published
from tests.e2e.test_rectify import told as told_in_chat

NOV_20 = shanghai(2026, 11, 20, 10, 0)
CLOSED_MS03 = "MS-03 农村公路 已达到序时进度，交通运输局整改清单中该项已自动销号。"
CLOSED_MS04 = "MS-04 客运站 已达到序时进度，交通运输局整改清单中该项已自动销号。"


@pytest.fixture
def shell_env(db: Db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`flagbot` on the test's database, with no setting from the developer's environment."""
    clean_environment(monkeypatch)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db.url)
    return tmp_path


async def flagbot(*args: str) -> int:
    def run() -> int:
        with time_machine.travel(NOV_20, tick=False):
            return main(list(args))

    return await asyncio.to_thread(run)


async def county_with_open_items(db: Db) -> None:
    await build_county(db)
    settings = Settings(_env_file=None, database_url=db.url, timezone="Asia/Shanghai")  # type: ignore[call-arg]
    await publish_now(db.sessions, Period(2026, 10), settings=settings, now=PUBLISHED, actor="test")
    assert await states(db) == {"MS-03": "open", "MS-04": "open"}


async def states(db: Db) -> dict[str, str]:
    async with db.sessions() as s:
        rows = (await s.execute(select(Project.code, RectificationItem.state).join(Project))).all()
    return {code: state for code, state in rows}


async def told(db: Db, user_id: int) -> list[str]:
    async with db.sessions() as s:
        rows = (await s.execute(select(Outbox).where(Outbox.chat_id == user_id))).scalars().all()
    return [r.text for r in rows if "自动销号" in r.text]


async def test_a_shell_report_at_schedule_closes_the_item_and_tells_the_unit(db: Db, shell_env: Path) -> None:
    await county_with_open_items(db)
    assert await flagbot("report", "MS-04", "80") == 0  # still behind (80 < 106.6 × 95%): nothing closes
    assert await states(db) == {"MS-03": "open", "MS-04": "open"}
    assert await told(db, CONTACT) == []

    assert await flagbot("report", "MS-03", "102") == 0  # 102 ÷ 106.6 = 95.7%: at 序时 within the tolerance
    assert await states(db) == {"MS-03": "closed", "MS-04": "open"}
    assert await told(db, CONTACT) == [CLOSED_MS03]
    assert await told(db, HEAD) == [CLOSED_MS03]
    assert await told(db, OTHER) == []  # another unit hears nothing
    async with db.sessions() as s:
        from storage.queries import reviews as reviews_q

        actions = [(a.action, a.actor) for a in await reviews_q.list_audit(s) if a.action.startswith("plan.")]
    assert actions == [("plan.auto_close", "bot")]

    assert await flagbot("report", "MS-03", "105") == 0  # a later report: the item is closed once
    assert await told(db, CONTACT) == [CLOSED_MS03]


async def test_a_ledgers_actual_at_schedule_closes_the_item_and_tells_the_unit(
    db: Db, shell_env: Path
) -> None:
    await county_with_open_items(db)
    ledger = shell_env / "台账.csv"
    ledger.write_text(
        "项目编号,项目名称,牵头单位,分组,考核类别,年度目标,计量单位,开始日期,完成时限,累计完成\n"
        "MS-03,农村公路,交通运输局,县直部门,民生实事,120,个,2026-01-01,2026-12-31,70\n"
        "MS-04,客运站,交通运输局,县直部门,民生实事,120,个,2026-01-01,2026-12-31,110\n",
        encoding="utf-8",
    )
    assert await flagbot("import", str(ledger)) == 0
    # MS-04 at 110 is ahead of 106.6: closed; MS-03 at 70 is still behind: open
    assert await states(db) == {"MS-03": "open", "MS-04": "closed"}
    assert await told(db, CONTACT) == [CLOSED_MS04]
    assert await told(db, HEAD) == [CLOSED_MS04]


async def test_a_ledger_confirmed_in_chat_closes_the_item_and_the_unit_hears_it(bot: Harness) -> None:
    await build_county(bot.db)
    await published(bot)  # the contact is told of the yellow flag
    bot.at(NOV_20)
    ledger = (
        "项目编号,项目名称,牵头单位,分组,考核类别,年度目标,计量单位,开始日期,完成时限,累计完成\n"
        "MS-03,农村公路,交通运输局,县直部门,民生实事,120,个,2026-01-01,2026-12-31,104\n"
    )
    answer = await upload_and_confirm(bot.admin, ledger.encode(), "台账.csv")
    assert "台账导入成功：新增 0 个项目，更新 0 个，未变 1 个；记录完成情况 1 条。" in answer
    # 104 ÷ 106.6 = 97.6 %: at 序时; the contact hears it from the bot by itself
    note = await told_in_chat(bot, CONTACT, "自动销号")
    assert note == CLOSED_MS03
    assert await states(bot.db) == {"MS-03": "closed", "MS-04": "open"}
    assert await told(bot.db, HEAD) == [CLOSED_MS03]
