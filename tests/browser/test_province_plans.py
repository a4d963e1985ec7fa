"""The province-wide plans workbook in a real browser (issue 11): the provincial administrator uploads the
workbook the province collected (typed in LibreOffice, tests/fixtures/), sees the warnings grouped, downloads
the file with the problem cells marked, saves into every region's plan; a regency operator then sees what was
imported for it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parents[1] / "fixtures" / "rencana_provinsi_kaltim_2026_2030.xlsx"


def test_the_province_imports_its_workbook_and_a_regency_sees_what_came_in(
    page: Any, browser: Any, server: str, tmp_path: Path
) -> None:
    sign_in(page, "admin.kaltim")
    page.goto("/rencana/")
    page.click("[data-testid=province-import]")
    page.set_input_files("#id_file", str(FIXTURE))
    page.click("[data-testid=check-province-upload]")

    problems = page.locator("[data-testid=upload-problems]")
    assert problems.locator(".problem-error").count() == 0
    groups = page.locator("[data-testid=problem-group]")
    assert groups.count() == 5  # blank agregasi, program without indicator, national without kode, pagu x2
    assert problems.locator("details ul li").count() < 30  # the first rows of each kind, not a wall
    assert page.locator("[data-testid=preview-region]").count() == 12

    with page.expect_download() as download:
        page.click("[data-testid=upload-problems-marked]")
    marked = tmp_path / "marked.xlsx"
    download.value.save_as(marked)
    sheet = load_workbook(marked)["Program"]
    assert sheet["H11"].comment is not None  # Paser's first row: agregasi left blank
    assert "agregasi" in sheet["H11"].comment.text

    page.click("[data-testid=commit-province-import]")
    page.wait_for_url("**/rencana/")
    assert "49" in page.locator(".messages").inner_text()

    regency = browser.new_context(base_url=server, locale="id-ID")
    operator = regency.new_page()
    operator.set_default_timeout(15000)
    sign_in(operator, "operator.paser")
    operator.goto("/rencana/")
    operator.click("tr:has-text('64.01') >> text=RPJMD 2026-2030")
    imports = operator.locator("[data-testid=plan-imports]").inner_text()
    assert "admin.kaltim" in imports
    assert "4" in imports
    assert "PSR-P03-I1" in operator.locator("[data-testid=plan-tree]").inner_text()
    regency.close()
