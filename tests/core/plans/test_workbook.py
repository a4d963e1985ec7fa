import datetime
import random
from decimal import Decimal
from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from selaras.core.numbers import DOT_DECIMAL, ENGLISH_FORMAT, NOT_A_NUMBER
from selaras.core.plans import workbook as wb
from selaras.core.plans.rows import Aggregation, PlanRow, Polarity
from selaras.core.plans.workbook import CellError, ImportContext, read_plan_workbook
from selaras.core.tables.guard import NOT_XLSX, TOO_LARGE, FileLimits
from tests.core.plans.sheets import HEADERS, good_row, make_book


def _only_error(data: bytes, context: ImportContext | None = None) -> CellError:
    result = read_plan_workbook(data, context=context)
    assert len(result.errors) == 1, [e.render("en") for e in result.errors]
    return result.errors[0]


def test_it_reads_a_valid_row_into_a_plan_row() -> None:
    data = make_book([good_row(lokasi="64.02.01.2001; 64.02.01.2002", mendukung="")])
    result = read_plan_workbook(data)
    assert result.errors == ()
    assert result.years == (2025, 2026)
    assert result.rows == (
        PlanRow(
            id="KKR-P03-1",
            kode_wilayah="64.02",
            kode="2.16.03",
            uraian="Program Pengelolaan Aplikasi Informatika",
            indikator="Indeks SPBE",
            satuan="indeks",
            polaritas=Polarity.POSITIVE,
            agregasi=Aggregation.MEAN,
            baseline=Decimal("2.5"),
            targets_by_year={2025: Decimal("2.8"), 2026: Decimal(3)},
            pagu_idr_by_year={2025: Decimal(1_500_000_000), 2026: Decimal(1_750_000_000)},
            lokasi=("64.02.01.2001", "64.02.01.2002"),
            mendukung=None,
            tipe="outcome",
            penanggung_jawab="Diskominfo Kukar",
            sheet_row=2,
        ),
    )


def test_it_reads_headers_in_any_order_and_any_case() -> None:
    headers = [h.upper() for h in reversed(HEADERS)]
    row = {k.upper(): v for k, v in good_row().items()}
    result = read_plan_workbook(make_book([row], headers=headers))
    assert result.errors == ()
    assert result.rows[0].targets_by_year == {2025: Decimal("2.8"), 2026: Decimal(3)}


def test_it_works_without_the_optional_columns() -> None:
    headers = [h for h in HEADERS if h not in ("tipe", "penanggung_jawab")]
    result = read_plan_workbook(make_book([good_row()], headers=headers))
    assert result.errors == ()
    assert result.rows[0].tipe == "outcome"
    assert result.rows[0].penanggung_jawab == ""


def test_it_names_an_unknown_header() -> None:
    headers = [*HEADERS, "catatan"]
    error = _only_error(make_book([good_row()], headers=headers))
    assert (error.row, error.column, error.cell) == (1, "R", "R1")
    assert error.text.msg == wb.UNKNOWN_HEADER
    assert error.text.params["name"] == "catatan"


def test_it_names_a_missing_header() -> None:
    headers = [h for h in HEADERS if h != "satuan"]
    error = _only_error(make_book([good_row()], headers=headers))
    assert error.text == wb.MISSING_HEADER(name="satuan")
    assert error.render("en") == "Sheet 'Program', row 1: Column 'satuan' is missing from the header row."


def test_it_names_a_duplicate_header_with_both_columns() -> None:
    headers = [*HEADERS, "indikator"]
    error = _only_error(make_book([good_row()], headers=headers))
    assert error.text == wb.DUPLICATE_HEADER(name="indikator", columns="E, R")


def test_it_wants_a_pagu_column_for_every_target_year() -> None:
    headers = [h for h in HEADERS if h != "pagu_2026"]
    error = _only_error(make_book([good_row()], headers=headers))
    assert error.text == wb.MISSING_HEADER(name="pagu_2026")


def test_it_checks_the_years_against_the_plan_period() -> None:
    context = ImportContext(period_years=(2025, 2026, 2027))
    result = read_plan_workbook(make_book([good_row()]), context=context)
    assert [e.text for e in result.errors] == [wb.YEAR_MISSING(year=2027, period="2025-2027")]


def test_it_rejects_a_formula_naming_the_cell() -> None:
    def put_formula(sheet: Worksheet) -> None:
        sheet["L2"] = "=SUM(1,2)"

    error = _only_error(make_book([good_row()], tweak=put_formula))
    assert HEADERS[11] == "pagu_2025"
    assert (error.row, error.column, error.cell) == (2, "pagu_2025", "L2")
    assert error.text == wb.FORMULA(formula="=SUM(1,2)")
    assert error.render() == (
        "Lembar 'Program', baris 2, kolom pagu_2025 (L2): Sel berisi rumus (=SUM(1,2)); "
        "rumus tidak diterima, salin lalu tempel sebagai nilai."
    )


def test_it_rejects_a_formula_below_the_data_that_has_no_saved_result() -> None:
    def put_formula(sheet: Worksheet) -> None:
        sheet["B4"] = "=1+1"  # openpyxl saves no cached value: the table reader sees an empty cell

    result = read_plan_workbook(make_book([good_row()], tweak=put_formula))
    first = result.errors[0]
    assert (first.row, first.column, first.cell) == (4, "kode_wilayah", "B4")
    assert first.text == wb.FORMULA(formula="=1+1")
    assert {e.row for e in result.errors} == {4}  # the row is read, as any row with a cell in it
    assert [r.id for r in result.rows] == ["KKR-P03-1"]


def test_it_reads_text_that_only_looks_like_a_formula() -> None:
    result = read_plan_workbook(make_book([good_row(uraian="'=Program rahasia")]))
    assert result.errors == ()
    assert result.rows[0].uraian == "=Program rahasia"


def test_it_rejects_merged_cells() -> None:
    def merge(sheet: Worksheet) -> None:
        sheet.merge_cells("D2:D3")

    result = read_plan_workbook(make_book([good_row(), good_row(id="KKR-P03-2")], tweak=merge))
    assert [(e.row, e.column, e.text) for e in result.errors] == [(2, "uraian", wb.MERGED(cells="D2:D3"))]
    assert result.rows == ()


def test_it_rejects_a_hidden_program_sheet() -> None:
    def hide(sheet: Worksheet) -> None:
        sheet.parent.create_sheet("Petunjuk")
        sheet.sheet_state = "hidden"

    error = _only_error(make_book([good_row()], tweak=hide))
    assert error.text == wb.SHEET_HIDDEN(sheet="Program")


def test_it_ignores_other_sheets_even_hidden_ones() -> None:
    def add_hidden(sheet: Worksheet) -> None:
        other = sheet.parent.create_sheet("Catatan")
        other["A1"] = "=1+1"
        other.sheet_state = "hidden"

    assert read_plan_workbook(make_book([good_row()], tweak=add_hidden)).errors == ()


def test_it_says_which_sheets_exist_when_program_is_missing() -> None:
    error = _only_error(make_book([good_row()], sheet_title="Sheet1"))
    assert error.text == wb.NO_SHEET(sheet="Program", found="'Sheet1'")


def test_it_rejects_data_in_a_hidden_row() -> None:
    def hide_row(sheet: Worksheet) -> None:
        sheet.row_dimensions[3].hidden = True

    result = read_plan_workbook(make_book([good_row(), good_row(id="KKR-P03-2")], tweak=hide_row))
    assert [(e.row, e.text) for e in result.errors] == [(3, wb.HIDDEN_ROW())]


def test_it_rejects_data_in_a_hidden_column_but_not_an_empty_one() -> None:
    def hide_columns(sheet: Worksheet) -> None:
        sheet.column_dimensions["D"].hidden = True  # uraian, filled
        sheet.column_dimensions["Z"].hidden = True  # empty

    error = _only_error(make_book([good_row()], tweak=hide_columns))
    assert (error.column, error.text) == ("uraian", wb.HIDDEN_COLUMN(letter="D"))


def test_it_rejects_data_in_a_column_without_a_header() -> None:
    def scribble(sheet: Worksheet) -> None:
        sheet["T2"] = "catatan"

    error = _only_error(make_book([good_row()], tweak=scribble))
    assert (error.row, error.cell, error.text) == (2, "T2", wb.DATA_WITHOUT_HEADER())


def test_it_flags_each_empty_required_cell() -> None:
    kegiatan = good_row(kode="2.16.03.2.02", indikator=None, satuan="  ", polaritas="", uraian=None)
    result = read_plan_workbook(make_book([kegiatan]))
    assert [(e.row, e.column, e.text) for e in result.errors] == [
        (2, "uraian", wb.REQUIRED()),
        (2, "indikator", wb.REQUIRED()),
        (2, "satuan", wb.REQUIRED()),
        (2, "polaritas", wb.REQUIRED()),
    ]


def test_it_names_a_row_without_id_by_its_sheet_and_row() -> None:
    result = read_plan_workbook(make_book([good_row(), good_row(id=None, kode="2.16.02")]))
    assert result.errors == ()
    assert [r.id for r in result.rows] == ["KKR-P03-1", "Program!3"]


def test_it_warns_about_a_program_row_without_indicator_and_keeps_it() -> None:
    row = good_row(indikator=None, satuan=None, polaritas=None, target_2025=None, target_2026=None)
    result = read_plan_workbook(make_book([row]))
    assert result.errors == ()
    assert [(w.row, w.column, w.cell, w.text) for w in result.warnings] == [
        (2, "indikator", "E2", wb.PROGRAM_WITHOUT_INDICATOR())
    ]
    assert (result.rows[0].indikator, result.rows[0].polaritas) == ("", Polarity.POSITIVE)


def test_it_warns_about_a_national_row_without_code() -> None:
    result = read_plan_workbook(make_book([good_row(kode_wilayah="00", kode=None)]))
    assert result.errors == ()
    assert [w.text for w in result.warnings] == [wb.NATIONAL_WITHOUT_CODE()]
    assert result.rows[0].kode == ""


def test_it_still_requires_a_code_on_regional_rows() -> None:
    assert _only_error(make_book([good_row(kode=None)])).text == wb.REQUIRED()


def test_it_warns_about_blank_agregasi_on_a_row_nothing_supports() -> None:
    result = read_plan_workbook(make_book([good_row(agregasi=None)]))
    assert result.errors == ()
    assert [(w.column, w.text) for w in result.warnings] == [("agregasi", wb.AGGREGATION_BLANK())]
    assert result.rows[0].agregasi == Aggregation.NONE


def test_it_requires_agregasi_on_a_row_that_another_row_supports() -> None:
    rows = [good_row(id="P", agregasi=None), good_row(id="K", kode="2.16.03.2.02", mendukung="P")]
    error = _only_error(make_book(rows))
    assert (error.row, error.column, error.text) == (2, "agregasi", wb.AGGREGATION_NEEDED(supporter="3"))


def test_it_requires_agregasi_on_a_row_a_saved_row_supports() -> None:
    context = ImportContext(known_rows={"SAVED": "P"})
    error = _only_error(make_book([good_row(id="P", agregasi=None)]), context=context)
    assert error.text == wb.AGGREGATION_NEEDED(supporter="SAVED")


def test_it_rejects_unknown_polaritas_and_agregasi() -> None:
    result = read_plan_workbook(make_book([good_row(polaritas="Naik", agregasi="total")]))
    assert [e.text for e in result.errors] == [
        wb.BAD_CHOICE(value="naik", choices="positif, negatif"),
        wb.BAD_CHOICE(value="total", choices="jumlah, rata_bobot_desa, rata_bobot_penduduk, rata, tidak"),
    ]


def test_it_accepts_choices_in_any_case() -> None:
    result = read_plan_workbook(
        make_book([good_row(polaritas=" Negatif ", agregasi="JUMLAH", tipe="Output")])
    )
    assert result.errors == ()
    assert (result.rows[0].polaritas, result.rows[0].agregasi, result.rows[0].tipe) == (
        Polarity.NEGATIVE,
        Aggregation.SUM,
        "output",
    )


def test_it_rejects_malformed_codes() -> None:
    result = read_plan_workbook(
        make_book([good_row(kode_wilayah="6402", kode="2.16.3", lokasi="64.02.01.201", id="a b")])
    )
    assert [e.text for e in result.errors] == [
        wb.BAD_ID(value="a b"),
        wb.BAD_REGION(value="6402"),
        wb.BAD_PLAN_CODE(value="2.16.3"),
        wb.BAD_VILLAGE(value="64.02.01.201"),
    ]


def test_it_rejects_a_code_excel_turned_into_a_number() -> None:
    error = _only_error(make_book([good_row(kode_wilayah=64.1, mendukung="")]))
    assert error.text == wb.CODE_AS_NUMBER(value="64.1")


def test_it_reads_whole_number_ids() -> None:
    result = read_plan_workbook(make_book([good_row(id=7), good_row(id=8, mendukung=7)]))
    assert result.errors == ()
    assert [(r.id, r.mendukung) for r in result.rows] == [("7", None), ("8", "7")]


def test_it_rejects_a_provincial_code_on_a_regency_row() -> None:
    error = _only_error(make_book([good_row(kode="2.16.03.1.02")]))
    assert error.text == wb.PROVINCE_CODE_ON_REGENCY_ROW(value="2.16.03.1.02")


def test_it_rejects_a_regency_code_on_a_provincial_row() -> None:
    error = _only_error(make_book([good_row(kode_wilayah="64", kode="2.16.03.2.02.0024")]))
    assert error.text == wb.REGENCY_CODE_ON_PROVINCE_ROW(value="2.16.03.2.02.0024")


def test_it_lets_national_rows_use_their_own_numbering() -> None:
    result = read_plan_workbook(make_book([good_row(kode_wilayah="00", kode="PN 4 / IKU-7")]))
    assert result.errors == ()


def test_it_flags_a_duplicate_id_with_the_row_that_used_it_first() -> None:
    result = read_plan_workbook(make_book([good_row(), good_row(kode="2.16.02"), good_row(kode="2.21.02")]))
    assert [(e.row, e.column, e.cell, e.text) for e in result.errors] == [
        (3, "id", "A3", wb.DUPLICATE_ID(value="KKR-P03-1", first_row=2)),
        (4, "id", "A4", wb.DUPLICATE_ID(value="KKR-P03-1", first_row=2)),
    ]


def test_it_flags_mendukung_to_an_id_found_nowhere() -> None:
    error = _only_error(make_book([good_row(mendukung="KALTIM-IKU-1")]))
    assert (error.row, error.column, error.cell) == (2, "mendukung", "O2")
    assert error.text == wb.UNKNOWN_LINK(value="KALTIM-IKU-1")


def test_it_accepts_mendukung_to_a_row_already_saved() -> None:
    context = ImportContext(known_rows={"KALTIM-IKU-1": None})
    assert read_plan_workbook(make_book([good_row(mendukung="KALTIM-IKU-1")]), context=context).errors == ()


def test_it_finds_a_cycle_in_mendukung() -> None:
    rows = [
        good_row(id="A", mendukung="B"),
        good_row(id="B", mendukung="C"),
        good_row(id="C", mendukung="A"),
        good_row(id="D", mendukung="A"),
    ]
    result = read_plan_workbook(make_book(rows))
    assert [(e.row, e.text) for e in result.errors] == [(2, wb.CYCLE(path="A -> B -> C -> A"))]
    assert [r.id for r in result.rows] == ["D"]


def test_it_finds_a_row_that_supports_itself() -> None:
    error = _only_error(make_book([good_row(id="A", mendukung="A")]))
    assert error.text == wb.CYCLE(path="A -> A")


def test_it_finds_a_cycle_through_saved_rows() -> None:
    context = ImportContext(known_rows={"P1": "A", "P2": None})
    error = _only_error(make_book([good_row(id="A", mendukung="P1")]), context=context)
    assert error.text == wb.CYCLE(path="A -> P1 -> A")


def test_a_file_row_replaces_the_saved_link_of_the_same_id() -> None:
    # P1 was saved supporting A; the file now makes P1 support P2, so no cycle remains.
    context = ImportContext(known_rows={"P1": "A", "P2": None})
    rows = [good_row(id="A", mendukung="P1"), good_row(id="P1", kode="2.16.02", mendukung="P2")]
    assert read_plan_workbook(make_book(rows), context=context).errors == ()


def test_it_reads_indonesian_number_text() -> None:
    result = read_plan_workbook(
        make_book([good_row(baseline="2,5", pagu_2025="Rp 1.500.000.000", target_2025="80%")])
    )
    assert result.errors == ()
    row = result.rows[0]
    assert (row.baseline, row.pagu_idr_by_year[2025], row.targets_by_year[2025]) == (
        Decimal("2.5"),
        Decimal(1_500_000_000),
        Decimal(80),
    )


def test_it_rejects_text_and_foreign_formats_in_number_cells() -> None:
    result = read_plan_workbook(
        make_book([good_row(baseline="tinggi", target_2025="3.25", pagu_2025="1,500,000")])
    )
    assert [(e.column, e.text) for e in result.errors] == [
        ("baseline", NOT_A_NUMBER(value="tinggi")),
        ("target_2025", DOT_DECIMAL(value="3.25")),
        ("pagu_2025", ENGLISH_FORMAT(value="1,500,000")),
    ]


def test_it_reads_a_percent_formatted_cell_as_the_number_shown() -> None:
    def percent(sheet: Worksheet) -> None:
        sheet["J2"] = 0.8
        sheet["J2"].number_format = "0%"

    result = read_plan_workbook(make_book([good_row()], tweak=percent))
    assert result.rows[0].targets_by_year[2025] == Decimal(80)


def test_it_rejects_true_false_in_a_number_cell() -> None:
    error = _only_error(make_book([good_row(baseline=True)]))
    assert error.text == wb.NUMBER_TYPE(kind="TRUE")


def test_it_rejects_negative_pagu() -> None:
    error = _only_error(make_book([good_row(pagu_2026=-5)]))
    assert error.text == wb.NEGATIVE_PAGU(value=Decimal(-5))


def test_it_warns_about_two_pagu_for_one_program_in_one_year_and_keeps_both_rows() -> None:
    # Changed on purpose (issue 11): an error before, a warning now; the first row's pagu is used.
    rows = [good_row(), good_row(id="KKR-P03-2", pagu_2025=None, pagu_2026=2_000_000_000)]
    result = read_plan_workbook(make_book(rows))
    assert result.errors == ()
    assert [(w.row, w.column, w.cell) for w in result.warnings] == [(3, "pagu_2026", "M3")]
    assert result.warnings[0].text == wb.PAGU_DIFFERS(
        year=2026, kode="2.16.03", first_row=2, first_value="Rp 1.750.000.000"
    )
    assert [r.id for r in result.rows] == ["KKR-P03-1", "KKR-P03-2"]


def test_it_rejects_other_regions_rows_given_the_users_regions() -> None:
    context = ImportContext(allowed_region_codes=frozenset({"64.02"}))
    result = read_plan_workbook(
        make_book([good_row(), good_row(id="X", kode_wilayah="64.03")]), context=context
    )
    assert [(e.row, e.text) for e in result.errors] == [
        (3, wb.NOT_YOUR_REGION(value="64.03", allowed="64.02"))
    ]


def test_it_rejects_region_codes_the_database_does_not_know() -> None:
    context = ImportContext(known_region_codes=frozenset({"64", "64.02"}))
    error = _only_error(make_book([good_row(kode_wilayah="64.99")]), context=context)
    assert error.text == wb.UNKNOWN_REGION(value="64.99")


def test_it_rejects_villages_outside_the_row_region_or_unknown() -> None:
    context = ImportContext(known_village_codes=frozenset({"64.02.01.2001"}))
    result = read_plan_workbook(
        make_book([good_row(lokasi="64.02.01.2001;64.03.01.2001;64.02.01.2999")]), context=context
    )
    assert [e.text for e in result.errors] == [
        wb.VILLAGE_OUTSIDE(value="64.03.01.2001", region="64.02"),
        wb.UNKNOWN_VILLAGE(value="64.02.01.2999"),
    ]


def test_it_skips_empty_rows_and_keeps_sheet_row_numbers() -> None:
    result = read_plan_workbook(make_book([good_row(), {}, good_row(id="KKR-P03-2")]))
    assert result.errors == ()
    assert [r.sheet_row for r in result.rows] == [2, 4]


def test_it_says_so_when_there_are_no_rows() -> None:
    assert _only_error(make_book([])).text == wb.NO_ROWS()


def test_it_refuses_too_many_rows() -> None:
    rows = [good_row(id=f"R{i}") for i in range(6)]
    result = read_plan_workbook(make_book(rows), max_rows=5)
    assert [e.text for e in result.errors] == [wb.TOO_MANY_ROWS(count=6, limit=5)]


def test_it_caps_the_number_of_errors() -> None:
    rows = [good_row(id=f"R{i}", polaritas="?") for i in range(8)]
    result = read_plan_workbook(make_book(rows), max_errors=3)
    assert len(result.errors) == 4
    assert result.errors[-1].text == wb.TOO_MANY_ERRORS(count=5)


def test_it_keeps_the_rows_without_errors_for_the_preview() -> None:
    result = read_plan_workbook(make_book([good_row(), good_row(id="B", kode="2.16.02", satuan="")]))
    assert len(result.errors) == 1
    assert [r.id for r in result.rows] == ["KKR-P03-1"]


def test_it_reads_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "rencana.xlsx"
    path.write_bytes(make_book([good_row()]))
    assert read_plan_workbook(path).rows[0].id == "KKR-P03-1"


def test_it_reports_an_unreadable_path_instead_of_raising(tmp_path: Path) -> None:
    result = read_plan_workbook(tmp_path / "missing.xlsx")
    assert result.errors[0].text.msg == wb.UNREADABLE


def test_it_refuses_a_csv_upload() -> None:
    assert _only_error(b"id,kode\n1,2.16.03\n").text == NOT_XLSX()


def test_every_error_reads_in_both_languages_and_names_its_place() -> None:
    rows = [good_row(id="A", polaritas="x", baseline="3.25", mendukung="Z", lokasi="1;2"), good_row(id="A")]
    result = read_plan_workbook(make_book(rows))
    assert len(result.errors) >= 5
    for error in result.errors:
        indonesian, english = error.render("id"), error.render("en")
        assert indonesian.startswith("Lembar 'Program', baris ")
        assert english.startswith("Sheet 'Program', row ")
        assert indonesian != english


def test_it_never_raises_on_damaged_files() -> None:
    rng = random.Random(2025)  # noqa: S311 -- seeded test data, not cryptography
    original = make_book([good_row(), good_row(id="B", kode="2.16.02")])
    for _ in range(40):
        damaged = bytearray(original)
        for _ in range(rng.randint(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        cut = rng.choice([len(damaged), rng.randrange(len(damaged))])
        result = read_plan_workbook(bytes(damaged[:cut]))
        assert result.errors or result.rows


def test_it_refuses_a_sheet_that_reaches_too_far_right() -> None:
    def stray(sheet: Worksheet) -> None:
        sheet["ZZ2"] = "x"

    error = _only_error(make_book([good_row()], tweak=stray))
    assert error.text == wb.TOO_MANY_COLUMNS(letter="ZZ", limit="BH")


def test_it_refuses_a_large_path_before_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "besar.xlsx"
    path.write_bytes(make_book([good_row()]))
    result = read_plan_workbook(path, limits=FileLimits(max_file_bytes=1024))
    assert [e.text.msg for e in result.errors] == [TOO_LARGE]
    assert result.errors[0].render("en").startswith("The file is too large: ")


def test_it_rejects_a_date_in_a_number_cell_showing_the_date() -> None:
    def date(sheet: Worksheet) -> None:
        sheet["I2"] = datetime.datetime(2025, 1, 31)  # noqa: DTZ001 -- Excel dates carry no time zone

    error = _only_error(make_book([good_row()], tweak=date))
    assert error.column == "baseline"
    assert error.text == wb.NUMBER_TYPE(kind=datetime.datetime(2025, 1, 31))  # noqa: DTZ001 -- as above


def test_saved_rows_of_the_files_period_are_asked_for_once_the_years_are_known() -> None:
    asked: list[tuple[int, ...]] = []

    def saved(years: tuple[int, ...]) -> dict[str, str | None]:
        asked.append(years)
        return {"KALTIM-IKU-1": None}

    context = ImportContext(known_rows_of_years=saved)
    result = read_plan_workbook(make_book([good_row(mendukung="KALTIM-IKU-1")]), context=context)
    assert (result.errors, asked) == ((), [(2025, 2026)])
