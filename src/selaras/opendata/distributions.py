"""A published dataset's files: CSV, JSON, GeoJSON (geographic datasets) and its Frictionless Table Schema.

The schema is written from the registry (`selaras.opendata.datasets`), so the files and their data dictionary
cannot drift apart. CSV cells are escaped like every other export (`selaras.core.tables.cells`).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from selaras.core.geometry import point_json
from selaras.core.tables.cells import csv_bytes
from selaras.opendata.datasets import Dataset, Table

FORMATS = {
    "csv": ("text/csv", "CSV"),
    "json": ("application/json", "JSON"),
    "geojson": ("application/geo+json", "GeoJSON"),
}
SCHEMA_MEDIA_TYPE = "application/schema+json"
TABLE_SCHEMA_PROFILE = "https://specs.frictionlessdata.io/table-schema/"


def formats_of(dataset: Dataset) -> list[str]:
    return ["csv", "json", "geojson"] if dataset.geographic else ["csv", "json"]


def _plain(value: Any) -> Any:
    """A cell as JSON: dates in ISO form, decimals as numbers, None as null."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _cell(value: Any) -> Any:
    """A cell as CSV text: empty for a missing value (the schema's `missingValues`), ISO dates, plain decimals."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def as_csv(dataset: Dataset, table: Table) -> bytes:
    names = dataset.field_names
    return csv_bytes([names, *([_cell(row[name]) for name in names] for row in table.rows)])


def as_json(dataset: Dataset, table: Table, *, province_code: str, schema_url: str) -> bytes:
    names = dataset.field_names
    document = {
        "dataset": dataset.key,
        "kode_wilayah": province_code,
        "schema": schema_url,
        "data": [{name: _plain(row[name]) for name in names} for row in table.rows],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def as_geojson(dataset: Dataset, table: Table) -> bytes:
    """Each row as a Feature at its village's point (the official coordinates of the region), null geometry
    when the region has none."""
    names = dataset.field_names
    parts = ['{"type":"FeatureCollection","features":[']
    for i, row in enumerate(table.rows):
        point = table.points.get(row["kode_wilayah"])
        properties = {name: _plain(row[name]) for name in names}
        parts.append("," if i else "")
        parts.append('{"type":"Feature","geometry":')
        parts.append(point_json(*point) if point else "null")
        parts.append(',"properties":')
        parts.append(json.dumps(properties, ensure_ascii=False, separators=(",", ":")))
        parts.append("}")
    parts.append("]}")
    return "".join(parts).encode("utf-8")


def table_schema(dataset: Dataset, lang: str = "id") -> dict[str, Any]:
    """The Frictionless Table Schema of the dataset's CSV and JSON rows."""
    fields = []
    for item in dataset.fields:
        described: dict[str, Any] = {
            "name": item.name,
            "type": item.type,
            "title": item.title.render(lang),
        }
        if item.description is not None:
            described["description"] = item.description.render(lang)
        if item.unit:
            described["unit"] = item.unit
        fields.append(described)
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "title": dataset.title.render(lang),
        "fields": fields,
        "missingValues": [""],
    }


def schema_bytes(dataset: Dataset) -> bytes:
    return json.dumps(table_schema(dataset), ensure_ascii=False, indent=1).encode("utf-8")
