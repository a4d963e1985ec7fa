"""A regency operator imports the office's own Renstra table T-C.27 (typed by the office, not by Selaras) on the
plan import page in a real browser: a workbook that also holds another regency's sheet is refused with the
sheet named; the office's own sheet is previewed with its warnings (a village name to review) and saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import create_plan, sign_in

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "official" / "renstra_tc27_kaltim.xlsx"


def test_an_operator_imports_the_offices_tc27_sheet(page: Any, tmp_path: Path) -> None:
    kukar_only = tmp_path / "renstra-kukar.xlsx"
    book = load_workbook(FIXTURE)
    del book["Paser"]
    book.save(kukar_only)

    sign_in(page, "operator.kukar")
    plan_url = create_plan(page)

    page.click("[data-testid=import-link]")
    page.set_input_files("#id_file", str(FIXTURE))
    page.click("[data-testid=check-upload]")
    problems = page.locator("[data-testid=upload-problems]").text_content()
    assert "Lembar 'Paser'" in problems and "64.01" in problems
    assert page.locator("[data-testid=commit-import]").count() == 0

    page.set_input_files("#id_file", str(kukar_only))
    page.click("[data-testid=check-upload]")
    assert "3 baris baru" in page.locator("[data-testid=preview-counts]").inner_text()
    # Warnings do not block saving; the village name three villages share goes to review, with its candidates.
    warnings = page.locator("[data-testid=upload-problems]").text_content()
    assert "Sumber Sari" in warnings and "64.02.02.2014" in warnings
    page.click("[data-testid=commit-import]")
    page.wait_for_url(plan_url)
    tree = page.locator("[data-testid=plan-tree]").inner_text()
    assert "2.16.03.2.02.0024" in tree and "2.21.02" in tree
