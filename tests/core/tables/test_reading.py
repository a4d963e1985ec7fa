"""The table reader on files laid out by offices (title rows, two-row merged headers, column-number and total
rows) and saved by LibreOffice as xlsx, ods and xls, and csv files as Excel and Notepad save them."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from selaras.core.numbers import NOT_A_NUMBER
from selaras.core.tables import (
    MISSING_COLUMN,
    REQUIRED,
    Column,
    Problem,
    TableError,
    annotate,
    find_header,
    group_problems,
    header_key,
    is_column_numbers,
    read_grids,
    read_table,
    total_label,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "tables"
RENJA = [
    Column("kode", ("kode", "kode rekening"), required=True),
    Column("uraian", ("program*", "uraian"), required=True),
    Column("indikator", ("indikator kinerja", "indikator")),
    Column("target", ("target",), kind="percent"),
    Column("pagu", ("rp", "pagu"), kind="rupiah", required="warning"),
]


def _xlsx(rows: list[list[object]], merges: tuple[str, ...] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["renja_kominfo.xlsx", "renja_kominfo.ods", "renja_kominfo.xls"])
def test_it_reads_an_office_renja_saved_by_libreoffice_in_every_format(name: str) -> None:
    table = read_table((FIXTURES / name).read_bytes(), name, RENJA)

    header = table.headers["Renja 2025"]
    assert (header.first_row, header.last_row) == (4, 5)
    assert [r.row for r in table.rows] == [7, 8, 9, 10, 11]
    first, second, third, fourth, _ = table.rows
    assert first["kode"] == "2.16.02"
    assert first["target"] == Decimal(75)
    assert first["pagu"] == Decimal(1_500_000_000)
    assert second["pagu"] == Decimal(250_000_000)
    assert third["target"] == Decimal("12.5")
    assert third["pagu"] == Decimal(2_500_000_000)
    assert fourth["pagu"] == Decimal(1_200_000)


@pytest.mark.parametrize("name", ["renja_kominfo.xlsx", "renja_kominfo.ods", "renja_kominfo.xls"])
def test_it_reports_skipped_rows_and_unreadable_cells_with_their_place(name: str) -> None:
    table = read_table((FIXTURES / name).read_bytes(), name, RENJA)

    assert [p.render("en") for p in table.problems] == [
        "Sheet 'Renja 2025', row 11, column Target Kinerja 2025 / Target (D): 'sepuluh' is not a number."
    ]
    assert [(p.row, p.text.render("en")) for p in table.skipped] == [
        (6, "Column-number row ((1) (2) (3) (4) (5) (6) (7)) skipped."),
        (13, "Total row 'JUMLAH' skipped."),
    ]


def test_it_names_the_columns_it_does_not_know_so_they_can_be_mapped() -> None:
    data = (FIXTURES / "renja_kominfo.xlsx").read_bytes()

    table = read_table(data, "renja_kominfo.xlsx", RENJA)

    assert [(c.letter, c.label) for c in table.headers["Renja 2025"].unknown] == [
        ("F", "Lokasi"),
        ("G", "Ket."),
    ]


def test_a_mapping_chosen_by_the_user_wins_over_the_aliases() -> None:
    data = (FIXTURES / "renja_kominfo.xlsx").read_bytes()
    columns = [*RENJA, Column("lokasi", ("lokasi kegiatan",))]

    table = read_table(data, "renja_kominfo.xlsx", columns, mapping={"Lokasi": "lokasi"})

    assert table.rows[2]["lokasi"] == "Desa Sukamaju"


def test_it_passes_over_hidden_sheets_but_marks_them() -> None:
    grids = read_grids((FIXTURES / "renja_kominfo.ods").read_bytes(), "renja_kominfo.ods")

    assert [(g.name, g.hidden) for g in grids] == [("Renja 2025", False), ("Catatan", True)]


@pytest.mark.parametrize("name", ["renja_kominfo.xlsx", "renja_kominfo.ods", "renja_kominfo.xls"])
def test_it_fills_merged_cells_from_their_anchor_and_keeps_the_ranges(name: str) -> None:
    grid = read_grids((FIXTURES / name).read_bytes(), name)[0]

    assert grid.cell(5, 1) == "Kode"
    assert grid.cell(4, 5) == "Target Kinerja 2025"
    assert grid.merge_at(5, 1) is not None
    assert grid.merge_at(7, 1) is None


def test_it_reads_a_cp1252_csv_with_semicolons_below_a_title() -> None:
    data = (FIXTURES / "simpul_cp1252_semicolon.csv").read_bytes()
    columns = [
        Column("name", ("nama simpul", "nama"), required=True),
        Column("lat", ("lintang", "lat"), kind="decimal", required=True),
        Column("lng", ("bujur", "lng"), kind="decimal", required=True),
        Column("note", ("keterangan",)),
    ]

    table = read_table(data, "simpul.csv", columns)

    assert table.ok
    assert table.rows[0].row == 4
    assert table.rows[0]["lat"] == Decimal("2.8375")
    assert table.rows[0]["note"] == "Kantor cabang \u2013 lantai 2"
    assert table.rows[1]["note"] == "Menara 30\u00b0"


def test_it_reads_a_utf16_tab_separated_text_file() -> None:
    grid = read_grids((FIXTURES / "fasilitas_utf16_tab.csv").read_bytes(), "fasilitas.txt")[0]

    assert grid.rows == [
        ["kode_wilayah", "nama", "sekolah", "faskes"],
        ["65.01.01.2001", "Tanjung Selor Hilir", "4", "1"],
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_it_finds_the_delimiter(delimiter: str) -> None:
    text = (
        delimiter.join(["kode", "nama", "pagu"]) + "\n" + delimiter.join(["64.01", '"Desa, Satu"', "1.500"])
    )

    grid = read_grids(text.encode(), "x.csv")[0]

    assert grid.rows[1][2] == "1.500"
    assert grid.rows[0] == ["kode", "nama", "pagu"]


def test_a_missing_required_column_is_an_error_naming_the_aliases() -> None:
    data = _xlsx([["Kode", "Lain"], ["1", "x"]])

    table = read_table(data, "x.xlsx", RENJA)

    assert not table.rows
    assert [p.text.msg for p in table.errors] == [MISSING_COLUMN]
    assert "program, uraian" in table.errors[0].text.render("en")


def test_an_empty_required_cell_is_an_error_and_a_warning_column_only_warns() -> None:
    data = _xlsx([["Kode", "Uraian", "Pagu"], ["", "Program A", None], ["1.02", "Program B", "Rp 5.000"]])

    table = read_table(data, "x.xlsx", RENJA)

    assert [(p.row, p.column, p.severity, p.text.msg) for p in table.problems] == [
        (2, "Kode (A)", "error", REQUIRED),
        (2, "Pagu (C)", "warning", REQUIRED),
    ]
    assert len(table.rows) == 2


def test_it_finds_the_header_below_a_merged_title_that_spans_it() -> None:
    data = _xlsx([["DAFTAR PROGRAM"], [None], ["Kode", "Uraian"], ["1.01", "A"]], merges=("A1:B1",))
    grid = read_grids(data, "x.xlsx")[0]

    header = find_header(grid, RENJA)

    assert (header.first_row, header.last_row, header.fields) == (3, 3, {"kode": 0, "uraian": 1})


@pytest.mark.parametrize(
    "cells",
    [["(1)", "(2)", "(3)", "(4)"], [1, 2, 3, 4, 5], ["1", "2", "3"], ["(1)", "(2)", "(3)", "(4)=(3)x2"]],
)
def test_column_number_rows_are_recognised(cells: list[object]) -> None:
    assert is_column_numbers(cells)


@pytest.mark.parametrize("cells", [["1", "2025", "1.500.000"], [1, 2], ["1.01", "Program", 3]])
def test_data_rows_are_not_taken_for_column_numbers(cells: list[object]) -> None:
    assert not is_column_numbers(cells)


@pytest.mark.parametrize(
    "cells",
    [
        ["JUMLAH", None, 1500],
        ["Jumlah Total", "Jumlah Total", "Rp 2.000"],
        ["TOTAL", 5],
        ["Sub Total Program", 1],
    ],
)
def test_total_rows_are_recognised(cells: list[object]) -> None:
    assert total_label(cells) is not None


@pytest.mark.parametrize(
    "cells",
    [["1.01", "Jumlah desa terhubung", "desa", 5], ["Jumlah desa terhubung internet", "Program A", 3]],
)
def test_indicators_that_start_with_jumlah_are_data(cells: list[object]) -> None:
    assert total_label(cells) is None


def test_header_keys_ignore_case_accents_and_punctuation() -> None:
    assert header_key(" Kode  Wilayah ") == header_key("kode_wilayah") == header_key("KODE-WILAYAH")
    assert header_key("Désa") == "desa"


def test_problems_group_by_message_and_column_with_the_first_rows() -> None:
    rows: list[list[object]] = [["Kode", "Uraian", "Target", "Pagu"]]
    rows += [[f"1.{n:02}", "A", "x", 5] for n in range(8)]
    table = read_table(_xlsx(rows), "x.xlsx", RENJA)

    groups = group_problems(table.problems, first=3)

    assert [(g.severity, g.msg, g.column, g.count, g.rows) for g in groups] == [
        ("error", NOT_A_NUMBER, "Target (C)", 8, [2, 3, 4])
    ]


def test_the_users_file_comes_back_with_problem_cells_marked_and_commented() -> None:
    data = (FIXTURES / "renja_kominfo.xlsx").read_bytes()
    table = read_table(data, "renja_kominfo.xlsx", RENJA)

    marked = load_workbook(io.BytesIO(annotate(data, "renja_kominfo.xlsx", table.problems, "en")))

    cell = marked["Renja 2025"]["D11"]
    assert cell.comment is not None and "'sepuluh' is not a number." in cell.comment.text
    assert cell.fill.start_color.rgb.endswith("FFC7CE")
    assert marked.sheetnames[0] == "Problems"
    assert marked["Renja 2025"]["B7"].value == "Program Pengelolaan Aplikasi Informatika"


@pytest.mark.parametrize("name", ["renja_kominfo.ods", "renja_kominfo.xls", "simpul_cp1252_semicolon.csv"])
def test_other_formats_come_back_as_an_xlsx_copy_at_the_same_positions(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    grid = read_grids(data, name)[0]
    problem_row = len(grid.rows)
    table = read_table(data, name, [Column("any", ("nothing",))])
    problems = [*table.problems]

    problems.append(Problem(grid.name, problem_row, "E", NOT_A_NUMBER(value="x"), "warning", 4))

    marked = load_workbook(io.BytesIO(annotate(data, name, problems, "id")))

    sheet = marked[marked.sheetnames[1]]
    assert sheet.cell(row=problem_row, column=5).comment.text == "'x' bukan angka."
    assert sheet.cell(row=problem_row, column=1).value == grid.cell(problem_row, 1)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"", "x.xlsx"),
        (b"PK\x03\x04 not really a zip", "x.xlsx"),
        (b"\x00\x01\x02binary", "x.csv"),
        (b"hello", "x.xlsx"),
        (b"PK\x03\x04 not really a zip", "x.ods"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "x.xls"),
    ],
)
def test_unreadable_files_raise_a_bilingual_table_error_never_a_parser_message(
    data: bytes, name: str
) -> None:
    with pytest.raises(TableError) as caught:
        read_grids(data, name)

    message = caught.value.render("en")
    assert "zip" not in message.lower() or "unpacks" in message
    assert caught.value.text.render("id") != message


@pytest.mark.parametrize("name", ["target_persen.xlsx", "target_persen.ods"])
def test_numbers_formatted_as_percentages_read_as_the_number_shown(name: str) -> None:
    columns = [
        Column("kode", ("kode",), required=True),
        Column("t2025", ("target 2025",), kind="percent"),
        Column("t2026", ("target 2026",), kind="percent"),
    ]

    table = read_table((FIXTURES / name).read_bytes(), name, columns)

    assert [(r["t2025"], r["t2026"]) for r in table.rows] == [
        (Decimal(75), Decimal(80)),
        (Decimal("12.5"), Decimal(50)),
        (Decimal(1), Decimal(100)),  # '0.00" %"' shows 1.00 %: a quoted % is only text
        (Decimal(40), Decimal("3.5")),  # not formatted as percentages
    ]
    assert str(table.rows[0]["t2025"]) == "75"


def test_note_rows_below_the_table_are_skipped_and_reported() -> None:
    rows: list[list[object]] = [
        ["Kode", "Uraian", "Target", "Pagu"],
        ["1.01", "Program A", "75%", "Rp 1.000"],
        ["JUMLAH", None, None, 1000],
        [None, None, "Samarinda, 12 Januari 2025", None],
        [None, None, "KEPALA DINAS", None],
        [None, None, None, "NIP. 19750101 200001 1 001"],
    ]

    table = read_table(_xlsx(rows), "x.xlsx", RENJA)

    assert [r.row for r in table.rows] == [2]
    assert table.problems == []
    assert [p.row for p in table.skipped] == [3, 4, 5, 6]
    assert (
        table.skipped[1].text.render("en")
        == "Note row below the table ('Samarinda, 12 Januari 2025') skipped."
    )


def test_a_row_without_key_values_inside_the_table_is_still_an_error() -> None:
    rows: list[list[object]] = [["Kode", "Uraian", "Pagu"], ["1.01", "Program A", 5], [None, None, "banyak"]]

    table = read_table(_xlsx(rows), "x.xlsx", RENJA)

    assert [(p.row, p.severity) for p in table.errors] == [(3, "error"), (3, "error"), (3, "error")]


def test_a_sheet_that_lacks_a_required_column_is_reported_not_dropped_silently() -> None:
    book = Workbook()
    book.active.title = "Kabupaten A"
    for row in (["Kode", "Uraian"], ["1.01", "Program A"]):
        book.active.append(row)
    other = book.create_sheet("Kabupaten B")
    for row in (["Kode", "Keterangan", "Pagu"], ["1.02", "x", 5]):
        other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)

    table = read_table(buffer.getvalue(), "x.xlsx", RENJA)

    assert [r.sheet for r in table.rows] == ["Kabupaten A"]
    assert [(p.sheet, p.text.render("en")) for p in table.skipped] == [
        ("Kabupaten B", "This sheet is skipped: no column program.")
    ]


def test_a_header_repeated_on_every_printed_page_is_skipped() -> None:
    rows: list[list[object]] = [
        ["Kode", "Uraian", "Pagu"],
        ["1.01", "Program A", 5],
        ["Kode", "Uraian", "Pagu"],
        ["(1)", "(2)", "(3)"],
        ["1.02", "Program B", 6],
    ]

    table = read_table(_xlsx(rows), "x.xlsx", RENJA)

    assert [r.row for r in table.rows] == [2, 5]
    assert table.problems == []
    assert [p.text.render("en") for p in table.skipped] == [
        "Repeated header (Kode Uraian Pagu) skipped.",
        "Column-number row ((1) (2) (3)) skipped.",
    ]


def test_a_password_protected_xlsx_says_so() -> None:
    with pytest.raises(TableError) as caught:
        read_grids(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "rencana.xlsx")

    assert "password" in caught.value.render("en")
    assert "kata sandi" in caught.value.render("id")


def test_it_lists_the_formula_cells_and_hidden_rows_and_columns_of_an_xlsx_sheet() -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["kode", "nilai", "catatan"])
    sheet.append(["1.01", 5, "ok"])
    sheet["B3"] = "=SUM(B2,1)"
    sheet["B4"] = "=B2*2"
    sheet.row_dimensions[2].hidden = True
    sheet.column_dimensions["C"].hidden = True
    out = io.BytesIO()
    book.save(out)

    grid = read_grids(out.getvalue(), "data.xlsx")[0]

    assert grid.formulas == {(3, 2): "=SUM(B2,1)", (4, 2): "=B2*2"}
    assert (grid.hidden_rows, grid.hidden_columns) == ({2}, {3})
    assert grid.cell(2, 1) == "1.01"


def test_a_sheet_without_formulas_or_hidden_parts_has_none() -> None:
    grid = read_grids((FIXTURES / "renja_kominfo.xlsx").read_bytes(), "renja_kominfo.xlsx")[0]

    assert (grid.formulas, grid.hidden_rows, grid.hidden_columns) == ({}, set(), set())
