"""An upload that would cost too much to read is refused politely before it is parsed (issue 10 item 7)."""

from __future__ import annotations

from tests.abuse.test_uploads import upload
from tests.e2e.admin_county import ask
from tests.e2e.conftest import Harness
from tests.e2e.test_admin import upload_and_confirm
from tests.ledger.test_limits import ledger_xlsx, sheet_xml, zipped


async def test_a_sparse_million_row_workbook_and_a_zip_bomb_are_refused_at_once(bot: Harness) -> None:
    admin = bot.admin
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>项目编号</t></is></c></row>'
    body += '<row r="1000000"><c r="G1000000"><v>1</v></c></row>'
    sparse = zipped({"xl/worksheets/sheet1.xml": sheet_xml(body)})
    answer = await upload(admin, sparse, "台账.xlsx")
    assert answer.startswith(
        "台账未导入：有一个工作表占用了 1000000 行 × 7 列，超过上限（最多 20000 行、200 列）"
    )
    assert "删除多余的行和列" in answer

    bomb = b"<sst>" + b"<si><t>a</t></si>" * 2_000_000 + b"</sst>"
    answer = await upload(admin, zipped({"xl/sharedStrings.xml": bomb}), "台账.xlsx")
    assert answer.startswith("台账未导入：这个 Excel 文件的内容解压后约 32 MB，超过 24 MB 的上限")

    (units,) = await ask(admin, "/units")
    assert "交通运输局" not in units  # nothing was imported

    # an ordinary ledger still goes through: previewed, then imported on 确认导入
    assert "台账导入成功" in await upload_and_confirm(admin, ledger_xlsx(rows=3), "台账.xlsx")
