from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from selaras.core.names import SurveyColumns, SurveyError, read_survey
from selaras.core.names.reader import (
    NO_DATA_ROWS,
    NO_VILLAGE_COLUMN,
    NO_VILLAGE_NAMES,
    header_role,
)
from selaras.core.tables import EMPTY_FILE, NOT_A_TABLE

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Kabupaten/Kota", "regency"),
        ("KAB/KOTA", "regency"),
        ("Kab. / Kota", "regency"),
        ("Kabupaten", "regency"),
        ("Kota", "regency"),
        ("Kecamatan", "district"),
        ("Kec.", "district"),
        ("Desa/Kelurahan", "village"),
        ("Desa / Kel.", "village"),
        ("Desa", "village"),
        ("Kelurahan", "village"),
        ("Kampung", "village"),
        ("Nama Desa", "village"),
        ("NAMA DESA/KELURAHAN", "village"),
        ("Provinsi", "province"),
        ("Kode Desa", None),
        ("Jumlah Desa", None),
        ("Sinyal", None),
    ],
)
def test_it_recognizes_common_header_variants(header, role):
    assert header_role(header) == role


def test_it_reads_a_semicolon_csv_saved_in_windows_encoding(tmp_path):
    path = tmp_path / "survei.csv"
    path.write_bytes(
        "No;Kab/Kota;Kec.;Nama Desa;Sinyal\n1;Kukar;Tenggarong;Tióng Bu'u;4G\n\n2;Kukar;;Rempanga;\n".encode(
            "cp1252"
        )
    )
    table = read_survey(path)
    assert table.header == ("No", "Kab/Kota", "Kec.", "Nama Desa", "Sinyal")
    assert table.columns == SurveyColumns(village=3, district=2, regency=1)
    assert table.rows == (
        ("1", "Kukar", "Tenggarong", "Tióng Bu'u", "4G"),
        ("2", "Kukar", "", "Rempanga", ""),
    )
    assert table.row_numbers == (2, 4)


def test_it_reads_a_tab_separated_utf8_csv_with_a_bom(tmp_path):
    path = tmp_path / "survei.csv"
    path.write_bytes("\ufeffDesa\tKabupaten\nSei Bawang\tKukar\n".encode())
    table = read_survey(path)
    assert table.columns == SurveyColumns(village=0, regency=1)
    assert table.rows == (("Sei Bawang", "Kukar"),)


def test_it_finds_the_header_below_title_rows_in_an_xlsx(tmp_path):
    path = write_xlsx(
        tmp_path / "survei.xlsx",
        {
            "Catatan": [["Survei sinyal 2025"], ["dibuat oleh Diskominfo"]],
            "Data": [
                ["REKAP SURVEI KONEKTIVITAS"],
                [],
                ["No", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan"],
                [1, "Kukar", "Loa Kulu", "Rempanga"],
                [2.0, "Kukar", None, "Jembayan Dalam", "catatan lepas"],
            ],
        },
    )
    table = read_survey(path)
    assert (table.sheet, table.header_row) == ("Data", 3)
    assert table.columns == SurveyColumns(village=3, district=2, regency=1)
    assert table.header == ("No", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan", "kolom_5")
    assert table.rows == (
        ("1", "Kukar", "Loa Kulu", "Rempanga", ""),
        ("2", "Kukar", "", "Jembayan Dalam", "catatan lepas"),
    )
    assert table.row_numbers == (4, 5)


def test_it_reads_an_uploaded_file_object_by_its_filename(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", {"S": [["Kampung"], ["Long Apari"]]})
    table = read_survey(io.BytesIO(path.read_bytes()), filename="upload.xlsx")
    assert table.rows == (("Long Apari",),)


def test_it_names_the_sheets_when_no_village_column_is_found(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", {"Rekap": [["Kabupaten", "Jumlah"]], "Lain": [["a"]]})
    with pytest.raises(SurveyError) as raised:
        read_survey(path)
    expected = NO_VILLAGE_COLUMN(
        sheets="'Rekap', 'Lain'", rows=20, expected="Desa/Kelurahan, Desa, Kelurahan, Kampung, Nama Desa"
    )
    assert raised.value.message == expected
    assert raised.value.message.render("id").startswith("Lembar 'Rekap', 'Lain': tidak ada kolom nama desa")
    assert raised.value.message.render("en").startswith("Sheet 'Rekap', 'Lain': no village name column")


def test_it_names_sheet_and_row_when_the_header_has_no_data_below(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", {"Data": [["judul"], ["Kecamatan", "Desa"]]})
    with pytest.raises(SurveyError) as raised:
        read_survey(path)
    assert raised.value.message == NO_DATA_ROWS(sheet="Data", row=2)


def test_it_names_the_column_when_it_holds_no_village_names(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("Desa,Sinyal\n,4G\n,3G\n", encoding="utf-8")
    with pytest.raises(SurveyError) as raised:
        read_survey(path)
    assert raised.value.message == NO_VILLAGE_NAMES(sheet="csv", column="Desa", row=2)


def test_it_rejects_an_empty_csv_and_an_unsupported_format(tmp_path):
    empty = tmp_path / "kosong.csv"
    empty.write_bytes(b"\n \n")
    with pytest.raises(SurveyError) as raised:
        read_survey(empty)
    assert raised.value.message == EMPTY_FILE()
    pdf = tmp_path / "survei.pdf"
    pdf.write_bytes(b"%PDF-1.4\n\x00\x01\x02")
    with pytest.raises(SurveyError) as raised:
        read_survey(pdf)
    assert raised.value.message == NOT_A_TABLE(name="survei.pdf")


def test_it_reports_a_broken_xlsx_and_a_broken_xls_as_unreadable(tmp_path):
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(SurveyError) as raised:
        read_survey(broken)
    assert raised.value.message.render("en").startswith("File 'rusak.xlsx' is not a table that can be read")
    old = tmp_path / "lama.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(SurveyError) as raised:
        read_survey(old)
    assert raised.value.message.render("en").startswith("File 'lama.xls' cannot be read as Excel .xls")


def test_it_reads_a_pipe_separated_csv_below_title_rows(tmp_path):
    path = tmp_path / "survei.csv"
    path.write_text(
        "Rekap survei Diskominfo 2025\nKab/Kota|Desa|Sinyal\nKukar|Sei Bawang, Ilir|4G\nKukar|Rempanga|3G\n",
        encoding="utf-8",
    )
    table = read_survey(path)
    assert table.columns == SurveyColumns(village=1, regency=0)
    assert table.rows[0] == ("Kukar", "Sei Bawang, Ilir", "4G")


def test_it_reads_an_ods_survey_typed_by_an_office(tmp_path):
    table = read_survey(FIXTURES / "survei-sinyal-paser.ods")
    assert table.header == ("No", "Kabupaten", "Kec.", "Nama Desa", "Status Sinyal", "Keterangan")
    assert table.columns == SurveyColumns(village=3, district=2, regency=1)
    assert table.header_row == 4
    assert table.rows[0] == ("1", "Paser", "Batu Sopang", "Samurangau", "Internet desa (VSAT)", "")
    assert table.row_numbers == (5, 6, 7, 8)


def test_it_reads_a_two_row_merged_header_and_skips_column_number_and_total_rows(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["REKAP SURVEI SINYAL 2026"])
    sheet.append(["Lokasi", None, "Sinyal"])
    sheet.append(["Kecamatan", "Desa", None])
    sheet.append(["(1)", "(2)", "(3)"])
    sheet.append(["Loa Kulu", "Rempanga", "4G"])
    sheet.append(["JUMLAH", None, None])
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("C2:C3")
    path = tmp_path / "survei.xlsx"
    workbook.save(path)
    table = read_survey(path)
    assert table.columns == SurveyColumns(village=1, district=0)
    assert table.header == ("Lokasi / Kecamatan", "Lokasi / Desa", "Sinyal")
    assert table.rows == (("Loa Kulu", "Rempanga", "4G"),)
    assert table.row_numbers == (5,)
