"""Writes to the region hierarchy: loading an official list, adding, renaming and retiring codes."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from selaras.core.geometry import geometry_json
from selaras.core.regions_data import (
    BOUNDARIES_GEOJSON,
    OfficialRegion,
    PopulationArea,
    is_within,
    iter_official_regions,
    iter_population_area,
    village_kind,
)
from selaras.regions.models import NATIONAL_CODE, Level, Region

Progress = Callable[[int, int, str], None]
BATCH = 2000
TRACKED_FIELDS = [
    "level",
    "name",
    "parent",
    "province_code",
    "village_kind",
    "lat",
    "lng",
    "population",
    "area_km2",
    "retired_at",
]


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    renamed: int
    retired: int
    restored: int
    unchanged: int
    boundaries: int

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _no_progress(done: int, total: int, label: str) -> None:
    return None


def _read_boundaries(path: Path) -> dict[str, Any]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        collection = json.load(handle)
    return {f["properties"]["code"]: f["geometry"] for f in collection["features"]}


def _values(region: Region) -> tuple[object, ...]:
    return tuple(getattr(region, f if f != "parent" else "parent_id") for f in TRACKED_FIELDS)


def region_ensure_national() -> Region:
    region, _ = Region.objects.get_or_create(
        code=NATIONAL_CODE,
        defaults={"level": Level.NATIONAL, "name": "Nasional", "province_code": NATIONAL_CODE},
    )
    return region


@transaction.atomic
def regions_load(
    *,
    rows: Iterable[OfficialRegion],
    scope: str | None,
    population: Iterable[PopulationArea] = (),
    boundaries: dict[str, Any] | None = None,
    user: Any = None,
    reason: str = "",
    progress: Progress = _no_progress,
) -> LoadReport:
    """Bring the database in line with an official list, all or nothing.

    `scope` is the province code the list covers (None: the whole country). Codes in scope that the list no
    longer has are retired, not deleted; codes that come back are restored. Every change is in the audit trail.
    """
    region_ensure_national()
    incoming = [r for r in rows if scope is None or is_within(r.code, scope)]
    # Parents before children, so the foreign keys resolve inside one transaction on every database.
    incoming.sort(key=lambda r: (r.code.count("."), r.code))
    pop_by_code = {p.code: p for p in population}
    existing_qs = Region.objects.exclude(code=NATIONAL_CODE)
    if scope is not None:
        existing_qs = existing_qs.within(scope)
    existing = {r.code: r for r in existing_qs}
    known_codes = set(existing) | {r.code for r in incoming}
    if scope is not None:
        known_codes |= set(
            Region.objects.filter(code__in={r.parent_code for r in incoming if r.parent_code}).values_list(
                "code", flat=True
            )
        )
    now = timezone.now()
    total = len(incoming)
    to_create: list[Region] = []
    to_update: list[Region] = []
    renamed = restored = unchanged = 0
    for i, row in enumerate(incoming, 1):
        pop = pop_by_code.get(row.code)
        parent = row.parent_code if row.parent_code in known_codes else None
        current = existing.pop(row.code, None)
        fresh = Region(
            code=row.code,
            level=str(row.level),
            name=row.name,
            parent_id=parent,
            province_code=row.province_code,
            village_kind=(village_kind(row.code) or "") if row.level == "village" else "",
            lat=row.lat,
            lng=row.lng,
            population=pop.population if pop else (current.population if current else None),
            area_km2=pop.area_km2 if pop else (current.area_km2 if current else None),
            retired_at=None,
        )
        if current is None:
            to_create.append(fresh)
        elif _values(current) != _values(fresh):
            renamed += current.name != fresh.name
            restored += current.retired_at is not None
            fresh.boundary = current.boundary
            to_update.append(fresh)
        else:
            unchanged += 1
        if i % 5000 == 0:
            progress(i, total, "compare")
    to_retire = [r for r in existing.values() if r.retired_at is None]
    for region in to_retire:
        region.retired_at = now
    progress(total, total, "compare")

    for start in range(0, len(to_create), BATCH):
        bulk_create_with_history(
            to_create[start : start + BATCH], Region, default_user=user, default_change_reason=reason
        )
        progress(min(start + BATCH, len(to_create)), len(to_create), "create")
    if to_update:
        bulk_update_with_history(
            to_update,
            Region,
            TRACKED_FIELDS,
            batch_size=BATCH,
            default_user=user,
            default_change_reason=reason,
        )
    if to_retire:
        bulk_update_with_history(
            to_retire,
            Region,
            ["retired_at"],
            batch_size=BATCH,
            default_user=user,
            default_change_reason=reason,
        )

    boundary_count = 0
    if boundaries:
        with_boundary = [
            Region(code=code, boundary=geometry, boundary_json=geometry_json(geometry))
            for code, geometry in boundaries.items()
            if code in known_codes and (scope is None or is_within(code, scope))
        ]
        Region.objects.bulk_update(with_boundary, ["boundary", "boundary_json"], batch_size=500)
        boundary_count = len(with_boundary)
        progress(boundary_count, boundary_count, "boundaries")

    return LoadReport(
        created=len(to_create),
        updated=len(to_update),
        renamed=renamed,
        retired=len(to_retire),
        restored=restored,
        unchanged=unchanged,
        boundaries=boundary_count,
    )


def regions_load_shipped(
    *, province: str | None, user: Any = None, progress: Progress = _no_progress, path: Path | None = None
) -> LoadReport:
    """Load the list shipped with Selaras (or a newer one at `path`, same columns) for a province or all."""
    source = path or None
    rows = (
        iter_official_regions(source, province=province)
        if source
        else iter_official_regions(province=province)
    )
    boundaries = _read_boundaries(BOUNDARIES_GEOJSON)
    return regions_load(
        rows=rows,
        scope=province,
        population=iter_population_area(),
        boundaries=boundaries,
        user=user,
        reason=f"regions load {path.name if path else 'shipped list'}",
        progress=progress,
    )
