"""The public page of a province: no sign-in, the progress the connectivity app computes, the map's data, the
signed agreements with their coverage, in Indonesian unless English is asked for."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from selaras.accounts.models import User
from selaras.connectivity import selectors as connectivity_selectors
from selaras.regions.models import Region
from tests.public.conftest import Published, access_point, agreement, publish

pytestmark = pytest.mark.django_db


def test_a_signed_out_visitor_reads_the_province_page(published: Published) -> None:
    response = Client().get("/publik/64/")
    assert response.status_code == 200
    assert "Kalimantan Timur" in response.content.decode()
    assert "/masuk/" not in response.get("Location", "")


def test_the_progress_is_the_connectivity_apps_own_count(published: Published) -> None:
    total, rows = connectivity_selectors.progress_for_province(province=Region.objects.get(code="64"))
    paser = next(r for r in rows if r.code == "64.01")
    page = Client().get("/publik/64/").content.decode()
    assert f"{total.latest.desa_live} / {total.desa_total}" in page
    assert paser.latest.desa_live == 1
    assert 'data-testid="live-64.01">1 <span' in page


def test_the_province_list_links_each_province_page(db: Any) -> None:
    page = Client().get("/publik/").content.decode()
    assert 'href="/publik/64/?lang=id"' in page
    assert "Kalimantan Timur" in page


def test_the_page_is_indonesian_by_default_and_english_on_request(published: Published) -> None:
    assert "Perjanjian kerja sama yang ditandatangani" in Client().get("/publik/64/").content.decode()
    english = Client().get("/publik/64/?lang=en")
    assert "Signed cooperation agreements" in english.content.decode()
    assert english["Content-Language"] == "en"
    by_cookie = Client()
    by_cookie.cookies["selaras_language"] = "en"
    assert "Signed cooperation agreements" in by_cookie.get("/publik/64/").content.decode()


def test_signed_agreements_show_parties_period_and_coverage(published: Published) -> None:
    page = Client().get("/publik/64/").content.decode()
    assert "PKS Internet Desa Paser" in page
    assert "Kalimantan Timur, Kabupaten Paser" in page
    assert "1 Jan 2025 \N{EN DASH} 31 Des 2029" in page
    assert "1 dari 2 desa aktif hari ini (50,0%)" in page


def test_draft_and_terminated_agreements_are_not_shown(published: Published) -> None:
    agreement("Rancangan PKS Rahasia", status="draft", villages=published.villages)
    agreement("PKS yang diakhiri", status="terminated", villages=published.villages)
    page = Client().get("/publik/64/").content.decode()
    assert "Rancangan PKS Rahasia" not in page
    assert "PKS yang diakhiri" not in page


def test_sample_data_is_labelled_contoh(published: Published) -> None:
    access_point(published.villages[2], "live", published.signed.starts_on, is_sample=True)
    page = Client().get("/publik/64/").content.decode()
    assert 'data-testid="sample-note"' in page
    assert "CONTOH" in page


def test_the_map_data_is_points_with_regency_outlines(published: Published) -> None:
    response = Client().get("/publik/64/peta.geojson")
    assert response["Content-Type"] == "application/geo+json"
    features = json.loads(response.content)["features"]
    areas = [f for f in features if "area" in f["properties"]]
    villages = {f["properties"]["kode_wilayah"]: f for f in features if "area" not in f["properties"]}
    assert {a["properties"]["area"] for a in areas} >= {"Kabupaten Paser", "Kabupaten Berau"}
    assert villages[published.villages[0]]["properties"]["status"] == "live"
    assert villages[published.villages[1]]["properties"]["status"] == "planned"
    assert villages[published.villages[0]]["geometry"]["type"] == "Point"


def test_an_unknown_or_non_province_code_is_not_found(db: Any) -> None:
    assert Client().get("/publik/99/").status_code == 404
    assert Client().get("/publik/64.01/").status_code == 404
    assert Client().get("/publik/99/peta.geojson").status_code == 404


def test_signed_out_visitors_find_the_public_data_from_the_sign_in_page(db: Any) -> None:
    assert 'href="/publik/"' in Client().get("/masuk/").content.decode()


def test_nothing_shows_until_the_province_publishes(province_admin: User) -> None:
    access_point("64.01.01.2009", "live", date(2025, 3, 1))
    agreement("PKS Internet Desa Paser", status="signed", villages=["64.01.01.2009"])
    page = Client().get("/publik/64/").content.decode()
    assert 'data-testid="nothing-published"' in page
    for section in ('data-testid="progress"', 'data-testid="map"', 'data-testid="agreements"'):
        assert section not in page
    assert "PKS Internet Desa Paser" not in page
    assert Client().get("/publik/64/peta.geojson").status_code == 404


def test_a_withdrawn_dataset_leaves_the_page_at_once(published: Published, province_admin: User) -> None:
    assert "PKS Internet Desa Paser" in Client().get("/publik/64/").content.decode()
    publish(province_admin, "agreements", published=False)
    page = Client().get("/publik/64/").content.decode()
    assert "PKS Internet Desa Paser" not in page
    assert 'data-testid="progress"' in page
    publish(province_admin, "village-connectivity", published=False)
    assert Client().get("/publik/64/peta.geojson").status_code == 404


def test_the_page_links_the_files_of_each_published_dataset(published: Published) -> None:
    page = Client().get("/publik/64/").content.decode()
    assert 'href="/data/64/village-connectivity.csv"' in page
    assert 'href="/data/64/agreements.json"' in page
    assert "/data/64/plan-targets" not in page  # not published
    assert Client().get("/data/64/village-connectivity.csv").status_code == 200


def test_the_last_meetings_decisions_show_with_the_governments_bound_and_no_participant(
    published: Published, province_admin: User
) -> None:
    from selaras.meetings import services as meeting_services

    older = meeting_services.meeting_create(
        actor=province_admin,
        province_code="64",
        title="Rakorda 2024",
        theme="",
        date=date(2024, 5, 2),
        place="Samarinda",
        host_code="64",
    )
    meeting_services.decision_record(actor=province_admin, meeting=older, text="Keputusan lama", bound=["64"])
    last = meeting_services.meeting_create(
        actor=province_admin,
        province_code="64",
        title="Rakorda 2025",
        theme="",
        date=date(2025, 5, 15),
        place="Tenggarong",
        host_code="64.02",
    )
    meeting_services.participant_add(
        actor=province_admin,
        meeting=last,
        region_code="64.02",
        name="Peserta Rahasia",
        position="Kepala Dinas",
        attendance="present",
    )
    meeting_services.decision_record(
        actor=province_admin, meeting=last, text="Menyelaraskan target SPBE", bound=["64", "64.02"]
    )
    page = Client().get("/publik/64/").content.decode()
    assert "Rakorda 2025" in page and "Menyelaraskan target SPBE" in page
    assert "Kabupaten Kutai Kartanegara" in page
    assert "Keputusan lama" not in page and "Peserta Rahasia" not in page


def test_no_decision_shows_before_the_province_publishes_anything(province_admin: User) -> None:
    from selaras.meetings import services as meeting_services

    meeting = meeting_services.meeting_create(
        actor=province_admin,
        province_code="64",
        title="Rakorda 2025",
        theme="",
        date=date(2025, 5, 15),
        place="Tenggarong",
        host_code="64.02",
    )
    meeting_services.decision_record(
        actor=province_admin, meeting=meeting, text="Menyelaraskan", bound=["64"]
    )
    assert "Menyelaraskan" not in Client().get("/publik/64/").content.decode()
