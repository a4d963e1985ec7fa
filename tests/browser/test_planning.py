"""The plans flow of issue 3 in a real browser: a regency operator downloads the template, fills it, imports
it, fixes the errors the preview shows, imports again and submits; the province approves; both export the two
official tables."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import create_plan, sign_in

pytestmark = pytest.mark.browser


def _fill(template: Path, out: Path, *, broken: bool) -> None:
    """Fill the downloaded template as an operator would from the RPJMD draft."""
    book = load_workbook(template)
    sheet = book["Program"]
    headers = [c.value for c in sheet[1]]
    rows = [
        {
            "id": "PSR-R-P03",
            "kode_wilayah": "64.02" if broken else "64.01",
            "kode": "2.16.03",
            "uraian": "PROGRAM APLIKASI INFORMATIKA",
            "indikator": "Indeks SPBE Kabupaten",
            "satuan": "indeks",
            "polaritas": "positif",
            "agregasi": "rata",
            "baseline": "2,6",
            **{
                f"target_{y}": f"{2.8 + 0.2 * i:.1f}".replace(".", ",")
                for i, y in enumerate(range(2025, 2030))
            },
            **{f"pagu_{y}": "1.500.000.000" for y in range(2025, 2030)},
            "mendukung": "KTM-P03-I1",
        },
        {
            "id": "PSR-R-S24",
            "kode_wilayah": "64.01",
            "kode": "2.16.03.2.02.0024",
            "uraian": "Penyelenggaraan Jaringan Intra Pemerintah Daerah Kab/Kota",
            "indikator": "Desa terhubung jaringan",
            "satuan": "desa",
            "polaritas": "positif",
            "agregasi": "jumlah",
            "baseline": 90,
            **{
                f"target_{y}": ("tinggi" if broken and y == 2026 else 100 + i)
                for i, y in enumerate(range(2025, 2030))
            },
            **{f"pagu_{y}": 250_000_000 for y in range(2025, 2030)},
            "lokasi": "64.01.01.2009;64.01.01.2010",
            "mendukung": "PSR-R-P03",
        },
    ]
    for number, row in enumerate(rows, start=2):
        for column, name in enumerate(headers, start=1):
            if name in row:
                sheet.cell(row=number, column=column, value=row[name])
    book.save(out)


def test_an_operator_imports_submits_and_the_province_approves_and_exports(page: Any, tmp_path: Path) -> None:
    sign_in(page, "operator.paser")
    plan_url = create_plan(page)
    with page.expect_download() as download:
        page.click("[data-testid=template-link]")
    template = tmp_path / "templat.xlsx"
    download.value.save_as(template)

    broken, fixed = tmp_path / "rencana-salah.xlsx", tmp_path / "rencana.xlsx"
    _fill(template, broken, broken=True)
    _fill(template, fixed, broken=False)
    page.click("[data-testid=import-link]")
    page.set_input_files("#id_file", str(broken))
    page.click("[data-testid=check-upload]")
    # Grouped by kind (issue 11): each group lists its first rows.
    problems = page.locator("[data-testid=upload-problems]").text_content()
    assert "baris 2, kolom kode_wilayah" in problems
    assert "baris 3, kolom target_2026" in problems
    assert page.locator("[data-testid=commit-import]").count() == 0

    page.set_input_files("#id_file", str(fixed))
    page.click("[data-testid=check-upload]")
    assert "2 baris baru" in page.locator("[data-testid=preview-counts]").inner_text()
    page.click("[data-testid=commit-import]")
    page.wait_for_url(plan_url)
    assert "2.16.03.2.02.0024" in page.locator("[data-testid=plan-tree]").inner_text()
    page.click("[data-testid=submit-plan]")
    assert page.locator("[data-testid=plan-status]").get_attribute("data-status") == "submitted"
    page.click("[data-testid=logout]")

    sign_in(page, "admin.kaltim")
    page.goto(plan_url)
    page.click("[data-testid=approve-plan]")
    assert page.locator("[data-testid=plan-status]").get_attribute("data-status") == "approved"
    assert page.locator("[data-testid=rpjmd-xlsx]").count() == 0  # a Renstra offers its own table only
    for testid, title in (("renstra-xlsx", "T-C.27"),):
        with page.expect_download() as download:
            page.click(f"[data-testid={testid}]")
        sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
        assert title in str(sheet["A1"].value)
    page.click("[data-testid=renstra-print]")
    assert "Samurangau" in page.locator("[data-testid=official-table]").inner_text()
