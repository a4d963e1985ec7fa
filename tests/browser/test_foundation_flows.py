"""What a person does on the foundation's pages, in a real browser."""

from typing import Any

import pytest

from selaras.core.regions_data import iter_official_regions
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_an_operator_signs_in_finds_a_village_switches_language_and_signs_out(page: Any) -> None:
    sign_in(page, "operator.paser")
    assert page.locator("h1").inner_text().startswith("Kalimantan Timur")
    page.click("text=Wilayah")
    page.fill("[data-testid=region-search]", "samurangao")  # a typo
    page.locator("#search-results a", has_text="Samurangau").first.click()
    page.wait_for_url("**/wilayah/64.01.01.2009/")
    assert page.locator("[data-testid=region-name]").inner_text().startswith("Samurangau")
    assert page.locator("svg.shape path").count() == 1
    assert page.get_by_text("Keluar").is_visible()
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state()
    assert page.get_by_text("Sign out").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("[data-testid=logout]")
    page.wait_for_url("**/masuk/")
    page.goto("/wilayah/64/")
    assert "/masuk/" in page.url


def test_the_province_admin_creates_an_account_for_a_regency(page: Any) -> None:
    sign_in(page, "admin.kaltim")
    page.goto("/akun/baru/")
    page.fill("#id_username", "operator.berau")
    page.select_option("#id_role", "regency_operator")
    page.select_option("#id_region", "64.03")
    page.fill("#id_password1", "berau-kominfo-2026")
    page.fill("#id_password2", "berau-kominfo-2026")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/akun/")
    assert page.get_by_role("cell", name="operator.berau").is_visible()


def test_a_regency_operator_sees_no_account_management(page: Any) -> None:
    sign_in(page, "operator.paser")
    assert page.locator("nav.mainnav a", has_text="Akun").count() == 0
    response = page.goto("/akun/")
    assert response is not None and response.status == 403


def test_a_newer_region_list_is_loaded_by_the_background_worker(page: Any, tmp_path: Any) -> None:
    rows = ["code,level,name,lat,lng"]
    for region in iter_official_regions(province="64"):
        name = "Samurangau Raya" if region.code == "64.01.01.2009" else region.name
        rows.append(f"{region.code},{region.level},{name},{region.lat or ''},{region.lng or ''}")
    upload = tmp_path / "wilayah-baru.csv"
    upload.write_text("\n".join(rows), encoding="utf-8")
    sign_in(page, "admin.kaltim")
    page.goto("/wilayah/64/muat/")
    page.set_input_files("#id_file", str(upload))
    page.click("button[type=submit].primary")
    page.wait_for_url("**/tugas/**")
    page.wait_for_selector("[data-testid=job-status][data-status=done]", timeout=60000)
    page.goto("/wilayah/64.01.01.2009/")
    assert page.locator("[data-testid=region-name]").inner_text().startswith("Samurangau Raya")
