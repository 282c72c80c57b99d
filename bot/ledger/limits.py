"""How much work an uploaded ledger may cost, checked before it is parsed (issue 10 item 7).

A ledger is a few thousand rows. A file that declares (or holds) far more — an .xlsx of a million sparse rows
is ≈250 KB compressed and cost an hour of CPU; a zip bomb in the shared strings, which openpyxl reads whole —
is refused here, from the zip's directory and one streaming pass over each sheet's XML, so the parser never
sees it. Pure (no Telegram, no database): the chat upload and `flagbot import` both call check_upload.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

MAX_FILE_BYTES = 10 * 1024 * 1024  # what Telegram sends us is checked before downloading, too
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # all parts of an .xlsx, decompressed, as its zip directory says
MAX_PART_BYTES = 24 * 1024 * 1024  # one part (a sheet's XML, the shared strings) decompressed
MAX_PARTS = 500
MAX_ROWS = 20_000  # rows of a sheet, header, notes and footers included (the parser keeps 5000 projects)
MAX_COLUMNS = 200
MAX_CELLS = 1_000_000  # rows × columns of one sheet's extent
MAX_CSV_ROWS = MAX_ROWS

_CHUNK = 1 << 20
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]{1,3}\d+:)?([A-Z]{1,3})(\d+)"')
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d+)"')
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]{1,3})\d+"')


@dataclass
class UploadTooBig(Exception):
    """The file would cost too much to read: `key` is its catalogue sentence, `params` fill it in."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.key} {self.params}"


def check_upload(data: bytes, filename: str) -> None:
    """Raise UploadTooBig when reading this file would cost more than any ledger needs; else nothing.

    What is not a zip or not a CSV is left to the parser, which says what the file is."""
    if len(data) > MAX_FILE_BYTES:
        raise UploadTooBig(
            "ledger_too_big", {"size": f"{len(data) / 1024 / 1024:.1f}", "limit": MAX_FILE_BYTES >> 20}
        )
    extension = os.path.splitext(filename or "")[1].lower()
    if extension == ".csv":
        rows = data.count(b"\n") + 1
        if rows > MAX_CSV_ROWS:
            raise UploadTooBig("upload_too_many_rows", {"rows": rows, "limit": MAX_CSV_ROWS})
    elif extension == ".xlsx":
        _check_xlsx(data)


def _check_xlsx(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return  # not an Excel file at all: the parser's refusal says so
    with archive:
        parts = archive.infolist()
        unpacked = sum(part.file_size for part in parts)
        biggest = max((part.file_size for part in parts), default=0)
        # zipfile never inflates a part beyond its declared size, so these bound what openpyxl reads
        over = None
        if unpacked > MAX_UNPACKED_BYTES or len(parts) > MAX_PARTS:
            over = (unpacked, MAX_UNPACKED_BYTES)
        elif biggest > MAX_PART_BYTES:
            over = (biggest, MAX_PART_BYTES)
        if over is not None:
            raise UploadTooBig("upload_unpacked_too_big", {"size": over[0] >> 20, "limit": over[1] >> 20})
        for part in parts:
            if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                rows, columns = _extent(archive, part)
                if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
                    raise UploadTooBig(
                        "upload_too_many_cells",
                        {"rows": rows, "columns": columns, "max_rows": MAX_ROWS, "max_columns": MAX_COLUMNS},
                    )


def _extent(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> tuple[int, int]:
    """(rows, columns) a sheet spans: the larger of what it declares and what its cells say, read in chunks."""
    rows = columns = 0
    tail = b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                text = tail + chunk
                for match in _DIMENSION.finditer(text):
                    columns = max(columns, _column_number(match.group(1)))
                    rows = max(rows, int(match.group(2)))
                for match in _ROW.finditer(text):
                    rows = max(rows, int(match.group(1)))
                for match in _CELL.finditer(text):
                    columns = max(columns, _column_number(match.group(1)))
                tail = text[-256:]  # a tag cut by the chunk boundary is read whole next time
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return rows, columns  # a damaged part: the parser's refusal says so
    return rows, columns


def _column_number(letters: bytes) -> int:
    """b'A' → 1, b'Z' → 26, b'AA' → 27."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number
