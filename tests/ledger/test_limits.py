"""Bounding an upload's work before it is parsed (issue 10 item 7): declared and read sizes of an .xlsx, CSV rows."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from bot.ledger.limits import MAX_COLUMNS, MAX_ROWS, UploadTooBig, check_upload


def ledger_xlsx(rows: int = 3, columns: int = 7) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["项目编号", "项目名称", "牵头单位", "考核类别", "年度目标", "计量单位", "备注"][:columns])
    for n in range(1, rows):
        sheet.append([f"MS-{n:04d}", "农村公路", "交通运输局", "民生实事", 120, "公里", "x"][:columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def sheet_xml(body: str, dimension: str | None = None) -> bytes:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{declared}<sheetData>{body}</sheetData></worksheet>"
    ).encode()


def refusal(data: bytes, name: str = "台账.xlsx") -> UploadTooBig:
    with pytest.raises(UploadTooBig) as raised:
        check_upload(data, name)
    return raised.value


def test_an_ordinary_ledger_passes() -> None:
    check_upload(ledger_xlsx(rows=5000), "台账.xlsx")
    check_upload("项目编号,项目名称\nMS-01,农村公路\n".encode("gbk"), "台账.csv")
    check_upload(b"not a zip at all", "台账.xlsx")  # the parser says what is wrong with it


def test_a_million_sparse_rows_are_refused_from_the_rows_read() -> None:
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>项目编号</t></is></c></row>'
    body += '<row r="1000000"><c r="A1000000"><v>1</v></c></row>'
    data = zipped({"xl/worksheets/sheet1.xml": sheet_xml(body)})
    assert len(data) < 2000
    refused = refusal(data)
    assert refused.key == "upload_too_many_cells" and refused.params["rows"] == 1_000_000


def test_a_declared_extent_is_believed_too() -> None:
    data = zipped({"xl/worksheets/sheet1.xml": sheet_xml("", dimension="A1:Z1048576")})
    assert refusal(data).params["rows"] == 1_048_576


def test_too_many_columns() -> None:
    body = '<row r="1"><c r="ZZZ1"><v>1</v></c></row>'
    refused = refusal(zipped({"xl/worksheets/sheet2.xml": sheet_xml(body)}))
    assert refused.params["columns"] == 18278 > MAX_COLUMNS


def test_a_row_number_cut_by_a_chunk_boundary_is_still_read() -> None:
    filler = "<!--" + "x" * ((1 << 20) - 40) + "-->"
    body = filler + '<row r="25000"><c r="A25000"><v>1</v></c></row>'
    assert refusal(zipped({"xl/worksheets/sheet1.xml": sheet_xml(body)})).params["rows"] == 25_000 > MAX_ROWS


def test_a_zip_bomb_in_the_shared_strings_is_refused_from_the_directory() -> None:
    bomb = b"<sst>" + b"<si><t>a</t></si>" * 2_000_000 + b"</sst>"  # 34 MB, ≈ 70 KB compressed
    data = zipped({"xl/sharedStrings.xml": bomb, "xl/worksheets/sheet1.xml": sheet_xml("")})
    assert len(data) < 200_000
    refused = refusal(data)
    assert refused.key == "upload_unpacked_too_big" and refused.params["size"] == 32


def test_a_csv_with_too_many_lines() -> None:
    data = "项目编号,项目名称\n".encode() + b"MS-01,x\n" * 30_000
    refused = refusal(data, "台账.csv")
    assert refused.key == "upload_too_many_rows" and refused.params["rows"] == 30_002
