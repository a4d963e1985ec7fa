"""Issue 7, "done means", in a real browser: the province opens the sample scenario built from its data, solves it
again through the real worker, sees the plan's guaranteed distance from optimal and its comparison with today's
rule, downloads the workbook and adopts the plan; a regency operator may not adopt."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_the_province_solves_compares_and_adopts_the_sample_plan(page: Any) -> None:
    sign_in(page, "admin.kaltim")
    page.click("nav.mainnav >> text=Rencana perluasan")
    page.click("text=[CONTOH] Internet desa Kaltim 2026-2030")
    assert page.locator("[data-testid=sample-badge]").is_visible()
    page.click("[data-testid=solve]")
    page.wait_for_selector("[data-testid=scenario-state]:has-text('Sudah dihitung')", timeout=90000)
    gap = page.locator("[data-testid=gap]").inner_text()
    assert re.fullmatch(r"\d+,\d\d%|\d+\.\d\d%", gap), gap
    assert float(gap.rstrip("%").replace(",", ".")) < 5
    comparison = page.locator("[data-testid=comparison]").inner_text()
    assert "Aturan saat ini" in comparison
    assert int(page.locator("[data-testid=diff-villages]").inner_text()) >= 0
    with page.expect_download() as download:
        page.click("[data-testid=export]")
    assert download.value.suggested_filename.endswith(".xlsx")
    page.click("[data-testid=adopt]")
    page.wait_for_selector("[data-testid=adopted]")
    assert "titik akses direncanakan" in page.content()
    assert page.locator("[data-testid=adopt]").count() == 0


def test_a_regency_operator_sees_the_plan_but_cannot_adopt_it(page: Any) -> None:
    sign_in(page, "operator.paser")
    page.goto("/rollout/")
    page.click("text=[CONTOH] Internet desa Kaltim 2026-2030")
    assert page.locator("[data-testid=gap]").is_visible()
    assert page.locator("[data-testid=adopt]").count() == 0
