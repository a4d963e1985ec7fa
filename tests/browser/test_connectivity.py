"""Village connectivity in a real browser: a regency operator uploads a survey, resolves the unclear names and
saves it, and the progress table moves; the offline map draws, filters and opens a village."""

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _a_kukar_desa_without_a_live_access_point(page: Any) -> dict[str, Any]:
    villages = page.request.get("/api/v1/connectivity/villages/?regency=64.02").json()
    names = [v["name"] for v in villages]
    return next(
        v for v in villages if v["kind"] == "desa" and v["status"] != "live" and names.count(v["name"]) == 1
    )


def test_an_operator_uploads_resolves_and_saves_a_survey_and_progress_moves(
    page: Any, tmp_path: Path
) -> None:
    sign_in(page, "operator.kukar")
    page.goto("/konektivitas/")
    cell = page.locator("[data-testid='live-64.02-2026']")
    before = int(cell.inner_text().split()[0])
    target = _a_kukar_desa_without_a_live_access_point(page)
    survey = tmp_path / "survei-kukar.csv"
    survey.write_text(
        "Kab/Kota;Kecamatan;Desa;Sinyal;Status;Teknologi\n"
        f"Kukar;;Ds. {target['name'].upper()};4G;aktif;Starlink\n"
        "Kukar;;Sumber Sari;Tidak ada;rencana;VSAT\n"
        "Kukar;;Desa Entah Berantah;2G;;\n",
        encoding="utf-8",
    )
    page.click("nav.mainnav >> text=Konektivitas")
    page.click("[data-testid=connectivity-nav] >> text=Impor survei")
    page.set_input_files("input[name=file]", str(survey))
    page.click("[data-testid=upload-submit]")
    page.wait_for_url("**/konektivitas/impor/*/")
    assert page.locator("[data-testid=undecided] strong").inner_text() == "2"

    ambiguous = page.locator("[data-testid=review-row][data-status=ambiguous]")
    ambiguous.locator("input[type=radio]").nth(1).check()
    ambiguous.locator("[data-testid=choose]").click()
    page.wait_for_selector("[data-testid=review-row][data-status=ambiguous] [data-testid=decision]")
    unmatched = page.locator("[data-testid=review-row][data-status=unmatched]")
    unmatched.locator("[data-testid=skip]").click()
    page.wait_for_selector("[data-testid=review-row][data-status=unmatched] [data-testid=decision]")
    assert page.locator("[data-testid=undecided] strong").inner_text() == "0"

    page.click("[data-testid=commit]")
    page.wait_for_selector("[data-testid=import-state][data-state=committed]")
    assert page.locator(".messages li").first.inner_text().startswith("Tersimpan")

    page.goto("/konektivitas/")
    assert int(page.locator("[data-testid='live-64.02-2026']").inner_text().split()[0]) == before + 1
    page.goto(f"/konektivitas/desa/{target['code']}/")
    assert page.locator("[data-testid=ap-status]", has_text="Aktif").count() == 1


def test_the_map_draws_every_village_offline_filters_and_opens_a_village(page: Any) -> None:
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.route(
        "**/*", lambda route: route.abort() if "127.0.0.1" not in route.request.url else route.continue_()
    )
    sign_in(page, "viewer.kaltim")
    page.goto("/konektivitas/peta/")
    page.wait_for_selector("#map[data-ready='1']")
    assert page.locator("path.village").count() == 1038
    assert page.locator("[data-testid=legend] li").count() >= 5
    assert page.get_by_test_id("sample-note").is_visible()
    page.select_option("[data-testid=filter-regency]", "64.11")
    page.select_option("[data-testid=filter-status]", "live")
    # Mahakam Ulu: 50 desa, all but the 7 the sample leaves for 2026 live at the end of 2025
    assert page.locator("[data-testid=map-count]").inner_text() == "43 / 1038"
    assert page.locator("path.village.status-live").count() == 43
    page.select_option("[data-testid=filter-status]", "")
    page.select_option("[data-testid=filter-technology]", "leo")
    assert 0 < page.locator("path.village").count() < 50
    page.locator("path.village").first.dispatch_event("click")
    page.wait_for_url("**/konektivitas/desa/64.11.*/")
    assert page.get_by_test_id("village-name").is_visible()
    assert blocked == []


def test_a_large_survey_is_matched_by_the_background_worker_while_the_page_waits(
    page: Any, tmp_path: Path
) -> None:
    sign_in(page, "operator.paser")
    villages = page.request.get("/api/v1/connectivity/villages/?regency=64.01").json()
    lines = ["Kecamatan;Desa;Sinyal"] + [f"{v['district']};{v['name']};4G" for v in villages] * 15
    survey = tmp_path / "survei-besar.csv"
    survey.write_text("\n".join(lines), encoding="utf-8")
    page.goto("/konektivitas/impor/")
    page.set_input_files("input[name=file]", str(survey))
    page.click("[data-testid=upload-submit]")
    page.wait_for_url("**/konektivitas/impor/*/")
    page.wait_for_selector("[data-testid=import-state][data-state=review]", timeout=60000)
    assert page.locator("[data-testid=undecided] strong").inner_text() == "0"


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_a_survey_with_unfamiliar_headers_is_mapped_in_the_preview_and_saved(page: Any) -> None:
    # A regency office's own layout: title rows, "No", "Kec.", "Nama Desa", and a "Status Sinyal" column that
    # mixes signals ("Ada sinyal 4G", "Blank Spot") with connections ("Internet desa (VSAT)", "Fiber").
    sign_in(page, "operator.kukar")
    page.goto("/konektivitas/impor/")
    page.set_input_files("input[name=file]", str(FIXTURES / "survei-sinyal-kukar.xlsx"))
    page.click("[data-testid=upload-submit]")
    page.wait_for_url("**/konektivitas/impor/*/")
    assert page.locator("[data-testid=import-state]").get_attribute("data-state") == "preview"
    assert page.locator("[data-testid=commit]").count() == 0
    status_column = page.locator("[data-testid=column-row][data-column='Status Sinyal']")
    assert status_column.get_attribute("data-origin") == "unknown"
    status_column.locator("select").select_option("signal")
    page.click("[data-testid=mapping-save]")

    # The values of the column, each with its meaning; the one nobody knows waits for the operator.
    page.wait_for_selector("[data-testid=value-table]")
    vsat = page.locator("[data-testid=value-row][data-value='Internet desa (VSAT)'] select")
    assert vsat.input_value() == "technology=vsat,status=live"
    assert page.locator("[data-testid=value-row][data-value='Fiber'] select").input_value() == (
        "technology=fiber,status=live"
    )
    unknown = page.locator("[data-testid=value-row][data-value='Sinyal lemah']")
    assert unknown.get_attribute("data-origin") == "unknown"
    unknown.locator("select").select_option("signal=2g")
    page.click("[data-testid=mapping-save]")

    page.wait_for_selector("[data-testid=import-state][data-state=review]")
    assert page.locator("[data-testid=undecided] strong").inner_text() == "0"
    page.click("[data-testid=commit]")
    page.wait_for_selector("[data-testid=import-state][data-state=committed]")
    assert page.locator(".messages li").first.inner_text().startswith("Tersimpan")

    page.goto("/konektivitas/desa/64.02.01.2001/")  # Perian: "Internet desa (VSAT)"
    vsat_point = page.locator("[data-testid=access-points] tr", has_text="VSAT")
    assert vsat_point.locator("[data-testid=ap-status]", has_text="Aktif").count() >= 1
    page.goto("/konektivitas/desa/64.02.10.2011/")  # Bukit Layang: "Sinyal lemah", mapped to 2G
    assert "2G" in page.locator("dl.facts").first.inner_text()


def test_a_village_name_with_markup_shows_in_the_map_tooltip_as_text(page: Any) -> None:
    def poisoned(route: Any) -> None:
        data = route.fetch().json()
        for feature in data["features"]:
            feature["properties"]["desa_kelurahan"] = '<img class="injected" src="x">Desa'
        route.fulfill(json=data)

    page.route(lambda url: "/ekspor/geojson/" in url, poisoned)
    sign_in(page, "viewer.kaltim")
    page.goto("/konektivitas/peta/")
    page.wait_for_selector("#map[data-ready='1']")
    page.locator("path.village").first.hover(force=True)
    tooltip = page.locator(".leaflet-tooltip").first
    tooltip.wait_for()
    assert tooltip.inner_text().startswith('<img class="injected" src="x">Desa')
    assert page.locator("img.injected").count() == 0
