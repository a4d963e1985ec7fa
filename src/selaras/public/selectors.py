"""Reads for the public page: only what a province publishes, never drafts, never personal data.

Progress, map and agreements come from the capabilities' own selectors (selaras.connectivity and
selaras.agreements); nothing is computed a second time here. The pages call `data_version` on every request (one
query) and everything else only when the cached page is missing or stale (selaras.public.traffic).
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from selaras.agreements import selectors as agreement_selectors
from selaras.agreements.models import Agreement, Measure, Obligation, Party, Status
from selaras.connectivity import exports as connectivity_exports
from selaras.connectivity import selectors as connectivity_selectors
from selaras.connectivity.models import AccessPoint, StatusChange
from selaras.connectivity.progress import ProgressRow
from selaras.core.geometry import point_json
from selaras.meetings.models import Decision, Meeting
from selaras.opendata.datasets import REGISTRY
from selaras.opendata.distributions import formats_of
from selaras.opendata.models import DatasetPublication, PortalSettings
from selaras.opendata.publication import published_keys
from selaras.planning.models import Indicator, Plan
from selaras.regions.models import Level, Region


def provinces_list() -> list[Region]:
    """Provinces of the installation that hold villages (where a public page has something to show)."""
    with_villages = Region.objects.filter(level=Level.VILLAGE).active().values("code")
    codes = {code[:2] for code in with_villages.values_list("code", flat=True).iterator(chunk_size=5000)}
    return list(
        Region.objects.filter(level=Level.PROVINCE, code__in=codes)
        .active()
        .defer("boundary", "boundary_json")
        .order_by("code")
    )


# --- what changes a province's public page --------------------------------------------------------------------

# Most writes to these go through simple-history (bulk imports use bulk_create_with_history), so the newest
# history row of the province says when its public data, the decision to publish it or how it is described
# last changed (Last-Modified; the open-data files are cached by the same version: selaras.public.traffic). The
# version also holds the write stamp every committed write raises (selaras.web.caching, the one mechanism for
# cached parts of pages), which catches writes that leave no history (queryset.update, bulk_create).
VERSIONED_MODELS = {
    AccessPoint: "region",
    StatusChange: "region",
    Agreement: "region",
    Party: "region",
    Obligation: "region",
    Plan: "region",
    Indicator: "region",
    DatasetPublication: "province",
    PortalSettings: "province",
    Meeting: "region",
    Decision: "region",
}


@dataclass(frozen=True)
class DataVersion:
    province_code: str
    changed_at: datetime | None  # the newest recorded change of the province's public data
    today: date  # progress counts "this year" up to today and agreements turn active by date
    write_stamp: str = ""  # selaras.web.caching

    @property
    def tag(self) -> str:
        changed = self.changed_at.isoformat() if self.changed_at else "-"
        stamp = f"{self.province_code}|{changed}|{self.today}|{self.write_stamp}"
        return hashlib.sha256(stamp.encode()).hexdigest()[:20]


def data_version(*, province_code: str) -> DataVersion | None:
    """The province's data version in one query, or None when there is no such active province."""
    below = (province_code + ".", province_code + "/")  # codes below it: from "64." up to "64/" (ASCII)
    params = [p for _model in VERSIONED_MODELS for p in (province_code, *below)]
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(in_province=True), [*params, province_code, Level.PROVINCE])
        row = cursor.fetchone()
    return None if row is None else _version(province_code, row)


def data_version_all() -> DataVersion:
    """The data version of every province at once (the province list, the open-data catalogue), in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(in_province=False))
        return _version("all", cursor.fetchone())


@functools.cache
def _version_sql(*, in_province: bool) -> str:
    """Per versioned model, the time of its newest history row (in the province, or anywhere), as one SELECT.
    Written once as SQL: the request path runs it for every visitor, and building it through the ORM each time
    cost more than the query."""
    quote = connection.ops.quote_name
    newest = []
    for model, field in VERSIONED_MODELS.items():
        history = model.history.model._meta  # type: ignore[attr-defined]
        column = quote(history.get_field(field).column)
        where = f" WHERE ({column} = %s OR ({column} >= %s AND {column} < %s))" if in_province else ""
        newest.append(
            # names from the model metadata, values always as parameters
            f"(SELECT {quote('history_date')} FROM {quote(history.db_table)}{where}"  # noqa: S608
            f" ORDER BY {quote('history_date')} DESC LIMIT 1)"
        )
    stamp = f"(SELECT {quote('epoch')} FROM {quote('web_writestamp')} WHERE {quote('id')} = 1)"  # noqa: S608
    newest += [stamp, stamp.replace(quote("epoch"), quote("writes"))]
    if not in_province:
        return "SELECT " + ", ".join(newest)
    region = Region._meta
    return (
        f"SELECT {', '.join(newest)} FROM {quote(region.db_table)} WHERE {quote('code')} = %s"  # noqa: S608
        f" AND {quote('level')} = %s AND {quote('retired_at')} IS NULL"
    )


def _when(value: Any) -> datetime | None:
    """A history time as the cursor gives it (SQLite: text in UTC), aware."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _version(province_code: str, row: Any) -> DataVersion:
    *times, epoch, writes = row
    changes = [when for when in map(_when, times) if when is not None]
    return DataVersion(
        province_code, max(changes) if changes else None, timezone.localdate(), f"{epoch}.{writes}"
    )


def province_get(*, code: str) -> Region:
    return Region.objects.defer("boundary", "boundary_json").get(code=code, level=Level.PROVINCE)


# --- connectivity ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    total: ProgressRow
    rows: list[ProgressRow]
    has_sample: bool


def progress_published(*, province: Region) -> Progress:
    total, rows = connectivity_selectors.progress_for_province(province=province)
    return Progress(total, rows, connectivity_selectors.sample_present(province=province.code))


def map_geojson(*, province: Region, sample_note: str) -> bytes:
    """The public map's data: the regencies' outlines, then every village as a point at its centre coloured by
    its access points' status (small enough for a phone; the signed-in map draws village boundaries)."""
    regencies = connectivity_selectors.regencies_of(province=province.code)
    outlines = connectivity_exports.region_geometry_texts(r.code for r in regencies)
    leading = [
        f'{{"type":"Feature","geometry":{outlines[r.code]},"properties":{json.dumps({"area": r.name})}}}'
        for r in regencies
        if outlines.get(r.code, "null") != "null"
    ]
    states = connectivity_selectors.village_states_published(province=province.code)
    places = (
        Region.objects.within(province.code).filter(level=Level.VILLAGE).values_list("code", "lat", "lng")
    )
    points = {code: point_json(lng, lat) for code, lat, lng in places if lat is not None and lng is not None}
    note = sample_note if any(s.is_sample for s in states) else ""
    return connectivity_exports.as_geojson(states, note, geometries=points, leading=leading)


# --- agreements ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    year: int
    villages: int
    live_today: int
    fulfilled: int

    @property
    def live_pct(self) -> float:
        return round(100.0 * self.live_today / self.villages, 1) if self.villages else 0.0


@dataclass(frozen=True)
class PublicAgreement:
    title: str
    parties: list[str]  # the governments, never the people who signed
    starts_on: date
    ends_on: date
    status: str
    status_label: str
    coverage: Coverage | None
    is_sample: bool


def agreements_signed(*, province: Region, today: date | None = None) -> list[PublicAgreement]:
    """Signed agreements with a party in the province (drafts and terminated ones never), each with the
    village-coverage fulfilment of its current (or last) year, from the agreements app's own computation."""
    today = today or timezone.localdate()
    parties = Party.objects.filter(region__code__startswith=province.code + ".") | Party.objects.filter(
        region_id=province.code
    )
    agreements = (
        Agreement.objects.filter(status=Status.SIGNED, pk__in=parties.values("agreement_id"))
        .prefetch_related("parties__region")
        .order_by("-starts_on", "pk")
    )
    found = []
    for agreement in agreements:
        state = agreement.status_on(today)
        found.append(
            PublicAgreement(
                title=agreement.title,
                parties=[p.region.name for p in agreement.parties.all()],
                starts_on=agreement.starts_on,
                ends_on=agreement.ends_on,
                status=state,
                status_label=str(Status(state).label),
                coverage=_coverage(agreement, today),
                is_sample=agreement.is_sample,
            )
        )
    return found


def _coverage(agreement: Agreement, today: date) -> Coverage | None:
    years = Obligation.objects.filter(agreement=agreement, measure=Measure.VILLAGES).values_list(
        "year", flat=True
    )
    started = [y for y in years if y <= today.year]
    if not started:
        return None
    year = max(started)
    views = [
        v
        for v in agreement_selectors.obligation_views(agreement=agreement, today=today)
        if v.coverage is not None and v.obligation.year == year
    ]
    return Coverage(
        year=year,
        villages=sum(v.coverage.total for v in views if v.coverage),
        live_today=sum(v.coverage.live_today for v in views if v.coverage),
        fulfilled=sum(v.coverage.fulfilled for v in views if v.coverage),
    )


# --- coordination meetings -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicDecision:
    number: int
    text: str
    bound: list[str]  # names of the governments bound


@dataclass(frozen=True)
class PublicMeeting:
    title: str
    date: date
    place: str
    is_sample: bool
    decisions: list[PublicDecision]


def meeting_decisions_last(*, province_code: str) -> PublicMeeting | None:
    """The decisions of the province's last coordination meeting (Rakorda), once it has recorded any: the
    meeting's name, date and place and each decision with the governments bound; never participants, notes or
    follow-up evidence. Shown only on a province that has published at least one dataset (its public page)."""
    if not published_keys(province_code):
        return None
    meeting = (
        Meeting.objects.filter(region_id=province_code, decisions__isnull=False)
        .order_by("-date", "-pk")
        .first()
    )
    if meeting is None:
        return None
    decisions = list(meeting.decisions.order_by("number"))
    codes = {code for d in decisions for code in d.bound}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return PublicMeeting(
        title=meeting.title,
        date=meeting.date,
        place=meeting.place,
        is_sample=meeting.is_sample,
        decisions=[
            PublicDecision(d.number, d.text, [names.get(code, code) for code in d.bound]) for d in decisions
        ],
    )


# --- what the province publishes ------------------------------------------------------------------------------

# Dataset keys of the publishing decision (selaras.opendata.publication) that the public page shows.
CONNECTIVITY = "village-connectivity"  # the map
PROGRESS = "connectivity-progress"  # desa connected per regency and year against the target
AGREEMENTS = "agreements"  # signed agreements and their coverage fulfilment


def sections_published(*, province_code: str) -> set[str]:
    """Which of the page's sections the province has published (its administrators' decision)."""
    return published_keys(province_code) & {CONNECTIVITY, PROGRESS, AGREEMENTS}


@dataclass(frozen=True)
class Download:
    title: str
    files: list[tuple[str, str]]  # (format, address)


def downloads_published(*, province_code: str, lang: str) -> list[Download]:
    """The files of every dataset the province published (selaras.opendata), in the registry's order."""
    published = published_keys(province_code)
    return [
        Download(
            dataset.title.render(lang),
            [
                (suffix.upper(), reverse("opendata:distribution", args=[province_code, key, suffix]))
                for suffix in formats_of(dataset)
            ],
        )
        for key, dataset in REGISTRY.items()
        if key in published
    ]
