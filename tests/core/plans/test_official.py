"""Official plan tables (RPJMD "Indikasi Rencana Program Prioritas", Renstra T-C.27) read into PlanRows.

The fixtures in tests/fixtures/official were typed after published tables (sources in tests/fixtures/README.md),
not written by Selaras; the round-trip tests use Selaras' own exports.
"""

from __future__ import annotations

import io
import random
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from selaras.core.plans.official import (
    DEFAULTS_USED,
    FRACTIONS_READ_AS_PERCENT,
    LOWER_IS_BETTER,
    NO_INDICATOR,
    NO_REGION,
    NO_SATUAN,
    NOT_A_VILLAGE,
    REGION_ASSUMED,
    SEVERAL_REGIONS,
    VILLAGE_AMBIGUOUS,
    VILLAGE_NEAR,
    VILLAGE_UNKNOWN,
    OfficialSheet,
    official_sheets,
    read_official_sheets,
    region_of_sheet,
)
from selaras.core.plans.reading import NO_LAYOUT, read_plans
from selaras.core.plans.rows import Aggregation, PlanRow, Polarity
from selaras.core.plans.tables import renstra_table, rpjmd_table, table_xlsx
from selaras.core.plans.template import write_plan_template
from selaras.core.plans.workbook import NOT_YOUR_REGION, YEAR_MISSING, ImportContext, PlanWorkbook
from selaras.core.regions_data import iter_official_regions
from selaras.core.tables import read_grids

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "official"
SUMEDANG = FIXTURES / "renstra_tc27_sumedang.xlsx"
KALTIM = FIXTURES / "renstra_tc27_kaltim.xlsx"
RPJMD = FIXTURES / "rpjmd_kaltim.ods"
D = Decimal


def _by_id(workbook: PlanWorkbook) -> dict[str, PlanRow]:
    return {row.id: row for row in workbook.rows}


def _messages(problems: tuple, msg: object) -> list:  # type: ignore[type-arg]
    return [p for p in problems if p.text.msg is msg]


def _years(values: list[object], first: int = 2025) -> dict[int, Decimal]:
    return {first + i: D(str(v)) for i, v in enumerate(values) if v is not None}


# The published Sumedang table: code split over five columns, prefixed indicators, % formats, "25 OPD".


@pytest.fixture(scope="module")
def sumedang() -> PlanWorkbook:
    return read_plans(SUMEDANG)


def test_it_reads_the_sumedang_table_into_its_programs_and_activities(sumedang: PlanWorkbook) -> None:
    assert sumedang.errors == ()
    assert sumedang.years == (2021, 2022, 2023)
    rows = _by_id(sumedang)
    assert list(rows) == [f"T-C.27!{n}" for n in (10, 11, 13, 14, 17, 20, 21, 22, 24, 25)]
    assert {row.kode_wilayah for row in rows.values()} == {"32.11"}
    assert [row.kode for row in rows.values()] == [
        "2.16.02",
        "2.16.02.2.01",
        "2.16.03",
        "2.16.03.2.01",
        "2.16.03.2.02",
        "2.21.02",
        "2.21.02.2.01",
        "2.21.02.2.02",
        "2.20.02",
        "2.20.02.2.01",
    ]
    program = rows["T-C.27!10"]
    assert program.uraian == "PROGRAM INFORMASI DAN KOMUNIKASI PUBLIK"
    assert program.indikator.startswith(
        "Persentase Masyarakat dalam Memahami"
    )  # "Indikator Program :" dropped
    assert program.tipe == "outcome" and rows["T-C.27!11"].tipe == "output"
    assert (program.baseline, program.satuan) == (D("32.25"), "%")
    assert program.targets_by_year == _years([42.5, 50, 60], 2021)
    assert program.pagu_idr_by_year == _years([1775000000, 2330000000, 2670000000], 2021)
    assert program.penanggung_jawab.startswith("Dinas Komunikasi dan Informatika, Persandian")
    assert (program.polaritas, program.agregasi, program.lokasi) == (Polarity.POSITIVE, Aggregation.NONE, ())


def test_it_reads_units_written_after_the_numbers_and_na_as_no_value(sumedang: PlanWorkbook) -> None:
    rows = _by_id(sumedang)
    domain = rows["T-C.27!14"]
    assert (domain.baseline, domain.satuan) == (None, "OPD")
    assert domain.targets_by_year == _years([25, 45, 55], 2021)
    assert domain.pagu_idr_by_year == _years([4728282200, 5150000000, 5650000000], 2021)
    assert rows["T-C.27!25"].satuan == "Dok"
    assert rows["T-C.27!25"].targets_by_year == _years([2, 2, 2], 2021)
    kami = rows["T-C.27!21"]  # "Persentase indeks KAMI", typed as 42.63% formatted cells
    assert kami.targets_by_year == _years([42.63, 46.51, 54.26], 2021)
    sandi = rows["T-C.27!22"]  # "-" target and an Rp cell "-" (zero with an accounting format)
    assert sandi.targets_by_year == _years([None, 100, 100], 2021)
    assert sandi.pagu_idr_by_year == _years([0, 150000000, 200000000], 2021)


def test_it_skips_goal_rows_filler_rows_merged_copies_and_the_total_row(sumedang: PlanWorkbook) -> None:
    ids = {row.sheet_row for row in sumedang.rows}
    assert not ids & {8, 9, 12, 15, 16, 18, 19, 23, 26}  # numbers, goals, filler, merged indicator, JUMLAH
    scaled = _messages(sumedang.warnings, FRACTIONS_READ_AS_PERCENT)
    assert len(scaled) == 1 and "10, 13, 21, 22, 24" in scaled[0].render("en")
    assert _messages(sumedang.warnings, DEFAULTS_USED)
    no_unit = {w.row for w in _messages(sumedang.warnings, NO_SATUAN)}
    assert no_unit == {11, 17, 20}


def test_a_broken_cell_is_an_error_naming_sheet_row_and_column_and_keeps_the_row_out() -> None:
    book = load_workbook(SUMEDANG)
    sheet = book["T-C.27"]
    sheet["E22"] = "2 Paket"  # as in the published table
    sheet["O13"] = "sembilan puluh"
    buffer = io.BytesIO()
    book.save(buffer)
    workbook = read_plans(buffer.getvalue(), filename="sumedang.xlsx")
    rendered = {e.row: (e.render("id"), e.render("en")) for e in workbook.errors}
    assert set(rendered) == {13, 22}
    assert rendered[22][0].startswith("Lembar 'T-C.27', baris 22, kolom Kode (E22): Kode '2.2 Paket.02.2.02'")
    assert rendered[22][1].startswith("Sheet 'T-C.27', row 22, column Kode (E22): Code '2.2 Paket.02.2.02'")
    assert "Tahun 2022 / Target (O13)" in rendered[13][1] and "sembilan puluh" in rendered[13][1]
    assert {13, 22}.isdisjoint(row.sheet_row for row in workbook.rows)


# Kaltim regencies, typed by an office: Rp as text in one sheet, numbers in the other, villages by name.


@pytest.fixture(scope="module")
def kaltim() -> PlanWorkbook:
    return read_plans(KALTIM.read_bytes(), filename=KALTIM.name)


def test_each_sheet_goes_to_the_region_its_title_names(kaltim: PlanWorkbook) -> None:
    assert kaltim.errors == ()
    regions = {row.id.split("!")[0]: row.kode_wilayah for row in kaltim.rows}
    assert regions == {"Paser": "64.01", "Kukar": "64.02"}
    assert kaltim.years == (2025, 2026, 2027, 2028, 2029)
    assert [row.id for row in kaltim.rows] == [
        "Paser!9",
        "Paser!10",
        "Paser!11",
        "Paser!12",
        "Paser!13",
        "Kukar!8",
        "Kukar!9",
        "Kukar!10",
    ]


def test_rupiah_text_and_typed_percentages_are_read(kaltim: PlanWorkbook) -> None:
    rows = _by_id(kaltim)
    program = rows["Paser!9"]
    assert program.kode == "2.16.03" and program.satuan == "%"
    assert program.baseline == D("64.7")
    assert program.targets_by_year == _years([74, 82, 90, 95, 100])
    assert program.pagu_idr_by_year == _years(
        [1_500_000_000, 1_650_000_000, 1_800_000_000, 1_900_000_000, 2e9]
    )
    second = rows["Paser!10"]  # the same program's second indicator: code, name and Rp merged down
    assert (second.kode, second.uraian, second.indikator) == ("2.16.03", program.uraian, "Indeks SPBE")
    assert second.pagu_idr_by_year == program.pagu_idr_by_year
    assert second.targets_by_year == _years(["3.1", "3.3", "3.5", "3.6", "3.8"])
    assert rows["Paser!11"].satuan == "desa" and rows["Paser!11"].baseline == D(90)
    assert rows["Paser!11"].penanggung_jawab == "Bidang Aplikasi Informatika"


def test_rupiah_numbers_and_percentage_formatted_cells_are_read(kaltim: PlanWorkbook) -> None:
    rows = _by_id(kaltim)
    program = rows["Kukar!8"]
    assert (program.satuan, program.baseline) == ("%", D("60.6"))
    assert program.targets_by_year == _years([75, 85, 92, 97, 100])
    assert program.pagu_idr_by_year == _years([2.4e9, 2.6e9, 2.75e9, 2.9e9, 3e9])
    assert rows["Kukar!9"].targets_by_year == _years([145, 165, 180, 188, 193])
    assert rows["Kukar!10"].kode == "2.21.02"


def test_village_names_become_codes_and_doubtful_ones_go_to_review(kaltim: PlanWorkbook) -> None:
    rows = _by_id(kaltim)
    # "Desa Tanjung Aru, Labuangkallo; Samurangau / Rantau Butta": Rantau Butta is a slipped letter.
    assert rows["Paser!12"].lokasi == ("64.01.02.2006", "64.01.02.2007", "64.01.01.2009", "64.01.01.2015")
    near = _messages(kaltim.warnings, VILLAGE_NEAR)
    assert [(w.sheet, w.row) for w in near] == [("Paser", 12)]
    assert "Rantau Buta (64.01.01.2015)" in near[0].render("en")
    # "Perian; Muara Leka; Sumber Sari; Kampung Antah Berantah": Sumber Sari is three villages of Kukar.
    assert rows["Kukar!9"].lokasi == ("64.02.01.2001", "64.02.01.2002")
    ambiguous = _messages(kaltim.warnings, VILLAGE_AMBIGUOUS)
    assert [(w.sheet, w.row, w.cell) for w in ambiguous] == [("Kukar", 9, "V9")]
    assert ambiguous[0].render("id").count("Sumber Sari (64.02.") == 3
    unknown = _messages(kaltim.warnings, VILLAGE_UNKNOWN)
    assert [(w.sheet, w.row) for w in unknown] == [("Kukar", 9)]
    assert "Kampung Antah Berantah" in unknown[0].render("en")
    # "Kab. Paser" and "Kabupaten Kutai Kartanegara" mean the whole region: no village, no warning.
    assert rows["Paser!9"].lokasi == () and rows["Kukar!8"].lokasi == ()


# The RPJMD table as .ods: the province and a city, urusan heading rows, Rp text and numbers.


@pytest.fixture(scope="module")
def rpjmd() -> PlanWorkbook:
    return read_plans(RPJMD)


def test_the_rpjmd_table_reads_the_province_and_the_city(rpjmd: PlanWorkbook) -> None:
    assert rpjmd.errors == ()
    rows = _by_id(rpjmd)
    assert list(rows) == [
        "Prov Kaltim!10",
        "Prov Kaltim!11",
        "Prov Kaltim!12",
        "Prov Kaltim!14",
        "Samarinda!10",
        "Samarinda!12",
    ]
    internet = rows["Prov Kaltim!10"]
    assert (internet.kode_wilayah, internet.kode, internet.satuan) == ("64", "2.16.03", "desa")
    assert internet.baseline == D(441)
    assert internet.targets_by_year == _years([716, 841, 841, 841, 841])
    assert internet.pagu_idr_by_year == _years([12e9, 8e9, 16e9, 16e9, 16e9])
    assert rows["Prov Kaltim!11"].indikator == "Indeks SPBE Provinsi"
    assert rows["Prov Kaltim!11"].pagu_idr_by_year == internet.pagu_idr_by_year
    assert rows["Prov Kaltim!14"].targets_by_year == _years([60, 70, 80, 90, 100])
    assert rows["Prov Kaltim!14"].satuan == "%"
    city = rows["Samarinda!10"]
    assert (city.kode_wilayah, city.baseline, city.pagu_idr_by_year[2029]) == (
        "64.72",
        D("3.2"),
        D(6_250_000_000),
    )
    assert rows["Samarinda!12"].kode == "2.20.02"


# Selaras' own exports import back unchanged.


def _names(codes: set[str]) -> dict[str, str]:
    return {r.code: r.name for r in iter_official_regions(province="64") if r.code in codes}


# Villages of the exported rows: Sumber Sari names three villages of Kutai Kartanegara.
VILLAGES = {"64.01": ("64.01.02.2006", "64.01.01.2009"), "64.02": ("64.02.02.2014", "64.02.01.2001")}


def _plan_rows(region: str, fourth: str) -> list[PlanRow]:
    def row(
        key: str, kode: str, indikator: str, satuan: str, targets: list[object], pagu: list[int], **kw: object
    ) -> PlanRow:
        level = kode.count(".") + 1
        return PlanRow(
            id=key,
            kode_wilayah=region,
            kode=kode,
            uraian=kw.pop("uraian", f"Uraian {kode}"),  # type: ignore[arg-type]
            indikator=indikator,
            satuan=satuan,
            baseline=kw.pop("baseline", None),  # type: ignore[arg-type]
            targets_by_year=_years(targets),
            pagu_idr_by_year=_years(pagu),  # type: ignore[arg-type]
            lokasi=kw.pop("lokasi", ()),  # type: ignore[arg-type]
            tipe="outcome" if level <= 3 else "output",
            penanggung_jawab="Dinas Komunikasi dan Informatika",
        )

    spbe = [1_000_000_000, 1_100_000_000, 1_200_000_000, 1_300_000_000, 1_400_000_000]
    return [
        row(
            "a",
            "2.16.03",
            "Indeks SPBE",
            "indeks",
            ["3.1", "3.3", "3.5", "3.6", "3.8"],
            spbe,
            baseline=D("2.9"),
        ),
        row("b", "2.16.03", "Persentase desa terhubung internet", "%", [70, 80, 90, 95, 100], spbe),
        row(
            "c",
            f"2.16.03.{fourth}.02",
            "Jumlah desa dengan titik akses",
            "desa",
            [10, 20, 30, 40, 50],
            [500_000_000] * 5,
            lokasi=VILLAGES.get(region, ()),
        ),
        row(
            "d",
            f"2.16.03.{fourth}.02.0024",
            "Jumlah titik akses internet",
            "titik",
            [4, 4, 3, 2, 2],
            [250_000_000, 250_000_000, 0, 0, 0],
            baseline=D(0),
        ),
        row(
            "e",
            "2.21.02",
            "Persentase perangkat daerah dengan layanan CSIRT",
            "%",
            ["62.5", 70, 80, 90, 100],
            [300_000_000] * 5,
            uraian="Program Penyelenggaraan Persandian",
        ),
    ]


def _same(read: PlanWorkbook, original: list[PlanRow]) -> None:
    assert read.errors == ()
    fields = (
        "kode_wilayah",
        "kode",
        "uraian",
        "indikator",
        "satuan",
        "baseline",
        "targets_by_year",
        "pagu_idr_by_year",
        "lokasi",
        "tipe",
        "penanggung_jawab",
    )
    got = [{f: getattr(row, f) for f in fields} for row in read.rows]
    want = [{f: getattr(row, f) for f in fields} for row in original]
    assert got == want


@pytest.mark.parametrize(
    ("region", "fourth", "name"),
    [
        ("64.01", "2", "Kabupaten Paser"),
        ("64.02", "2", "Kabupaten Kutai Kartanegara"),
        ("64", "1", "Kalimantan Timur"),
    ],
)
def test_the_renstra_export_imports_back_unchanged(region: str, fourth: str, name: str) -> None:
    rows = _plan_rows(region, fourth)
    names = _names({code for row in rows for code in row.lokasi})
    table = renstra_table(
        rows,
        years=range(2025, 2030),
        region_name=name,
        unit_name="Diskominfo",
        period_label="Renstra 2025-2029",
        village_names=names,
    )
    read = read_plans(table_xlsx(table), filename="renstra.xlsx")
    _same(read, rows)
    assert not _messages(read.warnings, VILLAGE_NEAR) and not _messages(read.warnings, NO_SATUAN)


def test_the_rpjmd_export_imports_back_unchanged() -> None:
    rows = [row for row in _plan_rows("64.72", "2") if row.kode.count(".") <= 2]
    table = rpjmd_table(
        rows,
        years=range(2025, 2030),
        region_name="Kota Samarinda",
        unit_name="Diskominfo",
        period_label="RPJMD 2025-2029",
    )
    _same(read_plans(table_xlsx(table), filename="rpjmd.xlsx"), rows)


# Region, context and dispatch.


@pytest.mark.parametrize(
    ("titles", "sheet", "code"),
    [
        (("RENCANA PROGRAM ... DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN PASER",), "Sheet1", "64.01"),
        (("Dinas Komunikasi dan Informatika Kota Samarinda", "Provinsi Kalimantan Timur"), "x", "64.72"),
        (("PEMERINTAH PROVINSI KALIMANTAN TIMUR",), "Tabel", "64"),
        ((), "Kukar", "64.02"),
        ((), "Penajam Paser Utara", "64.09"),
        (("Kab. Sumedang",), "x", "32.11"),
    ],
)
def test_the_region_is_read_from_the_title_or_the_sheet_name(
    titles: tuple[str, ...], sheet: str, code: str
) -> None:
    assert region_of_sheet(titles, sheet) == (code, None)


def test_two_regions_in_one_title_or_none_at_all_say_so() -> None:
    found, problem = region_of_sheet(("Kabupaten Paser dan Kota Balikpapan",), "x")
    assert found is None and problem is not None and problem.msg is SEVERAL_REGIONS
    assert region_of_sheet((), "Sheet1") == (None, None)


def _sheet(name: str = "Sheet1", titles: tuple[str, ...] = ()) -> OfficialSheet:
    headers = (
        ("Kode",),
        ("Program",),
        ("Indikator",),
        ("Satuan",),
        ("Tahun 2025", "Target"),
        ("Tahun 2025", "Rp"),
    )
    rows = [
        (5, ["2.16.03", "PROGRAM APLIKASI INFORMATIKA", "Indeks SPBE", "indeks", "3,1", "Rp 1.000.000"]),
        (6, ["2.16.03.2.02", "Pengelolaan e-government", None, None, None, "Rp 400.000"]),
    ]
    return OfficialSheet(name, titles, headers, rows, header_row=3)


def test_a_sheet_naming_no_region_is_an_error_unless_the_user_may_import_only_one() -> None:
    refused = read_official_sheets([_sheet()])
    assert [e.text.msg for e in refused.errors] == [NO_REGION] and refused.rows == ()
    assert "Sheet 'Sheet1': The region of this sheet cannot be told" in refused.errors[0].render("en")
    assumed = read_official_sheets(
        [_sheet()], context=ImportContext(allowed_region_codes=frozenset({"64.08"}))
    )
    assert assumed.errors == () and [r.kode_wilayah for r in assumed.rows] == ["64.08"]
    assert _messages(assumed.warnings, REGION_ASSUMED)
    assert [w.row for w in _messages(assumed.warnings, NO_INDICATOR)] == [6]


def test_a_sheet_of_another_region_or_period_is_refused() -> None:
    context = ImportContext(allowed_region_codes=frozenset({"64.01"}))
    other = read_official_sheets([_sheet("Kota Bontang")], context=context)
    assert [e.text.msg for e in other.errors] == [NOT_YOUR_REGION] and other.rows == ()
    period = ImportContext(period_years=(2025, 2026))
    late = read_official_sheets([_sheet("Paser")], context=period)
    assert [e.text.msg for e in late.errors] == [YEAR_MISSING]


def test_the_template_still_goes_to_the_template_reader() -> None:
    row = _plan_rows("64.01", "2")[0]
    data = write_plan_template([row], (2025, 2026, 2027, 2028, 2029), region_code="64.01")
    read = read_plans(data, filename="templat.xlsx")
    assert read.errors == () and [r.id for r in read.rows] == ["a"]


def test_a_csv_official_table_is_read_too() -> None:
    text = (
        "Tabel T-C.27 Diskominfo Kota Bontang;;;;;\n"
        "Kode;Program/Kegiatan;Indikator;Satuan;Tahun 2025 Target;Tahun 2025 Rp\n"
        "(1);(2);(3);(4);(5);(6)\n"
        "2.16.03;Program Aplikasi Informatika;Indeks SPBE;indeks;3,2;Rp 750.000.000\n"
        ";JUMLAH;;;;Rp 750.000.000\n"
    )
    read = read_plans(text.encode("cp1252"), filename="bontang.csv")
    assert read.errors == ()
    assert [(r.id, r.kode_wilayah, r.targets_by_year, r.pagu_idr_by_year) for r in read.rows] == [
        ("bontang!4", "64.74", {2025: D("3.2")}, {2025: D(750_000_000)})
    ]


def test_a_file_in_neither_layout_is_one_clear_error() -> None:
    read = read_plans(b"nama;umur\nBudi;40\n", filename="lain.csv")
    assert [e.text.msg for e in read.errors] == [NO_LAYOUT] and read.rows == ()


def test_a_village_whose_name_contains_the_regency_is_still_a_village() -> None:
    headers = (("Kode",), ("Program",), ("Indikator",), ("Satuan",), ("Tahun 2025", "Target"), ("Lokasi",))
    lokasi = "Desa Pasir Mayang, Kab. Paser, Kecamatan Tanah Grogot, Seluruh Desa"
    sheet = OfficialSheet(
        "Paser", (), headers, [(4, ["2.16.03", "PROGRAM", "Jumlah desa", "desa", 3, lokasi])]
    )
    read = read_official_sheets([sheet])
    assert [row.lokasi for row in read.rows] == [("64.01.05.2007",)]  # "Pasir" alone also names Paser
    assert [w.render("en") for w in _messages(read.warnings, NOT_A_VILLAGE)] == [
        "Sheet 'Paser', row 4, column Lokasi (F4): Location 'Kecamatan Tanah Grogot' is not a village name; "
        "this location is not set."
    ]
    loaded = ImportContext(known_village_codes=frozenset({"64.01.01.2009"}))
    assert read_official_sheets([sheet], context=loaded).rows[0].lokasi == ()


def test_rows_read_from_an_official_table_survive_the_template_export(kaltim: PlanWorkbook) -> None:
    # Rows without a unit (a warning here) are left out: the template requires satuan.
    paser = [row for row in kaltim.rows if row.kode_wilayah == "64.01" and row.satuan]
    exported = write_plan_template(paser, (2025, 2026, 2027, 2028, 2029), region_code="64.01")
    again = read_plans(exported, filename="program-paser.xlsx")
    assert again.errors == ()
    assert [row.id for row in again.rows] == ["Paser!9", "Paser!11", "Paser!13"]
    fields = ("kode", "indikator", "satuan", "baseline", "targets_by_year", "pagu_idr_by_year", "lokasi")
    assert [[getattr(r, f) for f in fields] for r in again.rows] == [
        [getattr(r, f) for f in fields] for r in paser
    ]


def test_more_rows_than_allowed_across_sheets_is_one_error() -> None:
    read = read_plans(KALTIM.read_bytes(), filename=KALTIM.name, max_rows=6)
    assert [e.render("en") for e in read.errors] == [
        "Too many rows: 8, the limit is 6; split the file into several uploads."
    ]
    assert read.rows == ()


def test_it_never_raises_on_cells_full_of_nonsense() -> None:
    rng = random.Random(11)  # noqa: S311 -- a repeatable test, not cryptography
    junk: list[object] = [
        None,
        "",
        "-",
        "Rp",
        "1,500",
        "12a",
        "2.16.x",
        "(3)",
        "JUMLAH",
        True,
        1e300,
        -5,
        0.5,
        date(2025, 1, 1),
        "Kota",
        "Kabupaten Bandung",
        "Desa ;;, dan",
        "Tahun 2025",
        "\u00a0",
    ]
    grids = read_grids(KALTIM.read_bytes(), KALTIM.name) + read_grids(SUMEDANG.read_bytes(), SUMEDANG.name)
    for _ in range(15):
        for grid in grids:
            for row in grid.rows[8:]:
                for i in range(len(row)):
                    if rng.random() < 0.3:
                        row[i] = rng.choice(junk)  # type: ignore[assignment]
        read = read_official_sheets(official_sheets(grids))
        assert all(error.render("en") for error in read.errors)


def test_an_rpjmd_table_without_a_code_column_finds_programs_by_name() -> None:
    text = (
        "INDIKASI RENCANA PROGRAM PRIORITAS YANG DISERTAI KEBUTUHAN PENDANAAN;;;;\n"
        "PROVINSI KALIMANTAN TIMUR;;;;\n"
        "Bidang Urusan Pemerintahan dan Program Prioritas Pembangunan;Indikator Kinerja Program (outcome);"
        "Kondisi Kinerja Awal;Target 2025;Rp 2025\n"
        "URUSAN PEMERINTAHAN BIDANG KOMUNIKASI DAN INFORMATIKA;;;;\n"
        "Program Pengelolaan Aplikasi Informatika;Indeks SPBE;3,4;3,5;Rp 2 M\n"
        ";Persentase desa terhubung internet;52%;85%;\n"
        "2.20.02 Program Penyelenggaraan Statistik Sektoral;Indeks Pembangunan Statistik;2,1;2,3;Rp 400 juta\n"
        "Program Kaltim Cerdas;Jumlah aplikasi;3;5;Rp 1.000.000.000\n"
    )
    read = read_plans(text.encode("utf-8"), filename="rpjmd-kaltim.csv")
    assert [(r.id, r.kode, r.uraian, r.pagu_idr_by_year) for r in read.rows] == [
        ("rpjmd-kaltim!5", "2.16.03", "Program Pengelolaan Aplikasi Informatika", {2025: D(2_000_000_000)}),
        ("rpjmd-kaltim!6", "2.16.03", "Program Pengelolaan Aplikasi Informatika", {2025: D(2_000_000_000)}),
        ("rpjmd-kaltim!7", "2.20.02", "Program Penyelenggaraan Statistik Sektoral", {2025: D(400_000_000)}),
    ]
    assert {r.kode_wilayah for r in read.rows} == {"64"}
    assert [(e.row, e.cell) for e in read.errors] == [(8, "A8")]
    assert "Program 'Program Kaltim Cerdas' is not in the nomenclature" in read.errors[0].render("en")


def test_an_indicator_that_reads_lower_is_better_gets_its_own_warning() -> None:
    headers = (("Kode",), ("Program",), ("Indikator",), ("Satuan",), ("Tahun 2025", "Target"))
    rows = [
        (4, ["2.21.02", "PROGRAM PERSANDIAN", "Jumlah insiden keamanan informasi", "kejadian", 3]),
        (5, [None, None, "Indeks KAMI", "indeks", 300]),
        (6, ["2.16.03", "PROGRAM APLIKASI INFORMATIKA", "Jumlah desa blank spot", "desa", 12]),
    ]
    read = read_official_sheets([OfficialSheet("Kota Bontang", (), headers, rows)])
    assert read.errors == () and all(r.polaritas is Polarity.POSITIVE for r in read.rows)
    assert [w.row for w in _messages(read.warnings, LOWER_IS_BETTER)] == [4, 6]


def test_the_same_table_saved_as_old_excel_reads_the_same(sumedang: PlanWorkbook) -> None:
    old = read_plans(SUMEDANG.with_suffix(".xls"))
    assert old.errors == ()
    assert [(r.id, r.kode, r.targets_by_year, r.pagu_idr_by_year, r.satuan) for r in old.rows] == [
        (r.id, r.kode, r.targets_by_year, r.pagu_idr_by_year, r.satuan) for r in sumedang.rows
    ]


def test_a_village_written_with_its_code_and_years_counted_from_the_period() -> None:
    headers = (
        ("Kode",),
        ("Program",),
        ("Indikator",),
        ("Satuan",),
        ("Tahun-1", "Target"),
        ("Tahun-2", "Target"),
        ("Lokasi",),
    )
    lokasi = "Sumber Sari (64.02.02.2014); 64.02.01.2001"
    rows = [(4, ["2.16.03", "PROGRAM", "Jumlah desa", "desa", 3, 4, lokasi])]
    read = read_official_sheets(
        [OfficialSheet("Kukar", (), headers, rows)], context=ImportContext(period_years=(2025, 2026))
    )
    assert read.errors == ()
    assert read.rows[0].lokasi == ("64.02.02.2014", "64.02.01.2001")
    assert read.rows[0].targets_by_year == {2025: D(3), 2026: D(4)}
    assert not _messages(read.warnings, VILLAGE_AMBIGUOUS)
