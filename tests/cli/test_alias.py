"""`flagbot alias` (docs/ledgers.md "Units"): the same aliases as /alias, from the shell."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import BEFORE_DEADLINE, Shell, clean_environment

LEDGER = "项目编号,项目名称,牵头单位,考核类别,年度目标\nMS-01,农村公路,县交通运输局,民生实事,120\n"
LATER = "项目编号,项目名称,牵头单位,考核类别,年度目标\nMS-02,客运站,交通局,民生实事,1\nMS-03,集镇污水,李庄乡人民政府,民生实事,1\n"


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Shell:
    clean_environment(monkeypatch)
    monkeypatch.chdir(tmp_path)
    database = tmp_path / "flagbot.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    shell = Shell(folder=tmp_path, database=database, capsys=capsys)
    assert shell.at(BEFORE_DEADLINE, "import", str(shell.write("a.csv", LEDGER))).code == 0
    return shell


def test_alias_add_list_import_and_remove(county: Shell) -> None:
    empty = county.at(BEFORE_DEADLINE, "alias")
    assert empty.code == 0 and empty.out.startswith("还没有单位别名")

    added = county.at(BEFORE_DEADLINE, "alias", "add", "交通局", "县交通运输局")
    assert (added.code, added.out) == (
        0,
        "已添加别名：交通局 → 县交通运输局。今后台账中的“交通局”都计入县交通运输局。\n",
    )

    imported = county.at(BEFORE_DEADLINE, "import", str(county.write("b.csv", LATER)))
    assert "按别名或简称归并的单位：交通局 → 县交通运输局" in imported.out
    assert "新增单位：李庄乡人民政府" in imported.out
    assert county.count("unit") == 2  # 县交通运输局 and the township, no 交通局

    listed = county.at(BEFORE_DEADLINE, "alias")
    assert listed.out == "单位别名（共 1 个）：\n• 交通局 → 县交通运输局\n"

    unknown = county.at(BEFORE_DEADLINE, "alias", "add", "水利", "县水利局")
    assert unknown.code == 1 and unknown.err.startswith("没有找到单位“县水利局”")

    removed = county.at(BEFORE_DEADLINE, "alias", "remove", "交通局")
    assert removed.out == "已删除别名：交通局（原指向 县交通运输局）。\n"
    assert county.count("unit_alias") == 0
