"""Current status per village as xlsx, CSV and GeoJSON (the map reads the GeoJSON too)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

from selaras.connectivity.selectors import VillageState
from selaras.core.geometry import geometry_json, point_json
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


def state_row(state: VillageState) -> list[Any]:
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
    return csv_bytes([COLUMNS, *(state_row(state) for state in states)])


def as_xlsx(states: list[VillageState], note: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Status desa")
    sheet.append([note])
    sheet.append(list(COLUMNS))
    for state in states:
        sheet.append(escape_row(state_row(state)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def region_geometry_texts(codes: Iterable[str], *, centroid_fallback: bool = False) -> dict[str, str]:
    """GeoJSON geometry of each region as compact JSON text: its boundary polygon (coordinates rounded to about a
    metre, precomputed at region load), or with `centroid_fallback` its centroid as a point when it has no
    boundary; "null" when it has neither. A boundary written before the compact form existed is converted once,
    on first use, and stored. The connectivity map and the rollout plan map both draw from this."""
    wanted = list(codes)
    rows = Region.objects.filter(code__in=wanted).values_list("code", "boundary_json", "lat", "lng")
    texts: dict[str, str] = {}
    missing: dict[str, tuple[float | None, float | None]] = {}
    for code, text, lat, lng in rows:
        if text:
            texts[code] = text
        else:
            missing[code] = (lat, lng)
    if missing:
        stale = list(
            Region.objects.filter(code__in=list(missing), boundary__isnull=False).only("code", "boundary")
        )
        for region in stale:
            region.boundary_json = geometry_json(region.boundary)
            if region.boundary_json:
                texts[region.code] = region.boundary_json
        Region.objects.bulk_update([r for r in stale if r.boundary_json], ["boundary_json"], batch_size=500)
    for code, (lat, lng) in missing.items():
        if code in texts:
            continue
        if centroid_fallback and lat is not None and lng is not None:
            texts[code] = point_json(lng, lat)
        else:
            texts[code] = "null"
    return texts


def region_geometries(codes: Iterable[str], *, centroid_fallback: bool = False) -> dict[str, Any]:
    """`region_geometry_texts` decoded, for callers that build their response as a dict."""
    texts = region_geometry_texts(codes, centroid_fallback=centroid_fallback)
    return {code: json.loads(text) for code, text in texts.items()}


def as_geojson(
    states: list[VillageState],
    note: str,
    *,
    geometries: dict[str, str] | None = None,
    leading: Sequence[str] = (),
) -> bytes:
    """The FeatureCollection, written as text around the precomputed geometries (byte for byte what
    `json.dumps(..., separators=(",", ":"))` of the whole collection gives). `geometries` replaces the
    boundaries (the public page draws points); `leading` are features, as JSON text, drawn first."""
    if geometries is None:
        geometries = region_geometry_texts(s.code for s in states)
    parts = ['{"type":"FeatureCollection","note":', json.dumps(note), ',"features":[', ",".join(leading)]
    for i, state in enumerate(states):
        properties = dict(zip(COLUMNS, state_row(state), strict=True)) | {
            "regency_code": state.regency_code,
            "technologies": state.technologies,
        }
        parts.append("," if i or leading else "")
        parts.append('{"type":"Feature","geometry":')
        parts.append(geometries.get(state.code, "null"))
        parts.append(',"properties":')
        parts.append(json.dumps(properties, separators=(",", ":")))
        parts.append("}")
    parts.append("]}")
    return "".join(parts).encode("utf-8")
