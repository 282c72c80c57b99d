"""`flagbot import FILE` (SPEC §5.1): applies unattended and prints each change; --dry-run only shows it;
a lower 累计完成 needs --allow-decrease and --note. Expectations written by hand from the files below."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_cli import BEFORE_DEADLINE, HAND_MADE_LEDGER, Shell, clean_environment

WITH_ACTUAL = (
    "项目编号,项目名称,牵头单位,分组,考核类别,年度目标,计量单位,累计完成,更新日期\n"
    "HM-01,甲局公益岗位,甲局,县直部门,民生实事,120,个,80,2026-10-20\n"
)


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Shell:
    """An empty county in a SQLite file (as test_cli's `shell`)."""
    clean_environment(monkeypatch)
    monkeypatch.chdir(tmp_path)
    database = tmp_path / "flagbot.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    return Shell(folder=tmp_path, database=database, capsys=capsys)


def target(shell: Shell, code: str) -> float:
    with sqlite3.connect(shell.database) as connection:
        return float(connection.execute("SELECT target FROM project WHERE code = ?", (code,)).fetchone()[0])


def report_values(shell: Shell) -> list[tuple[float, str]]:
    with sqlite3.connect(shell.database) as connection:
        return [(float(v), n) for v, n in connection.execute("SELECT value, note FROM report ORDER BY id")]


def test_dry_run_shows_the_change_and_the_import_applies_and_prints_it(county: Shell) -> None:
    shell = county
    assert shell.at(BEFORE_DEADLINE, "import", str(shell.write("台账.csv", HAND_MADE_LEDGER))).code == 0
    changed = shell.write(
        "台账2.csv", HAND_MADE_LEDGER.replace("甲局,县直部门,民生实事,120", "甲局,县直部门,民生实事,130")
    )

    dry = shell.at(BEFORE_DEADLINE, "import", "--dry-run", str(changed))
    assert dry.code == 0, dry.err
    assert "台账导入预览（试运行，未导入）" in dry.out
    assert "• HM-01 甲局公益岗位：年度目标 120 → 130" in dry.out and "未变项目 3 个" in dry.out
    assert target(shell, "HM-01") == 120.0

    done = shell.at(BEFORE_DEADLINE, "import", str(changed))
    assert done.code == 0, done.err
    assert "台账已导入" in done.out and "• HM-01 甲局公益岗位：年度目标 120 → 130" in done.out
    assert "新增 0 个项目，更新 1 个，未变 3 个" in done.out
    assert target(shell, "HM-01") == 130.0
    with sqlite3.connect(shell.database) as connection:
        (detail,) = connection.execute(
            "SELECT detail FROM auditlog WHERE action = 'project.change' AND target = 'HM-01'"
        ).fetchone()
    assert '"target": [120.0, 130.0]' in detail


def test_a_lower_actual_is_refused_without_allow_decrease_and_a_note(county: Shell) -> None:
    shell = county
    assert shell.at(BEFORE_DEADLINE, "import", str(shell.write("a.csv", WITH_ACTUAL))).code == 0
    lower = shell.write("b.csv", WITH_ACTUAL.replace("80,2026-10-20", "60,2026-10-25"))

    for extra in ([], ["--allow-decrease"], ["--note", "复核核减"]):
        refused = shell.at(BEFORE_DEADLINE, "import", *extra, str(lower))
        assert refused.code == 1, extra
        assert "• HM-01 甲局公益岗位：80 → 60个" in refused.out
        assert "台账未导入：将下调 1 个项目的累计完成" in refused.err and "--allow-decrease" in refused.err
    assert report_values(shell) == [(80.0, "台账导入")]

    allowed = shell.at(BEFORE_DEADLINE, "import", "--allow-decrease", "--note", "复核核减", str(lower))
    assert allowed.code == 0, allowed.err
    assert "下调原因：复核核减" in allowed.out
    assert report_values(shell) == [(80.0, "台账导入"), (60.0, "台账导入：复核核减")]
