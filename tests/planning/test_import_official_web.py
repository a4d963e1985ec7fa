"""An operator imports the regency's Renstra table T-C.27 (typed by the office, not by Selaras) on the plan
import page, and the province imports the regencies' T-C.27 sheets on the province-wide page: the same preview
and commit as the template, rows named SHEET!ROW, villages by name saved as codes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from selaras.planning.models import Indicator, Plan, PlanElement
from tests.conftest import client_for
from tests.planning.helpers import commit, make_plan, upload

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "official" / "renstra_tc27_kaltim.xlsx"


def _paser_only() -> bytes:
    book = load_workbook(FIXTURE)
    del book["Kukar"]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_tc27_sheet_imports_through_the_plan_import_page(operator: Any) -> None:
    plan = make_plan(start_year=2025, end_year=2029)
    client = client_for(operator)
    response = upload(client, plan, _paser_only(), name="renstra-paser.xlsx")
    assert response.status_code == 200
    assert response.context["problems"] == []
    assert response.context["counts"]["new"] == 5
    assert Indicator.objects.count() == 0
    assert commit(client, plan, response).status_code == 302
    keys = sorted(Indicator.objects.values_list("key", flat=True))
    assert keys == ["Paser!10", "Paser!11", "Paser!12", "Paser!13", "Paser!9"]
    access = Indicator.objects.get(key="Paser!12")
    assert access.element.kode == "2.16.03.2.02.0024"
    assert access.lokasi == ["64.01.02.2006", "64.01.02.2007", "64.01.01.2009", "64.01.01.2015"]
    program = PlanElement.objects.get(plan=plan, kode="2.16.03")
    assert program.pagu_by_year["2025"] == "1500000000"


def test_a_tc27_sheet_of_another_regency_is_refused_and_saves_nothing(operator: Any) -> None:
    plan = make_plan(start_year=2025, end_year=2029)
    response = upload(client_for(operator), plan, FIXTURE.read_bytes(), name="renstra.xlsx")
    text = response.content.decode()
    assert "Lembar &#x27;Kukar&#x27;" in text and "64.02" in text
    assert "token" not in response.context
    assert Indicator.objects.count() == 0


def test_the_province_imports_the_regencies_tc27_sheets_into_each_regencys_plan(province_admin: Any) -> None:
    client = client_for(province_admin)
    url = "/rencana/impor-provinsi/"
    response = client.post(
        url, {"file": SimpleUploadedFile("renstra-kabupaten.xlsx", FIXTURE.read_bytes()), "kind": "renstra"}
    )
    assert response.status_code == 200
    groups = response.context["problem_groups"]
    assert {g["severity"] for g in groups} == {"warning"}  # villages to review, units, defaults: no error
    assert client.post(url, {"token": response.context["token"], "kind": "renstra"}).status_code == 302
    saved = {(region, key) for region, key in Indicator.objects.values_list("plan__region_id", "key")}
    assert {region for region, _key in saved} == {"64.01", "64.02"}
    assert ("64.02", "Kukar!9") in saved and ("64.01", "Paser!12") in saved
    assert Plan.objects.filter(kind="renstra", start_year=2025, end_year=2029).count() == 2
