"""Reading the plans workbook (issue 3): sheet `Program`, one row per indicator, into PlanRows and errors.

The sheet is read by the one table reader (`selaras.core.tables.read_grids`, python-calamine, behind its guard);
formula cells, hidden rows and hidden columns come from the same `Grid` (`formulas`, `hidden_rows`,
`hidden_columns`), percentage formats from `Grid.percent`.

Columns of the header row (row 1), in any order, names compared ignoring case and surrounding spaces:

    id, kode_wilayah, kode, uraian, indikator, satuan, polaritas, agregasi, baseline,
    target_<year>..., pagu_<year>..., lokasi, mendukung          (required columns)
    tipe, penanggung_jawab                                        (optional columns)

Every `target_<year>` needs its `pagu_<year>` and the reverse; at least one year. Cells:

- required in every data row: kode_wilayah, uraian; kode (except on national rows); indikator (except on
  program rows); satuan and polaritas on rows with an indicator; agregasi on rows that others support;
- `id`: letters, digits and `. _ - /`, at most 64 characters (a whole-number cell such as 7 reads as "7");
  unique in the file; re-importing the same id updates that row. A row without an id is named
  `SHEET!ROW` (sheet name, 1-based row), e.g. `Program!12`, everywhere (it cannot be pointed at);
- `kode_wilayah`: `00` (national, RPJMN), a province (`64`) or a regency/city (`64.01`);
- `kode`: program `2.16.03`, kegiatan `2.16.03.2.02`, sub kegiatan `2.16.03.2.02.0024` (or an urusan `2.16`);
  the fourth part must be 1 on provincial rows and 2 on regency/city rows; national rows take any code;
- `polaritas`: positif|negatif; `agregasi`: jumlah|rata_bobot_desa|rata_bobot_penduduk|rata|tidak;
  `tipe`: outcome|output (outcome when empty);
- `baseline`, `target_<year>`, `pagu_<year>`: empty, a numeric cell, or text in Indonesian format (rules in
  `selaras.core.numbers`); a numeric cell formatted as a percentage reads as the number shown
  (80% -> 80); pagu is rupiah and never negative. Pagu belongs to the program/kegiatan, not to the
  indicator: rows of the same region and `kode` should give the same pagu for a year (the tables show it
  once); when they differ the first row's pagu is kept and each later row gets a warning;
- `lokasi`: village codes (`64.01.01.2001`) separated by `;`, inside the row's region;
- `mendukung`: the `id` of the supported row, in this file or already saved (`ImportContext.known_rows`);
  links must not form a cycle, counting links of saved rows that this file does not replace.

Decided for safety, each reported as an error naming the cell: formula cells (cached values are not
trusted; paste values instead), merged cells, a hidden `Program` sheet, data in hidden rows or columns (also
rows hidden by a filter: what is imported must be what the operator sees), data in a column without a header.
Other sheets are ignored, hidden or not. A text cell starting with an apostrophe before `= + - @`, tab or CR
(the escape our writers add) is read without that apostrophe. Codes typed as numbers (Excel turns `64.10`
into 64.1) are errors: the template formats code columns as text.

Errors are what cannot be read or may not be written; warnings are what the analysis can live with: a blank
`agregasi` on a row nothing supports (read as `tidak`), a program row without an indicator, a national row
without `kode`, rows of one region and code with different pagu. Rows with only warnings are in `rows` and may
be saved. Nothing is saved when `errors` is not empty; `rows` then still holds the rows that had no error of
their own, so a preview can show them next to the errors.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

from selaras.core.i18n import Msg, Text
from selaras.core.numbers import NumberTextError, format_rupiah, parse_number_text
from selaras.core.plans.rows import NATIONAL_REGION_CODE, Aggregation, PlanRow, Polarity
from selaras.core.regions_data import is_within
from selaras.core.tables import (
    Cell,
    Grid,
    Problem,
    Severity,
    TableError,
    column_index,
    column_letter,
    read_grids,
)
from selaras.core.tables.cells import unescape_text
from selaras.core.tables.guard import TOO_LARGE, FileLimits, check_xlsx_bytes

SHEET = "Program"
FIXED_COLUMNS = (
    "id",
    "kode_wilayah",
    "kode",
    "uraian",
    "indikator",
    "satuan",
    "polaritas",
    "agregasi",
    "baseline",
)
TRAILING_COLUMNS = ("lokasi", "mendukung")
OPTIONAL_COLUMNS = ("tipe", "penanggung_jawab")
# Required in the template's sense (marked "wajib" in its instructions); the reader's exceptions are in the
# module docstring.
REQUIRED_CELLS = ("kode_wilayah", "kode", "uraian", "indikator", "satuan", "polaritas")
TIPE_VALUES = ("outcome", "output")
DEFAULT_MAX_ROWS = 20_000
DEFAULT_MAX_ERRORS = 1_000
# Far above the 33 columns of a ten-year template; a stray value far to the right is refused rather than read.
MAX_COLUMNS = 60

_YEAR_HEADER = re.compile(r"^(target|pagu)_(\d{4})$")
# A typed id, or the SHEET!ROW id given to rows of official tables (sheet name, "!", 1-based source row).
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$|^(?![=+\-@\s])[^\x00-\x1f!]{1,56}![1-9][0-9]{0,6}$")
_REGION = re.compile(r"^(00|\d{2}|\d{2}\.\d{2})$")
PLAN_CODE = re.compile(r"^\d\.\d{2}(\.\d{2}(\.[12]\.\d{2}(\.\d{4})?)?)?$")
_VILLAGE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
_LETTERS = re.compile(r"^[A-Z]+")

# Whole-file and sheet messages.
UNREADABLE = Msg(
    id="Berkas '{name}' tidak dapat dibuka; periksa nama, folder dan izin baca berkas itu.",
    en="File '{name}' cannot be opened; check its name, folder and read permission.",
)
NO_SHEET = Msg(
    id="Lembar '{sheet}' tidak ada; lembar yang ada: {found}.",
    en="There is no sheet '{sheet}'; the sheets are: {found}.",
)
SHEET_HIDDEN = Msg(
    id="Lembar '{sheet}' tersembunyi; tampilkan lembar itu lalu unggah lagi.",
    en="Sheet '{sheet}' is hidden; unhide it and upload again.",
)
TOO_MANY_ROWS = Msg(
    id="Terlalu banyak baris: {count}, batasnya {limit}; bagi berkas menjadi beberapa unggahan.",
    en="Too many rows: {count}, the limit is {limit}; split the file into several uploads.",
)
TOO_MANY_COLUMNS = Msg(
    id="Terlalu banyak kolom: isian terakhir di kolom {letter}, batasnya kolom {limit}; hapus kolom kanan.",
    en="Too many columns: the last entry is in column {letter}, the limit is column {limit}; delete them.",
)
NO_ROWS = Msg(
    id="Tidak ada baris data di bawah baris judul.", en="There are no data rows under the header row."
)
TOO_MANY_ERRORS = Msg(
    id="Masih ada {count} kesalahan lain; perbaiki yang di atas lalu unggah lagi.",
    en="There are {count} more errors; fix those above and upload again.",
)
# Header messages.
UNKNOWN_HEADER = Msg(
    id="Judul kolom '{name}' tidak dikenal; judul yang sah: {expected}.",
    en="Unknown column header '{name}'; valid headers: {expected}.",
)
DUPLICATE_HEADER = Msg(
    id="Judul kolom '{name}' muncul lebih dari sekali (kolom {columns}).",
    en="Column header '{name}' appears more than once (columns {columns}).",
)
MISSING_HEADER = Msg(
    id="Kolom '{name}' tidak ada di baris judul.", en="Column '{name}' is missing from the header row."
)
NO_YEARS = Msg(
    id="Tidak ada kolom target_<tahun> dan pagu_<tahun>, misalnya target_2026 dan pagu_2026.",
    en="There are no target_<year> and pagu_<year> columns, e.g. target_2026 and pagu_2026.",
)
YEAR_OUTSIDE_PERIOD = Msg(
    id="Tahun {year} di luar periode rencana ({period}).",
    en="Year {year} is outside the plan period ({period}).",
)
YEAR_MISSING = Msg(
    id="Kolom target_{year} dan pagu_{year} tidak ada, padahal {year} termasuk periode rencana ({period}).",
    en="Columns target_{year} and pagu_{year} are missing, yet {year} is in the plan period ({period}).",
)
DATA_WITHOUT_HEADER = Msg(
    id="Ada isian di kolom tanpa judul; hapus isian itu atau beri judul yang sah.",
    en="There is data in a column without a header; delete it or give the column a valid header.",
)
# Layout messages.
FORMULA = Msg(
    id="Sel berisi rumus ({formula}); rumus tidak diterima, salin lalu tempel sebagai nilai.",
    en="The cell holds a formula ({formula}); formulas are not accepted, copy and paste as values.",
)
MERGED = Msg(
    id="Sel {cells} digabung (merge); pisahkan sel itu dan isi setiap sel.",
    en="Cells {cells} are merged; unmerge them and fill each cell.",
)
HIDDEN_ROW = Msg(
    id="Baris ini tersembunyi (atau tersaring) tetapi berisi data; tampilkan atau hapus baris itu.",
    en="This row is hidden (or filtered out) but holds data; unhide or delete it.",
)
HIDDEN_COLUMN = Msg(
    id="Kolom {letter} tersembunyi tetapi berisi data; tampilkan atau hapus kolom itu.",
    en="Column {letter} is hidden but holds data; unhide or delete it.",
)
# Cell messages.
REQUIRED = Msg(id="Wajib diisi.", en="Required.")
BAD_ID = Msg(
    id=(
        "id '{value}' tidak sah: gunakan huruf, angka, titik, garis bawah, tanda hubung atau garis miring, "
        "paling panjang 64."
    ),
    en="id '{value}' is invalid: use letters, digits, dots, underscores, hyphens or slashes, at most 64.",
)
DUPLICATE_ID = Msg(
    id="id '{value}' sudah dipakai di baris {first_row}.",
    en="id '{value}' is already used on row {first_row}.",
)
CODE_AS_NUMBER = Msg(
    id="Kode {value} tersimpan sebagai angka; format kolom sebagai Teks lalu ketik ulang kodenya.",
    en="Code {value} is stored as a number; format the column as Text and type the code again.",
)
BAD_REGION = Msg(
    id=(
        "kode_wilayah '{value}' tidak sah: gunakan 00 (nasional), kode provinsi (64) atau kabupaten/kota "
        "(64.01)."
    ),
    en=(
        "kode_wilayah '{value}' is invalid: use 00 (national), a province code (64) or a regency/city code "
        "(64.01)."
    ),
)
UNKNOWN_REGION = Msg(
    id="kode_wilayah '{value}' tidak dikenal.",
    en="kode_wilayah '{value}' is not a known region.",
)
NOT_YOUR_REGION = Msg(
    id="Anda tidak boleh mengimpor baris wilayah '{value}'; wilayah yang boleh: {allowed}.",
    en="You may not import rows of region '{value}'; allowed regions: {allowed}.",
)
BAD_PLAN_CODE = Msg(
    id=(
        "kode '{value}' tidak sah: gunakan kode nomenklatur seperti 2.16.03, 2.16.03.2.02 atau "
        "2.16.03.2.02.0024."
    ),
    en=(
        "kode '{value}' is invalid: use a nomenclature code such as 2.16.03, 2.16.03.2.02 or "
        "2.16.03.2.02.0024."
    ),
)
PROVINCE_CODE_ON_REGENCY_ROW = Msg(
    id="kode '{value}' nomenklatur provinsi (bagian keempat 1), padahal baris ini milik kabupaten/kota.",
    en="kode '{value}' is provincial nomenclature (fourth part 1), but this row belongs to a regency/city.",
)
REGENCY_CODE_ON_PROVINCE_ROW = Msg(
    id="kode '{value}' nomenklatur kabupaten/kota (bagian keempat 2), padahal baris ini milik provinsi.",
    en="kode '{value}' is regency/city nomenclature (fourth part 2), but this row belongs to the province.",
)
BAD_CHOICE = Msg(
    id="Nilai '{value}' tidak dikenal; pilih salah satu: {choices}.",
    en="Unknown value '{value}'; choose one of: {choices}.",
)
NUMBER_TYPE = Msg(
    id="Isian ini ({kind}) bukan angka.",
    en="This entry ({kind}) is not a number.",
)
NEGATIVE_PAGU = Msg(id="Pagu tidak boleh negatif ({value}).", en="Pagu cannot be negative ({value}).")
BAD_VILLAGE = Msg(
    id="Kode desa '{value}' tidak sah: gunakan kode seperti 64.01.01.2001, pisahkan dengan titik koma.",
    en="Village code '{value}' is invalid: use codes like 64.01.01.2001, separated by semicolons.",
)
VILLAGE_OUTSIDE = Msg(
    id="Desa '{value}' tidak berada di wilayah {region}.",
    en="Village '{value}' is not inside region {region}.",
)
UNKNOWN_VILLAGE = Msg(id="Kode desa '{value}' tidak dikenal.", en="Village code '{value}' is not known.")
UNKNOWN_LINK = Msg(
    id=(
        "mendukung '{value}' tidak ditemukan: tidak ada baris dengan id itu di berkas ini maupun yang "
        "sudah tersimpan."
    ),
    en="mendukung '{value}' not found: no row with that id in this file or already saved.",
)
CYCLE = Msg(
    id="mendukung membentuk lingkaran: {path}.",
    en="mendukung forms a cycle: {path}.",
)
# Warnings: the row is read and may be saved.
AGGREGATION_BLANK = Msg(
    id="agregasi kosong, dibaca sebagai 'tidak' (tidak ada baris yang mendukung baris ini).",
    en="agregasi is empty and reads as 'tidak' (no row supports this row).",
)
AGGREGATION_NEEDED = Msg(
    id="agregasi wajib diisi: baris {supporter} mendukung baris ini, isi cara penggabungannya.",
    en="agregasi is required: row {supporter} supports this row, say how its values combine.",
)
PROGRAM_WITHOUT_INDICATOR = Msg(
    id="Baris program tanpa indikator; program disimpan, tanpa target yang dapat dibandingkan.",
    en="Program row without an indicator; the program is saved, with no target to compare.",
)
NATIONAL_WITHOUT_CODE = Msg(
    id="Baris nasional tanpa kode; disimpan tanpa kode nomenklatur.",
    en="National row without a code; saved without a nomenclature code.",
)
PAGU_DIFFERS = Msg(
    id=(
        "Pagu {year} untuk kode {kode} berbeda dengan baris {first_row} ({first_value}); pagu milik "
        "program/kegiatan, yang dipakai pagu baris {first_row}."
    ),
    en=(
        "Pagu {year} for code {kode} differs from row {first_row} ({first_value}); pagu belongs to the "
        "program/activity, the pagu of row {first_row} is used."
    ),
)
# Where an error is, prefixed when an error is shown on its own.
AT_CELL = Msg(
    id="Lembar '{sheet}', baris {row}, kolom {column} ({cell}): {text}",
    en="Sheet '{sheet}', row {row}, column {column} ({cell}): {text}",
)
AT_ROW = Msg(id="Lembar '{sheet}', baris {row}: {text}", en="Sheet '{sheet}', row {row}: {text}")
AT_SHEET = Msg(id="Lembar '{sheet}': {text}", en="Sheet '{sheet}': {text}")


@dataclass(frozen=True)
class CellError:
    """One problem of an uploaded workbook.

    `sheet` is empty for a problem of the whole file; `row` is the 1-based worksheet row (None for a whole
    sheet or file); `column` the header name (or the column letter when it has no header); `cell` the cell
    reference such as "J12" when the problem is one cell.
    """

    sheet: str
    row: int | None
    column: str | None
    text: Text
    cell: str | None = None

    def render(self, lang: str = "id") -> str:
        """The message with its place ("Lembar 'Program', baris 5, kolom baseline (I5): ...")."""
        text = self.text.render(lang)
        if not self.sheet:
            return text
        if self.row is None:
            return AT_SHEET.render(lang, sheet=self.sheet, text=text)
        if self.column is None:
            return AT_ROW.render(lang, sheet=self.sheet, row=self.row, text=text)
        return AT_CELL.render(
            lang, sheet=self.sheet, row=self.row, column=self.column, cell=self.cell, text=text
        )

    def as_problem(self, severity: Severity = "error") -> Problem:
        """The same problem in the shape the grouped listing and the marked-up download take."""
        letters = _LETTERS.match(self.cell or "")
        col = column_index(letters[0]) if letters else None
        return Problem(
            sheet=self.sheet,
            row=self.row,
            column=self.column or "",
            text=self.text,
            severity=severity,
            col=col,
        )


def workbook_problems(errors: Iterable[CellError], warnings: Iterable[CellError] = ()) -> list[Problem]:
    """Errors and warnings of a plans file as `Problem`s, errors first."""
    return [e.as_problem("error") for e in errors] + [w.as_problem("warning") for w in warnings]


@dataclass(frozen=True)
class PlanWorkbook:
    rows: tuple[PlanRow, ...]
    years: tuple[int, ...]  # the years found in target_<year>/pagu_<year> headers, ascending
    errors: tuple[CellError, ...]  # empty when the workbook is valid; any error means nothing may be saved
    warnings: tuple[CellError, ...] = ()  # what the analysis can live with; rows with only warnings are kept


@dataclass(frozen=True)
class ImportContext:
    """What only the database knows; every field optional (None or empty means "do not check").

    `allowed_region_codes`: kode_wilayah values this user may import (exact codes, e.g. {"64.01"}).
    `known_region_codes`: every valid kode_wilayah. `known_village_codes`: every valid lokasi code.
    `period_years`: the plan period's years; header years must be exactly these.
    `known_rows`: rows already saved, id -> the id it supports (None when none). A `mendukung` may point to
    them, and their links count in the cycle check unless a file row with the same id replaces them.
    `known_rows_of_years`: instead of `known_rows`, called with the header's years when they decide which
    saved rows count (the plans of the file's period).
    """

    allowed_region_codes: frozenset[str] | None = None
    known_region_codes: frozenset[str] | None = None
    known_village_codes: frozenset[str] | None = None
    period_years: tuple[int, ...] | None = None
    known_rows: Mapping[str, str | None] = field(default_factory=lambda: MappingProxyType({}))
    # When the saved rows depend on the file's period (a province-wide workbook), this gives them once the
    # header's years are known; its answer replaces `known_rows`.
    known_rows_of_years: Callable[[tuple[int, ...]], Mapping[str, str | None]] | None = None


def template_headers(years: Iterable[int]) -> tuple[str, ...]:
    """The header row of the template for these years, in the template's order."""
    ordered = sorted(set(years))
    return (
        FIXED_COLUMNS
        + tuple(f"target_{year}" for year in ordered)
        + tuple(f"pagu_{year}" for year in ordered)
        + TRAILING_COLUMNS
        + OPTIONAL_COLUMNS
    )


class _Errors:
    """Collects errors of one sheet; remembers which rows had one, so their PlanRows are left out."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.items: list[CellError] = []
        self.warnings: list[CellError] = []
        self.blank_aggregation: set[int] = set()  # rows whose agregasi cell is empty
        self.bad_rows: set[int] = set()
        self.columns: dict[str, int] = {}

    def file(self, text: Text) -> None:
        self.items.append(CellError(sheet="", row=None, column=None, text=text))

    def whole_sheet(self, text: Text) -> None:
        self.items.append(CellError(sheet=self.sheet, row=None, column=None, text=text))

    def at(self, row: int, column: str | None, text: Text, cell: str | None = None) -> None:
        self.bad_rows.add(row)
        self.items.append(CellError(sheet=self.sheet, row=row, column=column, text=text, cell=cell))

    def at_column(self, row: int, column: str, text: Text) -> None:
        """An error in the data cell of `column` (a header name) on `row`."""
        self.at(row, column, text, cell=self.ref(row, column))

    def warn(self, row: int, column: str, text: Text) -> None:
        """A warning in the data cell of `column` on `row`; the row stays readable."""
        self.warnings.append(
            CellError(sheet=self.sheet, row=row, column=column, text=text, cell=self.ref(row, column))
        )

    def ref(self, row: int, column: str) -> str:
        return f"{column_letter(self.columns[column])}{row}"


def read_plan_workbook(
    source: bytes | Path,
    *,
    context: ImportContext | None = None,
    limits: FileLimits = FileLimits(),  # noqa: B008 -- frozen, so one shared default is safe
    max_rows: int = DEFAULT_MAX_ROWS,
    max_errors: int = DEFAULT_MAX_ERRORS,
    grids: Sequence[Grid] | None = None,
) -> PlanWorkbook:
    """Read and check the plans workbook (rules in the module docstring); never raises on bad input.

    `source` is the uploaded bytes or a path. `context` adds the database's checks; without it only the file
    itself is checked. `limits` bounds the upload (size, zip bomb); `max_rows` the data rows; at most
    `max_errors` errors are returned, then one saying how many more there were. `grids`: the sheets of this
    xlsx `source` as `read_grids` already returned them (guard passed), so the file is not read twice.
    """
    context = context or ImportContext()
    errors = _Errors(SHEET)
    if grids is None:
        grids = _read_grids(source, limits, errors)
    grid = _program_sheet(grids, errors) if grids is not None else None
    if grid is None:
        return PlanWorkbook(rows=(), years=(), errors=tuple(errors.items))
    errors.sheet = grid.name
    sheet = _Sheet(grid)
    data_rows = len(grid.rows) - 1
    if data_rows > max_rows:
        errors.whole_sheet(TOO_MANY_ROWS(count=data_rows, limit=max_rows))
        return PlanWorkbook(rows=(), years=(), errors=tuple(errors.items))
    if grid.width > MAX_COLUMNS:
        letter, limit = column_letter(grid.width - 1), column_letter(MAX_COLUMNS - 1)
        errors.whole_sheet(TOO_MANY_COLUMNS(letter=letter, limit=limit))
        return PlanWorkbook(rows=(), years=(), errors=tuple(errors.items))
    columns, years = _read_header(sheet, context, errors)
    if context.known_rows_of_years is not None:
        context = replace(context, known_rows=context.known_rows_of_years(years))
    _check_layout(sheet, columns, errors)
    rows: list[PlanRow] = []
    if columns is not None:
        errors.columns = columns
        rows = _read_rows(sheet, columns, years, context, errors)
        if not rows and not errors.items:
            errors.whole_sheet(NO_ROWS())
        _check_links(rows, context, errors)
        _check_aggregation(rows, context, errors)
        _check_pagu_agrees(rows, errors)
    items = sorted(errors.items, key=lambda e: (e.sheet != "", e.row or 0))
    if len(items) > max_errors:
        rest = len(items) - max_errors
        items = [
            *items[:max_errors],
            CellError(sheet="", row=None, column=None, text=TOO_MANY_ERRORS(count=rest)),
        ]
    kept = tuple(row for row in rows if row.sheet_row not in errors.bad_rows)
    warned = tuple(sorted(errors.warnings, key=lambda e: e.row or 0))
    return PlanWorkbook(rows=kept, years=years, errors=tuple(items), warnings=warned)


def _read_source(source: bytes | Path, limits: FileLimits, errors: _Errors) -> bytes | None:
    if isinstance(source, bytes):
        return source
    try:
        size = source.stat().st_size
        if size > limits.max_file_bytes:  # refuse before reading a huge file into memory
            errors.file(
                TOO_LARGE(size_mb=f"{size / 2**20:.1f}", limit_mb=f"{limits.max_file_bytes / 2**20:.1f}")
            )
            return None
        return source.read_bytes()
    except OSError:
        errors.file(UNREADABLE(name=source.name))
        return None


def _read_grids(source: bytes | Path, limits: FileLimits, errors: _Errors) -> list[Grid] | None:
    data = _read_source(source, limits, errors)
    if data is None:
        return None
    refusal = check_xlsx_bytes(data, limits)
    if refusal is not None:
        errors.file(refusal)
        return None
    try:
        return read_grids(data, "Program.xlsx", limits=limits)
    except TableError as error:
        errors.file(error.text)
        return None


def _program_sheet(grids: Sequence[Grid], errors: _Errors) -> Grid | None:
    wanted = [grid for grid in grids if grid.name.strip().casefold() == SHEET.casefold()]
    if not wanted:
        errors.file(NO_SHEET(sheet=SHEET, found=", ".join(repr(grid.name) for grid in grids)))
        return None
    grid = wanted[0]
    if grid.hidden:
        errors.file(SHEET_HIDDEN(sheet=grid.name))
        return None
    return grid


class _Sheet:
    """The `Program` grid with, per row, what is not data: formula cells (column -> formula) and the cells a
    merge covers beside its first cell (their values are copies of the first cell's). Rows are padded so that
    every formula cell is inside the grid (a formula without a cached result reads as None)."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.rows = grid.rows
        self.formulas: dict[int, dict[int, str]] = defaultdict(dict)  # row -> 1-based column -> formula
        self.covered: dict[int, set[int]] = defaultdict(set)  # row -> 1-based columns
        for (row, col), formula in grid.formulas.items():
            self.formulas[row][col] = formula
        height, width = len(self.rows), grid.width
        for block in grid.merged:
            for row in range(block.first_row, min(block.last_row, height) + 1):
                first = block.first_col + 1 if row == block.first_row else block.first_col
                self.covered[row].update(range(first, min(block.last_col, width) + 1))
        if self.formulas:
            width = max(width, *(max(cols) for cols in self.formulas.values()))
            height = max(height, max(self.formulas))
            self.rows.extend([] for _ in range(height - len(self.rows)))
            for values in self.rows:
                values.extend([None] * (width - len(values)))

    def is_blank(self, number: int) -> bool:
        """No data, no formula outside a merge: a row the reader passes over."""
        covered = self.covered.get(number, ())
        if any(col not in covered for col in self.formulas.get(number, ())):
            return False
        values = self.rows[number - 1]
        if not covered:
            return all(value is None for value in values)
        return all(value is None or index + 1 in covered for index, value in enumerate(values))


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_header(
    sheet: _Sheet, context: ImportContext, errors: _Errors
) -> tuple[dict[str, int] | None, tuple[int, ...]]:
    """Map header name -> 0-based column index, and the years; None when the header is unusable."""
    seen: dict[str, list[str]] = defaultdict(list)
    columns: dict[str, int] = {}
    known = set(FIXED_COLUMNS + TRAILING_COLUMNS + OPTIONAL_COLUMNS)
    ok = True
    header = sheet.rows[0] if sheet.rows else []
    formulas, covered = sheet.formulas.get(1, {}), sheet.covered.get(1, set())
    for index, value in enumerate(header):
        if _is_blank(value) or index + 1 in formulas or index + 1 in covered:
            continue
        name = str(value).strip().lower()
        letter = column_letter(index)
        seen[name].append(letter)
        if name not in known and not _YEAR_HEADER.match(name):
            expected = ", ".join(
                [*FIXED_COLUMNS, "target_<tahun>", "pagu_<tahun>", *TRAILING_COLUMNS, *OPTIONAL_COLUMNS]
            )
            errors.at(1, letter, UNKNOWN_HEADER(name=value, expected=expected), cell=f"{letter}1")
            ok = False
        columns.setdefault(name, index)
    for name, letters in seen.items():
        if len(letters) > 1:
            errors.at(1, name, DUPLICATE_HEADER(name=name, columns=", ".join(letters)), cell=f"{letters[1]}1")
            ok = False
    for name in FIXED_COLUMNS + TRAILING_COLUMNS:
        if name not in columns:
            errors.at(1, None, MISSING_HEADER(name=name))
            ok = False
    targets = {int(m[2]) for name in columns if (m := _YEAR_HEADER.match(name)) and m[1] == "target"}
    pagus = {int(m[2]) for name in columns if (m := _YEAR_HEADER.match(name)) and m[1] == "pagu"}
    for year in sorted(targets ^ pagus):
        errors.at(1, None, MISSING_HEADER(name=f"{'pagu' if year in targets else 'target'}_{year}"))
        ok = False
    years = tuple(sorted(targets | pagus))
    if not years:
        errors.at(1, None, NO_YEARS())
        ok = False
    if context.period_years is not None:
        period = "-".join(str(y) for y in sorted({min(context.period_years), max(context.period_years)}))
        for year in years:
            if year not in context.period_years:
                errors.at(1, f"target_{year}", YEAR_OUTSIDE_PERIOD(year=year, period=period))
                ok = False
        for year in sorted(set(context.period_years) - set(years)):
            errors.at(1, None, YEAR_MISSING(year=year, period=period))
            ok = False
    return (columns if ok else None), years


def _check_layout(sheet: _Sheet, columns: dict[str, int] | None, errors: _Errors) -> None:
    """Formulas, merged cells, hidden rows/columns with data, data outside the headed columns."""
    grid = sheet.grid
    names = {index: name for name, index in (columns or {}).items()}
    header = sheet.rows[0] if sheet.rows else []
    header_formulas, header_covered = sheet.formulas.get(1, {}), sheet.covered.get(1, set())
    headed = {
        i
        for i, value in enumerate(header)
        if i + 1 not in header_covered and (not _is_blank(value) or i + 1 in header_formulas)
    }
    for block in grid.merged:
        first = f"{column_letter(block.first_col - 1)}{block.first_row}"
        last = f"{column_letter(block.last_col - 1)}{block.last_row}"
        cells = first if first == last else f"{first}:{last}"
        column = names.get(block.first_col - 1, column_letter(block.first_col - 1))
        errors.at(block.first_row, column, MERGED(cells=cells), cell=first)
    hidden_rows, hidden_columns = grid.hidden_rows, grid.hidden_columns
    filled_hidden_columns: set[int] = set()
    for number, values in enumerate(sheet.rows, start=1):
        formulas, covered = sheet.formulas.get(number), sheet.covered.get(number)
        row_has_data = False
        for index, value in enumerate(values):
            if covered and index + 1 in covered:
                continue
            if formulas and index + 1 in formulas:
                letter = column_letter(index)
                column = names.get(index, letter)
                errors.at(number, column, FORMULA(formula=formulas[index + 1]), cell=f"{letter}{number}")
                continue
            if value is None:  # the table reader strips text and reads blank text as None
                continue
            row_has_data = True
            if index + 1 in hidden_columns:
                filled_hidden_columns.add(index + 1)
            if index not in headed and number > 1:
                letter = column_letter(index)
                errors.at(number, names.get(index, letter), DATA_WITHOUT_HEADER(), cell=f"{letter}{number}")
        if row_has_data and number in hidden_rows:
            errors.at(number, None, HIDDEN_ROW())
    for number in sorted(filled_hidden_columns):
        letter = column_letter(number - 1)
        errors.at(1, names.get(number - 1, letter), HIDDEN_COLUMN(letter=letter), cell=f"{letter}1")


def _text(value: object) -> str:
    """A cell as text: whole numbers without ".0", escaped formulas unescaped, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        value = value.strip()
        return unescape_text(value).strip() if value.startswith("'") else value
    return str(value).strip()


def _number(value: Cell, percent: bool) -> Decimal | Text | None:
    """A number cell's value (`percent`: formatted as a percentage, read as shown), None when empty, or the
    reason it is not a number."""
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        return NUMBER_TYPE(kind=str(value).upper())
    if isinstance(value, int | float):
        number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        return number * 100 if percent else number
    if isinstance(value, str):
        try:
            return parse_number_text(unescape_text(value.strip()))
        except NumberTextError as exc:
            return exc.text
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)  # noqa: DTZ001 -- as openpyxl showed a date
    return NUMBER_TYPE(kind=value)


_CHOICES_POLARITY = {p.value: p for p in Polarity}
_CHOICES_AGGREGATION = {a.value: a for a in Aggregation}


def _read_rows(
    sheet: _Sheet,
    columns: dict[str, int],
    years: tuple[int, ...],
    context: ImportContext,
    errors: _Errors,
) -> list[PlanRow]:
    rows: list[PlanRow] = []
    first_row_of_id: dict[str, int] = {}
    for sheet_row in range(2, len(sheet.rows) + 1):
        if sheet.is_blank(sheet_row):
            continue
        row = _read_row(sheet, sheet_row, columns, years, context, errors)
        if row is None:
            continue
        first = first_row_of_id.setdefault(row.id, sheet_row)
        if first != sheet_row:
            errors.at_column(sheet_row, "id", DUPLICATE_ID(value=row.id, first_row=first))
        rows.append(row)
    return rows


def _read_row(
    sheet: _Sheet,
    sheet_row: int,
    columns: dict[str, int],
    years: tuple[int, ...],
    context: ImportContext,
    errors: _Errors,
) -> PlanRow | None:
    """One data row as a PlanRow (None when a required part is unusable); errors go to `errors`."""
    bad_before = len(errors.items)
    # Merged and formula cells were reported by _check_layout: their values are not data.
    cells = sheet.rows[sheet_row - 1]
    formulas = sheet.formulas.get(sheet_row, {})
    merged = sheet.covered.get(sheet_row, set())
    percent = sheet.grid.percent
    filled: dict[str, Cell] = {}
    covered: set[str] = set()
    for name, index in columns.items():
        if index < len(cells):
            if index + 1 in merged or index + 1 in formulas:
                covered.add(name)
            elif cells[index] is not None:
                filled[name] = cells[index]

    def ref(name: str) -> str:
        return f"{column_letter(columns[name])}{sheet_row}"

    def fail(name: str, text: Text) -> None:
        errors.at(sheet_row, name, text, cell=ref(name))

    def text(name: str) -> str:
        return _text(filled.get(name))

    def code(name: str) -> str:
        value = filled.get(name)
        if isinstance(value, float):
            fail(name, CODE_AS_NUMBER(value=repr(value)))
            return ""
        return text(name)

    def number(name: str) -> Decimal | None:
        cell = filled.get(name)
        if cell is None:
            return None
        value = _number(cell, (sheet_row, columns[name] + 1) in percent)
        if isinstance(value, Text):
            fail(name, value)
            return None
        return value

    region = code("kode_wilayah")
    plan_code = code("kode")
    is_program = bool(plan_code) and plan_code.count(".") <= 2  # an urusan (2.16) or a program (2.16.03)
    has_indicator = bool(text("indikator"))
    required = ["kode_wilayah", "uraian"]
    if region != NATIONAL_REGION_CODE:
        required.append("kode")
    if has_indicator or not is_program:
        required += ["indikator", "satuan", "polaritas"]
    for name in ("id", "agregasi", *required):
        if name in covered:
            errors.bad_rows.add(sheet_row)
    for name in required:
        if name not in covered and not text(name):
            fail(name, REQUIRED())
    if region == NATIONAL_REGION_CODE and not plan_code and "kode" not in covered:
        errors.warn(sheet_row, "kode", NATIONAL_WITHOUT_CODE())
    if is_program and not has_indicator and "indikator" not in covered:
        errors.warn(sheet_row, "indikator", PROGRAM_WITHOUT_INDICATOR())

    typed_id = code("id")
    row_id = typed_id or ("" if "id" in covered else f"{errors.sheet}!{sheet_row}")
    if typed_id and not _ID.match(typed_id):
        fail("id", BAD_ID(value=typed_id))

    if region and not _REGION.match(region):
        fail("kode_wilayah", BAD_REGION(value=region))
    elif region:
        if context.known_region_codes is not None and region not in context.known_region_codes:
            fail("kode_wilayah", UNKNOWN_REGION(value=region))
        if context.allowed_region_codes is not None and region not in context.allowed_region_codes:
            allowed = ", ".join(sorted(context.allowed_region_codes)) or "-"
            fail("kode_wilayah", NOT_YOUR_REGION(value=region, allowed=allowed))

    if plan_code and region != NATIONAL_REGION_CODE:
        parts = plan_code.split(".")
        if not PLAN_CODE.match(plan_code):
            fail("kode", BAD_PLAN_CODE(value=plan_code))
        elif len(parts) >= 4 and _REGION.match(region):
            code_is_province = parts[3] == "1"
            row_is_province = "." not in region
            if code_is_province != row_is_province:
                wrong = PROVINCE_CODE_ON_REGENCY_ROW if code_is_province else REGENCY_CODE_ON_PROVINCE_ROW
                fail("kode", wrong(value=plan_code))

    polarity_text = text("polaritas").lower()
    polarity = _CHOICES_POLARITY.get(polarity_text) if polarity_text else Polarity.POSITIVE
    if polarity is None:
        fail("polaritas", BAD_CHOICE(value=polarity_text, choices=", ".join(_CHOICES_POLARITY)))
    aggregation_text = text("agregasi").lower()
    # Blank is checked once the links are known (_check_aggregation): only supported rows need it.
    aggregation = _CHOICES_AGGREGATION.get(aggregation_text) if aggregation_text else Aggregation.NONE
    if not aggregation_text and "agregasi" not in covered:
        errors.blank_aggregation.add(sheet_row)
    if aggregation is None:
        fail("agregasi", BAD_CHOICE(value=aggregation_text, choices=", ".join(_CHOICES_AGGREGATION)))
    tipe = text("tipe").lower() or TIPE_VALUES[0]
    if tipe not in TIPE_VALUES:
        fail("tipe", BAD_CHOICE(value=tipe, choices=", ".join(TIPE_VALUES)))

    baseline = number("baseline")
    targets: dict[int, Decimal] = {}
    pagu: dict[int, Decimal] = {}
    for year in years:
        target = number(f"target_{year}")
        if target is not None:
            targets[year] = target
        amount = number(f"pagu_{year}")
        if amount is not None and amount < 0:
            fail(f"pagu_{year}", NEGATIVE_PAGU(value=amount))
        elif amount is not None:
            pagu[year] = amount

    lokasi = _read_lokasi(code("lokasi"), region, context, lambda t: fail("lokasi", t))
    supported = code("mendukung") or None

    if len(errors.items) > bad_before or polarity is None or aggregation is None:
        errors.bad_rows.add(sheet_row)
    if not row_id:
        return None
    return PlanRow(
        id=row_id,
        kode_wilayah=region,
        kode=plan_code,
        uraian=text("uraian"),
        indikator=text("indikator"),
        satuan=text("satuan"),
        polaritas=polarity or Polarity.POSITIVE,
        agregasi=aggregation or Aggregation.NONE,
        baseline=baseline,
        targets_by_year=targets,
        pagu_idr_by_year=pagu,
        lokasi=lokasi,
        mendukung=supported,
        tipe=tipe,
        penanggung_jawab=text("penanggung_jawab"),
        sheet_row=sheet_row,
    )


def _read_lokasi(
    value: str, region: str, context: ImportContext, fail: Callable[[Text], None]
) -> tuple[str, ...]:
    codes: list[str] = []
    for part in value.split(";"):
        village = part.strip()
        if not village:
            continue
        if not _VILLAGE.match(village):
            fail(BAD_VILLAGE(value=village))
        elif (
            region
            and region != NATIONAL_REGION_CODE
            and _REGION.match(region)
            and not is_within(village, region)
        ):
            fail(VILLAGE_OUTSIDE(value=village, region=region))
        elif context.known_village_codes is not None and village not in context.known_village_codes:
            fail(UNKNOWN_VILLAGE(value=village))
        elif village not in codes:
            codes.append(village)
    return tuple(codes)


def _check_links(rows: Sequence[PlanRow], context: ImportContext, errors: _Errors) -> None:
    """Every mendukung names a row of the file or a saved one; links (saved ones too) form no cycle."""
    file_ids = {row.id for row in rows}
    row_of = {row.id: row for row in reversed(rows)}  # first occurrence wins, as for duplicates
    links: dict[str, str | None] = dict(context.known_rows)
    links.update({row.id: row.mendukung for row in reversed(rows)})
    for row in rows:
        if row.mendukung and row.mendukung not in file_ids and row.mendukung not in context.known_rows:
            errors.at_column(row.sheet_row, "mendukung", UNKNOWN_LINK(value=row.mendukung))
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    for start in (row.id for row in rows):
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = links.get(node)
        if node is not None and state[node] == 1:
            cycle = path[path.index(node) :]
            in_file = [row_of[member] for member in cycle if member in row_of]
            first = min(in_file, key=lambda r: r.sheet_row)
            errors.at_column(first.sheet_row, "mendukung", CYCLE(path=" -> ".join([*cycle, cycle[0]])))
            errors.bad_rows.update(r.sheet_row for r in in_file)
        for member in path:
            state[member] = 2


def _check_aggregation(rows: Sequence[PlanRow], context: ImportContext, errors: _Errors) -> None:
    """A blank agregasi is an error on a row that another row supports, a warning elsewhere."""
    supporter: dict[str, str] = {}
    for row in rows:
        if row.mendukung:
            supporter.setdefault(row.mendukung, str(row.sheet_row))
    file_ids = {row.id for row in rows}
    for key, supported in context.known_rows.items():
        if supported and key not in file_ids:
            supporter.setdefault(supported, key)
    for row in rows:
        if row.sheet_row not in errors.blank_aggregation:
            continue
        if row.id in supporter:
            errors.at_column(row.sheet_row, "agregasi", AGGREGATION_NEEDED(supporter=supporter[row.id]))
        else:
            errors.warn(row.sheet_row, "agregasi", AGGREGATION_BLANK())


def _check_pagu_agrees(rows: Sequence[PlanRow], errors: _Errors) -> None:
    first: dict[tuple[str, str, int], tuple[int, Decimal]] = {}
    for row in rows:
        for year, amount in row.pagu_idr_by_year.items():
            key = (row.kode_wilayah, row.kode, year)
            seen = first.setdefault(key, (row.sheet_row, amount))
            if seen[1] != amount:
                first_value = format_rupiah(seen[1])
                conflict = PAGU_DIFFERS(year=year, kode=row.kode, first_row=seen[0], first_value=first_value)
                errors.warn(row.sheet_row, f"pagu_{year}", conflict)
