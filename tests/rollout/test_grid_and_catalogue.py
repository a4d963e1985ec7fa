"""Villages without grid electricity (a per-village flag imported like the facility counts) need a power option
the planner chooses; live sites run at the province's service tiers; both tiers and power options are an
editable catalogue per province, with cited defaults; every bad row is named and nothing changes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from selaras.connectivity import services as connectivity_services
from selaras.core.grid_power import read_grid_power
from selaras.core.rollout.inputs import InputFileError
from selaras.regions.models import Region
from selaras.rollout import catalogue, services
from selaras.rollout.models import ServiceCatalogue, VillagePower
from tests.conftest import client_for
from tests.rollout.test_inputs import _scenario

PASER = "64.01"
DESA = "64.01.01.2009"
OTHER_DESA = "64.01.01.2010"
THIRD_DESA = "64.01.01.2011"


def _upload(client: Any, data: bytes, region: str = PASER) -> Any:
    return client.post(
        "/rollout/listrik/unggah/",
        {"region": region, "file": SimpleUploadedFile("listrik.csv", data, "text/csv")},
        follow=True,
    )


def test_the_reader_takes_yes_and_no_in_their_common_spellings() -> None:
    rows = read_grid_power(b"Kode Wilayah;Listrik PLN\n64.01.01.2009;Ada\n6401012010;tidak ada\n", "l.csv")
    assert [(r.code, r.grid_power) for r in rows] == [(DESA, True), (OTHER_DESA, False)]


def test_the_reader_names_each_bad_row_and_column() -> None:
    with pytest.raises(InputFileError) as caught:
        read_grid_power(b"kode_wilayah;listrik_pln\n64.01.01.2009;mungkin\n;ya\n64.01.01.2009;ya\n", "l.csv")
    shown = caught.value.render("en")
    assert shown[0] == "Row 2, column 'listrik_pln': 'mungkin' is not yes (ya) or no (tidak)."
    assert shown[1] == "Row 3, column 'kode_wilayah': required."
    assert len(shown) == 2  # row 4 repeats a code only of a row that was refused


def test_an_operator_imports_the_flags_of_their_villages_in_the_audit_trail(operator: Any) -> None:
    data = f"kode_wilayah;nama;listrik_pln\n{DESA};{Region.objects.get(code=DESA).name};tidak\n".encode()
    page = _upload(client_for(operator), data).content.decode()
    record = VillagePower.objects.get(village_id=DESA)
    assert (record.grid_power, record.is_sample, record.history.count()) == (False, False, 1)
    assert 'data-testid="off-grid"' in page


def test_one_bad_row_saves_no_row_and_a_neighbour_cannot_import(operator: Any, other_operator: Any) -> None:
    data = f"kode_wilayah;listrik_pln\n{DESA};tidak\n64.02.01.2001;ya\n".encode()
    page = _upload(client_for(operator), data).content.decode()
    assert "Baris 3, kolom &#x27;kode_wilayah&#x27;: 64.02.01.2001 tidak terletak di 64.01" in page
    assert not VillagePower.objects.exists()
    response = client_for(other_operator).post(
        "/rollout/listrik/unggah/", {"region": PASER, "file": SimpleUploadedFile("l.csv", data)}
    )
    assert response.status_code == 403 and not VillagePower.objects.exists()


def test_the_download_and_template_carry_the_columns_and_the_sample_label(province_viewer: Any) -> None:
    VillagePower.objects.create(village_id=DESA, grid_power=False, is_sample=True)
    client = client_for(province_viewer)
    body = client.get("/rollout/listrik/unduh/").content.decode("utf-8-sig")
    assert body.splitlines()[0].split(",")[:3] == ["kode_wilayah", "nama", "listrik_pln"]
    assert "CONTOH" in body and "tidak" in body
    assert "listrik_pln" in client.get("/rollout/listrik/templat/").content.decode("utf-8-sig")


def test_a_village_without_grid_needs_a_power_option_in_the_instance(db: Any) -> None:
    VillagePower.objects.create(village_id=DESA, grid_power=False)
    scenario = _scenario()
    villages = services.scenario_villages(scenario=scenario)
    problem = services.scenario_problem(scenario=scenario, villages=villages)
    grid = {v.code: v.grid_power for v in problem.villages}
    assert grid[DESA] is False and grid[OTHER_DESA] is True
    assert {p.id for p in problem.power_options} == {"solar", "generator"}
    services.scenario_solve(scenario=scenario)
    for a in scenario.result["assignments"]:
        assert (a["power"] is not None) == (a["code"] == DESA)


def test_live_sites_enter_the_instance_at_the_tier_of_their_bandwidth(db: Any) -> None:
    for code, mbps in ((DESA, 100.0), (OTHER_DESA, 50.0), (THIRD_DESA, 30.0)):
        connectivity_services.access_point_create(
            village=Region.objects.get(code=code),
            status="live",
            status_since=date(2025, 6, 1),
            facility="village_office",
            technology="fiber",
            bandwidth_mbps=mbps,
        )
    scenario = _scenario()
    tiers, _power, _defaults = catalogue.catalogue_for(province="64")
    sites = services.scenario_live_sites(scenario=scenario, tiers=tiers)
    assert {c: s["tier"] for c, s in sites.items()} == {
        DESA: "100mbps",
        OTHER_DESA: "50mbps",
        THIRD_DESA: "20mbps",
    }
    villages = services.scenario_villages(scenario=scenario)
    assert DESA not in villages
    problem = services.scenario_problem(scenario=scenario, villages=villages, live_sites=sites)
    assert problem.keep_live_sites and {s.code for s in problem.live_sites} == set(sites)
    assert [t.id for t in problem.tiers] == ["100mbps", "50mbps", "20mbps"]


def _catalogue_form(tier_cost: str, power_capex: str, power_cost: str) -> dict[str, str]:
    """One 100 Mbps tier and one solar power option, money as typed."""
    return {
        "region": "64",
        "tier-0-id": "100mbps",
        "tier-0-name": "100 Mbps",
        "tier-0-bandwidth_mbps": "100",
        "tier-0-opex_idr_per_year": tier_cost,
        "tier-0-value": "1",
        "power-0-id": "solar",
        "power-0-name": "Surya",
        "power-0-capex_idr": power_capex,
        "power-0-opex_idr_per_year": power_cost,
    }


def test_the_defaults_are_the_programme_tiers_until_the_province_edits_them(province_admin: Any) -> None:
    client = client_for(province_admin)
    page = client.get("/rollout/layanan/").content.decode()
    assert 'data-testid="catalogue-source"' in page and "16-20" in page
    assert catalogue.catalogue_for(province="64")[2] is True
    form = _catalogue_form("25.000.000", "40000000", "2000000") | {
        "tier-1-id": "",
        "tier-1-name": "",
        "tier-1-bandwidth_mbps": "",
        "tier-1-opex_idr_per_year": "",
        "tier-1-value": "",
    }
    client.post("/rollout/layanan/simpan/", form)
    tiers, power, defaults = catalogue.catalogue_for(province="64")
    assert not defaults and tiers == [
        {
            "id": "100mbps",
            "name": "100 Mbps",
            "bandwidth_mbps": 100.0,
            "opex_idr_per_year": 25e6,
            "value": 1.0,
        }
    ]
    assert power[0]["capex_idr"] == 40e6
    assert ServiceCatalogue.objects.get(region_id="64").history.count() == 1


def test_a_bad_catalogue_row_is_named_and_nothing_changes(province_admin: Any, operator: Any) -> None:
    form = {
        "region": "64",
        "tier-0-id": "100mbps",
        "tier-0-bandwidth_mbps": "0",
        "tier-0-opex_idr_per_year": "banyak",
        "tier-0-value": "2",
    }
    page = client_for(province_admin).post("/rollout/layanan/simpan/", form).content.decode()
    assert "Tingkat layanan baris 1, kolom &#x27;Bandwidth (Mbps)&#x27;" in page
    assert "kolom &#x27;Biaya per tahun (Rp)&#x27;: &#x27;banyak&#x27;" in page
    assert "kolom &#x27;Nilai (0-1)&#x27;: &#x27;2&#x27; bukan angka yang sah (antara 0 dan 1)" in page
    assert "opex_idr_per_year" not in page.split('data-testid="problems"')[1].split("</ul>")[0]
    assert not ServiceCatalogue.objects.exists()
    assert client_for(operator).post("/rollout/layanan/simpan/", form).status_code == 403


def test_catalogue_money_is_shown_and_typed_with_thousands_separators_in_each_language(
    province_admin: Any,
) -> None:
    client = client_for(province_admin)
    page = client.get("/rollout/layanan/").content.decode()
    assert 'name="tier-0-opex_idr_per_year" value="22.400.000"' in page
    assert 'name="power-0-capex_idr" value="45.000.000"' in page
    assert 'class="money"' in page and 'inputmode="decimal"' in page
    form = _catalogue_form("Rp 22.400.000", "45 juta", "2.500.000")
    client.post("/rollout/layanan/simpan/", form)
    tiers, power, _defaults = catalogue.catalogue_for(province="64")
    assert (tiers[0]["opex_idr_per_year"], power[0]["capex_idr"], power[0]["opex_idr_per_year"]) == (
        22_400_000,
        45_000_000,
        2_500_000,
    )
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/rollout/layanan/").content.decode()
    assert 'name="tier-0-opex_idr_per_year" value="22,400,000"' in english
    client.post("/rollout/layanan/simpan/", form | {"tier-0-opex_idr_per_year": "22,500,000"})
    assert catalogue.catalogue_for(province="64")[0][0]["opex_idr_per_year"] == 22_500_000
