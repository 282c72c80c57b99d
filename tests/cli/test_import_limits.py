"""`flagbot import` refuses a file that would cost too much to read, before parsing it (issue 10 item 7)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import BEFORE_DEADLINE, Shell, shell
from tests.ledger.test_limits import sheet_xml, zipped

__all__ = ["shell"]


def test_a_sparse_million_row_workbook_is_refused_from_the_shell(shell: Shell, tmp_path: Path) -> None:
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>项目编号</t></is></c></row><row r="1000000"/>'
    path = tmp_path / "台账.xlsx"
    path.write_bytes(zipped({"xl/worksheets/sheet1.xml": sheet_xml(body)}))
    result = shell.at(BEFORE_DEADLINE, "import", str(path))
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("台账未导入：有一个工作表占用了 1000000 行 × 1 列")
    assert shell.count("project") == 0
