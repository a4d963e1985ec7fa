"""The pure helpers the plans app adds to the core: achievement by polarity, the nomenclature list reader and
the target/realization chart."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook

from selaras.core.plans.achievement import achievement_pct
from selaras.core.plans.chart import target_realization_svg
from selaras.core.plans.nomenclature import read_nomenclature_list
from selaras.core.plans.rows import Polarity


def test_achievement_follows_polarity() -> None:
    assert achievement_pct(Decimal(80), Decimal(60), Polarity.POSITIVE) == Decimal("75.00")
    # Lower is better: 10% unemployment against a target of 8% is 75%, 6% is 125%.
    assert achievement_pct(Decimal(8), Decimal(10), Polarity.NEGATIVE) == Decimal("75.00")
    assert achievement_pct(Decimal(8), Decimal(6), Polarity.NEGATIVE) == Decimal("125.00")
    assert achievement_pct(Decimal(0), Decimal(6), Polarity.POSITIVE) is None
    assert achievement_pct(Decimal(5), None, Polarity.POSITIVE) is None


def test_an_official_list_reads_from_xlsx_with_level_and_tier() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Kode", "Nomenklatur", "Level", "Tier"])
    sheet.append(["2.16.03", "PROGRAM APLIKASI INFORMATIKA", "program", ""])
    sheet.append(["2.16.03.1.02", "Pengelolaan e-Government Provinsi", "kegiatan", "provinsi"])
    buffer = io.BytesIO()
    book.save(buffer)
    entries, errors = read_nomenclature_list(buffer.getvalue(), file_name="daftar.xlsx")
    assert errors == []
    assert [(e.code, e.level, e.tier) for e in entries] == [
        ("2.16.03", "program", "semua"),
        ("2.16.03.1.02", "kegiatan", "provinsi"),
    ]


def test_a_list_whose_tier_contradicts_the_code_is_refused() -> None:
    data = b"code,name,tier\n2.16.03.1.02,Kegiatan,kabupaten/kota\n"
    entries, errors = read_nomenclature_list(data)
    assert entries == []
    assert errors[0].render("en").startswith("Row 2, column tier: Tier 'kabupaten/kota' does not fit")


def test_a_file_that_is_not_a_list_is_refused_in_both_languages() -> None:
    _, errors = read_nomenclature_list(b"\x00\x01\x02binary")
    assert "bukan tabel yang dapat dibaca" in errors[0].render("id")
    assert "not a table that can be read" in errors[0].render("en")


def test_the_chart_escapes_labels_and_leaves_out_missing_years() -> None:
    svg = target_realization_svg(
        (2025, 2026), (Decimal(10), Decimal(20)), (Decimal(5), None), title="<script>x</script>"
    )
    assert "<script>" not in svg
    assert svg.count('class="t"') == 3  # two bars and the legend
    assert svg.count('class="r"') == 2  # one bar and the legend
