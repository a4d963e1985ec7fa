"""Current status per village as xlsx, CSV and GeoJSON (the map reads the GeoJSON too)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

from selaras.connectivity.selectors import VillageState
from selaras.core.tables.cells import csv_bytes, escape_row
from selaras.regions.models import Region

COLUMNS = (
    "kode_wilayah",
    "desa_kelurahan",
    "jenis",
    "kecamatan",
    "kabupaten_kota",
    "status",
    "teknologi",
    "titik_akses",
    "titik_aktif",
    "sinyal",
    "tanggal_sinyal",
    "penyedia",
    "program",
    "contoh",
)


def _row(state: VillageState) -> list[Any]:
    live = [ap for ap in state.access_points if ap.status == "live"]
    return [
        state.code,
        state.name,
        state.kind,
        state.district,
        state.regency,
        state.status,
        ";".join(state.technologies),
        len(state.access_points),
        len(live),
        state.signal,
        state.signal_on.isoformat() if state.signal_on else "",
        ";".join(sorted({ap.provider for ap in state.access_points if ap.provider})),
        ";".join(sorted({ap.programme for ap in state.access_points if ap.programme})),
        "CONTOH" if state.is_sample else "",
    ]


def as_csv(states: list[VillageState]) -> bytes:
    return csv_bytes([COLUMNS, *(_row(state) for state in states)])


def as_xlsx(states: list[VillageState], note: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Status desa")
    sheet.append([note])
    sheet.append(list(COLUMNS))
    for state in states:
        sheet.append(escape_row(_row(state)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def region_geometries(codes: Iterable[str], *, centroid_fallback: bool = False) -> dict[str, Any]:
    """GeoJSON geometry of each region: its boundary polygon (coordinates rounded to about a metre), or with
    `centroid_fallback` its centroid as a point when it has no boundary; None when it has neither.
    The connectivity map and the rollout plan map both draw from this."""
    rows = Region.objects.filter(code__in=list(codes)).values_list("code", "boundary", "lat", "lng")
    geometries: dict[str, Any] = {}
    for code, boundary, lat, lng in rows:
        if isinstance(boundary, dict) and "coordinates" in boundary:
            geometries[code] = {"type": boundary["type"], "coordinates": _rounded(boundary["coordinates"])}
        elif centroid_fallback and lat is not None and lng is not None:
            geometries[code] = {"type": "Point", "coordinates": _rounded([float(lng), float(lat)])}
        else:
            geometries[code] = None
    return geometries


def as_geojson(states: list[VillageState], note: str) -> bytes:
    geometries = region_geometries(s.code for s in states)
    features = []
    for state in states:
        features.append(
            {
                "type": "Feature",
                "geometry": geometries.get(state.code),
                "properties": dict(zip(COLUMNS, _row(state), strict=True))
                | {"regency_code": state.regency_code, "technologies": state.technologies},
            }
        )
    collection = {"type": "FeatureCollection", "note": note, "features": features}
    return json.dumps(collection, separators=(",", ":")).encode("utf-8")
