"""Text written into tables people open in a spreadsheet: one escape for every xlsx and csv writer.

A cell that starts with = + - @ tab or CR can be run as a formula by Excel or LibreOffice (csv included:
`=HYPERLINK(...)`, `@cmd`). Every writer puts an apostrophe before such text (`escape_text`); readers of
our own templates take it off again (`unescape_text`). `csv_bytes(rows)` is the one csv writer for
downloads (utf-8 with BOM so Excel reads the accents, every text cell escaped); `csv_writer(handle)` the
same for a file being written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_text(value: str) -> str:
    """Prefix an apostrophe to text that a spreadsheet could run as a formula (= + - @ tab CR)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unescape_text(value: str) -> str:
    """Undo the apostrophe our writers put before text that would start a formula."""
    if value.startswith("'") and value[1:2] and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def escape_row(row: Iterable[Any]) -> list[Any]:
    """The row with every text cell escaped; numbers, dates and None pass as they are."""
    return [escape_text(cell) if isinstance(cell, str) else cell for cell in row]


class _SafeWriter:
    """A csv writer whose every text cell is escaped."""

    def __init__(self, handle: TextIO) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow(escape_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: TextIO) -> _SafeWriter:
    """A csv writer on `handle` that escapes every text cell like our xlsx writers do."""
    return _SafeWriter(handle)


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    """`rows` as a csv download: utf-8 with BOM, every text cell escaped."""
    buffer = io.StringIO()
    csv_writer(buffer).writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
