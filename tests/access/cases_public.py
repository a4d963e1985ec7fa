"""The public pages (issue 14) in the isolation matrix: anyone, signed in or not, reads every province's public
page; the map's data only where the province published its village connectivity. What the page shows is only
what the province published (tests/public/test_no_leaks.py)."""

from __future__ import annotations

from selaras.accounts.models import User
from selaras.opendata.models import DatasetPublication
from tests.access.rules import PUBLISHING_PROVINCES, Case, public, published_only

CASES: dict[str, Case] = {
    "public:provinces": Case(public),
    "public:province": Case(public),  # every province has a page; unpublished sections are left out
    "public:map": Case(published_only),  # the village-connectivity dataset: 404 until published
}


def make_objects(region: str, subject: User) -> dict[str, str]:
    province = region.split(".")[0]
    if province in PUBLISHING_PROVINCES:
        DatasetPublication.objects.get_or_create(
            province_id=province, key="village-connectivity", defaults={"is_published": True}
        )
    return {"province_code": province}
