"""Bad API parameters answer 400 naming the parameter (or are capped), never 500."""

from __future__ import annotations

from typing import Any

import pytest

from selaras.accounts.models import Role, User
from selaras.sync.services import SyncError, sync_run
from tests.conftest import client_for


def test_it_refuses_a_parent_code_with_a_nul_character(province_admin: Any) -> None:
    response = client_for(province_admin).get("/api/v1/regions/", {"parent": "\x00abc"})
    assert response.status_code == 400
    assert "parent" in response.json()


def test_it_refuses_a_region_filter_that_is_no_region_code(province_admin: Any) -> None:
    client = client_for(province_admin)
    assert client.get("/api/v1/connectivity/access-points/", {"region": "64\x00"}).status_code == 400
    assert client.get("/api/v1/connectivity/villages/", {"regency": "x\x00"}).status_code == 400
    assert client.get("/api/v1/rollout/facilities/", {"region": "\x00"}).status_code == 400
    assert client.get("/api/v1/regions/", {"level": "planet"}).status_code == 400


@pytest.mark.parametrize(
    "url", ["/api/v1/regions/", "/api/v1/users/", "/api/v1/plans/", "/api/v1/agreements/"]
)
def test_a_huge_limit_or_offset_on_a_list_is_capped(url: str, province_admin: Any) -> None:
    client = client_for(province_admin)
    response = client.get(url, {"limit": "99999999999999999999"})
    assert response.status_code == 200
    assert client.get(url, {"offset": "99999999999999999999"}).json()["results"] == []


def test_the_region_list_pages_at_most_a_thousand_codes(province_admin: Any) -> None:
    response = client_for(province_admin).get("/api/v1/regions/", {"limit": "5000"})
    assert len(response.json()["results"]) == 1000


def test_the_region_search_answers_the_plain_list_its_schema_names(province_admin: Any) -> None:
    response = client_for(province_admin).get("/api/v1/regions/search/", {"q": "paser"})
    assert isinstance(response.json(), list) and response.json()[0]["code"] == "64.01"
    schema = client_for(province_admin).get("/api/schema/", {"format": "json"}).json()
    ok = schema["paths"]["/api/v1/regions/search/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["type"] == "array"


def test_it_refuses_an_empty_role_for_an_account(province_admin: Any, operator: Any) -> None:
    response = client_for(province_admin).patch(
        f"/api/v1/users/{operator.pk}/", {"role": ""}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "role" in response.json()
    assert User.objects.get(pk=operator.pk).role == Role.REGENCY_OPERATOR


def test_it_refuses_a_region_with_a_nul_character_in_a_new_account(province_admin: Any) -> None:
    response = client_for(province_admin).post(
        "/api/v1/users/",
        {"username": "x.y", "password": "tiga-burung-merpati", "role": "regency_viewer", "region": "64\x00"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "region" in response.json()


def test_a_synchronization_over_a_huge_range_of_years_is_refused_at_once(province_admin: Any) -> None:
    response = client_for(province_admin).post(
        "/api/v1/sync/runs/start/",
        {"start_year": 0, "end_year": 10**18},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"start_year", "end_year"} <= set(response.json())


def test_the_synchronization_service_refuses_a_huge_range_before_listing_it(province_admin: Any) -> None:
    with pytest.raises(SyncError):
        sync_run(actor=province_admin, province_code="64", years=range(0, 10**18))
