"""The two official plan tables as xlsx, from PlanRows: the RPJMD table and the Renstra table T-C.27.

- RPJMD "Indikasi Rencana Program Prioritas yang disertai Kebutuhan Pendanaan": urusan and program rows
  (codes of at most three parts): kode; bidang urusan and program; indikator kinerja program (outcome);
  satuan; kondisi kinerja awal; target and Rp per year; kondisi kinerja akhir periode (target, Rp);
  perangkat daerah penanggung jawab.
- Renstra T-C.27 "Rencana Program, Kegiatan, dan Pendanaan": every row: tujuan; sasaran; indikator sasaran;
  kode; program/kegiatan/sub kegiatan; indikator; satuan; capaian tahun awal; target and Rp per year; kondisi
  akhir (target, Rp); unit penanggung jawab; lokasi.

Assumptions: rows are ordered by code, then as given; one table row per indicator, with the code, name and
Rp shown on the first indicator row of each program/kegiatan (pagu belongs to the element, see the reader).
The end-of-period target is the target of the last year that has one; the end-of-period Rp is the sum of the
years. Satuan is added to both tables because a target cannot be read without it. Text that a spreadsheet
could run as a formula (starting with = + - @, tab or CR) is written with a leading apostrophe.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from selaras.core.plans.rows import PlanRow
from selaras.core.plans.workbook import PLAN_CODE
from selaras.core.regions_data import Level, iter_official_regions
from selaras.core.tables.cells import escape_text

RPJMD_TITLE = "Indikasi Rencana Program Prioritas yang disertai Kebutuhan Pendanaan"
RENSTRA_TITLE = "Tabel T-C.27 Rencana Program, Kegiatan, dan Pendanaan"
URUSAN_NAMES = MappingProxyType(
    {"2.16": "Komunikasi dan Informatika", "2.20": "Statistik", "2.21": "Persandian"}
)
_MONEY_FORMAT = "#,##0"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

Cell = str | int | float | None


@dataclass(frozen=True)
class Goal:
    """The Renstra goal a program serves: tujuan, sasaran and the sasaran's indicator (free text)."""

    tujuan: str
    sasaran: str
    indikator_sasaran: str


@dataclass(frozen=True)
class _Column:
    label: str
    subs: tuple[str, ...] = ()  # sub-headers under a group header, e.g. ("Target", "Rp")
    width: float = 14


@dataclass(frozen=True)
class OfficialTable:
    """A table ready to write as xlsx or show as HTML: title lines, header groups, body rows (a cell is
    None when empty) and the indexes of heading rows (urusan, program)."""

    titles: tuple[str, ...]
    columns: tuple[_Column, ...]
    body: list[list[Cell]]
    headings: frozenset[int]

    @property
    def width(self) -> int:
        return sum(max(1, len(c.subs)) for c in self.columns)


def table_xlsx(table: OfficialTable) -> bytes:
    """An official table (from `rpjmd_table` or `renstra_table`) as xlsx bytes."""
    return _save(table.columns, table.titles, table.body, set(table.headings))


def write_rpjmd_table(
    rows: Iterable[PlanRow],
    *,
    years: Sequence[int],
    region_name: str,
    unit_name: str,
    period_label: str = "",
) -> bytes:
    """The RPJMD table of `rows` (one region, one period) for `years`, as xlsx bytes (see `rpjmd_table`)."""
    table = rpjmd_table(
        rows, years=years, region_name=region_name, unit_name=unit_name, period_label=period_label
    )
    return table_xlsx(table)


def rpjmd_table(
    rows: Iterable[PlanRow],
    *,
    years: Sequence[int],
    region_name: str,
    unit_name: str,
    period_label: str = "",
) -> OfficialTable:
    """The RPJMD table of `rows` (one region, one period) for `years`, as titles, columns and body cells.

    `region_name` and `period_label` (e.g. "RPJMD 2025-2029") go in the title; `unit_name` is the responsible
    unit for rows whose `penanggung_jawab` is empty. Kegiatan and sub kegiatan rows are left out.
    """
    years = sorted(years)
    columns = [
        _Column("Kode", width=12),
        _Column("Bidang Urusan Pemerintahan dan Program Prioritas Pembangunan", width=40),
        _Column("Indikator Kinerja Program (outcome)", width=36),
        _Column("Satuan", width=10),
        _Column("Kondisi Kinerja pada Awal Periode", width=14),
        *(_Column(f"Tahun {year}", ("Target", "Rp")) for year in years),
        _Column("Kondisi Kinerja pada Akhir Periode", ("Target", "Rp")),
        _Column("Perangkat Daerah Penanggung Jawab", width=28),
    ]
    body: list[list[Cell]] = []
    headings: set[int] = set()
    program_rows = [row for row in rows if _level(row.kode) <= 3]
    elements = _elements(program_rows)
    own_urusan = {kode for kode, _ in elements if _level(kode) == 2}
    current_urusan = None
    for kode, element_rows in elements:
        urusan = ".".join(kode.split(".")[:2]) if PLAN_CODE.match(kode) else None
        if urusan and urusan != current_urusan and urusan not in own_urusan:
            headings.add(len(body))
            name = URUSAN_NAMES.get(urusan, "")
            body.append([urusan, f"URUSAN PEMERINTAHAN BIDANG {name.upper()}".strip()])
        current_urusan = urusan or current_urusan
        if _level(kode) == 2:
            headings.add(len(body))
        for index, row in enumerate(element_rows):
            first = index == 0
            body.append(
                [
                    row.kode if first else None,
                    row.uraian if first else None,
                    row.indikator,
                    row.satuan,
                    _number(row.baseline),
                    *_yearly(row, element_rows, years, first),
                    _unit(element_rows, unit_name) if first else None,
                ]
            )
    return OfficialTable((RPJMD_TITLE, region_name, period_label), tuple(columns), body, frozenset(headings))


def write_renstra_table(
    rows: Iterable[PlanRow],
    *,
    years: Sequence[int],
    region_name: str,
    unit_name: str,
    period_label: str = "",
    goals_by_program: Mapping[str, Goal] = MappingProxyType({}),
    village_names: Mapping[str, str] = MappingProxyType({}),
) -> bytes:
    """The Renstra table T-C.27 as xlsx bytes (see `renstra_table`)."""
    table = renstra_table(
        rows,
        years=years,
        region_name=region_name,
        unit_name=unit_name,
        period_label=period_label,
        goals_by_program=goals_by_program,
        village_names=village_names,
    )
    return table_xlsx(table)


def renstra_table(
    rows: Iterable[PlanRow],
    *,
    years: Sequence[int],
    region_name: str,
    unit_name: str,
    period_label: str = "",
    goals_by_program: Mapping[str, Goal] = MappingProxyType({}),
    village_names: Mapping[str, str] = MappingProxyType({}),
) -> OfficialTable:
    """The Renstra table T-C.27 of `rows` (one agency or region, one period) for `years`.

    `goals_by_program` maps a program code (`2.16.03`) to its tujuan/sasaran, shown on its first row;
    `village_names` maps village codes to names for the lokasi column (codes without a name stay codes; a name
    that two villages of the regency share is followed by the code, so the table imports back unchanged);
    `unit_name` is the responsible unit for rows whose `penanggung_jawab` is empty.
    """
    years = sorted(years)
    columns = [
        _Column("Tujuan", width=24),
        _Column("Sasaran", width=24),
        _Column("Indikator Sasaran", width=24),
        _Column("Kode", width=18),
        _Column("Program / Kegiatan / Sub Kegiatan", width=36),
        _Column("Indikator Kinerja Program (outcome) / Kegiatan (output)", width=36),
        _Column("Satuan", width=10),
        _Column("Capaian Kinerja Tahun Awal", width=14),
        *(_Column(f"Tahun {year}", ("Target", "Rp")) for year in years),
        _Column("Kondisi Kinerja pada Akhir Periode", ("Target", "Rp")),
        _Column("Unit Kerja Penanggung Jawab", width=28),
        _Column("Lokasi", width=30),
    ]
    body: list[list[Cell]] = []
    headings: set[int] = set()
    for kode, element_rows in _elements(list(rows)):
        goal = goals_by_program.get(kode) if _level(kode) == 3 else None
        if _level(kode) <= 3:
            headings.add(len(body))
        for index, row in enumerate(element_rows):
            first = index == 0
            goal_cells: list[Cell] = (
                [goal.tujuan, goal.sasaran, goal.indikator_sasaran] if goal and first else [None, None, None]
            )
            body.append(
                [
                    *goal_cells,
                    row.kode if first else None,
                    row.uraian if first else None,
                    row.indikator,
                    row.satuan,
                    _number(row.baseline),
                    *_yearly(row, element_rows, years, first),
                    _unit(element_rows, unit_name) if first else None,
                    "; ".join(_village_label(code, village_names) for code in row.lokasi) or None,
                ]
            )
    return OfficialTable(
        (RENSTRA_TITLE, region_name, period_label), tuple(columns), body, frozenset(headings)
    )


def _village_label(code: str, village_names: Mapping[str, str]) -> str:
    """A village as the lokasi column shows it: its name, with the code when another village of its regency
    has the same name (so that the table imports back to the same villages), or the code when unnamed."""
    name = village_names.get(code)
    if not name:
        return code
    if _names_in_regency(code[:5]).get(name.casefold(), 0) > 1:
        return f"{name} ({code})"
    return name


@lru_cache(maxsize=16)
def _names_in_regency(regency: str) -> dict[str, int]:
    """How many villages of the regency bear each name (case-insensitive), from the shipped region list."""
    counts: dict[str, int] = {}
    for region in iter_official_regions(province=regency.split(".")[0]):
        if region.level == Level.VILLAGE and region.code.startswith(regency + "."):
            key = region.name.casefold()
            counts[key] = counts.get(key, 0) + 1
    return counts


def _level(kode: str) -> int:
    # Parts of a nomenclature code: 2 urusan, 3 program, 5 kegiatan, 6 sub kegiatan; free codes count as 3.
    return kode.count(".") + 1 if PLAN_CODE.match(kode) else 3


def _code_key(kode: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in kode.split("."))


def _elements(rows: Sequence[PlanRow]) -> list[tuple[str, list[PlanRow]]]:
    """Rows grouped by code (program, kegiatan, ...), groups in code order, rows in the given order."""
    groups: dict[str, list[PlanRow]] = {}
    for row in rows:
        groups.setdefault(row.kode, []).append(row)
    return sorted(groups.items(), key=lambda item: _code_key(item[0]))


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _element_pagu(element_rows: Sequence[PlanRow], year: int) -> Decimal | None:
    return next((r.pagu_idr_by_year[year] for r in element_rows if year in r.pagu_idr_by_year), None)


def _yearly(row: PlanRow, element_rows: Sequence[PlanRow], years: Sequence[int], first: bool) -> list[Cell]:
    """Target and Rp per year, then the end-of-period target and Rp; Rp only on the element's first row."""
    cells: list[Cell] = []
    pagu = {year: _element_pagu(element_rows, year) for year in years}
    for year in years:
        cells += [_number(row.targets_by_year.get(year)), _number(pagu[year]) if first else None]
    end_target = next((row.targets_by_year[y] for y in reversed(years) if y in row.targets_by_year), None)
    amounts = [amount for amount in pagu.values() if amount is not None]
    cells += [_number(end_target), _number(sum(amounts, Decimal(0))) if first and amounts else None]
    return cells


def _unit(element_rows: Sequence[PlanRow], default: str) -> str:
    return next((r.penanggung_jawab for r in element_rows if r.penanggung_jawab), default)


def _save(
    columns: Sequence[_Column], titles: Sequence[str], body: Sequence[Sequence[Cell]], headings: set[int]
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new Workbook always has an active sheet
    sheet.title = "Tabel"
    for row, title in enumerate(titles, start=1):  # a fixed number of title rows keeps the layout stable
        if title:
            cell = sheet.cell(row=row, column=1, value=escape_text(title))
            cell.font = Font(bold=True, size=13 if row == 1 else 11)
    top = len(titles) + 2
    money_columns = _write_header(sheet, columns, top)
    styles = _add_body_styles(book)
    width = sum(max(1, len(c.subs)) for c in columns)
    first_body = top + 2
    for offset, values in enumerate(body):
        row = first_body + offset
        heading = offset in headings
        for column in range(1, width + 1):
            value = values[column - 1] if column <= len(values) else None
            cell = sheet.cell(
                row=row, column=column, value=escape_text(value) if isinstance(value, str) else value
            )
            cell.style = styles[(heading, column in money_columns)]
    sheet.freeze_panes = sheet.cell(row=first_body, column=1)
    sheet.print_title_rows = f"{top}:{top + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _add_body_styles(book: Workbook) -> dict[tuple[bool, bool], str]:
    """Named styles for body cells by (heading row, Rp column); one named style per cell is much faster
    in openpyxl than setting border, alignment and font on each cell."""
    names: dict[tuple[bool, bool], str] = {}
    for heading in (False, True):
        for money in (False, True):
            name = f"selaras_{'judul' if heading else 'isi'}{'_rp' if money else ''}"
            style = NamedStyle(
                name=name,
                border=_BORDER,
                alignment=Alignment(wrap_text=True, vertical="top"),
                font=Font(bold=heading),
                number_format=_MONEY_FORMAT if money else "General",
            )
            book.add_named_style(style)
            names[(heading, money)] = name
    return names


def _write_header(sheet: Worksheet, columns: Sequence[_Column], top: int) -> set[int]:
    """Two header rows (group, then sub-headers such as Target/Rp); returns the Rp columns (1-based)."""
    money: set[int] = set()
    column = 1
    for spec in columns:
        span = max(1, len(spec.subs))
        start = sheet.cell(row=top, column=column, value=spec.label)
        if spec.subs:
            if span > 1:
                sheet.merge_cells(
                    start_row=top, start_column=column, end_row=top, end_column=column + span - 1
                )
            for offset, sub in enumerate(spec.subs):
                sheet.cell(row=top + 1, column=column + offset, value=sub)
                if sub == "Rp":
                    money.add(column + offset)
                sheet.column_dimensions[get_column_letter(column + offset)].width = 16 if sub == "Rp" else 10
        else:
            sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
            sheet.column_dimensions[get_column_letter(column)].width = spec.width
        start.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        column += span
    for row in (top, top + 1):
        for index in range(1, column):
            cell = sheet.cell(row=row, column=index)
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
            cell.border = _BORDER
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    return money
