"""Read a village survey (xlsx or csv) into plain rows, finding the place-name columns by their headers.

Headers are recognized in their common variants ("Kabupaten/Kota", "Kab/Kota", "Kecamatan", "Kec.",
"Desa/Kelurahan", "Desa", "Kampung", "Nama Desa", ...), in any case and punctuation, and the header row
may sit below a few title rows. The first sheet with a village column is read. A file that cannot be used
raises `SurveyError`, whose `message` names the sheet, row or column at fault, in Indonesian and English.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from openpyxl import load_workbook

from selaras.core.i18n import Msg, Text

# Rows searched for the header, below title rows such as "REKAP SURVEI SINYAL 2025".
HEADER_SEARCH_ROWS = 20

NOT_FOUND = Msg(id="Berkas '{name}' tidak ditemukan.", en="File '{name}' not found.")
UNSUPPORTED = Msg(
    id="Berkas '{name}' bukan xlsx atau csv. Simpan ulang sebagai .xlsx atau .csv.",
    en="File '{name}' is not xlsx or csv. Save it again as .xlsx or .csv.",
)
UNREADABLE_XLSX = Msg(
    id="Berkas '{name}' tidak dapat dibuka sebagai xlsx: {reason}.",
    en="File '{name}' cannot be opened as xlsx: {reason}.",
)
UNREADABLE_CSV = Msg(
    id="Berkas '{name}' tidak dapat dibaca sebagai csv: {reason}.",
    en="File '{name}' cannot be read as csv: {reason}.",
)
EMPTY_FILE = Msg(id="Berkas '{name}' kosong.", en="File '{name}' is empty.")
NO_VILLAGE_COLUMN = Msg(
    id="Lembar {sheets}: tidak ada kolom nama desa di {rows} baris pertama. "
    "Beri judul kolom salah satu dari: {expected}.",
    en="Sheet {sheets}: no village name column in the first {rows} rows. "
    "Title the column one of: {expected}.",
)
NO_DATA_ROWS = Msg(
    id="Lembar '{sheet}': judul kolom ada di baris {row}, tetapi tidak ada baris data di bawahnya.",
    en="Sheet '{sheet}': the headers are in row {row}, but no data rows follow.",
)
NO_VILLAGE_NAMES = Msg(
    id="Lembar '{sheet}': kolom '{column}' (baris {row} ke bawah) tidak berisi satu pun nama desa.",
    en="Sheet '{sheet}': column '{column}' (from row {row} down) holds no village name at all.",
)

# Header variants, compared after lower-casing, dropping punctuation and spaces and a leading "nama".
_HEADERS: dict[str, tuple[str, ...]] = {
    "province": ("provinsi", "prov", "propinsi"),
    "regency": (
        "kabupatenkota",
        "kabkota",
        "kabkot",
        "kotakabupaten",
        "kotakab",
        "kabupaten",
        "kab",
        "kota",
        "kabupatenatakota",
    ),
    "district": ("kecamatan", "kec", "distrik"),
    "village": (
        "desakelurahan",
        "desakel",
        "desa",
        "kelurahan",
        "kel",
        "kampung",
        "desakampung",
        "kampungkelurahan",
        "kelurahandesa",
        "keldesa",
        "desaataukelurahan",
        "gampong",
        "nagari",
        "lokasidesa",
    ),
}
_EXPECTED_VILLAGE = "Desa/Kelurahan, Desa, Kelurahan, Kampung, Nama Desa"
_DELIMITERS = ",;\t|"


def header_role(text: str) -> str | None:
    """Which place column a header names ("province", "regency", "district", "village"), or None."""
    compact = re.sub(r"[^a-z]", "", text.casefold())
    if compact.startswith("nama") and len(compact) > 4:
        compact = compact[4:]
    for role, variants in _HEADERS.items():
        if compact in variants:
            return role
    return None


@dataclass(frozen=True)
class SurveyColumns:
    """Positions (0-based) of the recognized columns in `SurveyTable.header`; None when absent."""

    village: int
    district: int | None = None
    regency: int | None = None
    province: int | None = None


@dataclass(frozen=True)
class SurveyTable:
    """Rows as text cells, each padded to the header's width; `row_numbers` are the rows in the sheet/file."""

    sheet: str
    header: tuple[str, ...]
    columns: SurveyColumns
    header_row: int
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]

    def cell(self, row: Sequence[str], position: int | None) -> str:
        return row[position] if position is not None else ""


class SurveyError(Exception):
    """A survey file that cannot be used; `message` says why in both languages."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.render("en"))
        self.message = message


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _find_table(sheet: str, rows: Iterable[Sequence[object]]) -> SurveyTable | None:
    """The table under the first row that has a village header, or None when no such row comes soon."""
    iterator: Iterator[Sequence[object]] = iter(rows)
    for number, raw in enumerate(iterator, start=1):
        if number > HEADER_SEARCH_ROWS:
            return None
        header = tuple(_as_text(v) for v in raw)
        found: dict[str, int] = {}
        for position, text in enumerate(header):
            role = header_role(text)
            if role is not None and role not in found:
                found[role] = position
        if "village" not in found:
            continue
        width = len(header)
        while width and not header[width - 1]:
            width -= 1
        header = tuple(text or f"kolom_{i + 1}" for i, text in enumerate(header[:width]))
        body: list[tuple[str, ...]] = []
        numbers: list[int] = []
        for data_number, data in enumerate(iterator, start=number + 1):
            cells = [_as_text(v) for v in data]
            if not any(cells):
                continue
            # Cells beyond the header are kept under generated names rather than silently dropped.
            if len(cells) > width and any(cells[width:]):
                extra = len(cells) - width
                header = header + tuple(f"kolom_{width + i + 1}" for i in range(extra))
                width = len(header)
                body = [row + ("",) * extra for row in body]
            body.append(tuple(cells[:width]) + ("",) * (width - len(cells)))
            numbers.append(data_number)
        columns = SurveyColumns(
            village=found["village"],
            district=found.get("district"),
            regency=found.get("regency"),
            province=found.get("province"),
        )
        return SurveyTable(sheet, header, columns, number, tuple(body), tuple(numbers))
    return None


def _checked(table: SurveyTable) -> SurveyTable:
    if not table.rows:
        raise SurveyError(NO_DATA_ROWS(sheet=table.sheet, row=table.header_row))
    if not any(row[table.columns.village] for row in table.rows):
        column = table.header[table.columns.village]
        raise SurveyError(NO_VILLAGE_NAMES(sheet=table.sheet, column=column, row=table.header_row + 1))
    return table


def _read_xlsx(source: Path | IO[bytes], name: str) -> SurveyTable:
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SurveyError(UNREADABLE_XLSX(name=name, reason=str(error) or type(error).__name__)) from error
    try:
        for worksheet in workbook.worksheets:
            table = _find_table(worksheet.title, worksheet.iter_rows(values_only=True))
            if table is not None:
                return _checked(table)
        sheets = ", ".join(f"'{ws.title}'" for ws in workbook.worksheets)
    finally:
        workbook.close()
    raise SurveyError(NO_VILLAGE_COLUMN(sheets=sheets, rows=HEADER_SEARCH_ROWS, expected=_EXPECTED_VILLAGE))


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page; cp1252 covers Indonesian text.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise SurveyError(UNREADABLE_CSV(name=name, reason=str(error))) from error


def _read_csv(data: bytes, name: str) -> SurveyTable:
    text = _decode(data, name)
    if not text.strip():
        raise SurveyError(EMPTY_FILE(name=name))
    sample = "\n".join(text.splitlines()[: HEADER_SEARCH_ROWS + 5])
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = ","
    # Title rows can fool the sniffer; the delimiter that reveals a village header wins.
    table = None
    for delimiter in dict.fromkeys((sniffed, *_DELIMITERS)):
        try:
            table = _find_table("csv", csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as error:
            raise SurveyError(UNREADABLE_CSV(name=name, reason=str(error))) from error
        if table is not None:
            break
    if table is None:
        raise SurveyError(
            NO_VILLAGE_COLUMN(sheets="'csv'", rows=HEADER_SEARCH_ROWS, expected=_EXPECTED_VILLAGE)
        )
    return _checked(table)


def read_survey(source: Path | str | IO[bytes], filename: str | None = None) -> SurveyTable:
    """Read an xlsx or csv survey from a path or an open binary file (an upload: give its `filename`).

    The format follows the file name's extension. Raises `SurveyError` when the file cannot be used.
    """
    name = filename or (Path(source).name if isinstance(source, str | Path) else "upload")
    suffix = Path(name).suffix.casefold()
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise SurveyError(NOT_FOUND(name=str(path)))
        if suffix == ".csv":
            return _read_csv(path.read_bytes(), name)
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path, name)
    else:
        if suffix == ".csv":
            return _read_csv(source.read(), name)
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(source, name)
    raise SurveyError(UNSUPPORTED(name=name))
