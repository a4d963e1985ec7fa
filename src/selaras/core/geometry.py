"""Small geometry helpers that need no GIS library: outlines of GeoJSON polygons for inline SVG."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Ring = Sequence[Sequence[float]]


@dataclass(frozen=True)
class SvgShape:
    path_d: str
    view_box: str


def _rings(geometry: dict[str, Any]) -> Iterable[Ring]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coords
    elif kind == "MultiPolygon":
        for polygon in coords:
            yield from polygon


def geometry_to_svg(geometry: dict[str, Any] | None, precision: int = 5) -> SvgShape | None:
    """An SVG path of a GeoJSON (Multi)Polygon in [lng, lat], north up, with a view box that fits it.

    Longitudes are scaled by cos(latitude) so shapes near the equator and far from it keep their proportions.
    Returns None for a missing or empty geometry.
    """
    if not geometry:
        return None
    rings = [ring for ring in _rings(geometry) if len(ring) >= 3]
    if not rings:
        return None
    lats = [pt[1] for ring in rings for pt in ring]
    lngs = [pt[0] for ring in rings for pt in ring]
    scale_x = math.cos(math.radians((min(lats) + max(lats)) / 2))
    min_x, max_x = min(lngs) * scale_x, max(lngs) * scale_x
    min_y, max_y = -max(lats), -min(lats)
    parts = []
    for ring in rings:
        points = " L".join(f"{pt[0] * scale_x:.{precision}f} {-pt[1]:.{precision}f}" for pt in ring)
        parts.append(f"M{points} Z")
    pad = max(max_x - min_x, max_y - min_y) * 0.03 or 0.001
    view_box = (
        f"{min_x - pad:.{precision}f} {min_y - pad:.{precision}f} "
        f"{max_x - min_x + 2 * pad:.{precision}f} {max_y - min_y + 2 * pad:.{precision}f}"
    )
    return SvgShape(path_d=" ".join(parts), view_box=view_box)


def shapes_to_svg(
    geometries: Sequence[tuple[str, dict[str, Any] | None]], precision: int = 3, max_points: int = 8000
) -> tuple[str, list[tuple[str, str]]] | None:
    """Several GeoJSON (Multi)Polygons on one map: the common view box and one SVG path per key (the keys are
    kept in order, several geometries with one key share a path). Rings are thinned evenly so the whole map
    has at most about `max_points` points. Returns None when no geometry has a ring."""
    keyed = [
        (key, ring) for key, geometry in geometries if geometry for ring in _rings(geometry) if len(ring) >= 3
    ]
    if not keyed:
        return None
    total = sum(len(ring) for _, ring in keyed)
    step = max(1, math.ceil(total / max_points))
    lats = [pt[1] for _, ring in keyed for pt in ring]
    lngs = [pt[0] for _, ring in keyed for pt in ring]
    scale_x = math.cos(math.radians((min(lats) + max(lats)) / 2))
    paths: dict[str, list[str]] = {}
    for key, ring in keyed:
        thinned = list(ring[::step]) if len(ring) > 3 * step else list(ring)
        points = " L".join(f"{pt[0] * scale_x:.{precision}f} {-pt[1]:.{precision}f}" for pt in thinned)
        paths.setdefault(key, []).append(f"M{points} Z")
    min_x, max_x = min(lngs) * scale_x, max(lngs) * scale_x
    min_y, max_y = -max(lats), -min(lats)
    pad = max(max_x - min_x, max_y - min_y) * 0.03 or 0.001
    view_box = (
        f"{min_x - pad:.{precision}f} {min_y - pad:.{precision}f} "
        f"{max_x - min_x + 2 * pad:.{precision}f} {max_y - min_y + 2 * pad:.{precision}f}"
    )
    return view_box, [(key, " ".join(parts)) for key, parts in paths.items()]


def _rounded(value: Any, precision: int) -> Any:
    if isinstance(value, float):
        return round(value, precision)
    if isinstance(value, list):
        return [_rounded(v, precision) for v in value]
    return value


def geometry_json(geometry: dict[str, Any] | None, precision: int = 5) -> str:
    """A GeoJSON geometry as compact JSON text with its coordinates rounded (5 places: about a metre), or ""
    when there is none. Computed once per region load and spliced into map responses as it is."""
    if not isinstance(geometry, dict) or "coordinates" not in geometry:
        return ""
    rounded = {"type": geometry["type"], "coordinates": _rounded(geometry["coordinates"], precision)}
    return json.dumps(rounded, separators=(",", ":"))


def point_json(lng: float, lat: float, precision: int = 5) -> str:
    """A GeoJSON point as compact JSON text, rounded like `geometry_json`."""
    return json.dumps(
        {"type": "Point", "coordinates": [round(float(lng), precision), round(float(lat), precision)]},
        separators=(",", ":"),
    )
