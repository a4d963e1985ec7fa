"""A small province to publish: two villages of Paser with access points, a signed agreement and a draft."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from selaras.accounts.models import User
from selaras.agreements.models import Agreement, Kind, Measure, Obligation, Party, Status
from selaras.connectivity.models import AccessPoint, StatusChange
from selaras.opendata.publication import publication_set
from selaras.regions.models import Region


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Pages and request counts live in the cache: each test starts without them."""
    cache.clear()
    yield
    cache.clear()


def villages_of(regency: str, count: int) -> list[str]:
    return list(
        Region.objects.within(regency)
        .active()
        .filter(level="village", village_kind="desa")
        .order_by("code")
        .values_list("code", flat=True)[:count]
    )


def access_point(village: str, status: str, since: date, *, is_sample: bool = False) -> AccessPoint:
    point = AccessPoint.objects.create(
        region_id=village,
        facility="village_office",
        technology="leo",
        status=status,
        status_since=since,
        is_sample=is_sample,
    )
    StatusChange.objects.create(
        access_point=point, region_id=village, status=status, effective_on=since, is_sample=is_sample
    )
    return point


def agreement(
    title: str, *, status: str, villages: list[str], note: str = "", signatory: str = ""
) -> Agreement:
    year = timezone.localdate().year
    made = Agreement.objects.create(
        title=title,
        kind=Kind.VILLAGE_INTERNET,
        region_id="64.01",
        starts_on=date(2025, 1, 1),
        ends_on=date(2029, 12, 31),
        status=status,
        signed_on=date(2025, 1, 1) if status == Status.SIGNED else None,
    )
    Party.objects.create(agreement=made, region_id="64", position=1, signatory=signatory)
    party = Party.objects.create(agreement=made, region_id="64.01", position=2, signatory=signatory)
    Obligation.objects.create(
        agreement=made,
        party=party,
        region_id="64.01",
        year=year,
        title="Internet desa",
        measure=Measure.VILLAGES,
        village_codes=villages,
        live_by=date(year, 1, 1),
        due_on=date(year, 12, 31),
        note=note,
    )
    return made


@dataclass
class Published:
    villages: list[str]
    signed: Agreement


PAGE_KEYS = ("village-connectivity", "connectivity-progress", "agreements")


def publish(actor: User, *keys: str, published: bool = True) -> None:
    for key in keys:
        publication_set(actor=actor, province_code="64", key=key, published=published)


@pytest.fixture
def published(province_admin: User) -> Published:
    """Kaltim's data, with the page's datasets published by its administrator."""
    publish(province_admin, *PAGE_KEYS)
    villages = villages_of("64.01", 3)
    access_point(villages[0], "live", date(2025, 3, 1))
    access_point(villages[1], "planned", date(2025, 6, 1))
    signed = agreement("PKS Internet Desa Paser", status=Status.SIGNED, villages=villages[:2])
    return Published(villages, signed)
