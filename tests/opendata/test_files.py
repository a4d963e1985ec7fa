"""The published files: only published datasets, only published material, each row valid against its schema."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from django.test import Client

from selaras.opendata import publication
from selaras.opendata.datasets import REGISTRY
from selaras.opendata.models import PortalSettings, SampleRows
from tests.opendata.conftest import MARKER

pytestmark = pytest.mark.django_db

TYPE_CHECKS = {
    "integer": re.compile(r"-?\d+"),
    "number": re.compile(r"-?\d+(\.\d+)?"),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
}


def _csv_rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _invalid_cells(schema: dict[str, Any], rows: list[dict[str, str]]) -> list[str]:
    """A small Table Schema check of our own: header order, and each cell of its field's type (or missing)."""
    problems = []
    types = {f["name"]: f["type"] for f in schema["fields"]}
    for number, row in enumerate(rows, start=2):
        if list(row) != list(types):
            problems.append(f"row {number}: columns {list(row)}")
        for name, value in row.items():
            check = TYPE_CHECKS.get(types.get(name, "string"))
            if value not in schema["missingValues"] and check is not None and not check.fullmatch(value):
                problems.append(f"row {number} {name}: {value!r} is not {types[name]}")
    return problems


def test_an_unpublished_dataset_has_no_public_files(db: Any) -> None:
    client = Client()
    assert client.get("/data/64/agreements.csv").status_code == 404
    assert client.get("/data/64/agreements.schema.json").status_code == 404
    assert client.get("/data/64/salaries.csv").status_code == 404


def test_every_published_file_matches_its_schema(published_sample: None) -> None:
    client = Client()
    for key, dataset in REGISTRY.items():
        schema = client.get(f"/data/64/{key}.schema.json").json()
        assert [f["name"] for f in schema["fields"]] == dataset.field_names
        rows = _csv_rows(client.get(f"/data/64/{key}.csv").content)
        assert rows, key
        assert _invalid_cells(schema, rows) == [], key
        document = client.get(f"/data/64/{key}.json").json()
        assert len(document["data"]) == len(rows)
        assert document["schema"].endswith(f"/data/64/{key}.schema.json")
        assert client.get(f"/data/64/{key}.geojson").status_code == (200 if dataset.geographic else 404)


def test_the_village_geojson_puts_each_village_at_its_point(published_sample: None) -> None:
    collection = Client().get("/data/64/village-connectivity.geojson").json()
    assert len(collection["features"]) == 1038
    first = collection["features"][0]
    assert first["geometry"]["type"] == "Point"
    lng, lat = first["geometry"]["coordinates"]
    assert 113 < lng < 120 and -3 < lat < 3  # Kalimantan Timur
    assert first["properties"]["kode_wilayah"].startswith("64.")


def test_the_progress_rows_are_the_connectivity_progress(published_sample: None) -> None:
    from selaras.connectivity.selectors import progress_for_province
    from selaras.regions.models import Region

    total, _regencies = progress_for_province(province=Region.objects.get(code="64"))
    rows = _csv_rows(Client().get("/data/64/connectivity-progress.csv").content)
    province_2025 = next(r for r in rows if r["kode_wilayah"] == "64" and r["tahun"] == "2025")
    assert int(province_2025["desa_terhubung"]) == total.years[0].desa_live
    assert int(province_2025["jumlah_desa"]) == total.desa_total


def test_sample_rows_are_labelled_or_left_out_as_the_province_chooses(published_sample: None) -> None:
    rows = _csv_rows(Client().get("/data/64/agreements.csv").content)
    assert rows and all(r["contoh"] == "CONTOH" for r in rows)
    PortalSettings.objects.create(province_id="64", sample_rows=SampleRows.EXCLUDED)
    from django.core.cache import cache

    cache.clear()
    for key in REGISTRY:
        rows = _csv_rows(Client().get(f"/data/64/{key}.csv").content)
        assert all(r["contoh"] == "" for r in rows), key


def test_drafts_and_personal_data_never_reach_a_public_file(private_drafts: None, operator: Any) -> None:
    client = Client()
    bodies = [
        client.get(f"/data/64/{key}.{suffix}").content
        for key in REGISTRY
        for suffix in ("csv", "json", "geojson")
        if suffix != "geojson" or REGISTRY[key].geographic
    ]
    assert bodies and all(b for b in bodies)
    for body in bodies:
        text = body.decode("utf-8")
        assert MARKER not in text
        assert "Kepala Dinas" not in text  # the signatories' names and offices
        assert operator.username not in text


def test_a_withdrawn_dataset_disappears_at_once(published_sample: None, province_admin: Any) -> None:
    client = Client()
    assert client.get("/data/64/plan-targets.csv").status_code == 200
    publication.publication_set(actor=province_admin, province_code="64", key="plan-targets", published=False)
    assert client.get("/data/64/plan-targets.csv").status_code == 404


def test_files_are_cached_and_revalidated(published_sample: None) -> None:
    client = Client()
    first = client.get("/data/64/connectivity-progress.csv")
    assert "public" in first["Cache-Control"]
    assert first["Last-Modified"]
    again = client.get("/data/64/connectivity-progress.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_csv_cells_that_could_run_as_formulas_are_escaped(published_sample: None) -> None:
    from selaras.agreements.models import Agreement

    Agreement.objects.filter(is_sample=True).update(title="=HYPERLINK(1)")
    rows = _csv_rows(Client().get("/data/64/agreements.csv").content)
    assert rows[0]["judul"] == "'=HYPERLINK(1)"


def test_the_schema_is_valid_json_with_titles(published_sample: None) -> None:
    schema = json.loads(Client().get("/data/64/village-connectivity.schema.json").content)
    assert all(f["title"] for f in schema["fields"])
    assert {f["type"] for f in schema["fields"]} <= {"string", "integer", "number", "date"}
