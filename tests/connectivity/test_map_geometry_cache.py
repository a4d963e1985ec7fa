"""The map's GeoJSON is written around boundaries precomputed at region load, and revalidates with an ETag."""

from __future__ import annotations

import gzip
import json
from typing import Any

from selaras.connectivity import exports
from selaras.connectivity.selectors import village_states
from selaras.regions.models import Region
from tests.conftest import client_for

SAMURANGAU = "64.01.01.2009"


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _geojson_as_before(states: list[Any], note: str) -> bytes:
    """The body as it was built before the precomputed form: boundaries decoded and rounded per request."""
    boundaries = dict(
        Region.objects.filter(code__in=[s.code for s in states]).values_list("code", "boundary")
    )
    features = []
    for state in states:
        boundary = boundaries.get(state.code)
        geometry = (
            {"type": boundary["type"], "coordinates": _rounded(boundary["coordinates"])} if boundary else None
        )
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": dict(zip(exports.COLUMNS, exports.state_row(state), strict=True))
                | {"regency_code": state.regency_code, "technologies": state.technologies},
            }
        )
    collection = {"type": "FeatureCollection", "note": note, "features": features}
    return json.dumps(collection, separators=(",", ":")).encode("utf-8")


def test_the_geojson_body_is_byte_for_byte_what_it_was(province_viewer: Any) -> None:
    states = village_states(user=province_viewer, province="64", regency="64.01")
    assert any(s.code == SAMURANGAU for s in states)
    assert exports.as_geojson(states, "CONTOH: catatan é") == _geojson_as_before(states, "CONTOH: catatan é")


def test_a_boundary_from_before_the_compact_form_is_converted_once_on_first_use(province_viewer: Any) -> None:
    Region.objects.filter(code=SAMURANGAU).update(boundary_json="")
    geometry = exports.region_geometries([SAMURANGAU])[SAMURANGAU]
    assert geometry["type"] in ("Polygon", "MultiPolygon")
    assert Region.objects.get(code=SAMURANGAU).boundary_json == json.dumps(geometry, separators=(",", ":"))


def test_the_map_revalidates_with_an_etag_and_gets_a_304(province_viewer: Any) -> None:
    client = client_for(province_viewer)
    url = "/konektivitas/ekspor/geojson/?kabupaten=64.01&unduh=0"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert "private" in first["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_the_map_is_gzipped_when_the_browser_accepts_it_and_revalidates_the_same(
    province_viewer: Any,
) -> None:
    client = client_for(province_viewer)
    url = "/konektivitas/ekspor/geojson/?kabupaten=64.01&unduh=0"
    plain = client.get(url).content
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain
    assert len(zipped.content) < len(plain) / 3
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"])
    assert again.status_code == 304


def test_an_etag_of_one_province_gives_nothing_of_it_to_another(province_viewer: Any, outsider: Any) -> None:
    url = "/konektivitas/ekspor/geojson/?kabupaten=64.01&unduh=0"
    kaltim = client_for(province_viewer).get(url)
    elsewhere = client_for(outsider).get(url, HTTP_IF_NONE_MATCH=kaltim["ETag"])
    assert elsewhere.status_code == 200
    assert not any(
        f["properties"]["kode_wilayah"].startswith("64.") for f in json.loads(elsewhere.content)["features"]
    )


def test_a_village_of_another_province_is_still_not_found(outsider: Any) -> None:
    assert client_for(outsider).get(f"/konektivitas/desa/{SAMURANGAU}/").status_code == 404
