"""The planner's input layers: a province's fiber-node layer and the schools and health posts of each village.

Writes (the imports) and reads (what a scenario is built from) of both layers; pages, the API and the sample
loader call these. The caller has asked selaras.accounts.access who may (EDIT on the province for its fiber
layer, EDIT on the region for facility counts); these functions check what only they can: every row of a file,
against the file and the database, before anything is saved.

- Fiber layer: importing REPLACES the province's layer (the nodes it had are deleted, each deletion in the audit
  trail with the reason "replaced by import"). A province without an imported layer plans with SAMPLE nodes at
  its regency and district capitals, and a solved scenario records which layer it used.
- Facilities: importing sets the counts of the villages the file names (the others keep theirs).
- Grid electricity: importing sets the flag of the villages the file names (the others keep theirs; a village
  with no record counts as on the grid).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from selaras.core.grid_power import GRID_COLUMNS, GridRow, read_grid_power
from selaras.core.i18n import Msg, Text
from selaras.core.regions_data import Level as CoreLevel
from selaras.core.rollout import FiberNode as CoreFiberNode
from selaras.core.rollout import fiber_nodes_at_capitals
from selaras.core.rollout.inputs import (
    FACILITY_COLUMNS,
    FIBER_COLUMNS,
    FacilityRow,
    InputFileError,
    read_facility_counts,
    read_fiber_nodes,
)
from selaras.core.tables.cells import csv_bytes
from selaras.regions.models import Level, Region
from selaras.rollout.models import FiberNode, VillageFacilities, VillagePower
from selaras.uploads.services import table_limits

UNKNOWN_VILLAGE = Msg(
    id="Baris {row}, kolom 'kode_wilayah': {code} bukan desa/kelurahan yang terdaftar.",
    en="Row {row}, column 'kode_wilayah': {code} is not a known village.",
)
OUTSIDE_REGION = Msg(
    id="Baris {row}, kolom 'kode_wilayah': {code} tidak terletak di {region}.",
    en="Row {row}, column 'kode_wilayah': {code} does not lie in {region}.",
)
NAME_MISMATCH = Msg(
    id="Baris {row}, kolom 'nama': '{name}' bukan nama desa {code} ({expected}).",
    en="Row {row}, column 'nama': '{name}' is not the name of village {code} ({expected}).",
)
NOT_A_PROVINCE = Msg(
    id="Lapisan simpul fiber dimiliki provinsi.", en="A fiber-node layer belongs to a province."
)

SOURCE_IMPORTED = "imported"
SOURCE_SAMPLE = "sample"
SAMPLE_FIBER_LEVELS = (CoreLevel.REGENCY, CoreLevel.DISTRICT)


__all__ = [
    "FiberLayer",
    "InputFileError",
    "facilities_csv",
    "facilities_for",
    "facilities_import",
    "facilities_template_csv",
    "fiber_layer_csv",
    "fiber_layer_for",
    "fiber_layer_import",
    "fiber_template_csv",
    "grid_power_csv",
    "grid_power_for",
    "grid_power_import",
    "grid_power_list",
    "grid_power_template_csv",
]


# --- fiber layer -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FiberLayer:
    """The nodes a scenario of `province` plans with: its imported layer, or the SAMPLE capitals."""

    province: str
    nodes: tuple[CoreFiberNode, ...]
    is_sample: bool
    source: str = ""
    imported_at: datetime | None = None

    def metadata(self) -> dict[str, Any]:
        """What a solved scenario stores about the layer it used (`result["inputs"]["fiber_layer"]`)."""
        return {
            "source": SOURCE_SAMPLE if self.is_sample else SOURCE_IMPORTED,
            "is_sample": self.is_sample,
            "nodes": len(self.nodes),
            "file": self.source,
            "imported_at": self.imported_at.isoformat() if self.imported_at else None,
        }


def fiber_layer_for(*, province: str) -> FiberLayer:
    """The province's imported layer when it has one, else sample nodes at its regency and district capitals."""
    rows = list(FiberNode.objects.filter(region_id=province).order_by("pk"))
    if rows:
        return FiberLayer(
            province=province,
            nodes=tuple(CoreFiberNode(n.lat, n.lng, n.name) for n in rows),
            is_sample=all(n.is_sample for n in rows),
            source=rows[0].source,
            imported_at=max(n.imported_at for n in rows),
        )
    return FiberLayer(
        province=province,
        nodes=tuple(fiber_nodes_at_capitals(province, levels=SAMPLE_FIBER_LEVELS)),
        is_sample=True,
    )


def fiber_nodes_list(*, province: str, limit: int = 200) -> list[FiberNode]:
    return list(FiberNode.objects.filter(region_id=province).order_by("name", "pk")[:limit])


@transaction.atomic
def fiber_layer_import(
    *, actor: Any, province: Region, data: bytes, file_name: str, is_sample: bool = False
) -> list[FiberNode]:
    """Replace the province's fiber layer with the nodes of a csv, xlsx or GeoJSON file (all or nothing).

    Raises `InputFileError` naming each bad row and column; then nothing changes."""
    if province.level != Level.PROVINCE:
        raise InputFileError([NOT_A_PROVINCE()])
    rows = read_fiber_nodes(data, file_name, table_limits())
    user = actor if getattr(actor, "pk", None) else None
    for old in FiberNode.objects.filter(region=province):
        old._change_reason = "replaced by import"  # type: ignore[attr-defined]
        old._history_user = user  # type: ignore[attr-defined]
        old.delete()
    now = timezone.now()
    nodes = [
        FiberNode(
            region=province,
            name=r.name,
            lat=r.lat,
            lng=r.lng,
            operator=r.operator,
            source=file_name[:255],
            imported_at=now,
            imported_by=user,
            is_sample=is_sample,
        )
        for r in rows
    ]
    created: list[FiberNode] = bulk_create_with_history(
        nodes, FiberNode, batch_size=1000, default_user=user, default_change_reason="imported"
    )
    return created


def fiber_layer_csv(*, province: str) -> bytes:
    """The layer a scenario of the province would use, as csv in the import format (sample nodes marked)."""
    layer = fiber_layer_for(province=province)
    rows: list[list[Any]] = [[*FIBER_COLUMNS, "contoh"]]
    if layer.is_sample and not FiberNode.objects.filter(region_id=province).exists():
        rows += [[n.label, n.lat, n.lng, "", "CONTOH"] for n in layer.nodes]
    else:
        rows += [
            [n.name, n.lat, n.lng, n.operator, "CONTOH" if n.is_sample else ""]
            for n in FiberNode.objects.filter(region_id=province).order_by("name", "pk")
        ]
    return csv_bytes(rows)


def fiber_template_csv() -> bytes:
    return csv_bytes([list(FIBER_COLUMNS), ["Contoh: POP Tanah Grogot", -1.9093, 116.2052, "Operator"]])


# --- schools and health posts ----------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    return re.sub(r"^(desa|kelurahan|kampung|kel)", "", key)


def _same_name(given: str, official: str) -> bool:
    a, b = _name_key(given), _name_key(official)
    return bool(a) and (a == b or a in b or b in a)


def _villages_checked(rows: Sequence[FacilityRow | GridRow], region: Region) -> dict[str, Region]:
    """The villages a file's rows name, each checked to exist, lie in `region` and carry its own name (when the
    row gives one); raises `InputFileError` naming every bad row."""
    villages = {
        r.code: r
        for r in Region.objects.filter(
            code__in=[row.code for row in rows], level=Level.VILLAGE, retired_at__isnull=True
        )
    }
    problems: list[Text] = []
    for row in rows:
        village = villages.get(row.code)
        if village is None:
            problems.append(UNKNOWN_VILLAGE(row=row.row, code=row.code))
        elif not village.code.startswith(region.code + "."):
            problems.append(OUTSIDE_REGION(row=row.row, code=row.code, region=f"{region.code} {region.name}"))
        elif row.name and not _same_name(row.name, village.name):
            problems.append(NAME_MISMATCH(row=row.row, name=row.name, code=row.code, expected=village.name))
    if problems:
        raise InputFileError(problems)
    return villages


@transaction.atomic
def facilities_import(
    *, actor: Any, region: Region, data: bytes, file_name: str, is_sample: bool = False
) -> int:
    """Set the schools and health posts of the villages a csv/xlsx file names, all inside `region` (all or
    nothing). Raises `InputFileError` naming each bad row and column; then nothing changes."""
    rows = read_facility_counts(data, file_name, table_limits())
    villages = _villages_checked(rows, region)
    values = {row.code: {"schools": row.schools, "health_posts": row.health_posts} for row in rows}
    return _village_values_save(VillageFacilities, villages, values, actor, file_name, is_sample)


def _village_values_save(
    model: Any,
    villages: dict[str, Region],
    values: dict[str, dict[str, Any]],
    actor: Any,
    file_name: str,
    is_sample: bool,
) -> int:
    """Set `values` (field -> value per village code) on each village's `model` record, creating it when
    missing; records already holding them are left alone; every write in the audit trail as "imported"."""
    user = actor if getattr(actor, "pk", None) else None
    existing = {r.village_id: r for r in model.objects.filter(village_id__in=list(villages))}
    for code, fields in values.items():
        record = existing.get(code) or model(village=villages[code])
        wanted = {**fields, "is_sample": is_sample}
        if record.pk and all(getattr(record, k) == v for k, v in wanted.items()):
            continue
        for name, value in wanted.items():
            setattr(record, name, value)
        record.source = file_name[:255]
        record._change_reason = "imported"
        record._history_user = user
        record.save()
    return len(values)


def facilities_for(*, codes: list[str]) -> dict[str, VillageFacilities]:
    return {f.village_id: f for f in VillageFacilities.objects.filter(village_id__in=codes)}


def facilities_list(*, region: str, limit: int = 200) -> tuple[int, list[VillageFacilities]]:
    rows = VillageFacilities.objects.filter(village__code__startswith=region + ".").select_related("village")
    return rows.count(), list(rows.order_by("village_id")[:limit])


def facilities_csv(*, region: str) -> bytes:
    rows: list[list[Any]] = [[*FACILITY_COLUMNS, "contoh"]]
    for f in VillageFacilities.objects.filter(village__code__startswith=region + ".").select_related(
        "village"
    ):
        rows.append(
            [f.village_id, f.village.name, f.schools, f.health_posts, "CONTOH" if f.is_sample else ""]
        )
    return csv_bytes(rows)


def facilities_template_csv() -> bytes:
    return csv_bytes([list(FACILITY_COLUMNS), ["64.01.01.2001", "Contoh desa", 2, 1]])


# --- grid electricity ------------------------------------------------------------------------------------------


@transaction.atomic
def grid_power_import(
    *, actor: Any, region: Region, data: bytes, file_name: str, is_sample: bool = False
) -> int:
    """Set whether each village a csv/xlsx file names has grid electricity, all inside `region` (all or
    nothing). Raises `InputFileError` naming each bad row and column; then nothing changes."""
    rows = read_grid_power(data, file_name, table_limits())
    villages = _villages_checked(rows, region)
    values = {row.code: {"grid_power": row.grid_power} for row in rows}
    return _village_values_save(VillagePower, villages, values, actor, file_name, is_sample)


def grid_power_for(*, codes: list[str]) -> dict[str, VillagePower]:
    return {p.village_id: p for p in VillagePower.objects.filter(village_id__in=codes)}


def grid_power_list(*, region: str, limit: int = 200) -> tuple[int, int, list[VillagePower]]:
    """(villages recorded, of which without grid electricity, the first `limit` without grid)."""
    rows = VillagePower.objects.filter(village__code__startswith=region + ".").select_related("village")
    off = rows.filter(grid_power=False)
    return rows.count(), off.count(), list(off.order_by("village_id")[:limit])


def grid_power_csv(*, region: str) -> bytes:
    rows: list[list[Any]] = [[*GRID_COLUMNS, "contoh"]]
    for p in VillagePower.objects.filter(village__code__startswith=region + ".").select_related("village"):
        rows.append(
            [p.village_id, p.village.name, "ya" if p.grid_power else "tidak", "CONTOH" if p.is_sample else ""]
        )
    return csv_bytes(rows)


def grid_power_template_csv() -> bytes:
    return csv_bytes([list(GRID_COLUMNS), ["64.01.01.2001", "Contoh desa", "tidak"]])
