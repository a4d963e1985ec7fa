"""Small plans and workbooks for the plans app's tests (two-year periods keep files tiny)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from selaras.planning.models import Plan
from tests.core.plans.sheets import YEARS, good_row, make_book

__all__ = ["YEARS", "make_book", "make_plan", "paser_row", "upload"]


def make_plan(region: str = "64.01", **fields: Any) -> Plan:
    values: dict[str, Any] = {
        "kind": "rpjmn" if region == "00" else "rpjmd",
        "start_year": YEARS[0],
        "end_year": YEARS[-1],
    }
    values.update(fields)
    return Plan.objects.create(region_id=region, **values)


def paser_row(**overrides: object) -> dict[str, object]:
    """A valid row of Kabupaten Paser (64.01), the operator persona's regency."""
    values: dict[str, object] = {
        "id": "PSR-P03-1",
        "kode_wilayah": "64.01",
        "penanggung_jawab": "Diskominfo Paser",
    }
    values.update(overrides)
    return good_row(**values)


def upload(client: Client, plan: Plan, data: bytes, name: str = "rencana.xlsx") -> Any:
    return client.post(f"/rencana/{plan.pk}/impor/", {"file": SimpleUploadedFile(name, data)})


def commit(client: Client, plan: Plan, response: Any) -> Any:
    assert response.context["problems"] == [], response.context["problems"]
    token = response.context["token"]
    return client.post(f"/rencana/{plan.pk}/impor/", {"token": token})
