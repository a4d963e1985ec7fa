import io
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from selaras.core.plans.rows import PlanRow
from selaras.core.plans.tables import RENSTRA_TITLE, RPJMD_TITLE, Goal, write_renstra_table, write_rpjmd_table

YEARS = (2025, 2026)


def _rows() -> list[PlanRow]:
    def row(id: str, kode: str, uraian: str, indikator: str, **more: Any) -> PlanRow:
        return PlanRow(id=id, kode_wilayah="64.02", kode=kode, uraian=uraian, indikator=indikator, **more)

    return [
        row(
            "K1",
            "2.16.03.2.02",
            "Pengelolaan Nama Domain",
            "Jumlah desa terhubung",
            satuan="desa",
            targets_by_year={2025: Decimal(10), 2026: Decimal(20)},
            pagu_idr_by_year={2025: Decimal(50), 2026: Decimal(60)},
            lokasi=("64.02.01.2001", "64.02.01.2002"),
        ),
        row(
            "P2",
            "2.21.02",
            '=HYPERLINK("http://x")',
            "Indeks KAMI",
            satuan="indeks",
            targets_by_year={2025: Decimal(1)},
            pagu_idr_by_year={2025: Decimal(5)},
            penanggung_jawab="Bidang Persandian",
        ),
        row(
            "P1-I1",
            "2.16.03",
            "Program Aplikasi Informatika",
            "Indeks SPBE",
            satuan="indeks",
            baseline=Decimal("2.5"),
            targets_by_year={2025: Decimal("2.8"), 2026: Decimal(3)},
            pagu_idr_by_year={2025: Decimal(100), 2026: Decimal(200)},
        ),
        row(
            "P1-I2",
            "2.16.03",
            "Program Aplikasi Informatika",
            "Persentase desa terhubung",
            satuan="%",
            targets_by_year={2025: Decimal(50)},
        ),
    ]


def _values(data: bytes) -> tuple[Worksheet, list[tuple[object, ...]]]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return sheet, [tuple(c.value for c in line) for line in sheet.iter_rows()]


def test_the_rpjmd_table_lists_programs_under_their_urusan_with_targets_and_rupiah() -> None:
    data = write_rpjmd_table(
        _rows(),
        years=YEARS,
        region_name="Kabupaten Kutai Kartanegara",
        unit_name="Diskominfo Kukar",
        period_label="RPJMD 2025-2029",
    )
    sheet, values = _values(data)
    assert [v[0] for v in values[:3]] == [RPJMD_TITLE, "Kabupaten Kutai Kartanegara", "RPJMD 2025-2029"]
    assert values[4][:7] == (
        "Kode",
        "Bidang Urusan Pemerintahan dan Program Prioritas Pembangunan",
        "Indikator Kinerja Program (outcome)",
        "Satuan",
        "Kondisi Kinerja pada Awal Periode",
        "Tahun 2025",
        None,
    )
    assert values[5][5:11] == ("Target", "Rp", "Target", "Rp", "Target", "Rp")
    assert values[6:] == [
        ("2.16", "URUSAN PEMERINTAHAN BIDANG KOMUNIKASI DAN INFORMATIKA", *[None] * 10),
        (
            "2.16.03",
            "Program Aplikasi Informatika",
            "Indeks SPBE",
            "indeks",
            2.5,
            2.8,
            100,
            3,
            200,
            3,
            300,
            "Diskominfo Kukar",
        ),
        (None, None, "Persentase desa terhubung", "%", None, 50, None, None, None, 50, None, None),
        ("2.21", "URUSAN PEMERINTAHAN BIDANG PERSANDIAN", *[None] * 10),
        (
            "2.21.02",
            '\'=HYPERLINK("http://x")',
            "Indeks KAMI",
            "indeks",
            None,
            1,
            5,
            None,
            None,
            1,
            5,
            "Bidang Persandian",
        ),
    ]
    assert sheet["G8"].number_format == "#,##0"


def test_the_renstra_table_has_every_level_with_goals_and_village_names() -> None:
    goals = {
        "2.16.03": Goal(tujuan="Tata kelola digital", sasaran="SPBE baik", indikator_sasaran="Indeks SPBE")
    }
    data = write_renstra_table(
        _rows(),
        years=YEARS,
        region_name="Kutai Kartanegara",
        unit_name="Diskominfo",
        goals_by_program=goals,
        village_names={"64.02.01.2001": "Desa Satu"},
    )
    _, values = _values(data)
    assert values[0][0] == RENSTRA_TITLE
    assert values[4][-2:] == ("Unit Kerja Penanggung Jawab", "Lokasi")
    body = values[6:]
    assert [line[3] for line in body] == ["2.16.03", None, "2.16.03.2.02", "2.21.02"]
    assert body[0][:3] == ("Tata kelola digital", "SPBE baik", "Indeks SPBE")
    assert body[2][-1] == "Desa Satu; 64.02.01.2002"
    assert body[2][8:14] == (10, 50, 20, 60, 20, 110)


def test_tables_escape_every_text_that_would_start_a_formula() -> None:
    rows = [
        PlanRow(id=str(i), kode_wilayah="64.02", kode="2.16.03", uraian=text, indikator=text, satuan=text)
        for i, text in enumerate(["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
    ]
    for data in (
        write_rpjmd_table(rows, years=YEARS, region_name="=evil", unit_name="+evil"),
        write_renstra_table(rows, years=YEARS, region_name="=evil", unit_name="+evil"),
    ):
        sheet, values = _values(data)
        assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
        texts = [v for line in values for v in line if isinstance(v, str)]
        assert not [t for t in texts if t[0] in "=+-@\t\r"]
        assert "'=evil" in texts


def test_the_end_of_period_rupiah_is_the_sum_of_the_years_whatever_the_order_of_rows() -> None:
    for rows in (_rows(), _rows()[::-1]):
        _, values = _values(write_rpjmd_table(rows, years=YEARS, region_name="R", unit_name="U"))
        totals = {line[0]: line[10] for line in values[6:] if line[0] and line[2]}
        assert totals == {"2.16.03": 300, "2.21.02": 5}
