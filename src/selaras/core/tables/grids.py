"""Every sheet of a csv, xlsx, xls or ods file as a grid of cell values (python-calamine for the spreadsheets,
charset-normalizer and the csv module for text), behind the guard."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from selaras.core.i18n import Msg, Text
from selaras.core.tables.explain import NOT_TEXT, explain
from selaras.core.tables.formats import column_number, ods_layout, xlsx_layout
from selaras.core.tables.guard import MAX_CELLS, FileLimits, check_table_bytes, table_kind

Cell = str | int | float | bool | date | datetime | time | timedelta | None

UNREADABLE = Msg(
    id="Berkas '{name}' tidak dapat dibaca sebagai {kind}: berkas rusak atau bukan {kind}. Buka di Excel atau "
    "LibreOffice lalu simpan ulang.",
    en="File '{name}' cannot be read as {kind}: it is damaged or not {kind}. Open it in Excel or LibreOffice "
    "and save it again.",
)
PASSWORD = Msg(
    id="Berkas '{name}' dilindungi kata sandi; simpan ulang tanpa kata sandi.",
    en="File '{name}' is password-protected; save it again without a password.",
)
NO_SHEETS = Msg(id="Berkas '{name}' tidak berisi lembar kerja.", en="File '{name}' holds no worksheet.")
TOO_MANY_CELLS = Msg(
    id="Berkas '{name}' terlalu besar: lembar '{sheet}' berisi {rows} baris x {columns} kolom.",
    en="File '{name}' is too large: sheet '{sheet}' holds {rows} rows x {columns} columns.",
)
TOO_MANY_ROWS = Msg(
    id="Berkas '{name}', lembar '{sheet}': baris {row} melewati batas {limit} baris berisi per impor; bagi "
    "menjadi beberapa berkas.",
    en="File '{name}', sheet '{sheet}': row {row} goes past the limit of {limit} rows with content per import; "
    "split it into several files.",
)

CSV_DELIMITERS = (",", ";", "\t", "|")


class TableError(ValueError):
    """A file that cannot be read as a table; `text` says why in Indonesian and English."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.render("en"))
        self.text = text

    def render(self, lang: str = "id") -> str:
        return self.text.render(lang)


@dataclass(frozen=True)
class Merged:
    """A merged range, 1-based and inclusive: rows `first_row..last_row`, columns `first_col..last_col`."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int

    def __contains__(self, cell: tuple[int, int]) -> bool:
        row, col = cell
        return self.first_row <= row <= self.last_row and self.first_col <= col <= self.last_col


@dataclass
class Grid:
    """One sheet: `rows[i]` is sheet row i + 1 and `rows[i][j]` column j + 1 (None when empty; every row as long
    as the widest). Merged cells hold their anchor's value (`merged` keeps the ranges). Numbers that are whole
    come as int, others as float; text is stripped of surrounding spaces. For xlsx, read from the file beside
    the values: `formulas` ((row, col) -> "=SUM(1,2)"; the value is the cached result, often None),
    `hidden_rows` and `hidden_columns` (1-based; rows hidden by hand or by a filter)."""

    name: str
    index: int
    rows: list[list[Cell]]
    merged: list[Merged] = field(default_factory=list)
    hidden: bool = False
    kind: str = "xlsx"  # "xlsx", "xls", "ods" or "csv": what the file was
    percent: set[tuple[int, int]] = field(default_factory=set)  # (row, col) of numbers formatted as %
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # xlsx: (row, col) -> its formula
    hidden_rows: set[int] = field(default_factory=set)  # xlsx
    hidden_columns: set[int] = field(default_factory=set)  # xlsx

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def row(self, number: int) -> list[Cell]:
        """Sheet row `number` (1-based); an empty list past the end."""
        return self.rows[number - 1] if 1 <= number <= len(self.rows) else []

    def cell(self, row: int, col: int) -> Cell:
        """The value at 1-based (row, col); None outside the grid."""
        values = self.row(row)
        return values[col - 1] if 1 <= col <= len(values) else None

    def merge_at(self, row: int, col: int) -> Merged | None:
        return next((m for m in self.merged if (row, col) in m), None)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """The 0-based index of a column's letters: A -> 0, AA -> 26 (the inverse of `column_letter`)."""
    return column_number(letters.upper()) - 1


def _clean(values: list[Any]) -> list[Cell]:
    """A row as cells: text stripped (blank text is None), whole floats as int. One expression rather than a
    call per cell: a national workbook has millions of cells."""
    return [
        (v.strip() or None)
        if v.__class__ is str
        else (int(v) if v.__class__ is float and v.is_integer() and -(2**53) < v < 2**53 else v)
        for v in values
    ]


def read_grids(
    data: bytes,
    filename: str,
    *,
    limits: FileLimits = FileLimits(),  # noqa: B008 -- frozen, so one shared default is safe
) -> list[Grid]:
    """Every sheet of the file (csv: one, named after the file). Raises `TableError` when the guard refuses
    the file or it cannot be read; never a parser's own exception."""
    name = filename or "upload"
    refusal = check_table_bytes(data, filename, limits)
    if refusal is not None:
        raise TableError(refusal)
    kind = table_kind(data, filename) or "csv"
    grids = [_read_csv(data, name)] if kind == "csv" else _read_book(data, name, kind)
    for grid in grids:
        _check_rows(grid, name, limits.max_rows)
    return grids


def _check_rows(grid: Grid, name: str, limit: int) -> None:
    """TableError naming the first row past `limit` rows with content (header and title rows count too)."""
    if len(grid.rows) <= limit:
        return
    filled = 0
    for number, row in enumerate(grid.rows, start=1):
        if any(cell is not None for cell in row):
            filled += 1
            if filled > limit:
                sheet = "csv" if grid.kind == "csv" else grid.name
                raise TableError(TOO_MANY_ROWS(name=name, sheet=sheet, row=number, limit=limit))


def _read_book(data: bytes, name: str, kind: str) -> list[Grid]:
    import python_calamine as calamine

    shown_kind = {"xlsx": "Excel .xlsx", "xls": "Excel .xls", "ods": "OpenDocument .ods"}[kind]
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError as error:
        raise TableError(PASSWORD(name=name)) from error
    except Exception as error:  # CalamineError, ZipError, XmlError...: a damaged file, never a 500
        encrypted = kind == "xls" and name.lower().endswith((".xlsx", ".xlsm"))  # Excel wraps those in OLE
        if encrypted or "password" in str(error).lower() or "encrypt" in str(error).lower():
            raise TableError(PASSWORD(name=name)) from error
        raise TableError(UNREADABLE(name=name, kind=shown_kind)) from error
    grids: list[Grid] = []
    cells = 0
    ods_merges, percent = ods_layout(data) if kind == "ods" else ({}, {})
    layouts = xlsx_layout(data) if kind == "xlsx" else {}
    with book:
        metadata = book.sheets_metadata
        for index, meta in enumerate(metadata):
            if str(meta.typ).rsplit(".", 1)[-1] not in ("WorkSheet", "Worksheet"):
                continue  # chart sheets and dialogs hold no cells
            try:
                sheet = book.get_sheet_by_index(index)
                height, width = sheet.total_height, sheet.total_width
                cells += height * width
                if cells > MAX_CELLS:
                    raise TableError(TOO_MANY_CELLS(name=name, sheet=meta.name, rows=height, columns=width))
                values = sheet.to_python(skip_empty_area=False)
                ranges = sheet.merged_cell_ranges or []
            except TableError:
                raise
            except Exception as error:
                raise TableError(UNREADABLE(name=name, kind=shown_kind)) from error
            rows = [_clean(row) for row in values]
            merged = [Merged(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in ranges]
            if not merged and kind == "ods":
                merged = [Merged(*span) for span in ods_merges.get(meta.name, [])]
            _fill_merged(rows, merged)
            _trim(rows)
            hidden = str(meta.visible).rsplit(".", 1)[-1] != "Visible"
            grid = Grid(meta.name, len(grids), rows, merged, hidden, kind, percent.get(meta.name, set()))
            layout = layouts.get(meta.name)
            if layout is not None:
                grid.percent = layout.percent
                grid.formulas = layout.formulas
                grid.hidden_rows = layout.hidden_rows
                grid.hidden_columns = layout.hidden_columns
            grids.append(grid)
    if not grids:
        raise TableError(NO_SHEETS(name=name))
    return grids


def _fill_merged(rows: list[list[Cell]], merged: list[Merged]) -> None:
    for block in merged:
        if block.first_row > len(rows):
            continue
        anchor = rows[block.first_row - 1]
        value = anchor[block.first_col - 1] if block.first_col <= len(anchor) else None
        for r in range(block.first_row, min(block.last_row, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) < block.last_col:
                row.extend([None] * (block.last_col - len(row)))
            for c in range(block.first_col, block.last_col + 1):
                row[c - 1] = value


def _trim(rows: list[list[Cell]]) -> None:
    """Drop trailing empty rows and pad every row to the same width."""
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([None] * (width - len(row)))


def decode_text(data: bytes, name: str = "upload") -> str:
    """Text of a csv file in whatever encoding it came: a BOM says (utf-8, utf-16), else utf-8 when it decodes,
    else charset-normalizer's best guess among the usual ones (cp1252, latin-1...)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise TableError(explain(error, name)) from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if len(data) > 1 and data[1:2] == b"\0" and data[3:4] == b"\0":  # utf-16 without a BOM
        try:
            return data.decode("utf-16-le")
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(
        data[:200_000], cp_isolation=["cp1252", "latin_1", "utf_16", "cp1250", "iso8859_15"]
    ).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1")  # every byte is a latin-1 character: never fails


def sniff_delimiter(text: str) -> str:
    """The delimiter (, ; tab |) that splits the first lines most consistently into more than one field."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in CSV_DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)]
        except csv.Error:
            continue
        wide = [c for c in counts if c > 1]
        if not wide:
            continue
        width, rows = Counter(wide).most_common(1)[0]
        score = (rows, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, name: str) -> Grid:
    text = decode_text(data, name)
    if "\0" in text:
        raise TableError(NOT_TEXT(name=name))
    delimiter = sniff_delimiter(text)
    try:
        raw = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise TableError(explain(error, name)) from error
    rows: list[list[Cell]] = [_clean(row) for row in raw]
    if sum(len(r) for r in rows) > MAX_CELLS:
        raise TableError(TOO_MANY_CELLS(name=name, sheet=name, rows=len(rows), columns=max(map(len, rows))))
    _trim(rows)
    sheet = re.sub(r"\.(csv|txt|tsv)$", "", name.rsplit("/", 1)[-1], flags=re.IGNORECASE) or "csv"
    return Grid(sheet, 0, rows, [], False, "csv")
