"""Read a village survey (csv, xlsx, xls or ods) into plain rows, finding the place-name columns by their headers.

The file goes through the one table reader, `selaras.core.tables` (its guard first: zip bombs, oversized and
damaged files are refused before any parser runs; csv in any encoding and delimiter). Headers are recognized in
their common variants ("Kabupaten/Kota", "Kab/Kota", "Kecamatan", "Kec.", "Desa/Kelurahan", "Desa", "Kampung",
"Nama Desa", ...), in any case and punctuation; the header may sit below title rows and span merged rows, and
column-number rows ("(1) (2) (3)") and total rows ("JUMLAH") are skipped. The first sheet with a village column
is read. A file that cannot be used raises `SurveyError`, whose `message` names the sheet, row or column at
fault, in Indonesian and English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import IO

from selaras.core.i18n import Msg, Text
from selaras.core.tables import Cell, Column, FileLimits, Grid, TableError, data_rows, find_header, read_grids

# Rows searched for the header, below title rows such as "REKAP SURVEI SINYAL 2025".
HEADER_SEARCH_ROWS = 20

NOT_FOUND = Msg(id="Berkas '{name}' tidak ditemukan.", en="File '{name}' not found.")
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
# The place columns as the table reader declares them; "Nama Desa" is "desa" with a leading "nama".
PLACE_COLUMNS = tuple(
    Column(
        role,
        tuple(v for variant in variants for v in (variant, "nama" + variant)),
        required=role == "village",
    )
    for role, variants in _HEADERS.items()
)


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


class SurveyError(TableError):
    """A survey file that cannot be used; `message` says why in both languages."""

    @property
    def message(self) -> Text:
        return self.text


def _as_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _find_table(grid: Grid) -> SurveyTable | None:
    """The table under the header that names a village column, or None when the sheet has none."""
    header = find_header(grid, PLACE_COLUMNS, HEADER_SEARCH_ROWS)
    if "village" not in header.fields:
        return None
    sheet = "csv" if grid.kind == "csv" else grid.name
    body = list(data_rows(grid, header))
    labels = {c.index: c.label for c in header.columns}
    # Cells beyond the labelled columns are kept under generated names rather than silently dropped.
    width = (
        max([*labels, *(i for _n, cells in body for i, v in enumerate(cells) if v is not None)], default=-1)
        + 1
    )
    titles = tuple(labels.get(i) or f"kolom_{i + 1}" for i in range(width))
    rows = tuple(
        tuple(_as_text(v) for v in cells[:width]) + ("",) * (width - len(cells)) for _n, cells in body
    )
    columns = SurveyColumns(
        village=header.fields["village"],
        district=header.fields.get("district"),
        regency=header.fields.get("regency"),
        province=header.fields.get("province"),
    )
    return SurveyTable(sheet, titles, columns, header.last_row, rows, tuple(n for n, _cells in body))


def _checked(table: SurveyTable) -> SurveyTable:
    if not table.rows:
        raise SurveyError(NO_DATA_ROWS(sheet=table.sheet, row=table.header_row))
    if not any(row[table.columns.village] for row in table.rows):
        column = table.header[table.columns.village]
        raise SurveyError(NO_VILLAGE_NAMES(sheet=table.sheet, column=column, row=table.header_row + 1))
    return table


def read_survey(
    source: Path | str | IO[bytes],
    filename: str | None = None,
    *,
    limits: FileLimits = FileLimits(),  # noqa: B008 -- frozen, so one shared default is safe
) -> SurveyTable:
    """Read a csv, xlsx, xls or ods survey from a path or an open binary file (an upload: give its `filename`).

    The format follows the file's content (its name breaking ties). Raises `SurveyError` when the file cannot
    be used: refused by the guard within `limits`, unreadable, or without a village column or rows.
    """
    name = filename or (Path(source).name if isinstance(source, str | Path) else "upload")
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise SurveyError(NOT_FOUND(name=str(path)))
        data = path.read_bytes()
    else:
        data = source.read()
    try:
        grids = [g for g in read_grids(data, name, limits=limits) if not g.hidden]
    except TableError as error:
        raise SurveyError(error.text) from error
    for grid in grids:
        table = _find_table(grid)
        if table is not None:
            return _checked(table)
    sheets = ", ".join(f"'{'csv' if g.kind == 'csv' else g.name}'" for g in grids)
    raise SurveyError(NO_VILLAGE_COLUMN(sheets=sheets, rows=HEADER_SEARCH_ROWS, expected=_EXPECTED_VILLAGE))
