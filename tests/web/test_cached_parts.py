"""Parts of pages cached by write stamp (selaras.web.caching, issue 12 load): a write through any service, or
around the services (queryset.update, bulk_create), shows on the next page at once; cached parts never cross
provinces or users, and the access check still comes first."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction

from selaras.connectivity import services
from selaras.connectivity.models import AccessPoint, StatusChange
from selaras.core.regions_data import iter_official_regions
from selaras.regions.models import Region
from selaras.regions.services import regions_load
from selaras.web import caching
from tests.conftest import client_for
from tests.connectivity.points import SAMURANGAU
from tests.connectivity.points import live_point as _live_point

GEOJSON = "/konektivitas/ekspor/geojson/?unduh=0"
CACHED_PAGES = (
    "/",
    "/konektivitas/",
    "/api/v1/connectivity/progress/",
    GEOJSON,
    f"/konektivitas/desa/{SAMURANGAU}/",
)


def _province_live(client: Any) -> int:
    """Desa live in the newest year so far of the province's progress (the API)."""
    rows = client.get("/api/v1/connectivity/progress/").json()
    return [int(y["desa_live"]) for y in rows[0]["years"] if y["desa_live"] is not None][-1]


def _village_status(client: Any, code: str = SAMURANGAU) -> str:
    features = json.loads(client.get(GEOJSON).content)["features"]
    return next(f["properties"]["status"] for f in features if f["properties"]["kode_wilayah"] == code)


CSRF = re.compile(rb'(?<=csrfmiddlewaretoken" value=")[^"]+|(?<="X-CSRFToken": ")[^"]+')


def _pages(client: Any) -> dict[str, bytes]:
    """Each cached page's body without its CSRF tokens (masked afresh for every response)."""
    return {url: CSRF.sub(b"", client.get(url).content) for url in CACHED_PAGES}


def test_a_new_access_point_shows_at_once_on_every_cached_page(province_viewer: Any) -> None:
    client = client_for(province_viewer)
    before = _pages(client)
    live = _province_live(client)
    assert _village_status(client) == "none"

    _live_point()

    after = _pages(client)
    assert [url for url in CACHED_PAGES if after[url] != before[url]] == list(CACHED_PAGES)
    assert _province_live(client) == live + 1
    assert _village_status(client) == "live"


def test_a_status_set_through_the_service_shows_at_once(province_viewer: Any) -> None:
    point = _live_point()
    client = client_for(province_viewer)
    live = _province_live(client)
    assert _village_status(client) == "live"
    services.access_point_status_set(access_point=point, status="down", effective_on=date(2025, 9, 1))
    assert _province_live(client) == live - 1
    assert _village_status(client) == "down"


def test_writes_around_the_services_show_at_once_too(province_viewer: Any) -> None:
    """queryset.update() and bulk_create() send no signals and write no history: the stamp still rises."""
    point = _live_point()
    client = client_for(province_viewer)
    live = _province_live(client)
    StatusChange.objects.bulk_create(
        [StatusChange(access_point=point, region_id=SAMURANGAU, status="down", effective_on=date(2025, 9, 1))]
    )
    AccessPoint.objects.filter(pk=point.pk).update(status="down")
    assert _province_live(client) == live - 1
    assert _village_status(client) == "down"
    Region.objects.filter(code="64.01").update(name="Kabupaten Paser Baru")
    for url in ("/", "/wilayah/64/", "/konektivitas/"):
        assert "Paser Baru" in client.get(url).content.decode(), url


def test_a_region_list_loaded_again_shows_on_the_province_page_and_the_dashboard(
    province_viewer: Any,
) -> None:
    client = client_for(province_viewer)
    assert "Paser Sejahtera" not in client.get("/wilayah/64/").content.decode()
    assert "Paser Sejahtera" not in client.get("/").content.decode()
    rows = [
        dataclasses.replace(r, name="Kabupaten Paser Sejahtera") if r.code == "64.01" else r
        for r in iter_official_regions(province="64")
    ]
    regions_load(rows=rows, scope="64")
    assert "Paser Sejahtera" in client.get("/wilayah/64/").content.decode()
    assert "Paser Sejahtera" in client.get("/").content.decode()


def test_cached_parts_never_cross_provinces(province_viewer: Any, outsider: Any) -> None:
    _live_point()
    kaltim, aceh = client_for(province_viewer), client_for(outsider)
    for first, second in ((kaltim, aceh), (aceh, kaltim)):
        caching.parts_forget()
        first_pages, second_pages = _pages_of_province(first), _pages_of_province(second)
        assert first_pages != second_pages
    assert "Paser" not in aceh.get("/").content.decode()
    assert "Paser" not in aceh.get("/konektivitas/").content.decode()
    codes = {f["properties"]["kode_wilayah"][:2] for f in json.loads(aceh.get(GEOJSON).content)["features"]}
    assert codes == {"11"}
    assert next(row["code"] for row in aceh.get("/api/v1/connectivity/progress/").json()) == "11"


def _pages_of_province(client: Any) -> list[bytes]:
    return [client.get(url).content for url in ("/api/v1/connectivity/progress/", GEOJSON)]


def test_the_access_check_comes_before_any_cached_part(regency_viewer: Any, outsider: Any) -> None:
    _live_point()
    seen = client_for(regency_viewer)
    assert seen.get(f"/konektivitas/desa/{SAMURANGAU}/").status_code == 200
    assert seen.get("/wilayah/64/").status_code == 200
    outside = client_for(outsider)
    assert outside.get(f"/konektivitas/desa/{SAMURANGAU}/").status_code == 404
    assert outside.get("/wilayah/64/").status_code == 404
    assert outside.get("/api/v1/connectivity/villages/64.01.01.2009/").status_code == 404


def test_personal_parts_are_never_shared_between_users(province_admin: Any, province_viewer: Any) -> None:
    admin, viewer = client_for(province_admin), client_for(province_viewer)
    admin_page = admin.get("/konektivitas/").content.decode()
    viewer_page = viewer.get("/konektivitas/").content.decode()
    assert 'data-testid="target-link"' in admin_page
    assert 'data-testid="target-link"' not in viewer_page
    admin_home, viewer_home = admin.get("/").content.decode(), viewer.get("/").content.decode()
    assert "admin.kaltim" in admin_home and "viewer.kaltim" not in admin_home
    assert "viewer.kaltim" in viewer_home and "admin.kaltim" not in viewer_home
    tokens = [
        re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page) for page in (admin_page, viewer_page)
    ]
    assert tokens[0] and tokens[1] and set(tokens[0]).isdisjoint(tokens[1])


def test_the_write_stamp_ignores_sessions_and_rises_with_a_data_write(db: Any) -> None:
    stamp = caching.write_stamp()
    session = SessionStore()
    session["seen"] = 1
    session.save()
    assert caching.write_stamp() == stamp
    Region.objects.filter(code="64.01").update(name="Kabupaten Paser")
    assert caching.write_stamp() != stamp


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "connectivity_accesspoint" ("region_id") VALUES (%s)', "connectivity_accesspoint"),
        ('UPDATE "regions_region" SET "name" = %s', "regions_region"),
        ('  delete from "django_session" WHERE 1', "django_session"),
        ('SELECT "code" FROM "regions_region"', None),
    ],
)
def test_a_write_is_told_from_a_read_by_its_statement(sql: str, table: str | None) -> None:
    assert caching.written_table(sql) == table


def test_a_committed_transaction_raises_the_stamp_after_it_commits_and_a_rolled_back_one_never(
    flushed_afterwards: Any, transactional_db: Any
) -> None:
    caching.stamp_bump()
    stamp = caching.write_stamp()

    def undone() -> None:
        with transaction.atomic():
            Region.objects.filter(code="64.01").update(name="Kabupaten Paser")
            raise RuntimeError("undo")

    with pytest.raises(RuntimeError):
        undone()
    assert caching.write_stamp() == stamp
    with transaction.atomic():
        Region.objects.filter(code="64.01").update(name="Kabupaten Paser")
        assert (
            caching.write_stamp() == stamp
        )  # nobody may cache the old data under a new stamp before it commits
    assert caching.write_stamp() != stamp


def test_a_restore_starts_a_new_stamp_that_no_part_cached_before_can_carry(db: Any) -> None:
    caching.stamp_bump()
    before = caching.write_stamp()
    caching.stamp_restart()
    after = caching.write_stamp()
    assert after != before
    assert after.split(".")[0] != before.split(".")[0]  # a new epoch, not only a higher count
