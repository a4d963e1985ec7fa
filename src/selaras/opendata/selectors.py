"""Reads of the open data: what a province publishes, described and computed, for the files and the catalogue.

The generated tables are kept in the cache for `TABLE_SECONDS`, so public traffic costs one small query (the
publishing decision) per request, not the dataset's computation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Max, Min

from selaras.opendata import datasets
from selaras.opendata.catalog import Entry, Publisher
from selaras.opendata.datasets import Dataset, Table
from selaras.opendata.models import DatasetPublication, PortalSettings, SampleRows
from selaras.regions.models import Level, Region

TABLE_SECONDS = 60


def portal_settings_of(province_code: str) -> PortalSettings:
    """The province's settings, or unsaved defaults."""
    found = PortalSettings.objects.filter(province_id=province_code).first()
    return found or PortalSettings(province_id=province_code)


def publisher_of(province: Region, portal: PortalSettings) -> Publisher:
    villages = Region.objects.within(province.code).filter(level=Level.VILLAGE, lat__isnull=False)
    box = villages.aggregate(west=Min("lng"), east=Max("lng"), south=Min("lat"), north=Max("lat"))
    bbox = (box["west"], box["south"], box["east"], box["north"]) if box["west"] is not None else None
    return Publisher(
        province_code=province.code,
        province_name=province.name,
        name=portal.publisher_name or f"Dinas Komunikasi dan Informatika Provinsi {province.name}",
        email=portal.contact_email,
        licence_url=portal.licence_url,
        bbox=bbox,
    )


@dataclass(frozen=True)
class Published:
    dataset: Dataset
    publication: DatasetPublication
    province: Region


def published(province_code: str, key: str) -> Published | None:
    """The dataset when its province has published it, else None (the caller answers 404)."""
    dataset = datasets.dataset(key)
    if dataset is None:
        return None
    publication = (
        DatasetPublication.objects.filter(province_id=province_code, key=key, is_published=True)
        .select_related("province")
        .first()
    )
    if publication is None:
        return None
    return Published(dataset, publication, publication.province)


def _version(item: Published, include_sample: bool) -> str:
    stamp = item.publication.published_at.timestamp() if item.publication.published_at else 0
    return f"opendata:{item.province.code}:{item.dataset.key}:{stamp}:{include_sample}"


def table_for(item: Published) -> Table:
    """The published dataset's table, computed at most once per `TABLE_SECONDS` per process."""
    include_sample = portal_settings_of(item.province.code).sample_rows == SampleRows.LABELLED
    key = _version(item, include_sample)
    table = cache.get(key)
    if table is None:
        table = datasets.table_of(item.dataset, item.province, include_sample=include_sample)
        cache.set(key, table, TABLE_SECONDS)
    return table


def catalog_entries() -> list[Entry]:
    """Every published dataset of every province, in a stable order."""
    publications = (
        DatasetPublication.objects.filter(is_published=True)
        .select_related("province")
        .order_by("province_id", "key")
    )
    portals = {p.province_id: p for p in PortalSettings.objects.all()}
    publishers: dict[str, Publisher] = {}
    entries = []
    for publication in publications:
        dataset = datasets.dataset(publication.key)
        if dataset is None:
            continue
        province = publication.province
        if province.code not in publishers:
            portal = portals.get(province.code) or PortalSettings(province_id=province.code)
            publishers[province.code] = publisher_of(province, portal)
        table = table_for(Published(dataset, publication, province))
        entries.append(
            Entry(
                dataset=dataset,
                publisher=publishers[province.code],
                table=table,
                issued=publication.published_at,
                is_sample=publication.is_sample,
            )
        )
    return entries


@dataclass(frozen=True)
class Row:
    """One dataset on the decision page."""

    dataset: Dataset
    publication: DatasetPublication
    files: list[tuple[str, str]]
    title: str
    description: str


def manage_context(province_code: str, lang: str) -> dict[str, object]:
    from selaras.opendata.distributions import formats_of
    from selaras.opendata.publication import publications_for

    province = Region.objects.filter(code=province_code, level=Level.PROVINCE).defer("boundary").first()
    rows = []
    for publication in publications_for(province_code):
        dataset = datasets.dataset(publication.key)
        if dataset is None:
            continue
        files = [(ext, f"/data/{province_code}/{dataset.key}.{ext}") for ext in formats_of(dataset)]
        rows.append(
            Row(dataset, publication, files, dataset.title.render(lang), dataset.description.render(lang))
        )
    return {
        "province": province,
        "rows": rows,
        "portal": portal_settings_of(province_code),
    }
