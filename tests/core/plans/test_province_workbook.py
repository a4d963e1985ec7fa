"""The province-wide workbook as a province collects it (tests/fixtures/, typed in LibreOffice, not written by
Selaras): it reads with warnings and no error, every region's rows present."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from selaras.core.plans import workbook as wb
from selaras.core.plans.reading import read_plans

FIXTURE = Path(__file__).parents[2] / "fixtures" / "rencana_provinsi_kaltim_2026_2030.xlsx"
REGENCIES = ("64.01", "64.02", "64.03", "64.07", "64.08", "64.09", "64.11", "64.71", "64.72", "64.74")


def test_the_province_workbook_reads_with_warnings_and_no_error() -> None:
    result = read_plans(FIXTURE)
    assert result.errors == ()
    assert len(result.rows) == 49
    assert result.years == (2026, 2027, 2028, 2029, 2030)
    kinds = Counter(w.text.msg for w in result.warnings)
    assert kinds[wb.NATIONAL_WITHOUT_CODE] == 3
    assert kinds[wb.PROGRAM_WITHOUT_INDICATOR] == 10
    assert kinds[wb.PAGU_DIFFERS] == 2
    assert kinds[wb.AGGREGATION_BLANK] > 0
    assert set(kinds) == {
        wb.NATIONAL_WITHOUT_CODE,
        wb.PROGRAM_WITHOUT_INDICATOR,
        wb.PAGU_DIFFERS,
        wb.AGGREGATION_BLANK,
    }


def test_it_holds_rows_of_the_nation_the_province_and_all_ten_regencies() -> None:
    regions = Counter(row.kode_wilayah for row in read_plans(FIXTURE).rows)
    assert regions["00"] == 3
    assert regions["64"] == 6
    assert tuple(sorted(code for code in regions if code.startswith("64."))) == REGENCIES


def test_rows_typed_without_id_are_named_by_sheet_and_row() -> None:
    rows = read_plans(FIXTURE).rows
    assert [r.id for r in rows if r.kode_wilayah == "64.11"] == [
        "Program!35",
        "Program!36",
        "Program!37",
        "Program!38",
    ]


def test_numbers_typed_as_indonesian_text_are_read() -> None:
    rows = {r.id: r for r in read_plans(FIXTURE).rows}
    assert rows["SMD-P03-I1"].pagu_idr_by_year[2026] == 1_400_000_000
    assert str(rows["BPN-P03-I1"].baseline) == "2.89"
    assert rows["BTG-K0302-I1"].targets_by_year[2026] == 49
