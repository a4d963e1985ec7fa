"""The downloadable plans template, empty or filled from PlanRows (import -> export -> import is a no-op).

Sheet `Program` holds the header row of `selaras.core.plans.workbook` (`id, kode_wilayah, kode, uraian,
indikator, satuan, polaritas, agregasi, baseline, target_<year>..., pagu_<year>..., lokasi, mendukung, tipe,
penanggung_jawab`), code columns formatted as text (so Excel keeps `64.10` as typed) and drop-down lists for
kode_wilayah, polaritas, agregasi and tipe. Sheet `Petunjuk` explains how to fill it, in Indonesian.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from selaras.core.plans.rows import NATIONAL_REGION_CODE, Aggregation, PlanRow, Polarity
from selaras.core.plans.workbook import (
    DEFAULT_MAX_ROWS,
    REQUIRED_CELLS,
    SHEET,
    TIPE_VALUES,
    template_headers,
)
from selaras.core.tables.cells import escape_text

INSTRUCTIONS_SHEET = "Petunjuk"
_TEXT_COLUMNS = ("id", "kode_wilayah", "kode", "lokasi", "mendukung")  # Excel would turn 64.10 into 64.1
_WIDTHS = {"uraian": 40, "indikator": 40, "satuan": 12, "lokasi": 30, "penanggung_jawab": 30}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

_COLUMN_HELP = {
    "id": "Kunci baris yang Anda pilih sendiri, unik dan tetap (misalnya KTM-P03-I1). Mengimpor ulang id "
    "yang sama memperbarui baris itu, tidak menggandakannya. Huruf, angka, titik, garis bawah, tanda hubung, "
    "garis miring; paling panjang 64. Baris tanpa id dinamai Program!<nomor baris> dan tidak dapat dirujuk "
    "di kolom mendukung.",
    "kode_wilayah": "00 untuk target nasional (RPJMN), kode provinsi (64) atau kode kabupaten/kota (64.01).",
    "kode": "Kode nomenklatur program (2.16.03), kegiatan (2.16.03.2.02) atau sub kegiatan "
    "(2.16.03.2.02.0024). Bagian keempat 1 untuk provinsi, 2 untuk kabupaten/kota. Baris nasional (00) boleh "
    "tanpa kode (peringatan).",
    "uraian": "Nama program, kegiatan atau sub kegiatan.",
    "indikator": "Indikator kinerja; satu baris untuk setiap indikator. Baris program boleh tanpa indikator "
    "(peringatan); satuan dan polaritas wajib bila indikator diisi.",
    "satuan": "Satuan indikator, misalnya indeks, %, desa.",
    "polaritas": "positif bila makin tinggi makin baik, negatif bila makin rendah makin baik.",
    "agregasi": "Cara menggabungkan nilai baris yang mendukung baris ini: jumlah, rata_bobot_desa, "
    "rata_bobot_penduduk, rata, atau tidak. Wajib bila ada baris yang mendukung baris ini; kosong dibaca "
    "tidak (peringatan).",
    "baseline": "Kondisi awal (capaian tahun sebelum periode). Boleh kosong.",
    "target_<tahun>": "Target tahun itu. Angka, atau teks format Indonesia: 1.500.000 dan 3,25 "
    "(titik = ribuan, koma = desimal). 1,500,000 dan 3.25 ditolak; 1,500 ditolak karena bermakna "
    "ganda.",
    "pagu_<tahun>": "Pagu indikatif tahun itu dalam rupiah, tidak negatif. Pagu milik program/kegiatan: "
    "baris dengan kode yang sama diisi sama atau dikosongkan.",
    "lokasi": "Kode desa/kelurahan di wilayah Anda, dipisah titik koma: 64.01.01.2001; 64.01.01.2002. "
    "Boleh kosong.",
    "mendukung": "id baris (di berkas ini atau yang sudah tersimpan) yang indikatornya didukung baris ini. "
    "Tidak boleh membentuk lingkaran.",
    "tipe": "outcome atau output (kosong berarti outcome).",
    "penanggung_jawab": "Perangkat daerah atau unit kerja penanggung jawab.",
}
_RULES = (
    "Isi lembar 'Program' mulai baris 2; jangan mengubah, menghapus atau menggandakan baris judul.",
    "Jangan menggabungkan sel (merge), jangan menyembunyikan atau menyaring baris/kolom yang berisi data.",
    "Jangan memakai rumus: salin lalu tempel sebagai nilai (Paste Special > Values).",
    "Simpan sebagai .xlsx biasa (bukan .xls, bukan .xlsm dengan makro, tanpa kata sandi).",
    "Satu kesalahan saja membuat tidak ada yang disimpan; pratinjau menunjukkan lembar, baris dan kolomnya. "
    "Baris dengan peringatan tetap dapat disimpan.",
)


def build_template(years: Sequence[int], *, region_code: str) -> bytes:
    """The empty template for `years` (the plan period) and the region `region_code` ("64" or "64.01").

    A province's template also offers `00` in the kode_wilayah list, for national (RPJMN) targets.
    Returns the xlsx bytes.
    """
    return write_plan_template((), years, region_code=region_code)


def write_plan_template(
    rows: Iterable[PlanRow], years: Sequence[int], *, region_code: str | None = None
) -> bytes:
    """The template filled with `rows`, one sheet row each in order; reading it back gives the same rows.

    `years` are the period's years (a row's years outside them are not written). `region_code` fills the
    kode_wilayah drop-down; without it the list is taken from the rows. Text that could start a formula is
    written with a leading apostrophe, which the reader removes. Returns the xlsx bytes.
    """
    rows = tuple(rows)
    headers = template_headers(years)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new Workbook always has an active sheet
    sheet.title = SHEET
    _write_header(sheet, headers)
    for sheet_row, row in enumerate(rows, start=2):
        values = _row_values(row, years)
        for column, name in enumerate(headers, start=1):
            value = values.get(name)
            if value is not None and value != "":
                sheet.cell(row=sheet_row, column=column, value=value)
    regions = {region_code} if region_code else {row.kode_wilayah for row in rows}
    if region_code and "." not in region_code and region_code != NATIONAL_REGION_CODE:
        regions.add(NATIONAL_REGION_CODE)
    _add_validations(sheet, headers, sorted(r for r in regions if r))
    _write_instructions(book.create_sheet(INSTRUCTIONS_SHEET), years, region_code)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number(value: Decimal | None) -> int | float | None:
    # Excel stores binary doubles; whole numbers stay ints so ids and rupiah never show ".0".
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _row_values(row: PlanRow, years: Sequence[int]) -> dict[str, str | int | float | None]:
    values: dict[str, str | int | float | None] = {
        "id": row.id,
        "kode_wilayah": row.kode_wilayah,
        "kode": row.kode,
        "uraian": row.uraian,
        "indikator": row.indikator,
        "satuan": row.satuan,
        "polaritas": row.polaritas.value,
        "agregasi": row.agregasi.value,
        "baseline": _number(row.baseline),
        "lokasi": "; ".join(row.lokasi),
        "mendukung": row.mendukung or "",
        "tipe": row.tipe,
        "penanggung_jawab": row.penanggung_jawab,
    }
    for year in years:
        values[f"target_{year}"] = _number(row.targets_by_year.get(year))
        values[f"pagu_{year}"] = _number(row.pagu_idr_by_year.get(year))
    return {k: escape_text(v) if isinstance(v, str) else v for k, v in values.items()}


def _write_header(sheet: Worksheet, headers: Sequence[str]) -> None:
    for column, name in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=name)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        letter = get_column_letter(column)
        dimension = sheet.column_dimensions[letter]
        dimension.width = _WIDTHS.get(name, max(12, len(name) + 2))
        if name in _TEXT_COLUMNS:
            dimension.number_format = "@"
    sheet.freeze_panes = "B2"


def _add_validations(sheet: Worksheet, headers: Sequence[str], regions: Sequence[str]) -> None:
    lists = {
        "polaritas": [p.value for p in Polarity],
        "agregasi": [a.value for a in Aggregation],
        "tipe": list(TIPE_VALUES),
        "kode_wilayah": list(regions),
    }
    for name, choices in lists.items():
        # Excel refuses a literal list longer than 255 characters; such a file would not open cleanly.
        if not choices or name not in headers or len(",".join(choices)) > 255:
            continue
        letter = get_column_letter(headers.index(name) + 1)
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(choices) + '"',
            allow_blank=name not in REQUIRED_CELLS,
            showErrorMessage=True,
            errorTitle="Nilai tidak dikenal",
            error="Pilih salah satu: " + ", ".join(choices),
        )
        validation.add(f"{letter}2:{letter}{DEFAULT_MAX_ROWS + 1}")
        sheet.add_data_validation(validation)


def _write_instructions(sheet: Worksheet, years: Sequence[int], region_code: str | None) -> None:
    period = f"{min(years)}-{max(years)}" if years else "-"
    lines: list[tuple[str, str]] = [
        ("Templat rencana program Selaras", ""),
        ("Wilayah", region_code or "-"),
        ("Tahun periode", period),
        ("", ""),
        ("Aturan", ""),
        *((f"{n}.", rule) for n, rule in enumerate(_RULES, start=1)),
        ("", ""),
        ("Kolom", "Isi"),
        *(
            (name + (" (wajib)" if name in REQUIRED_CELLS else ""), text)
            for name, text in _COLUMN_HELP.items()
        ),
    ]
    for row, (label, text) in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=escape_text(label)).font = Font(bold=bool(label) and not text)
        sheet.cell(row=row, column=2, value=escape_text(text)).alignment = Alignment(wrap_text=True)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 100
