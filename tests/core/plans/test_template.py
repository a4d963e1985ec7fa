import dataclasses
import io
import random
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from selaras.core.plans import workbook as wb
from selaras.core.plans.rows import Aggregation, PlanRow, Polarity
from selaras.core.plans.template import INSTRUCTIONS_SHEET, build_template, write_plan_template
from selaras.core.plans.workbook import read_plan_workbook, template_headers
from tests.core.plans.sheets import good_row, make_book

PERIOD = (2025, 2026, 2027, 2028, 2029)


def _random_rows(rng: random.Random, count: int) -> list[PlanRow]:
    """Plausible rows of Kutai Kartanegara and the province, with awkward text and numbers."""
    # The reader trims surrounding spaces, so rows that came from an import never start with a tab or CR.
    awkward = ["=1+1", "+62 541", "-", "@home", "a\tTab", "Program; dengan, tanda", "Ürün ñ 日本", "'kutip"]
    rows: list[PlanRow] = []
    for index in range(count):
        regency = rng.random() < 0.8
        years = [y for y in PERIOD if rng.random() < 0.8]
        kode = "2.16.03" if index % 3 == 0 else f"2.16.03.{2 if regency else 1}.{index % 7 + 1:02d}"
        rows.append(
            PlanRow(
                id=f"R-{index}",
                kode_wilayah="64.02" if regency else "64",
                kode=f"{kode}.{index:04d}" if index % 3 == 2 else kode,
                uraian=rng.choice(awkward) + f" {index}",
                indikator=rng.choice(awkward),
                satuan=rng.choice(["%", "indeks", "desa", "-"]),
                polaritas=rng.choice(list(Polarity)),
                agregasi=rng.choice(list(Aggregation)),
                baseline=rng.choice([None, Decimal(rng.randrange(100)) / 4, Decimal(-3)]),
                targets_by_year={y: Decimal(rng.randrange(10_000)) / 100 for y in years},
                pagu_idr_by_year={},
                lokasi=tuple(
                    f"64.02.0{rng.randrange(1, 9)}.2{rng.randrange(100):03d}" for _ in range(rng.randrange(3))
                )
                if regency
                else (),
                mendukung=f"R-{rng.randrange(index)}" if index and rng.random() < 0.7 else None,
                tipe=rng.choice(["outcome", "output"]),
                penanggung_jawab=rng.choice(["", "Diskominfo", "=cmd|' /C calc'!A0"]),
                sheet_row=index + 2,
            )
        )
    # Pagu per element (region + kode), identical on every indicator row of that element, as the reader wants.
    pagu: dict[tuple[str, str], dict[int, Decimal]] = {}
    for row in rows:
        element = pagu.setdefault(
            (row.kode_wilayah, row.kode), {y: Decimal(rng.randrange(1, 10**7) * 1000) for y in PERIOD}
        )
        row.pagu_idr_by_year.update({y: v for y, v in element.items() if rng.random() < 0.9})
    return rows


def test_the_template_has_the_header_row_a_text_format_for_codes_and_instructions() -> None:
    book = load_workbook(io.BytesIO(build_template(PERIOD, region_code="64.02")))
    assert book.sheetnames == ["Program", INSTRUCTIONS_SHEET]
    sheet = book["Program"]
    assert tuple(cell.value for cell in sheet[1]) == template_headers(PERIOD)
    assert sheet.column_dimensions["C"].number_format == "@"  # kode
    instructions = "\n".join(
        str(c.value) for row in book[INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value
    )
    assert "Jangan memakai rumus" in instructions
    assert "64.02" in instructions
    assert "2025-2029" in instructions


def test_the_template_offers_drop_down_lists() -> None:
    sheet = load_workbook(io.BytesIO(build_template(PERIOD, region_code="64")))["Program"]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["G2:G20001"] == '"positif,negatif"'
    assert lists["H2:H20001"] == '"jumlah,rata_bobot_desa,rata_bobot_penduduk,rata,tidak"'
    assert lists["B2:B20001"] == '"00,64"'  # a province also enters national targets


def test_an_empty_template_reads_back_with_only_the_no_rows_error() -> None:
    result = read_plan_workbook(build_template(PERIOD, region_code="64.02"))
    assert [e.text for e in result.errors] == [wb.NO_ROWS()]
    assert result.years == PERIOD


def test_a_filled_template_reads_back_the_same_rows() -> None:
    rows = _random_rows(random.Random(7), 60)  # noqa: S311 -- seeded test data, not cryptography
    result = read_plan_workbook(write_plan_template(rows, PERIOD, region_code="64"))
    assert [e.render("en") for e in result.errors] == []
    assert list(result.rows) == rows


def _as_typed_text(sheet: Worksheet) -> None:
    # What Excel saves when an operator types '=Persentase...: a text cell, not a formula.
    sheet["E3"].data_type = "s"


def test_import_export_import_changes_nothing() -> None:
    rows = [
        good_row(uraian="-Program dengan tanda minus", baseline="2,5", pagu_2025="Rp 1.500.000.000"),
        good_row(id="KKR-P03-2", indikator="=Persentase desa terhubung", satuan="%", target_2025="80%"),
        good_row(
            id="KKR-K01", kode="2.16.03.2.02", lokasi="64.02.01.2001;64.02.01.2002", mendukung="KKR-P03-1"
        ),
    ]
    first = read_plan_workbook(make_book(rows, tweak=_as_typed_text))
    assert first.errors == ()
    second = read_plan_workbook(write_plan_template(first.rows, first.years))
    assert second.errors == ()
    assert second.rows == first.rows
    assert first.rows[1].indikator == "=Persentase desa terhubung"
    third = read_plan_workbook(write_plan_template(second.rows, second.years))
    assert third.rows == first.rows


def test_the_template_escapes_text_that_would_start_a_formula() -> None:
    row = dataclasses.replace(_random_rows(random.Random(1), 1)[0], uraian='=HYPERLINK("http://x")')  # noqa: S311 -- seeded test data, not cryptography
    sheet = load_workbook(io.BytesIO(write_plan_template([row], PERIOD)))["Program"]
    assert sheet["D2"].value == '\'=HYPERLINK("http://x")'
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
