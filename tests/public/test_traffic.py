"""Safe under public traffic: whole pages cached per province, language and data version, revalidated by ETag
and Last-Modified, kept by shared caches, a limit per address, and no query that grows with visitors."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client

from tests.public.conftest import Published, access_point

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/publik/",
    "/publik/64/",
    "/publik/64/?lang=en",
    "/publik/64/peta.geojson",
    "/data/catalog.jsonld",  # the open-data files go through the same cache (selaras.opendata.views)
    "/data/64/connectivity-progress.csv",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_warm_page_costs_at_most_one_query(
    url: str, published: Published, django_assert_max_num_queries: Any
) -> None:
    Client().get(url)
    for _visitor in range(3):
        with django_assert_max_num_queries(1):
            assert Client().get(url).status_code == 200


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_pages_may_be_kept_by_shared_caches_and_carry_nothing_of_the_visitor(
    url: str, published: Published
) -> None:
    response = Client().get(url)
    assert response["Cache-Control"] == "public, max-age=60"
    assert response.cookies == {}
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_an_address_with_the_language_in_it_does_not_vary_by_cookie(published: Published) -> None:
    assert "Cookie" not in Client().get("/publik/64/?lang=en")["Vary"]
    assert "Cookie" in Client().get("/publik/64/")["Vary"]  # the language switch's cookie may choose


def test_a_current_copy_is_answered_304(published: Published) -> None:
    first = Client().get("/publik/64/")
    again = Client().get("/publik/64/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = Client().get("/publik/64/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_a_recorded_change_makes_a_new_version(published: Published) -> None:
    first = Client().get("/publik/64/")
    assert 'data-testid="live-64.01">1 <span' in first.content.decode()
    access_point(published.villages[2], "live", date(2025, 4, 1))
    second = Client().get("/publik/64/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert 'data-testid="live-64.01">2 <span' in second.content.decode()


def test_languages_are_cached_apart(published: Published) -> None:
    assert Client().get("/publik/64/?lang=en")["Content-Language"] == "en"
    assert Client().get("/publik/64/?lang=id")["Content-Language"] == "id"
    assert "Signed cooperation agreements" not in Client().get("/publik/64/").content.decode()


def test_the_body_is_gzipped_for_browsers_that_accept_it(published: Published) -> None:
    import gzip

    plain = Client().get("/publik/64/peta.geojson")
    zipped = Client().get("/publik/64/peta.geojson", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert "Accept-Encoding" in zipped["Vary"]


def test_too_many_requests_from_one_address_are_refused_in_both_languages(
    published: Published, settings: Any
) -> None:
    settings.PUBLIC_RATE_LIMIT = 3
    visitor = Client(REMOTE_ADDR="203.0.113.7")
    assert [visitor.get("/publik/64/").status_code for _ in range(3)] == [200, 200, 200]
    refused = visitor.get("/publik/64/peta.geojson")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    text = refused.content.decode()
    assert "Terlalu banyak permintaan dari alamat Anda" in text
    assert "Too many requests from your address" in text
    assert Client(REMOTE_ADDR="203.0.113.8").get("/publik/64/").status_code == 200


def test_a_query_string_cannot_bypass_the_cache(
    published: Published, django_assert_max_num_queries: Any
) -> None:
    Client().get("/publik/64/")
    with django_assert_max_num_queries(1):
        assert Client().get("/publik/64/?nocache=12345").status_code == 200


def test_behind_the_proxy_each_visitor_is_counted_by_the_address_the_proxy_saw(
    published: Published, settings: Any
) -> None:
    settings.PUBLIC_RATE_LIMIT = 2
    settings.BEHIND_PROXY, settings.PROXY_COUNT = True, 1

    def visitor(address: str, claimed: str = "") -> Client:
        forwarded = f"{claimed}, {address}" if claimed else address
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert [visitor("198.51.100.1").get("/publik/").status_code for _ in range(3)] == [200, 200, 429]
    assert visitor("198.51.100.2").get("/publik/").status_code == 200
    # What a visitor writes into the header themselves does not make them someone else.
    assert visitor("198.51.100.1", claimed="192.0.2.99").get("/publik/").status_code == 429


def test_a_request_waits_for_the_one_already_building_the_page(published: Published, settings: Any) -> None:
    from selaras.public import traffic

    built = []

    def build() -> HttpResponse:
        built.append(1)
        return HttpResponse(b"page")

    cache.add("k:building", 1, 5)
    cache.set("k", traffic.Body(b"ready", b"", "text/plain", {}), 5)
    assert traffic._build_once("k", "id", build).content == b"ready"
    assert built == []
    cache.delete("k")
    cache.delete("k:building")
    assert traffic._build_once("k", "id", build).content == b"page"
    assert built == [1]
    assert cache.get("k:building") is None
