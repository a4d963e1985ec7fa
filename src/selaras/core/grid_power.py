"""Read which villages have grid electricity from an uploaded table (csv, xlsx, xls or ods), pure Python.

Columns: kode_wilayah (the village code), optional nama, and listrik_pln: "ya"/"tidak" (also ada/tidak ada,
1/0, yes/no, true/false, PLN/non-PLN). The file is read like the facilities file (the one table reader, headers
in their common variants, header row below title rows) and checked whole: every bad row and column is named,
in Indonesian and English, and any problem raises `InputFileError` so the caller saves all of it or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from selaras.core.i18n import Msg, Text
from selaras.core.rollout.inputs import (
    _TABLE_SUFFIXES,
    REQUIRED,
    UNSUPPORTED_TABLE,
    InputFileError,
    _cell,
    _get,
    _table,
    village_code_checked,
)
from selaras.core.tables import FileLimits, header_key

GRID_COLUMNS = ("kode_wilayah", "nama", "listrik_pln")
GRID_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("kodewilayah", "kode", "kodedesa", "kodekemendagri", "code", "regioncode", "villagecode"),
    "name": ("nama", "namadesa", "desa", "desakelurahan", "name", "village", "namawilayah"),
    "grid": (
        "listrikpln",
        "listrik",
        "pln",
        "adalistrik",
        "adalistrikpln",
        "jaringanlistrik",
        "gridpower",
        "grid",
        "electricity",
        "gridelectricity",
    ),
}
YES = frozenset({"ya", "y", "ada", "1", "yes", "true", "benar", "pln", "adapln"})
NO = frozenset(
    {"tidak", "t", "tidakada", "tdk", "0", "no", "false", "salah", "nonpln", "belumada", "tanpalistrik"}
)
NOT_YES_NO = Msg(
    id="Baris {row}, kolom '{column}': '{value}' bukan ya atau tidak.",
    en="Row {row}, column '{column}': '{value}' is not yes (ya) or no (tidak).",
)


@dataclass(frozen=True)
class GridRow:
    row: int
    code: str
    name: str
    grid_power: bool


def yes_no(value: Any) -> bool | None:
    """True for ya/ada/1/yes..., False for tidak/0/no..., None for anything else (empty included)."""
    key = header_key(_cell(value))
    return True if key in YES else False if key in NO else None


def read_grid_power(
    data: bytes,
    file_name: str,
    limits: FileLimits = FileLimits(),  # noqa: B008 -- frozen, so one shared default is safe
) -> list[GridRow]:
    """Grid electricity per village from csv/xlsx. Raises `InputFileError` naming every bad row and column."""
    if file_name and not file_name.lower().endswith(_TABLE_SUFFIXES):
        raise InputFileError([UNSUPPORTED_TABLE(name=file_name)])
    columns, body = _table(data, file_name, GRID_HEADERS, ("code", "grid"), limits)
    problems: list[Text] = []
    seen: dict[str, int] = {}
    rows: list[GridRow] = []
    for number, row in body:
        before = len(problems)
        code = village_code_checked(_get(row, columns, "code"), row=number, seen=seen, problems=problems)
        cell = _get(row, columns, "grid")
        grid = yes_no(cell)
        if not _cell(cell):
            problems.append(REQUIRED(row=number, column="listrik_pln"))
        elif grid is None:
            problems.append(NOT_YES_NO(row=number, column="listrik_pln", value=_cell(cell)[:40]))
        if len(problems) > before or code is None or grid is None:
            continue
        seen[code] = number
        rows.append(
            GridRow(row=number, code=code, name=_cell(_get(row, columns, "name"))[:200], grid_power=grid)
        )
    if problems:
        raise InputFileError(problems)
    return rows
