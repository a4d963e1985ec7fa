"""The two official tables (xlsx and printable page), the template, and the round trip: import -> export ->
import changes nothing."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from selaras.planning.models import Indicator, PlanElement
from tests.conftest import client_for
from tests.planning.helpers import commit, make_book, make_plan, paser_row, upload

ROWS = [
    paser_row(),
    paser_row(id="PSR-P03-2", indikator="@SUM(1+1)*cmd|' /C calc'!A0", target_2025="1.500", baseline=None),
    paser_row(
        id="PSR-K-1",
        kode="2.16.03.2.02",
        uraian="Pengelolaan e-government",
        indikator="Perangkat daerah terhubung",
        satuan="%",
        polaritas="negatif",
        agregasi="jumlah",
        pagu_2025="250.000.000",
        pagu_2026=None,
        lokasi="64.01.01.2009; 64.01.01.2010",
        mendukung="PSR-P03-1",
        tipe="output",
    ),
]


def _snapshot() -> list[tuple[Any, ...]]:
    indicators = Indicator.objects.order_by("key").values_list(
        "key",
        "element__kode",
        "uraian",
        "indikator",
        "baseline",
        "targets_by_year",
        "lokasi",
        "supports_key",
        "polaritas",
        "agregasi",
        "tipe",
        "penanggung_jawab",
    )
    elements = PlanElement.objects.order_by("kode").values_list("kode", "uraian", "pagu_by_year")
    return [*indicators, *elements]


def test_import_export_import_changes_nothing(operator: Any) -> None:
    plan = make_plan()
    client = client_for(operator)
    commit(client, plan, upload(client, plan, make_book(ROWS)))
    before, history = _snapshot(), Indicator.history.count()
    exported = client.get(f"/rencana/{plan.pk}/program.xlsx")
    assert exported.status_code == 200
    response = upload(client, plan, exported.content)
    assert response.context["problems"] == []
    assert response.context["counts"] == {"new": 0, "changed": 0, "unchanged": 3, "elements": 0, "removed": 0}
    assert "nothing-changes" in response.content.decode()
    assert _snapshot() == before
    assert Indicator.history.count() == history


def test_both_official_tables_download_as_xlsx_with_formulas_escaped(operator: Any) -> None:
    plan = make_plan()
    client = client_for(operator)
    commit(client, plan, upload(client, plan, make_book(ROWS)))
    for table, title in (("rpjmd", "Indikasi Rencana Program Prioritas"), ("renstra", "T-C.27")):
        response = client.get(f"/rencana/{plan.pk}/tabel/{table}.xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert title in values[0]
        assert all(not (isinstance(v, str) and v.startswith(("=", "@", "+"))) for v in values)
        assert "'@SUM(1+1)*cmd|' /C calc'!A0" in values
    renstra = load_workbook(io.BytesIO(client.get(f"/rencana/{plan.pk}/tabel/renstra.xlsx").content)).active
    assert any("Samurangau" in str(c.value) for row in renstra.iter_rows() for c in row)


def test_the_printable_tables_show_the_same_rows(operator: Any, regency_viewer: Any) -> None:
    plan = make_plan()
    client = client_for(operator)
    commit(client, plan, upload(client, plan, make_book(ROWS)))
    page = client_for(regency_viewer).get(f"/rencana/{plan.pk}/tabel/renstra/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Rencana Program, Kegiatan, dan Pendanaan" in text
    assert "Pengelolaan e-government" in text
    assert "1.500.000.000" in text  # numbers in Indonesian format
    assert client.get(f"/rencana/{plan.pk}/tabel/lain/").status_code == 404


def test_the_template_has_the_plans_years_and_region(operator: Any) -> None:
    plan = make_plan()
    response = client_for(operator).get(f"/rencana/{plan.pk}/templat.xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Program"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["id", "kode_wilayah", "kode"]
    assert {"target_2025", "target_2026", "pagu_2025", "pagu_2026"} <= set(headers)


def test_the_pages_show_the_tree_and_the_grid(operator: Any) -> None:
    plan = make_plan()
    client = client_for(operator)
    commit(client, plan, upload(client, plan, make_book(ROWS)))
    tree = client.get(f"/rencana/{plan.pk}/").content.decode()
    assert "2.16.03.2.02" in tree and "PSR-P03-1" in tree
    grid = client.get(f"/rencana/{plan.pk}/grid/")
    assert grid.status_code == 200
    assert grid.context["totals"][0] == 1_500_000_000


def test_each_plan_offers_only_its_own_official_table(operator: Any) -> None:
    renstra = make_plan(kind="renstra", start_year=2025, end_year=2029)
    rpjmd = make_plan(kind="rpjmd", start_year=2030, end_year=2034)
    client = client_for(operator)
    renstra_page = client.get(f"/rencana/{renstra.pk}/").content.decode()
    rpjmd_page = client.get(f"/rencana/{rpjmd.pk}/").content.decode()
    assert 'data-testid="renstra-xlsx"' in renstra_page and 'data-testid="rpjmd-xlsx"' not in renstra_page
    assert 'data-testid="rpjmd-xlsx"' in rpjmd_page and 'data-testid="renstra-xlsx"' not in rpjmd_page
