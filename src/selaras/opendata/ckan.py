"""Pushing a province's published datasets to its CKAN portal through the CKAN Action API (ckanapi).

One CKAN package per published dataset, named by the catalogue's identifier (`selaras-64-agreements`), in the
province's organization: created when missing (`package_show` answers NotFound), otherwise updated; one
resource per distribution (CSV, JSON, GeoJSON), created when the package has none with that URL. The files stay
in Selaras: CKAN links to their stable URLs, so a harvester and this push describe the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import ckanapi

from selaras.opendata import secrets
from selaras.opendata.catalog import dataset_identifier
from selaras.opendata.distributions import FORMATS, formats_of
from selaras.opendata.models import DatasetPublication
from selaras.opendata.selectors import catalog_entries, portal_settings_of

USER_AGENT = "Selaras open data push (ckanapi)"
CKAN_LICENCE_CC_BY = "cc-by"


def _tag(text: str) -> str:
    """CKAN tags allow letters, digits, spaces and - _ . only."""
    return re.sub(r"[^\w .-]", " ", text).strip()[:100]


def package_of(entry: Any, *, organization: str, base_url: str) -> dict[str, Any]:
    dataset, publisher = entry.dataset, entry.publisher
    code = publisher.province_code
    suffix = " [CONTOH]" if entry.is_sample else ""
    extras = {
        "kode_wilayah": code,
        "walidata": publisher.name,
        "konsep": dataset.konsep,
        "definisi": dataset.definisi,
        "satuan": dataset.satuan,
        "ukuran": dataset.ukuran,
        "sumber": dataset.sumber,
        "frekuensi": dataset.accrual_periodicity,
        "schema": f"{base_url}data/{code}/{dataset.key}.schema.json",
    }
    if entry.table.temporal:
        extras["temporal_start"] = entry.table.temporal[0].isoformat()
        extras["temporal_end"] = entry.table.temporal[1].isoformat()
    package: dict[str, Any] = {
        "name": dataset_identifier(code, dataset.key),
        "title": f"{dataset.title.id} - {publisher.province_name}{suffix}",
        "notes": f"{dataset.description.id}\n\n{dataset.description.en}",
        "owner_org": organization,
        "author": publisher.name,
        "maintainer": publisher.name,
        "tags": [{"name": _tag(k.id)} for k in dataset.keywords],
        "extras": [{"key": k, "value": v} for k, v in extras.items()],
        "url": f"{base_url}data/catalog.jsonld",
    }
    if publisher.email:
        package["maintainer_email"] = publisher.email
    if publisher.licence_url:
        package["license_url"] = publisher.licence_url
    else:
        package["license_id"] = CKAN_LICENCE_CC_BY
    return package


def resources_of(entry: Any, *, base_url: str) -> list[dict[str, Any]]:
    dataset, code = entry.dataset, entry.publisher.province_code
    return [
        {
            "name": f"{dataset.title.id} ({FORMATS[extension][1]})",
            "url": f"{base_url}data/{code}/{dataset.key}.{extension}",
            "format": FORMATS[extension][1],
            "mimetype": FORMATS[extension][0],
            "schema": f"{base_url}data/{code}/{dataset.key}.schema.json",
        }
        for extension in formats_of(dataset)
    ]


def push(*, province_code: str, base_url: str, progress: Callable[[int, int, str], None]) -> dict[str, Any]:
    """Push every published dataset of the province; returns counts of packages and resources written."""
    portal = portal_settings_of(province_code)
    api_key = secrets.unseal(portal.ckan_api_key_encrypted)
    if not (portal.ckan_url and portal.ckan_organization and api_key):
        raise ValueError("CKAN portal, organization or API key missing (or unreadable: enter the key again)")
    entries = [e for e in catalog_entries() if e.publisher.province_code == province_code]
    counts = {"created": 0, "updated": 0, "resources": 0}
    with ckanapi.RemoteCKAN(portal.ckan_url, apikey=api_key, user_agent=USER_AGENT) as remote:
        for done, entry in enumerate(entries):
            progress(done, len(entries), entry.dataset.key)
            package = package_of(entry, organization=portal.ckan_organization, base_url=base_url)
            try:
                existing = remote.action.package_show(id=package["name"])
            except ckanapi.NotFound:
                existing = remote.action.package_create(**package)
                counts["created"] += 1
            else:
                package["id"] = existing["id"]
                package["resources"] = existing.get("resources", [])  # package_update replaces the whole list
                existing = remote.action.package_update(**package)
                counts["updated"] += 1
            known = {r.get("url") for r in existing.get("resources", [])}
            for resource in resources_of(entry, base_url=base_url):
                if resource["url"] in known:
                    continue
                remote.action.resource_create(package_id=existing["id"], **resource)
                counts["resources"] += 1
            # What the portal now holds dates from this (shown with the publishing decision).
            DatasetPublication.objects.filter(province_id=province_code, key=entry.dataset.key).update(
                data_modified_at=entry.table.modified
            )
    progress(len(entries), len(entries), "done")
    return counts
