"""The province-wide import page: the preview groups the warnings, offers the file back with the problem cells
marked, saves into every region's plan; refusals never save anything."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from selaras.planning.models import Indicator, Plan, PlanImport
from tests.conftest import client_for
from tests.core.plans.test_province_workbook import FIXTURE
from tests.planning.test_province_import import _with_cell

URL = "/rencana/impor-provinsi/"


def _upload(client: Any, data: bytes, name: str = "provinsi.xlsx") -> Any:
    return client.post(URL, {"file": SimpleUploadedFile(name, data), "kind": "rpjmd"})


def test_the_preview_groups_warnings_and_saves_on_commit(province_admin: Any) -> None:
    client = client_for(province_admin)
    response = _upload(client, FIXTURE.read_bytes())
    assert response.status_code == 200
    groups = response.context["problem_groups"]
    assert [g["count"] for g in groups] == [44, 10, 3, 1, 1]
    assert {g["severity"] for g in groups} == {"warning"}
    assert all(len(g["first"]) <= 5 for g in groups)
    assert len(response.context["regions"]) == 12
    assert Plan.objects.count() == 0
    saved = client.post(URL, {"token": response.context["token"], "kind": "rpjmd"})
    assert saved.status_code == 302
    assert Indicator.objects.count() == 49
    assert PlanImport.objects.filter(from_province=True, imported_by=province_admin).count() == 12


def test_the_file_comes_back_with_the_problem_cells_marked(province_admin: Any) -> None:
    client = client_for(province_admin)
    response = _upload(client, FIXTURE.read_bytes())
    marked = client.get(response.context["problems_marked_url"])
    assert marked.status_code == 200
    sheet = load_workbook(io.BytesIO(marked.content))["Program"]
    assert "agregasi" in sheet["H11"].comment.text  # Paser's first row
    assert sheet["C2"].comment is not None  # a national row without kode
    assert sheet["Q22"].comment is not None  # Berau's second pagu for 2028


def test_an_unreadable_number_is_an_error_and_nothing_can_be_saved(province_admin: Any) -> None:
    client = client_for(province_admin)
    response = _upload(client, _with_cell("L40", "tinggi"))
    assert response.context["problem_groups"][0]["severity"] == "error"
    assert "token" not in response.context
    assert "baris 40, kolom target_2028" in response.content.decode()
    assert Plan.objects.count() == 0


def test_a_regency_operator_cannot_open_the_page(operator: Any) -> None:
    client = client_for(operator)
    assert client.get(URL).status_code == 403
    assert _upload(client, FIXTURE.read_bytes()).status_code == 403
    assert Plan.objects.count() == 0


def test_a_regency_sees_on_its_plan_what_the_province_imported(province_admin: Any, operator: Any) -> None:
    admin = client_for(province_admin)
    admin.post(URL, {"token": _upload(admin, FIXTURE.read_bytes()).context["token"], "kind": "rpjmd"})
    plan = Plan.objects.get(region_id="64.01")
    page = client_for(operator).get(f"/rencana/{plan.pk}/").content.decode()
    assert "Diimpor dari buku kerja provinsi oleh admin.kaltim" in page
    assert "PSR-P03-I1" in page
