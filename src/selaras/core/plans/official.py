"""Reading the official plan tables as offices type them: the RPJMD table "Indikasi Rencana Program Prioritas
yang disertai Kebutuhan Pendanaan" and the Renstra table T-C.27 "Rencana Program, Kegiatan, dan Pendanaan".

The table itself (sheets, title rows, the multi-row merged header, column-number and total rows) is read by the
one core table reader (`selaras.core.tables`); this module gives its columns a meaning and turns the body into
the same `PlanRow`s as the template reader (`selaras.core.plans.workbook`). Rules:

- one sheet per government; a sheet without a recognisable official header is ignored (a workbook with none is
  an error). The region is read from the title rows ("... KABUPATEN PASER", "Dinas Komunikasi dan Informatika
  Kota Samarinda", "Provinsi Kalimantan Timur") or else the sheet name ("Paser", "Kota Samarinda", "Kukar"),
  matched against the official region list; when nothing names a region and the user may import exactly one,
  that one is used with a warning; otherwise the sheet is an error that says so.
- columns are recognised by their header words: tujuan, sasaran, indikator sasaran (read and ignored: a PlanRow
  has no goal), kode (one column, or the code split over several columns under one "Kode" header), program /
  kegiatan / sub kegiatan (uraian), indikator, satuan, kondisi/capaian awal (baseline), "Tahun 2025" with
  "Target" and "Rp" under it (any depth of merged header above), kondisi akhir (ignored: it is derived),
  perangkat daerah / unit penanggung jawab, lokasi.
- a table without a Kode column (the RPJMD table often has none) takes the code typed before the program's
  name ("2.16.03 Program Aplikasi Informatika") or looks the name up among the programs of the shipped
  nomenclature (`selaras/data/nomenklatur`, with the names offices use for them); a program row with an
  indicator whose name is unknown is an error naming the cell.
- a row with a code opens a program/kegiatan/sub kegiatan; rows under it without a code (or with the same
  code, when merged cells are repeated) are further indicators of it and share its name, Rp and responsible
  unit. Urusan headings, goal rows (tujuan/sasaran without a code) and rows without an indicator are not plan
  rows; a program/kegiatan without any indicator is a warning.
- target, baseline and Rp cells: a number cell or text read by `selaras.core.numbers` ("Rp 1.500.000.000",
  "Rp 2,5 M", "75,5 %", "25 OPD": the words after the number are the unit); "-", "n/a" and empty mean no
  value. Anything else is an error naming sheet, row and column. The table reader gives cell values, not
  their formats, so a number cell formatted as a percentage (75% stored as 0.75) is recognised by its row:
  when the unit is % (Satuan column, a "%" typed in the row, or an indicator named "Persentase ...") and every
  number cell of the row lies between 0 and 1, they are read as percentages (x 100), with a warning.
- satuan: the Satuan column, else the unit written after the numbers ("%", "OPD", "Dok"); none is a warning.
- tipe: outcome for programs (and urusan), output for kegiatan and sub kegiatan, as the official headers say.
- polaritas and agregasi are not in the official tables: every row is `positif` / `tidak`, said once per sheet
  as a warning, so that lower-is-better indicators and rows that others aggregate into get checked; an
  indicator whose words say lower is better ("insiden", "blank spot", "pengaduan", "belum ...") gets its own
  warning.
- lokasi: village names, codes or "name (code)" separated by `;`, `,`, "dan" or new lines, matched by the village matcher
  (`selaras.core.names`) inside the sheet's region. An exact match gives the code; a near match gives the code
  and a warning to confirm; an ambiguous or unknown name, a district ("Kecamatan ...") or a village missing
  from the installation's region list gives no code and a warning naming the candidates (never dropped
  silently). "Kab. Paser", "Semua Kecamatan", "Seluruh Desa" mean the whole region: no code, no warning.
- ids are `SHEET!ROW` (sheet name, 1-based row in the source), stable as long as the table keeps its rows;
  the template accepts them, so such rows can be exported as the template and imported back.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from selaras.core.i18n import Msg, Text
from selaras.core.names.matcher import MatchStatus, VillageIndex, VillageQuery, build_index, match_village
from selaras.core.names.normalize import Vocabulary, load_regency_aliases, load_vocabulary
from selaras.core.numbers import NumberTextError, parse_number, parse_rupiah
from selaras.core.plans.rows import Aggregation, PlanRow, Polarity
from selaras.core.plans.workbook import (
    NEGATIVE_PAGU,
    NOT_YOUR_REGION,
    PLAN_CODE,
    PROVINCE_CODE_ON_REGENCY_ROW,
    REGENCY_CODE_ON_PROVINCE_ROW,
    TOO_MANY_ROWS,
    UNKNOWN_REGION,
    VILLAGE_OUTSIDE,
    YEAR_MISSING,
    YEAR_OUTSIDE_PERIOD,
    CellError,
    ImportContext,
    PlanWorkbook,
)
from selaras.core.regions_data import DATA_DIR, Level, is_within, iter_official_regions
from selaras.core.tables import (
    Cell,
    Column,
    FileLimits,
    Grid,
    TableError,
    column_letter,
    data_rows,
    find_header,
    read_grids,
)

# Sheet and file messages.
NO_OFFICIAL_SHEET = Msg(
    id=(
        "Tidak ada lembar berisi tabel resmi (RPJMD 'Indikasi Rencana Program Prioritas' atau Renstra T-C.27): "
        "judul kolom Kode, Program/Kegiatan, Indikator dan 'Tahun ....' dengan Target dan Rp tidak ditemukan."
    ),
    en=(
        "No sheet holds an official table (RPJMD 'Indikasi Rencana Program Prioritas' or Renstra T-C.27): "
        "the headers Kode, Program/Kegiatan, Indikator and 'Tahun ....' with Target and Rp were not found."
    ),
)
NO_REGION = Msg(
    id=(
        "Wilayah lembar ini tidak dapat ditentukan: judul tabel maupun nama lembar tidak menyebut provinsi, "
        "kabupaten atau kota. Tulis misalnya 'KABUPATEN PASER' di baris judul atau beri nama lembar 'Paser'."
    ),
    en=(
        "The region of this sheet cannot be told: neither the table title nor the sheet name names a province, "
        "regency or city. Write e.g. 'KABUPATEN PASER' in a title row or name the sheet 'Paser'."
    ),
)
SEVERAL_REGIONS = Msg(
    id="Judul lembar ini menyebut beberapa wilayah ({names}); sisakan satu wilayah per lembar.",
    en="The title of this sheet names several regions ({names}); keep one region per sheet.",
)
REGION_ASSUMED = Msg(
    id="Judul dan nama lembar tidak menyebut wilayah; dibaca sebagai {name} ({code}), wilayah rencana ini.",
    en="Neither the title nor the sheet name names a region; read as {name} ({code}), the plan's region.",
)
NO_YEARS = Msg(
    id="Kolom 'Tahun ....' dengan Target dan Rp tidak ditemukan di judul tabel.",
    en="No 'Tahun ....' columns with Target and Rp were found in the table header.",
)
MISSING_COLUMN = Msg(
    id="Kolom '{name}' tidak ditemukan di judul tabel.",
    en="Column '{name}' was not found in the table header.",
)
DEFAULTS_USED = Msg(
    id=(
        "Tabel resmi tidak memuat polaritas dan agregasi: semua baris dibaca sebagai polaritas 'positif' dan "
        "agregasi 'tidak'. Periksa indikator yang makin kecil makin baik dan baris yang menjadi jumlah wilayah "
        "lain."
    ),
    en=(
        "Official tables hold no polarity or aggregation: every row is read as polarity 'positif' and "
        "aggregation 'tidak'. Check indicators where lower is better and rows that other regions add up to."
    ),
)
FRACTIONS_READ_AS_PERCENT = Msg(
    id=(
        "Angka pecahan 0-1 pada baris bersatuan % dibaca sebagai persen (0,75 menjadi 75) pada baris {rows}; "
        "periksa."
    ),
    en="Fractions 0-1 in rows whose unit is % were read as percentages (0.75 as 75) on rows {rows}; check.",
)
LOWER_IS_BETTER = Msg(
    id=(
        "Indikator '{value}' tampaknya makin kecil makin baik, tetapi dibaca dengan polaritas 'positif' (tabel "
        "resmi tidak memuat polaritas); ubah menjadi 'negatif' bila memang demikian."
    ),
    en=(
        "Indicator '{value}' looks lower-is-better, but it is read with polarity 'positif' (official tables "
        "hold no polarity); change it to 'negatif' if so."
    ),
)
# Row and cell messages.
BAD_CODE = Msg(
    id="Kode '{value}' bukan kode nomenklatur (misalnya 2.16.03, 2.16.03.2.02 atau 2.16.03.2.02.0024).",
    en="Code '{value}' is not a nomenclature code (e.g. 2.16.03, 2.16.03.2.02 or 2.16.03.2.02.0024).",
)
NOT_A_NUMBER = Msg(
    id="'{value}' tidak dapat dibaca sebagai angka: {reason}",
    en="'{value}' cannot be read as a number: {reason}",
)
NOT_A_NUMBER_CELL = Msg(id="Isian ini ({value}) bukan angka.", en="This entry ({value}) is not a number.")
NO_INDICATOR = Msg(
    id="Program/kegiatan {kode} tidak punya indikator; baris ini tidak diimpor.",
    en="Program/activity {kode} has no indicator; this row is not imported.",
)
NO_SATUAN = Msg(
    id="Satuan tidak diketahui: tidak ada kolom Satuan dan target tidak menyebut satuan.",
    en="Unit unknown: there is no Satuan column and the targets name no unit.",
)
PAGU_DIFFERS = Msg(
    id="Rp {year} untuk kode {kode} berbeda dengan baris {first_row} ({first_value}); periksa.",
    en="Rp {year} for code {kode} differs from row {first_row} ({first_value}); please check.",
)
VILLAGE_NEAR = Msg(
    id="Lokasi '{value}' dibaca sebagai {name} ({code}); periksa.",
    en="Location '{value}' read as {name} ({code}); please check.",
)
VILLAGE_AMBIGUOUS = Msg(
    id="Lokasi '{value}' cocok dengan beberapa desa/kelurahan: {candidates}; pilih satu, lokasi ini belum diisi.",
    en="Location '{value}' fits several villages: {candidates}; choose one, this location is not set.",
)
VILLAGE_UNKNOWN = Msg(
    id="Lokasi '{value}' tidak ditemukan di {region}{suggestions}; lokasi ini belum diisi.",
    en="Location '{value}' was not found in {region}{suggestions}; this location is not set.",
)
VILLAGE_NOT_LOADED = Msg(
    id="Lokasi '{value}' adalah {name} ({code}), yang belum ada di daftar wilayah aplikasi; lokasi ini belum diisi.",
    en="Location '{value}' is {name} ({code}), which is not in this installation's region list; not set.",
)
UNKNOWN_PROGRAM = Msg(
    id=(
        "Program '{value}' tidak ditemukan di nomenklatur dan tabel ini tidak punya kolom Kode; tulis kodenya di "
        "depan nama (misalnya 2.16.03 Program Aplikasi Informatika) atau tambahkan kolom Kode."
    ),
    en=(
        "Program '{value}' is not in the nomenclature and this table has no Kode column; write its code before "
        "the name (e.g. 2.16.03 Program Aplikasi Informatika) or add a Kode column."
    ),
)
SUGGESTIONS = Msg(id=" (mirip: {names})", en=" (similar: {names})")
NOT_A_VILLAGE = Msg(
    id="Lokasi '{value}' bukan nama desa/kelurahan; lokasi ini belum diisi.",
    en="Location '{value}' is not a village name; this location is not set.",
)

_BLANK_MARKS = frozenset({"", "-", "--", "\u2013", "\u2014", "n/a", "na", "n.a", "n.a.", "nihil"})
_WHOLE_REGION_WORDS = frozenset({"semua", "seluruh", "se"})
_NOT_VILLAGE_WORDS = frozenset({"kecamatan", "kec", "distrik", "kabupaten", "kab", "provinsi", "prov"})
_LOKASI_SPLIT = re.compile(r"\s*(?:;|,|\n|\r|\bdan\b)\s*", re.IGNORECASE)
_INDICATOR_PREFIX = re.compile(r"^\s*indikator[^:]{0,60}:\s*", re.IGNORECASE)
_YEAR = re.compile(r"\b(20\d{2})\b")
_NUMBER_AND_UNIT = re.compile(r"^\s*((?:rp\.?\s*)?[-\u2212]?[\d.,]*\d)\s*(%|[^\d\s].*)?$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_CODE_PARTS = re.compile(r"[^\d.]")
_LEADING_CODE = re.compile(r"^\s*(\d\.\s?\d{1,2}(?:\.\s?\d{1,4}){1,4})\.?\s+(?=\S)")
NOMENCLATURE_CSV = DATA_DIR / "nomenklatur" / "nomenklatur_kabkota_partial.csv"
# Program names as offices write them, besides the nomenclature's own (renamed or shortened over the years).
_PROGRAM_ALIASES = (
    ("2.16.01", "penunjang urusan pemerintahan daerah provinsi"),
    ("2.16.02", "informasi dan komunikasi publik"),
    ("2.16.03", "pengelolaan aplikasi informatika"),
    ("2.20.02", "statistik sektoral"),
    ("2.21.02", "persandian untuk pengamanan informasi"),
)
_NAME_NOISE = frozenset({"program", "dan", "untuk", "di", "yang"})
# Words of indicators where a smaller number is the better one (incidents, complaints, villages still without).
_LOWER_IS_BETTER = re.compile(
    r"\b(insiden|serangan|gangguan|blank ?spot|kebocoran|pengaduan|keluhan|waktu (tanggap|respon|penyelesaian)"
    r"|downtime|belum|tidak terlayani|tanpa (sinyal|internet|akses)|kesenjangan)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class OfficialSheet:
    """One sheet as the table reader found it.

    `titles`: the text of the rows above the header, top to bottom. `headers`: for each column (0-based) the
    header labels from the top header row down (merged labels repeated in every column they cover).
    `rows`: the data rows (column-number and total rows already left out), each as its 1-based row number in
    the source and its cell values. `header_row`: the 1-based row of the last header row. `continued`: rows
    whose indicator cell is covered by a merged cell starting higher up (the reader fills merged cells with
    their value, so such a row repeats the indicator above rather than adding one).
    """

    name: str
    titles: tuple[str, ...]
    headers: tuple[tuple[str, ...], ...]
    rows: Sequence[tuple[int, Sequence[Cell]]]
    header_row: int = 1
    continued: frozenset[int] = frozenset()  # rows whose indicator cell is a merge carried down from above


@dataclass
class _Columns:
    code: list[int] = field(default_factory=list)
    uraian: list[int] = field(default_factory=list)
    indikator: list[int] = field(default_factory=list)
    satuan: int | None = None
    baseline: int | None = None
    target: dict[int, int] = field(default_factory=dict)  # year -> column
    pagu: dict[int, int] = field(default_factory=dict)
    unit: int | None = None
    lokasi: int | None = None
    goal: list[int] = field(default_factory=list)  # tujuan, sasaran, indikator sasaran
    labels: dict[int, str] = field(default_factory=dict)  # column -> label shown in messages


def _norm(label: str) -> str:
    return _SPACES.sub(" ", str(label).replace("\n", " ")).strip().casefold()


def classify_columns(headers: Sequence[Sequence[str]], period_years: Sequence[int] | None = None) -> _Columns:
    """Give each header column its meaning (rules in the module docstring)."""
    columns = _Columns()
    for index, path in enumerate(headers):
        labels = [_norm(label) for label in path if label and _norm(label)]
        if not labels:
            continue
        joined = " / ".join(labels)
        last = labels[-1]
        columns.labels[index] = " / ".join(dict.fromkeys(label.strip() for label in path if label))
        year = _year_of(labels, period_years)
        kind = _year_kind(last) if year is not None and "akhir" not in joined else None
        if year is not None and kind is not None:
            (columns.target if kind == "target" else columns.pagu).setdefault(year, index)
            continue
        if "akhir" in joined:
            continue
        if "tujuan" in joined or ("sasaran" in joined and "kegiatan" not in joined):
            columns.goal.append(index)
        elif joined.startswith("kode") or last == "kode" or last.startswith("kode "):
            columns.code.append(index)
        elif "satuan" in joined:
            columns.satuan = index if columns.satuan is None else columns.satuan
        elif "indikator" in joined:
            columns.indikator.append(index)
        elif "awal" in joined or "baseline" in joined or "capaian" in joined:
            columns.baseline = index if columns.baseline is None else columns.baseline
        elif "penanggung" in joined or "perangkat daerah" in joined or "unit kerja" in joined:
            columns.unit = index if columns.unit is None else columns.unit
        elif "lokasi" in joined:
            columns.lokasi = index if columns.lokasi is None else columns.lokasi
        elif "program" in joined or "kegiatan" in joined or "uraian" in joined or "urusan" in joined:
            columns.uraian.append(index)
    return columns


_PAGU_WORDS = re.compile(r"\b(rp|pagu|anggaran|dana|pendanaan|biaya)\b")
_TARGET_WORDS = re.compile(r"\b(target)\b")
_BASELINE_WORDS = re.compile(r"\b(awal|capaian|kondisi|baseline|realisasi)\b")


def _year_kind(label: str) -> str | None:
    """Whether the lowest header label of a year column names its target or its Rp ("Target", "Rp",
    "Pagu 2025", "Tahun 2025 Target"); a label of the starting point ("Capaian Kinerja Tahun 2024") is none."""
    if _BASELINE_WORDS.search(label):
        return None
    for pattern, kind in ((_PAGU_WORDS, "pagu"), (_TARGET_WORDS, "target")):
        found = pattern.search(label)
        if found is not None and found.start() == 0:
            return kind
    for pattern, kind in ((_PAGU_WORDS, "pagu"), (_TARGET_WORDS, "target")):
        if pattern.search(label):
            return kind
    return None


def _year_of(labels: Sequence[str], period_years: Sequence[int] | None) -> int | None:
    for label in labels:
        found = _YEAR.search(label)
        if found:
            return int(found[1])
    if period_years:
        # "Tahun-1" .. "Tahun-5" / "Tahun ke-3": the n-th year of the plan period.
        for label in labels:
            ordinal = re.fullmatch(r"tahun\s*(?:ke)?\s*-?\s*(\d)", label)
            if ordinal and 1 <= int(ordinal[1]) <= len(period_years):
                return sorted(period_years)[int(ordinal[1]) - 1]
    return None


def is_official_header(headers: Sequence[Sequence[str]]) -> bool:
    """True when the header holds the columns every official table has: a code or a program name, an indicator
    and a yearly target."""
    columns = classify_columns(headers, period_years=(1, 2, 3, 4, 5))
    return bool((columns.code or columns.uraian) and columns.indikator and columns.target)


class _Problems:
    def __init__(self) -> None:
        self.errors: list[CellError] = []
        self.warnings: list[CellError] = []

    def error(
        self, sheet: str, row: int | None, column: str | None, text: Text, cell: str | None = None
    ) -> None:
        self.errors.append(CellError(sheet=sheet, row=row, column=column, text=text, cell=cell))

    def warn(
        self, sheet: str, row: int | None, column: str | None, text: Text, cell: str | None = None
    ) -> None:
        self.warnings.append(CellError(sheet=sheet, row=row, column=column, text=text, cell=cell))


# What locates an official header among the title rows: one of each is enough to find the rows; the meaning of
# every column is then given by `classify_columns`.
_HEADER_COLUMNS = (
    Column("kode", ("kode*",)),
    Column("uraian", ("program*", "bidangurusan*", "kegiatan*", "uraian*"), required=True),
    Column("indikator", ("indikator*",), required=True),
    Column("tahun", ("tahun*", "target*", "capaian*"), required=True),
)


def official_sheet(grid: Grid) -> OfficialSheet | None:
    """The sheet as an official table (header found below its title rows, column-number and total rows left
    out by the table reader), or None when it holds no official header."""
    header = find_header(grid, _HEADER_COLUMNS)
    if header.missing_required:
        return None
    rows = range(header.first_row, header.last_row + 1)
    paths = tuple(tuple(_label(grid.cell(r, c + 1)) for r in rows) for c in range(grid.width))
    if not is_official_header(paths):
        return None
    titles: list[str] = []
    for number in range(1, header.first_row):
        texts = [t for v in grid.row(number) if (t := _label(v))]
        line = " ".join(dict.fromkeys(texts))  # a title merged across columns repeats its text
        if line:
            titles.append(line)
    body = list(data_rows(grid, header))
    indicator_columns = {c + 1 for c in classify_columns(paths).indikator}
    continued = {
        row
        for block in grid.merged
        if block.first_row > header.last_row
        and block.last_row > block.first_row
        and any(block.first_col <= c <= block.last_col for c in indicator_columns)
        for row in range(block.first_row + 1, block.last_row + 1)
    }
    return OfficialSheet(grid.name, tuple(titles), paths, body, header.last_row, frozenset(continued))


def _label(value: Cell) -> str:
    return "" if value is None else _SPACES.sub(" ", str(value)).strip()


def official_sheets(grids: Iterable[Grid]) -> list[OfficialSheet]:
    """The visible sheets of a file that hold an official table."""
    return [sheet for grid in grids if not grid.hidden and (sheet := official_sheet(grid)) is not None]


def read_official(
    data: bytes,
    filename: str,
    *,
    context: ImportContext | None = None,
    limits: FileLimits = FileLimits(),  # noqa: B008 -- frozen, so one shared default is safe
    max_rows: int | None = None,
    grids: list[Grid] | None = None,
) -> PlanWorkbook:
    """Read a file (xlsx, xls, ods or csv) holding official tables, one sheet per government; never raises
    on bad input. `grids` lets a caller pass the sheets it already read."""
    if grids is None:
        try:
            grids = read_grids(data, filename, limits=limits)
        except TableError as exc:
            return PlanWorkbook(rows=(), years=(), errors=(CellError("", None, None, exc.text),))
    return read_official_sheets(official_sheets(grids), context=context, max_rows=max_rows)


def read_official_sheets(
    sheets: Iterable[OfficialSheet],
    *,
    context: ImportContext | None = None,
    max_rows: int | None = None,
    village_index: VillageIndex | None = None,
) -> PlanWorkbook:
    """Read the official tables of `sheets` into PlanRows; never raises on bad input.

    Sheets without an official header are skipped. `village_index` is built from the shipped list of the
    sheet's province when not given. Rows with an error are left out of `rows`; nothing may be saved while
    `errors` is not empty; `warnings` never block saving.
    """
    context = context or ImportContext()
    problems = _Problems()
    rows: list[tuple[str, PlanRow]] = []  # (sheet, row)
    years: set[int] = set()
    sheets = [sheet for sheet in sheets if is_official_header(sheet.headers)]
    found = bool(sheets)
    count = sum(len(sheet.rows) for sheet in sheets)
    if max_rows is not None and count > max_rows:
        problems.error("", None, None, TOO_MANY_ROWS(count=count, limit=max_rows))
        sheets = []
    for sheet in sheets:
        reader = _SheetReader(sheet, context, problems, village_index)
        rows.extend((sheet.name, row) for row in reader.read())
        years.update(reader.years)
    if not found:
        problems.error("", None, None, NO_OFFICIAL_SHEET())
    _check_pagu(rows, problems)
    errors = sorted(problems.errors, key=lambda e: (e.sheet != "", e.sheet, e.row or 0))
    bad = {(e.sheet, e.row) for e in errors}
    kept = tuple(row for sheet, row in rows if (sheet, row.sheet_row) not in bad)
    return PlanWorkbook(
        rows=kept, years=tuple(sorted(years)), errors=tuple(errors), warnings=tuple(problems.warnings)
    )


def _check_pagu(rows: Sequence[tuple[str, PlanRow]], problems: _Problems) -> None:
    """The same code with different Rp in one region: a warning (the tables show Rp once per element)."""
    first: dict[tuple[str, str, int], tuple[PlanRow, Decimal]] = {}
    for sheet, row in rows:
        for year, amount in row.pagu_idr_by_year.items():
            seen = first.setdefault((row.kode_wilayah, row.kode, year), (row, amount))
            if seen[1] != amount:
                text = PAGU_DIFFERS(
                    year=year, kode=row.kode, first_row=seen[0].sheet_row, first_value=seen[1]
                )
                problems.warn(sheet, row.sheet_row, f"Rp {year}", text)


@dataclass
class _Element:
    kode: str
    uraian: str
    pagu: dict[int, Decimal]
    unit: str
    row: int
    has_indicator: bool = False


class _SheetReader:
    def __init__(
        self,
        sheet: OfficialSheet,
        context: ImportContext,
        problems: _Problems,
        village_index: VillageIndex | None,
    ) -> None:
        self.sheet = sheet
        self.context = context
        self.problems = problems
        self.columns = classify_columns(sheet.headers, context.period_years)
        self.years = tuple(sorted(self.columns.target))
        self._village_index = village_index
        self.region = ""
        self.region_name = ""
        self.scaled_rows: list[int] = []

    # Messages about one cell or row of this sheet.
    def _error(self, row: int, column: int | None, text: Text) -> None:
        name, cell = self._where(row, column)
        self.problems.error(self.sheet.name, row, name, text, cell)

    def _warn(self, row: int | None, column: int | None, text: Text) -> None:
        name, cell = self._where(row, column) if row is not None else (None, None)
        self.problems.warn(self.sheet.name, row, name, text, cell)

    def _where(self, row: int, column: int | None) -> tuple[str | None, str | None]:
        if column is None:
            return None, None
        letter = column_letter(column)
        return self.columns.labels.get(column, letter), f"{letter}{row}"

    def read(self) -> list[PlanRow]:
        if not self._check_header():
            return []
        if not self._find_region():
            return []
        rows: list[PlanRow] = []
        element: _Element | None = None
        for number, cells in self.sheet.rows:
            if number in self.sheet.continued:
                continue
            code = self._code(number, cells)
            if code is None:  # an unreadable code: reported, the row is left out
                element = None
                continue
            indicator = _INDICATOR_PREFIX.sub("", self._text(cells, self.columns.indikator))
            if code and (element is None or code != element.kode):
                if element is not None and not element.has_indicator and element.kode.count(".") >= 2:
                    self._warn(element.row, None, NO_INDICATOR(kode=element.kode))
                element = _Element(
                    kode=code,
                    uraian=_LEADING_CODE.sub("", self._text(cells, self.columns.uraian)),
                    pagu=self._pagu(number, cells),
                    unit=self._text(cells, [self.columns.unit] if self.columns.unit is not None else []),
                    row=number,
                )
            elif element is None or not indicator:
                continue  # headings, goal rows, blank or filler rows
            if not indicator:
                continue
            element.has_indicator = True
            row = self._row(number, cells, element, indicator)
            if row is not None:
                rows.append(row)
        if element is not None and not element.has_indicator and element.kode.count(".") >= 2:
            self._warn(element.row, None, NO_INDICATOR(kode=element.kode))
        if self.scaled_rows:
            shown = ", ".join(str(n) for n in self.scaled_rows[:10])
            more = len(self.scaled_rows) - 10
            self._warn(
                None, None, FRACTIONS_READ_AS_PERCENT(rows=shown + (f" (+{more})" if more > 0 else ""))
            )
        if rows:
            self._warn(None, None, DEFAULTS_USED())
        return rows

    def _check_header(self) -> bool:
        columns, ok = self.columns, True
        if not columns.uraian:
            self._error(self.sheet.header_row, None, MISSING_COLUMN(name="Program / Kegiatan"))
            ok = False
        years = set(columns.target)
        if not years:
            self._error(self.sheet.header_row, None, NO_YEARS())
            return False
        period = self.context.period_years
        if period is not None:
            label = "-".join(str(y) for y in sorted({min(period), max(period)}))
            for year in sorted(years - set(period)):
                column = columns.target[year]
                self._error(self.sheet.header_row, column, YEAR_OUTSIDE_PERIOD(year=year, period=label))
                ok = False
            for year in sorted(set(period) - years):
                self._error(self.sheet.header_row, None, YEAR_MISSING(year=year, period=label))
                ok = False
        return ok

    def _find_region(self) -> bool:
        found, text = region_of_sheet(self.sheet.titles, self.sheet.name)
        allowed = self.context.allowed_region_codes
        if text is not None:
            self.problems.error(self.sheet.name, None, None, text)
            return False
        if found is None:
            if allowed is not None and len(allowed) == 1:
                code = next(iter(allowed))
                found = code
                self._warn(None, None, REGION_ASSUMED(name=region_name(code), code=code))
            else:
                self.problems.error(self.sheet.name, None, None, NO_REGION())
                return False
        if self.context.known_region_codes is not None and found not in self.context.known_region_codes:
            self.problems.error(self.sheet.name, None, None, UNKNOWN_REGION(value=found))
            return False
        if allowed is not None and found not in allowed:
            names = ", ".join(sorted(allowed)) or "-"
            self.problems.error(self.sheet.name, None, None, NOT_YOUR_REGION(value=found, allowed=names))
            return False
        self.region = found
        self.region_name = region_name(found)
        return True

    # Cells.
    def _value(self, cells: Sequence[Cell], column: int | None) -> Cell:
        if column is None or column >= len(cells):
            return None
        return cells[column]

    def _text(self, cells: Sequence[Cell], columns: Sequence[int | None]) -> str:
        for column in columns:
            value = self._value(cells, column)
            if not _blank(value):
                return _as_text(value)
        return ""

    def _code(self, number: int, cells: Sequence[Cell]) -> str | None:
        """The row's nomenclature code ("" when none, None when unreadable, reported)."""
        if not self.columns.code:
            return self._code_from_name(number, cells)
        by_column = [(c, _code_part(self._value(cells, c))) for c in self.columns.code]
        parts = [p for _c, p in by_column if p]
        if not parts:
            return ""
        raw = ".".join(parts)
        code = _normalise_code(raw)
        # Point at the code cell that holds something other than digits and dots, else the first one.
        first = next((c for c, p in by_column if _CODE_PARTS.search(p)), self.columns.code[0])
        if not PLAN_CODE.match(code):
            if code.count(".") <= 1 and re.fullmatch(r"[\d.]*", code):
                return ""  # an urusan or a row number typed in the code column: a heading, not a plan row
            self._error(number, first, BAD_CODE(value=raw))
            return None
        pieces = code.split(".")
        if len(pieces) >= 4 and self.region:
            code_is_province = pieces[3] == "1"
            row_is_province = "." not in self.region
            if code_is_province != row_is_province:
                wrong = PROVINCE_CODE_ON_REGENCY_ROW if code_is_province else REGENCY_CODE_ON_PROVINCE_ROW
                self._error(number, first, wrong(value=code))
                return None
        return code

    def _code_from_name(self, number: int, cells: Sequence[Cell]) -> str | None:
        """A table without a Kode column (the RPJMD table often has none): the code typed before the program's
        name ("2.16.03 Program ..."), else the program's name looked up in the shipped nomenclature."""
        name = self._text(cells, self.columns.uraian)
        if not name:
            return ""
        leading = _LEADING_CODE.match(name)
        if leading:
            code = _normalise_code(leading[1])
            if PLAN_CODE.match(code):
                return code
        found = program_code(name)
        if found:
            return found
        if self._text(cells, self.columns.indikator):
            self._error(number, self.columns.uraian[0], UNKNOWN_PROGRAM(value=name))
            return None
        return ""  # an urusan or other heading

    def _quantity(self, number: int, cells: Sequence[Cell], column: int | None) -> _Quantity:
        """A target or baseline cell; an unreadable one is reported and reads as no value."""
        value = self._value(cells, column)
        quantity, problem = read_quantity(value)
        if problem is not None:
            self._error(number, column, problem)
        return quantity

    def _pagu(self, number: int, cells: Sequence[Cell]) -> dict[int, Decimal]:
        pagu: dict[int, Decimal] = {}
        for year, column in self.columns.pagu.items():
            value = self._value(cells, column)
            amount, problem = read_rupiah(value)
            if problem is not None:
                self._error(number, column, problem)
            elif amount is not None and amount < 0:
                self._error(number, column, NEGATIVE_PAGU(value=amount))
            elif amount is not None:
                pagu[year] = amount
        return pagu

    def _row(self, number: int, cells: Sequence[Cell], element: _Element, indicator: str) -> PlanRow | None:
        baseline = self._quantity(number, cells, self.columns.baseline)
        targets = {year: self._quantity(number, cells, self.columns.target[year]) for year in self.years}
        quantities = [baseline, *targets.values()]
        satuan = self._text(cells, [self.columns.satuan])
        if not satuan:
            satuan = next((q.unit for q in quantities if q.unit), "")
        if _is_fraction_of_percent(satuan, indicator, quantities):
            # Number cells formatted as percentages arrive as fractions (0.75 shown as 75%).
            quantities = [q.scaled(100) for q in quantities]
            baseline, targets = quantities[0], dict(zip(targets, quantities[1:], strict=True))
            satuan = satuan or "%"
            self.scaled_rows.append(number)
        if not satuan:
            self._warn(number, None, NO_SATUAN())
        if _LOWER_IS_BETTER.search(indicator):
            self._warn(number, self.columns.indikator[0], LOWER_IS_BETTER(value=indicator))
        pagu = dict(element.pagu) if number == element.row else {**element.pagu, **self._pagu(number, cells)}
        unit_name = self._text(cells, [self.columns.unit])
        lokasi = self._lokasi(number, cells)
        level = element.kode.count(".") + 1
        return PlanRow(
            id=f"{self.sheet.name.strip()[:56]}!{number}",
            kode_wilayah=self.region,
            kode=element.kode,
            uraian=element.uraian,
            indikator=indicator,
            satuan=satuan,
            polaritas=Polarity.POSITIVE,
            agregasi=Aggregation.NONE,
            baseline=baseline.value,
            targets_by_year={year: q.value for year, q in targets.items() if q.value is not None},
            pagu_idr_by_year=pagu,
            lokasi=lokasi,
            mendukung=None,
            tipe="outcome" if level <= 3 else "output",
            penanggung_jawab=unit_name or element.unit,
            sheet_row=number,
        )

    def _lokasi(self, number: int, cells: Sequence[Cell]) -> tuple[str, ...]:
        column = self.columns.lokasi
        value = self._value(cells, column)
        if _blank(value):
            return ()
        codes: list[str] = []
        for piece in _LOKASI_SPLIT.split(str(value)):
            part = _as_text(piece).strip(" .")
            if not part:
                continue
            code = self._village(number, column, part)
            if code and code not in codes:
                codes.append(code)
        return tuple(codes)

    def _village(self, number: int, column: int | None, part: str) -> str | None:
        # A code, alone or after the name ("Sumber Sari (64.02.02.2014)"), is taken as it is.
        typed = re.fullmatch(r"(?:[^()]*\()?\s*(\d{2}\.\d{2}\.\d{2}\.\d{4})\s*\)?", part)
        if typed:
            code = typed[1]
            if not is_within(code, self.region):
                self._error(number, column, VILLAGE_OUTSIDE(value=code, region=self.region))
                return None
            return code
        words = re.findall(r"[a-z]+", part.casefold())
        if not words or words[0] in _WHOLE_REGION_WORDS or _is_region_itself(part, self.region):
            return None  # the whole region ("Kab. Paser", "Semua Kecamatan", "Seluruh Desa")
        if words[0] in _NOT_VILLAGE_WORDS:
            self._warn(number, column, NOT_A_VILLAGE(value=part))
            return None
        index = self._index()
        regency = self.region_name if "." in self.region else None
        result = match_village(index, VillageQuery(village=part, regency=regency))
        known = self.context.known_village_codes
        if result.code and known is not None and result.code not in known:
            self._warn(
                number, column, VILLAGE_NOT_LOADED(value=part, name=result.official_name, code=result.code)
            )
            return None
        if result.status == MatchStatus.EXACT:
            return result.code
        if result.status == MatchStatus.FUZZY and result.code:
            self._warn(number, column, VILLAGE_NEAR(value=part, name=result.official_name, code=result.code))
            return result.code
        candidates = ", ".join(f"{c.name} ({c.code}, {c.district_name})" for c in result.candidates[:5])
        if result.status == MatchStatus.AMBIGUOUS:
            self._warn(number, column, VILLAGE_AMBIGUOUS(value=part, candidates=candidates))
        else:
            names = ", ".join(c.name for c in result.candidates[:3])
            hint = SUGGESTIONS(names=names) if names else ""
            self._warn(number, column, VILLAGE_UNKNOWN(value=part, region=self.region_name, suggestions=hint))
        return None

    def _index(self) -> VillageIndex:
        if self._village_index is None:
            self._village_index = _province_index(self.region.split(".", 1)[0])
        return self._village_index


def _program_key(name: str) -> str:
    words = re.findall(r"[a-z0-9]+", name.casefold())
    return " ".join(w for w in words if w not in _NAME_NOISE)


@lru_cache(maxsize=1)
def _program_codes() -> dict[str, str]:
    """Program name key -> code, from the shipped nomenclature and the aliases above."""
    codes: dict[str, str] = {}
    with open(NOMENCLATURE_CSV, encoding="utf-8", newline="") as handle:
        for entry in csv.DictReader(handle):
            if entry["level"] == "program":
                codes[_program_key(entry["name"])] = entry["code"]
    for code, alias in _PROGRAM_ALIASES:
        codes.setdefault(_program_key(alias), code)
        codes.setdefault(_program_key("pengelolaan " + alias), code)
        codes.setdefault(_program_key("penyelenggaraan " + alias), code)
    return codes


def program_code(name: str) -> str | None:
    """The code of a program named as the nomenclature (or an office) names it: "PROGRAM APLIKASI
    INFORMATIKA" -> 2.16.03; None when the name is not a known program."""
    return _program_codes().get(_program_key(name))


@lru_cache(maxsize=4)
def _province_index(province: str) -> VillageIndex:
    return build_index(province)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip().casefold() in _BLANK_MARKS)


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _SPACES.sub(" ", str(value)).strip()


def _code_part(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip().strip(".")


def _normalise_code(raw: str) -> str:
    """Spaces dropped, parts zero-padded as the nomenclature writes them: 2.16.3.2.2.24 -> 2.16.03.2.02.0024."""
    text = raw.replace(" ", "").replace(",", ".").strip(".")
    if _CODE_PARTS.search(text):
        return text
    parts = [p for p in text.split(".") if p]
    widths = (1, 2, 2, 1, 2, 4)
    padded = [p.zfill(widths[i]) if i < len(widths) and p.isdigit() else p for i, p in enumerate(parts)]
    return ".".join(padded)


@dataclass(frozen=True)
class _Quantity:
    """A target or baseline as read: the number, the unit written after it, and whether it was a number cell
    (only those can be percentage-formatted fractions)."""

    value: Decimal | None = None
    unit: str = ""
    from_number_cell: bool = False

    def scaled(self, factor: int) -> _Quantity:
        if self.value is None or not self.from_number_cell:
            return self
        return _Quantity(self.value * factor, self.unit, True)


def read_quantity(value: Cell) -> tuple[_Quantity, Text | None]:
    """A target or baseline cell: its number and the unit written with it, or the reason it cannot be read.
    Text goes through the one Indonesian number parser: "25 OPD" is 25 with unit "OPD", "75 %" is 75 with
    unit "%"; "-", "n/a" and empty are no value."""
    if _blank(value):
        return _Quantity(), None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return _Quantity(), NOT_A_NUMBER_CELL(value=str(value))
    if not isinstance(value, str):
        try:
            return _Quantity(parse_number(value), "", True), None
        except NumberTextError as exc:
            return _Quantity(), exc.text
    text = _SPACES.sub(" ", value).strip()
    match = _NUMBER_AND_UNIT.match(text)
    if match is None:
        return _Quantity(), NOT_A_NUMBER_CELL(value=text)
    digits, unit = match[1], (match[2] or "").strip()
    try:
        return _Quantity(parse_number(digits), unit), None
    except NumberTextError as exc:
        return _Quantity(), NOT_A_NUMBER(value=text, reason=exc.text)


def read_rupiah(value: Cell) -> tuple[Decimal | None, Text | None]:
    """An Rp cell: a number cell or Rupiah text ("Rp 1.500.000.000", "Rp 2,5 M"); "-" and empty are none."""
    if _blank(value):
        return None, None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return None, NOT_A_NUMBER_CELL(value=str(value))
    try:
        return parse_rupiah(value), None
    except NumberTextError as exc:
        return None, exc.text


_PERCENT_WORDS = ("persentase", "presentase", "prosentase", "persen", "proporsi")


def _is_fraction_of_percent(satuan: str, indicator: str, quantities: Sequence[_Quantity]) -> bool:
    """True when a percentage row's number cells hold fractions: the unit is % (or the indicator is a
    "Persentase ...") and every number cell lies between 0 and 1, at least one of them above 0."""
    unit = satuan.strip().casefold()
    is_percent = unit in ("%", "persen", "persentase") or any(q.unit == "%" for q in quantities)
    is_percent = is_percent or (not unit and indicator.casefold().startswith(_PERCENT_WORDS))
    numbers = [q.value for q in quantities if q.from_number_cell and q.value is not None]
    return is_percent and bool(numbers) and all(0 <= n <= 1 for n in numbers) and any(n > 0 for n in numbers)


# Regions named in titles and sheet names.


@dataclass(frozen=True)
class _RegionNames:
    by_key: dict[tuple[str, ...], list[tuple[str, bool]]]  # words -> (code, named with its kind word)
    names: dict[str, str]
    longest: int


@lru_cache(maxsize=1)
def _region_names() -> _RegionNames:
    regions = [r for r in iter_official_regions() if r.level in (Level.PROVINCE, Level.REGENCY)]
    index = VillageIndex(regions)
    vocab = index.vocabulary
    by_key: dict[tuple[str, ...], list[tuple[str, bool]]] = {}
    for region in regions:
        words = tuple(vocab.words(region.name))
        if region.level == Level.PROVINCE:
            full, bare = ("provinsi", *words), words
        elif words and words[0] in ("kabupaten", "kota"):
            full, bare = words, words[1:]
        else:
            full, bare = ("kabupaten", *words), words
        by_key.setdefault(full, []).append((region.code, True))
        if bare:
            by_key.setdefault(bare, []).append((region.code, False))
    for alias, code in load_regency_aliases():
        by_key.setdefault(tuple(vocab.words(alias)), []).append((code, False))
    names = {r.code: r.name for r in regions}
    return _RegionNames(by_key, names, max(len(k) for k in by_key))


def region_name(code: str) -> str:
    return _region_names().names.get(code, code)


def _is_region_itself(text: str, region: str) -> bool:
    """True when `text` is the region's own name ("Kab. Paser", "Kabupaten Paser", "Kota Samarinda"), not a
    longer name that contains it ("Pasir Mayang" is a village even though "Pasir" also names Paser)."""
    words = tuple(_words(text))
    owners = _region_names().by_key.get(words, [])
    return any(code == region for code, _named in owners)


def _regions_in(text: str) -> list[tuple[str, bool]]:
    """Regions named in `text`, longest names first; a name inside a longer one ("Paser" in "Penajam Paser
    Utara") does not count."""
    names = _region_names()
    words = _words(text)
    spans: list[tuple[int, int, list[tuple[str, bool]]]] = []
    for size in range(min(names.longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            key = tuple(words[start : start + size])
            owners = names.by_key.get(key)
            if not owners:
                continue
            if any(s <= start and start + size <= e for s, e, _ in spans):
                continue
            spans.append((start, start + size, owners))
    found: list[tuple[str, bool]] = []
    for _start, _end, owners in spans:
        for owner in owners:
            if owner not in found:
                found.append(owner)
    return found


def _words(text: str) -> list[str]:
    words = _vocabulary().words(text)
    return ["provinsi" if w in ("prov", "propinsi") else w for w in words]


@lru_cache(maxsize=1)
def _vocabulary() -> Vocabulary:
    return load_vocabulary()


def region_of_sheet(titles: Sequence[str], sheet_name: str) -> tuple[str | None, Text | None]:
    """The region code a sheet belongs to, from its title rows, else its name; or the reason it cannot be told.

    Names written with their kind ("Kabupaten Paser", "Kota Samarinda", "Provinsi Kalimantan Timur") in the
    title win over bare names; a regency wins over its province; two regencies named with their kind are an
    error. Returns (code, None), (None, None) when nothing is named, or (None, problem).
    """
    for source in (" \n ".join(titles), sheet_name):
        found = _regions_in(source)
        if not found:
            continue
        strong = list(dict.fromkeys(code for code, named in found if named))
        bare = list(dict.fromkeys(code for code, named in found if not named))
        provinces = [c for c in strong + bare if "." not in c]
        regencies_strong = [c for c in strong if "." in c]
        regencies_bare = [c for c in bare if "." in c]
        if provinces:
            # "Kota Samarinda, Provinsi Kalimantan Timur": keep regencies inside the named province.
            inside = [c for c in regencies_strong if c.split(".")[0] in provinces]
            regencies_strong = inside or regencies_strong
            inside = [c for c in regencies_bare if c.split(".")[0] in provinces]
            regencies_bare = inside
        for candidates in (regencies_strong, regencies_bare if not regencies_strong else []):
            if len(candidates) == 1:
                return candidates[0], None
            if len(candidates) > 1:
                names = ", ".join(region_name(c) for c in candidates)
                return None, SEVERAL_REGIONS(names=names)
        if len(set(provinces)) == 1:
            return provinces[0], None
        if len(set(provinces)) > 1:
            return None, SEVERAL_REGIONS(names=", ".join(region_name(c) for c in dict.fromkeys(provinces)))
    return None, None


__all__ = [
    "OfficialSheet",
    "classify_columns",
    "is_official_header",
    "official_sheet",
    "official_sheets",
    "read_official",
    "read_official_sheets",
    "read_quantity",
    "region_name",
    "region_of_sheet",
]
