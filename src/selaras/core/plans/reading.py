"""One entry point for every plans file: the Selaras template or an official layout (RPJMD, Renstra T-C.27).

`read_plans` picks the reader from the file's layout and returns the same `PlanWorkbook` whichever it was, so
the web import, the API and `selaras sync analyze` never choose a reader themselves:

- an xlsx with a visible sheet `Program` whose first row holds the template headers (`kode_wilayah`, ...) is
  the template (`selaras.core.plans.workbook`);
- any other file (xlsx, xls, ods, csv) is read for official tables, one per sheet
  (`selaras.core.plans.official`): the RPJMD table "Indikasi Rencana Program Prioritas ..." and the Renstra
  table T-C.27, told apart by their columns (tujuan/sasaran/lokasi belong to T-C.27) but read alike;
- a file holding neither is one error that names both layouts.
"""

from __future__ import annotations

from pathlib import Path

from selaras.core.i18n import Msg
from selaras.core.plans.official import official_sheets, read_official_sheets
from selaras.core.plans.workbook import (
    DEFAULT_MAX_ROWS,
    SHEET,
    UNREADABLE,
    CellError,
    ImportContext,
    PlanWorkbook,
    read_plan_workbook,
)
from selaras.core.tables import TOO_LARGE, FileLimits, Grid, TableError, read_grids, table_kind

NO_LAYOUT = Msg(
    id=(
        "Berkas ini bukan templat Selaras (lembar 'Program' dengan kolom id, kode_wilayah, kode, ...) dan tidak "
        "berisi tabel resmi (RPJMD 'Indikasi Rencana Program Prioritas' atau Renstra T-C.27 dengan kolom Kode, "
        "Program/Kegiatan, Indikator dan 'Tahun ....' berisi Target dan Rp)."
    ),
    en=(
        "This file is neither the Selaras template (sheet 'Program' with columns id, kode_wilayah, kode, ...) "
        "nor does it hold an official table (RPJMD 'Indikasi Rencana Program Prioritas' or Renstra T-C.27 with "
        "columns Kode, Program/Kegiatan, Indikator and 'Tahun ....' holding Target and Rp)."
    ),
)
_TEMPLATE_MARKERS = frozenset({"kode_wilayah", "id", "kode", "indikator"})


def read_plans(
    source: bytes | Path,
    *,
    filename: str = "",
    context: ImportContext | None = None,
    limits: FileLimits = FileLimits(),  # noqa: B008 -- frozen, so one shared default is safe
    max_rows: int = DEFAULT_MAX_ROWS,
) -> PlanWorkbook:
    """Read a plans file of any supported layout; never raises on bad input (problems are in the result).

    `filename` tells csv from spreadsheets when `source` is bytes (a Path gives its own name)."""
    if isinstance(source, Path):
        filename = filename or source.name
        try:
            size = source.stat().st_size
            if size > limits.max_file_bytes:  # refuse before reading a huge file into memory
                shown = TOO_LARGE(
                    size_mb=f"{size / 2**20:.1f}", limit_mb=f"{limits.max_file_bytes / 2**20:.1f}"
                )
                return _failed(CellError("", None, None, shown))
            data = source.read_bytes()
        except OSError:
            return _failed(CellError("", None, None, UNREADABLE(name=source.name)))
    else:
        data = source
    try:
        grids = read_grids(data, filename, limits=limits)
    except TableError as exc:
        return _failed(CellError("", None, None, exc.text))
    if table_kind(data, filename) == "xlsx" and _is_template(grids):
        return read_plan_workbook(data, context=context, limits=limits, max_rows=max_rows, grids=grids)
    sheets = official_sheets(grids)
    if not sheets:
        return _failed(CellError("", None, None, NO_LAYOUT()))
    return read_official_sheets(sheets, context=context, max_rows=max_rows)


def _is_template(grids: list[Grid]) -> bool:
    for grid in grids:
        if grid.name.strip().casefold() != SHEET.casefold():
            continue
        first = {str(value).strip().casefold() for value in grid.row(1) if value is not None}
        # Two template headers are enough to let the template reader name what else is wrong.
        return len(_TEMPLATE_MARKERS & first) >= 2
    return False


def _failed(error: CellError) -> PlanWorkbook:
    return PlanWorkbook(rows=(), years=(), errors=(error,))
