"""The labelled sample scenario and the API."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from selaras.planning.models import Indicator, Plan, PlanStatus
from selaras.planning.sample import ensure_sample
from selaras.planning.selectors import supported_indicator
from tests.conftest import client_for


def test_the_sample_loads_once_and_is_labelled(operator: Any) -> None:
    assert ensure_sample()
    assert ensure_sample() == ""
    assert Plan.objects.filter(is_sample=False).count() == 0
    statuses = dict(Plan.objects.values_list("region_id", "status"))
    assert statuses == {"00": "approved", "64": "approved", "64.01": "submitted", "64.02": "draft"}
    paser = Plan.objects.get(region_id="64.01")
    supported = supported_indicator(indicator=Indicator.objects.get(key="PSR-P03-I1"), user=operator)
    assert supported is not None and supported.key == "KTM-P03-I1"
    page = client_for(operator).get(f"/rencana/{paser.pk}/").content.decode()
    assert 'data-testid="sample-badge"' in page


def test_the_api_lists_what_the_caller_may_read(operator: Any, other_operator: Any) -> None:
    ensure_sample()
    mine = {p["region"] for p in client_for(operator).get("/api/v1/plans/").json()["results"]}
    theirs = {p["region"] for p in client_for(other_operator).get("/api/v1/plans/").json()["results"]}
    assert mine == {"00", "64", "64.01"}  # Kukar's draft is Kukar's
    assert theirs == {"00", "64", "64.01", "64.02"}
    kukar = Plan.objects.get(region_id="64.02")
    assert client_for(operator).get(f"/api/v1/plans/{kukar.pk}/rows/").status_code == 404
    assert Plan.objects.get(region_id="64").status == PlanStatus.APPROVED
    codes = client_for(operator).get("/api/v1/nomenclature/").json()
    assert codes["count"] == 66


def test_the_official_tables_of_a_sample_plan_say_they_are_sample_data(operator: Any) -> None:
    ensure_sample()
    paser = Plan.objects.get(region_id="64.01")
    response = client_for(operator).get(f"/rencana/{paser.pk}/tabel/rpjmd.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "DATA CONTOH" in str(sheet["A3"].value)
