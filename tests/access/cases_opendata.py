"""Open data (issue 14) in the isolation matrix.

The public files and the catalogue need no sign-in, and show only what a province published: the matrix
publishes Kaltim's agreements dataset (64) and nothing of Aceh (11), so a file of 11 is 404 for everyone.
Deciding what is published, the portal settings and the CKAN push are for the province's administrators.
"""

from __future__ import annotations

from typing import Any

from selaras.accounts.models import User
from selaras.opendata.models import DatasetPublication
from tests.access.rules import PUBLISHING_PROVINCES, Case, World, province_admin_of, public, published_only

PUBLISHED_KEY = "agreements"


def _decide(world: World) -> dict[str, Any]:
    return {"key": "plan-targets", "published": "1"}


def _portal(world: World) -> dict[str, Any]:
    return {"publisher_name": "Diskominfo Matrix", "sample_rows": "labelled", "ckan_api_key": "secret-matrix"}


CASES: dict[str, Case] = {
    "opendata:catalog_jsonld": Case(public),
    "opendata:catalog_ttl": Case(public),
    "opendata:distribution": Case(published_only),
    "opendata:schema": Case(published_only),
    "opendata:manage": Case(province_admin_of, ("GET", "POST"), _decide),
    "opendata:portal": Case(province_admin_of, ("GET", "POST"), _portal),
    "opendata:ckan_push": Case(province_admin_of, ("POST",)),
}


def make_objects(region: str, subject: User) -> dict[str, str]:
    province = region.split(".")[0]
    if province in PUBLISHING_PROVINCES:
        DatasetPublication.objects.get_or_create(
            province_id=province, key=PUBLISHED_KEY, defaults={"is_published": True}
        )
    return {"province": province, "dataset_key": PUBLISHED_KEY, "suffix": "csv"}
