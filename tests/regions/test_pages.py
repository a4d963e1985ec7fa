from typing import Any

from selaras.regions.models import Region
from selaras.regions.selectors import region_search
from tests.conftest import client_for


def test_a_village_page_shows_its_kind_parents_and_boundary(operator: Any) -> None:
    response = client_for(operator).get("/wilayah/64.01.01.2009/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Samurangau" in html
    assert "Kabupaten Paser" in html  # breadcrumbs
    assert "<svg" in html and 'class="shape"' in html
    assert "Desa" in html


def test_a_regency_lists_its_districts_with_desa_and_kelurahan_counts(operator: Any) -> None:
    response = client_for(operator).get("/wilayah/64.01/")
    assert response.status_code == 200
    assert len(response.context["children"]) == 10
    assert sum(c.desa for c in response.context["children"]) == 139  # Paser's desa (DOMAIN.md: 90/139 live)


def test_search_finds_a_village_despite_a_typo(operator: Any) -> None:
    hits = region_search(user=operator, query="samurangao")
    assert hits[0].code == "64.01.01.2009"


def test_search_by_code_prefix(operator: Any) -> None:
    hits = region_search(user=operator, query="64.01.01")
    assert hits[0].code == "64.01.01"


def test_search_never_shows_another_provinces_regions(operator: Any) -> None:
    hits = region_search(user=operator, query="Bakongan")  # a district of Aceh
    assert all(h.code.startswith("64") for h in hits)


def test_the_search_answers_htmx_with_a_fragment(operator: Any) -> None:
    response = client_for(operator).get("/wilayah/cari/?q=paser", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Kabupaten Paser" in response.content.decode()


def test_the_dashboard_counts_kaltims_villages(province_viewer: Any) -> None:
    response = client_for(province_viewer).get("/")
    summary = response.context["summary"]
    assert (summary.regencies, summary.districts, summary.desa, summary.kelurahan) == (10, 105, 841, 197)


def test_the_dashboard_shows_how_many_desa_have_a_live_access_point(province_viewer: Any) -> None:
    from datetime import date

    from selaras.connectivity.models import APStatus
    from selaras.connectivity.services import access_point_create
    from selaras.regions.models import Region

    before = client_for(province_viewer).get("/").context["connectivity"].latest.desa_live
    access_point_create(
        village=Region.objects.get(code="64.01.01.2009"), status=APStatus.LIVE, status_since=date(2025, 3, 1)
    )
    response = client_for(province_viewer).get("/")
    assert response.context["connectivity"].latest.desa_live == before + 1
    assert [p.latest.desa_live for r, p in response.context["regency_rows"] if r.code == "64.01"] == [
        before + 1
    ]
    assert 'data-testid="dashboard-connectivity"' in response.content.decode()


def test_search_puts_the_city_first_for_a_typo_of_its_name(operator: Any) -> None:
    hits = region_search(user=operator, query="balikpapn")
    assert hits[0].name == "Kota Balikpapan"


def test_the_province_page_has_a_map_of_its_regencies_linking_to_them(operator: Any) -> None:
    page = client_for(operator).get("/wilayah/64/").content.decode()
    assert 'data-testid="region-map"' in page
    assert page.count('<a href="/wilayah/64.') >= 10


def test_the_regency_page_names_village_kinds_by_their_label(operator: Any) -> None:
    page = client_for(operator).get("/wilayah/64.01.01/").content.decode()
    assert "<td>Desa</td>" in page
    assert "<td>desa</td>" not in page


def test_the_province_map_stays_small_enough_to_load_quickly(operator: Any) -> None:
    page = client_for(operator).get("/wilayah/64/").content
    assert len(page) < 400_000


def test_the_province_map_is_drawn_once_and_again_after_a_child_is_renamed(
    operator: Any, monkeypatch: Any
) -> None:
    from selaras.regions import selectors

    drawn: list[str] = []
    real = selectors._children_map_draw
    monkeypatch.setattr(selectors, "_children_map_draw", lambda *a: drawn.append(a[0].code) or real(*a))
    client = client_for(operator)
    first = client.get("/wilayah/64/").content.decode()
    second = client.get("/wilayah/64/").content.decode()
    assert drawn == ["64"]
    assert first.count('<a href="/wilayah/64.') == second.count('<a href="/wilayah/64.') >= 10
    Region.objects.filter(code="64.01").update(name="Kabupaten Paser Baru")
    assert "Kabupaten Paser Baru" in client.get("/wilayah/64/").content.decode()
    assert drawn == ["64", "64"]
