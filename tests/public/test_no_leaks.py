"""No leaks: with drafts, unsigned agreements, private notes and personal data marked, every URL anyone may open
without signing in (found in the URL configuration, the open-data catalogue and the links of the pages
themselves, never listed by hand) answers without a single marker, while the published data is there."""

from __future__ import annotations

import re
from collections import deque
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from selaras.accounts.models import Role, User
from selaras.agreements.models import Status
from selaras.connectivity.models import SignalObservation, StatusChange
from selaras.opendata.publication import DATASET_KEYS, publication_set
from selaras.planning.models import Indicator, Plan, PlanElement
from tests.public.conftest import Published, agreement

pytestmark = pytest.mark.django_db

MARKERS = {
    "draft plan": "MRKDRAFTPLAN",
    "submitted plan": "MRKSUBMITTEDPLAN",
    "unsigned agreement": "MRKUNSIGNED",
    "obligation note": "MRKOBLNOTE",
    "signatory (a person)": "MRKSIGNATORY",
    "status note": "MRKSTATUSNOTE",
    "signal note": "MRKSIGNALNOTE",
    "user name": "MRKUSERNAME",
    "user full name": "MRKFULLNAME",
    "user e-mail": "mrkemail@example.org",
}
PUBLISHED_PLAN = "Persentase desa terkoneksi internet"
PARAMETERS = {"province_code": "64", "province": "64"}
LINK = re.compile(r'(?:href|src|data-source)="([^"]+)"|"(http://testserver/[^"\s]+)"')


def _plan(status: str, indicator: str, start_year: int) -> None:
    plan = Plan.objects.create(
        region_id="64.01", start_year=start_year, end_year=start_year + 4, status=status
    )
    element = PlanElement.objects.create(
        plan=plan, region_id="64.01", kode="2.16.03", level="program", uraian=f"Program {indicator}"
    )
    Indicator.objects.create(
        plan=plan,
        element=element,
        region_id="64.01",
        key=f"k{start_year}",
        uraian=indicator,
        indikator=indicator,
        satuan="%",
        polaritas="positif",
        agregasi="akhir",
        targets_by_year={str(start_year): "80"},
    )


@pytest.fixture
def private_things(published: Published, province_admin: User) -> None:
    """Everything that must never be public, each carrying its marker, beside the published data."""
    for key in DATASET_KEYS:
        publication_set(actor=province_admin, province_code="64", key=key, published=True)
    person = User.objects.create(
        username=MARKERS["user name"],
        first_name=MARKERS["user full name"],
        email=MARKERS["user e-mail"],
        role=Role.REGENCY_OPERATOR,
        region_id="64.01",
    )
    _plan("draft", MARKERS["draft plan"], 2025)
    _plan("submitted", MARKERS["submitted plan"], 2020)
    _plan("approved", PUBLISHED_PLAN, 2030)
    agreement(MARKERS["unsigned agreement"], status=Status.DRAFT, villages=published.villages)
    signed = published.signed
    signed.created_by = person
    signed.save()
    signed.parties.update(signatory=MARKERS["signatory (a person)"], signed_by=person)
    signed.obligations.update(note=MARKERS["obligation note"])
    StatusChange.objects.filter(region_id=published.villages[0]).update(note=MARKERS["status note"])
    SignalObservation.objects.create(
        region_id=published.villages[0],
        signal="4g",
        observed_on=date(2025, 5, 1),
        source="Survei",
        note=MARKERS["signal note"],
    )


def _public_routes() -> list[str]:
    """Every GET route of the URL configuration that needs no sign-in, with the province filled in; routes
    with other parameters are reached through the catalogue and the pages' links."""
    found = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif (
                isinstance(pattern, URLPattern) and getattr(pattern.callback, "login_required", True) is False
            ):
                route = prefix + str(pattern.pattern)
                names = re.findall(r"<(?:\w+:)?(\w+)>", route)
                if "^" not in route and all(name in PARAMETERS for name in names):  # "^": the API's own
                    found.append("/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: PARAMETERS[m.group(1)], route))

    walk(get_resolver().url_patterns, "")
    return found


def _local(link: str) -> str | None:
    link = link.replace("&amp;", "&").replace("http://testserver", "").split("#")[0]
    return link if link.startswith("/") and not link.startswith("/static/") else None


def _crawl(client: Client) -> dict[str, str]:
    """Every public route, then every local link found in what they answer (catalogue URLs included)."""
    bodies: dict[str, str] = {}
    queue = deque([*_public_routes(), "/publik/64/?lang=en"])
    while queue and len(bodies) < 300:
        url = queue.popleft()
        if url in bodies:
            continue
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        bodies[url] = f"{response.status_code} {body.decode('utf-8', errors='replace')}"
        for match in LINK.finditer(bodies[url]):
            link = _local(match.group(1) or match.group(2))
            if link and (link.startswith("/publik/") or link.startswith("/data/")) and link not in bodies:
                queue.append(link)
    return bodies


def test_no_public_url_or_file_shows_a_marker(private_things: None) -> None:
    bodies = _crawl(Client())
    leaks = [
        f"{what} in {url}"
        for url, body in bodies.items()
        for what, marker in MARKERS.items()
        if marker.lower() in body.lower()
    ]
    assert leaks == []
    # The crawl reached the page, its map, the catalogue and every published file, and they hold data.
    reached = {url.split("?")[0] for url, body in bodies.items() if body.startswith("200 ")}
    assert {"/publik/", "/publik/64/", "/publik/64/peta.geojson", "/data/catalog.jsonld"} <= reached
    files = {url for url in reached if re.fullmatch(r"/data/64/[\w-]+\.(csv|json|geojson)", url)}
    assert {f"/data/64/{key}.csv" for key in DATASET_KEYS} <= files
    assert any(PUBLISHED_PLAN in bodies[url] for url in files)
    assert "PKS Internet Desa Paser" in bodies["/publik/64/"]


def test_the_route_discovery_finds_the_public_pages(db: Any) -> None:
    routes = _public_routes()
    assert {"/publik/", "/publik/64/", "/publik/64/peta.geojson", "/data/catalog.jsonld"} <= set(routes)
