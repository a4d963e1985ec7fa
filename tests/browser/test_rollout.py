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
    # The sample agreement is signed: its new obligations come by a numbered, dated addendum.
    page.fill("[data-testid=addendum-number]", "CONTOH/ADD/01/2026")
    page.fill("[data-testid=addendum-signed-on]", "2026-03-01")
    page.click("[data-testid=adopt]")
    page.wait_for_selector("[data-testid=adopted]")
    assert "titik akses direncanakan" in page.content()
    assert page.locator("[data-testid=adopt]").count() == 0
    page.click("dl.facts >> a[href^='/pks/']")
    assert page.locator("[data-testid=obligation-addendum]").count() > 0
    assert "CONTOH/ADD/01/2026" in page.locator("[data-testid=amendments]").inner_text()


def test_a_regency_operator_sees_the_plan_but_cannot_adopt_it(page: Any) -> None:
    sign_in(page, "operator.paser")
    page.goto("/rollout/")
    page.click("text=[CONTOH] Internet desa Kaltim 2026-2030")
    assert page.locator("[data-testid=gap]").is_visible()
    assert page.locator("[data-testid=adopt]").count() == 0


def test_the_plan_map_draws_offline_and_two_scenarios_are_compared_side_by_side(page: Any) -> None:
    outside: list[str] = []
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)

    def only_ours(route: Any) -> None:
        if "127.0.0.1" in route.request.url:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_ours)
    sign_in(page, "admin.kaltim")
    page.goto("/rollout/")
    page.click("text=[CONTOH] Internet desa Kaltim 2026-2030")
    page.wait_for_selector("#plan-map[data-ready='1']")
    planned = page.locator("[data-testid=assignments] tbody tr").count()
    assert planned > 0
    assert page.locator("#plan-map path.village:not(.plan-none)").count() == planned
    shown, total = page.locator("[data-testid=plan-map-count]").inner_text().split(" / ")
    assert int(shown) == planned
    assert page.locator("#plan-map path.village").count() == int(total)  # the rest in grey, unplanned
    first_year = page.locator("[data-testid=plan-map-year] option").nth(1).get_attribute("value")
    years = page.locator("[data-testid=assignments] tbody tr td:first-child").all_inner_texts()
    in_first_year = years.count(first_year)
    page.select_option("[data-testid=plan-map-year]", first_year)
    assert page.locator("#plan-map").get_attribute("data-connected") == str(in_first_year)
    assert page.locator("[data-testid=spend-chart] rect").count() > 0
    assert page.locator("[data-testid=villages-chart-legend] li").count() == 2

    page.goto("/rollout/baru/")
    page.select_option("select[name=region]", "64.01")
    page.fill("input[name=title]", "Paser untuk dibandingkan")
    page.click("[data-testid=scenario-form] button[type=submit]")
    page.click("[data-testid=solve]")
    page.wait_for_selector("[data-testid=scenario-state]:has-text('Sudah dihitung')", timeout=90000)
    page.goto("/rollout/")
    page.locator("tr", has_text="[CONTOH] Internet desa Kaltim").locator("input[name=s]").check()
    page.locator("tr", has_text="Paser untuk dibandingkan").locator("input[name=s]").check()
    page.click("[data-testid=compare]")
    page.wait_for_selector("[data-testid=compare-table]")
    heads = page.locator("[data-testid=compare-scenario]")
    assert heads.count() == 2
    assert "CONTOH" in heads.nth(0).inner_text() + heads.nth(1).inner_text()
    assert "Aturan saat ini" in page.locator("[data-testid=compare-table]").inner_text()
    with page.expect_download() as download:
        page.click("[data-testid=compare-export]")
    assert download.value.suggested_filename.endswith(".xlsx")
    assert outside == [] and blocked == []


def test_a_bad_fiber_layer_is_refused_with_its_row_and_column_named(page: Any, tmp_path: Any) -> None:
    sign_in(page, "admin.kaltim")
    page.goto("/rollout/")
    page.click("[data-testid=input-layers] >> a[href='/rollout/fiber/']")
    assert page.locator("[data-testid=sample-badge]").is_visible()
    bad = tmp_path / "simpul.csv"
    bad.write_text("nama;lat;lng\nPOP A;-1,5;116,5\nPOP B;utara;116,6\n", encoding="utf-8")
    page.set_input_files("[data-testid=fiber-upload] input[type=file]", str(bad))
    page.click("[data-testid=fiber-upload] button[type=submit]")
    assert "Baris 3, kolom 'lat'" in page.locator("[data-testid=problems]").inner_text()
    assert page.locator("[data-testid=fiber-nodes]").count() == 0
