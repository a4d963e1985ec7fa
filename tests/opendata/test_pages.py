"""The provincial administrator's pages: deciding what is published, and the portal settings."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from selaras.opendata import secrets
from selaras.opendata.models import DatasetPublication, PortalSettings
from selaras.opendata.publication import published_keys
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_administrator_sees_every_dataset_and_publishes_one(province_admin: Any) -> None:
    client = client_for(province_admin)
    page = client.get("/data/64/kelola/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Status konektivitas internet desa/kelurahan" in text
    assert text.count('data-testid="dataset-') == 4
    response = client.post("/data/64/kelola/", {"key": "connectivity-progress", "published": "1"})
    assert response.status_code == 302
    assert published_keys("64") == {"connectivity-progress"}
    text = client.get("/data/64/kelola/").content.decode()
    published_at = DatasetPublication.objects.get(key="connectivity-progress").published_at
    assert timezone.localtime(published_at).strftime("%Y-%m-%d %H:%M") in text
    assert "/data/64/connectivity-progress.csv" in text


def test_the_page_speaks_english_on_request(province_admin: Any) -> None:
    client = client_for(province_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get("/data/64/kelola/").content.decode()
    assert "Village internet connectivity status" in text
    assert "Not published" in text


def test_an_unknown_dataset_is_refused_with_a_message(province_admin: Any) -> None:
    client = client_for(province_admin)
    response = client.post("/data/64/kelola/", {"key": "salaries", "published": "1"}, follow=True)
    assert "Unknown dataset." in response.content.decode() or "tidak dikenal" in response.content.decode()
    assert published_keys("64") == set()


def test_the_ckan_key_is_stored_sealed_and_never_shown_back(province_admin: Any) -> None:
    client = client_for(province_admin)
    data = {
        "publisher_name": "Diskominfo Kaltim",
        "contact_email": "data@example.go.id",
        "licence_url": "",
        "sample_rows": "labelled",
        "ckan_url": "https://data.example.go.id",
        "ckan_organization": "diskominfo-kaltim",
        "ckan_api_key": "very-secret-ckan-key",
    }
    assert client.post("/data/64/kelola/portal/", data).status_code == 302
    portal = PortalSettings.objects.get(province_id="64")
    assert "very-secret-ckan-key" not in portal.ckan_api_key_encrypted
    assert secrets.unseal(portal.ckan_api_key_encrypted) == "very-secret-ckan-key"
    page = client.get("/data/64/kelola/portal/").content.decode()
    assert "very-secret-ckan-key" not in page
    assert "ckan-key-state" in page
    # Saving again without a key keeps the stored one.
    assert client.post("/data/64/kelola/portal/", {**data, "ckan_api_key": ""}).status_code == 302
    portal.refresh_from_db()
    assert secrets.unseal(portal.ckan_api_key_encrypted) == "very-secret-ckan-key"
    assert not any("very-secret" in str(h.__dict__) for h in portal.history.all())


def test_pushing_without_a_portal_explains_what_is_missing(province_admin: Any) -> None:
    client = client_for(province_admin)
    response = client.post("/data/64/kelola/portal/ckan/", follow=True)
    text = response.content.decode()
    assert "CKAN" in text
    assert response.redirect_chain[-1][0] == "/data/64/kelola/portal/"


def test_a_bad_email_is_refused_naming_the_field(province_admin: Any) -> None:
    client = client_for(province_admin)
    response = client.post(
        "/data/64/kelola/portal/", {"contact_email": "not-an-email", "sample_rows": "labelled"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not PortalSettings.objects.filter(province_id="64").exists()
