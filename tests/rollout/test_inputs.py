"""The planner's input layers: a province's fiber-node layer and schools and health posts per village, read from
files that are checked whole (row and column named, nothing saved on any problem), and used when solving."""

from __future__ import annotations

import csv
import io
import json
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from selaras.core.rollout.inputs import InputFileError, read_facility_counts, read_fiber_nodes
from selaras.regions.models import Region
from selaras.rollout import inputs, services
from selaras.rollout.models import FiberNode, Scenario, VillageFacilities
from tests.conftest import client_for

PASER = "64.01"
DESA = "64.01.01.2009"
OTHER_DESA = "64.01.01.2010"


def _problems(data: bytes, name: str, reader: Any = read_fiber_nodes) -> list[str]:
    with pytest.raises(InputFileError) as caught:
        reader(data, name)
    return caught.value.render("id")


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading files (pure) ----------------------------------------------------------------------------------------


def test_it_reads_fiber_nodes_with_indonesian_headers_and_decimal_commas() -> None:
    data = b"Nama Simpul;Lintang;Bujur;Penyelenggara\nPOP Grogot;-1,9093;116,2052;Telkom\n"
    [node] = read_fiber_nodes(data, "simpul.csv")
    assert (node.row, node.name, node.lat, node.lng, node.operator) == (
        2,
        "POP Grogot",
        -1.9093,
        116.2052,
        "Telkom",
    )


def test_it_finds_the_header_below_title_rows_in_a_workbook() -> None:
    data = _xlsx([["SIMPUL FIBER 2026"], [], ["name", "latitude", "lon"], ["POP A", -0.5, 117.1]])
    [node] = read_fiber_nodes(data, "simpul.xlsx")
    assert (node.row, node.lat, node.lng) == (4, -0.5, 117.1)


def test_it_reads_geojson_points_and_names_a_feature_that_is_not_a_point() -> None:
    point = {
        "type": "Feature",
        "properties": {"name": "POP B"},
        "geometry": {"type": "Point", "coordinates": [117, -1]},
    }
    line = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "LineString", "coordinates": [[117, -1], [118, -1]]},
    }
    ok = json.dumps({"type": "FeatureCollection", "features": [point]}).encode()
    assert [(n.name, n.lat, n.lng) for n in read_fiber_nodes(ok, "nodes.geojson")] == [("POP B", -1.0, 117.0)]
    bad = json.dumps({"type": "FeatureCollection", "features": [point, line]}).encode()
    assert _problems(bad, "nodes.geojson") == [
        "Fitur 2, kolom 'geometry': harus Point dengan koordinat [bujur, lintang]."
    ]


def test_a_wrong_header_names_the_missing_column() -> None:
    problems = _problems(b"nama;lintang_x;lng\nPOP;-1;116\n", "simpul.csv")
    assert problems[0].startswith("Baris 1: kolom 'lat' tidak ditemukan")


def test_a_bad_latitude_names_its_row_and_column_and_swapped_coordinates_are_caught() -> None:
    data = b"nama,lat,lng\nA,-1.0,116.0\nB,utara,116.5\nC,116.2,-1.2\n"
    problems = _problems(data, "simpul.csv")
    assert problems[0] == "Baris 3, kolom 'lat': 'utara' bukan angka."
    assert problems[1].startswith("Baris 4, kolom 'lat': 116,2 di luar Indonesia (-11,5 sampai 6,5)")
    assert problems[2].startswith("Baris 4, kolom 'lng': -1,2 di luar Indonesia")


def test_a_duplicate_node_names_both_rows_in_english_too() -> None:
    with pytest.raises(InputFileError) as caught:
        read_fiber_nodes(b"nama,lat,lng\nA,-1,116\nB,-1.0,116.0\n", "simpul.csv")
    assert caught.value.render("en") == ["Row 3, column 'lat, lng': the same point is already in row 2."]


def test_facility_counts_accept_codes_without_dots_and_empty_counts() -> None:
    data = b"Kode Wilayah;Nama Desa;Jumlah Sekolah;Faskes\n6401012009;Desa A;3;\n"
    [row] = read_facility_counts(data, "fasilitas.csv")
    assert (row.code, row.name, row.schools, row.health_posts) == (DESA, "Desa A", 3, 0)


def test_text_in_counts_bad_codes_and_duplicates_are_each_named() -> None:
    data = (
        b"kode_wilayah;sekolah;faskes\n"
        b"64.01.01.2009;dua;1\n"
        b"64.01;1;1\n"
        b"64.01.01.2010;1;-1\n"
        b"64.01.01.2010;1;1\n"
    )
    assert _problems(data, "f.csv", read_facility_counts) == [
        "Baris 2, kolom 'sekolah': 'dua' bukan bilangan bulat 0 atau lebih.",
        "Baris 3, kolom 'kode_wilayah': '64.01' bukan kode desa/kelurahan (contoh 64.01.01.2001).",
        "Baris 4, kolom 'faskes': '-1' bukan bilangan bulat 0 atau lebih.",
    ]
    dup = b"kode_wilayah;sekolah;faskes\n64.01.01.2010;1;1\n64.01.01.2010;2;1\n"
    assert _problems(dup, "f.csv", read_facility_counts) == [
        "Baris 3, kolom 'kode_wilayah': kode 64.01.01.2010 sudah ada di baris 2."
    ]


def test_a_damaged_excel_file_is_refused_with_a_message() -> None:
    problem = _problems(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 64, "simpul.xls")[0]
    assert problem.startswith("Berkas 'simpul.xls' tidak dapat dibaca sebagai Excel .xls")


FIXTURES = Path(__file__).parents[1] / "fixtures" / "tables"


def test_it_reads_a_cp1252_csv_with_semicolons_and_a_title_as_excel_saves_it() -> None:
    nodes = read_fiber_nodes((FIXTURES / "simpul_cp1252_semicolon.csv").read_bytes(), "simpul.csv")
    assert [(n.row, n.name, n.lat, n.lng, n.operator) for n in nodes] == [
        (4, "Simpul Tanjung Selor", 2.8375, 117.3653, "PT Contoh"),
        (5, "Simpul Sekatak", 3.1442, 117.0271, "PT Contoh"),
        (6, "Simpul Peso", 2.9032, 116.9871, "Telkom"),
    ]


@pytest.mark.parametrize("suffix", ["ods", "xls"])
def test_it_reads_facility_counts_from_ods_and_xls_saved_by_libreoffice(suffix: str) -> None:
    data = (FIXTURES / f"fasilitas_desa.{suffix}").read_bytes()
    [row] = read_facility_counts(data, f"fasilitas.{suffix}")
    assert (row.row, row.code, row.schools, row.health_posts) == (3, DESA, 3, 1)


# --- the fiber layer in the app ----------------------------------------------------------------------------------


def _upload(client: Any, url: str, data: bytes, name: str, **fields: str) -> Any:
    return client.post(url, {**fields, "file": SimpleUploadedFile(name, data, "text/csv")}, follow=True)


GOOD_LAYER = b"nama;lat;lng;operator\nPOP Tanah Grogot;-1,9093;116,2052;Telkom\nPOP Long Ikis;-1,65;116,15;\n"


def test_the_province_imports_a_layer_that_replaces_the_previous_one_in_the_audit_trail(
    province_admin: Any,
) -> None:
    client = client_for(province_admin)
    _upload(client, "/rollout/fiber/unggah/", b"nama,lat,lng\nOld,-0.5,117.0\n", "old.csv", province="64")
    old = FiberNode.objects.get(name="Old")
    response = _upload(client, "/rollout/fiber/unggah/", GOOD_LAYER, "simpul.csv", province="64")
    assert response.status_code == 200
    assert sorted(FiberNode.objects.filter(region_id="64").values_list("name", flat=True)) == [
        "POP Long Ikis",
        "POP Tanah Grogot",
    ]
    deleted = FiberNode.history.filter(id=old.pk, history_type="-").get()
    assert deleted.history_change_reason == "replaced by import" and deleted.history_user == province_admin
    assert 'data-testid="fiber-nodes"' in response.content.decode()


def test_a_bad_layer_file_changes_nothing_and_the_page_names_row_and_column(province_admin: Any) -> None:
    client = client_for(province_admin)
    _upload(client, "/rollout/fiber/unggah/", GOOD_LAYER, "simpul.csv", province="64")
    before = list(FiberNode.objects.values_list("pk", flat=True))
    bad = b"nama;lat;lng\nPOP A;-1,5;116,5\nPOP B;x;116,6\n"
    page = _upload(client, "/rollout/fiber/unggah/", bad, "rusak.csv", province="64").content.decode()
    assert "Baris 3, kolom &#x27;lat&#x27;: &#x27;x&#x27; bukan angka." in page
    assert list(FiberNode.objects.values_list("pk", flat=True)) == before
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = _upload(client, "/rollout/fiber/unggah/", bad, "rusak.csv", province="64").content.decode()
    assert "Row 3, column &#x27;lat&#x27;: &#x27;x&#x27; is not a number." in page


def test_only_the_province_writes_its_layer_but_everyone_in_it_reads_it(
    operator: Any, province_viewer: Any, outsider: Any
) -> None:
    response = _upload(client_for(operator), "/rollout/fiber/unggah/", GOOD_LAYER, "s.csv", province="64")
    assert response.status_code == 403 and not FiberNode.objects.exists()
    page = client_for(province_viewer).get("/rollout/fiber/").content.decode()
    assert 'data-testid="fiber-upload"' not in page and 'data-testid="sample-badge"' in page
    assert client_for(outsider).post("/rollout/fiber/unggah/", {"province": "64"}).status_code == 404


def test_without_a_layer_the_download_is_the_sample_nodes_marked_as_such(province_viewer: Any) -> None:
    body = client_for(province_viewer).get("/rollout/fiber/unduh/").content.decode("utf-8-sig")
    lines = body.splitlines()
    assert lines[0] == "nama,lat,lng,operator,contoh"
    assert len(lines) > 100 and all(line.endswith(",CONTOH") for line in lines[1:])


def test_the_download_escapes_node_names_a_spreadsheet_would_run_as_formulas(province_admin: Any) -> None:
    client = client_for(province_admin)
    hostile = (
        b'nama,lat,lng,operator\n"=HYPERLINK(""http://x"",""a"")",-1.1,116.1,@cmd\n'
        b"=1+1,-1.2,116.2,+62\n-2+3,-1.3,116.3,Telkom\n"
    )
    assert _upload(client, "/rollout/fiber/unggah/", hostile, "jahat.csv", province="64").status_code == 200
    body = client.get("/rollout/fiber/unduh/").content.decode("utf-8-sig")
    rows = {row[0]: row for row in csv.reader(io.StringIO(body))}
    assert set(rows) == {"nama", "'-2+3", "'=1+1", '\'=HYPERLINK("http://x","a")'}
    assert rows['\'=HYPERLINK("http://x","a")'][3] == "'@cmd" and rows["'=1+1"][3] == "'+62"


def _scenario(**kwargs: Any) -> Scenario:
    scenario = services.scenario_create(
        actor=None,
        region=Region.objects.get(code=PASER),
        title="Paser",
        first_year=2026,
        year_count=3,
        province_budget_idr=2e9,
        regency_budget_idr=2e8,
        **kwargs,
    )
    scenario.time_limit_s = 0
    scenario.save()
    return scenario


def test_solving_uses_the_imported_layer_and_says_so(province_admin: Any, db: Any) -> None:
    scenario = _scenario()
    services.scenario_solve(scenario=scenario)
    scenario.refresh_from_db()
    assert scenario.result["inputs"]["fiber_layer"]["is_sample"] is True
    page = client_for(province_admin).get(f"/rollout/{scenario.pk}/").content.decode()
    assert '<dd data-testid="fiber-layer"><span class="badge sample">' in page
    inputs.fiber_layer_import(
        actor=province_admin, province=Region.objects.get(code="64"), data=GOOD_LAYER, file_name="simpul.csv"
    )
    services.scenario_solve(scenario=scenario)
    scenario.refresh_from_db()
    layer = scenario.result["inputs"]["fiber_layer"]
    assert (layer["source"], layer["nodes"], layer["file"]) == ("imported", 2, "simpul.csv")
    page = client_for(province_admin).get(f"/rollout/{scenario.pk}/").content.decode()
    assert "simpul.csv" in page and '<dd data-testid="fiber-layer"><span class="badge sample">' not in page


def test_a_far_away_layer_leaves_no_village_within_fiber_reach(province_admin: Any, db: Any) -> None:
    scenario = _scenario()
    villages = services.scenario_villages(scenario=scenario)
    sample = services.scenario_problem(scenario=scenario, villages=villages)
    assert any("fiber" in {o.tech for o in v.options} for v in sample.villages)
    far = b"nama;lat;lng\nPOP Merauke;-8,49;140,40\n"
    inputs.fiber_layer_import(
        actor=None, province=Region.objects.get(code="64"), data=far, file_name="far.csv"
    )
    imported = services.scenario_problem(scenario=scenario, villages=villages)
    assert not any("fiber" in {o.tech for o in v.options} for v in imported.villages)


# --- schools and health posts ------------------------------------------------------------------------------------


def test_an_operator_imports_counts_for_their_villages(operator: Any) -> None:
    data = f"kode_wilayah;nama;sekolah;faskes\n{DESA};{Region.objects.get(code=DESA).name};2;1\n".encode()
    response = _upload(client_for(operator), "/rollout/fasilitas/unggah/", data, "f.csv", region=PASER)
    assert response.status_code == 200
    record = VillageFacilities.objects.get(village_id=DESA)
    assert (record.schools, record.health_posts, record.is_sample) == (2, 1, False)
    assert record.history.count() == 1
    assert 'data-testid="facilities"' in response.content.decode()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("64.01.01.2999;;1;1", "Baris 3, kolom &#x27;kode_wilayah&#x27;: 64.01.01.2999 bukan desa/kelurahan"),
        (
            "64.02.01.2001;;1;1",
            "Baris 3, kolom &#x27;kode_wilayah&#x27;: 64.02.01.2001 tidak terletak di 64.01",
        ),
        (
            f"{OTHER_DESA};Bukan Ini;1;1",
            "Baris 3, kolom &#x27;nama&#x27;: &#x27;Bukan Ini&#x27; bukan nama desa",
        ),
        (
            f"{OTHER_DESA};;banyak;1",
            "Baris 3, kolom &#x27;sekolah&#x27;: &#x27;banyak&#x27; bukan bilangan bulat",
        ),
        (f"{DESA};;5;5", "Baris 3, kolom &#x27;kode_wilayah&#x27;: kode 64.01.01.2009 sudah ada di baris 2"),
    ],
)
def test_one_bad_row_saves_no_row_and_is_named(operator: Any, row: str, message: str) -> None:
    data = f"kode_wilayah;nama;sekolah;faskes\n{DESA};;2;1\n{row}\n".encode()
    page = _upload(client_for(operator), "/rollout/fasilitas/unggah/", data, "f.csv", region=PASER)
    assert message in page.content.decode()
    assert not VillageFacilities.objects.exists()


def test_a_neighbour_cannot_import_counts_for_another_regency(other_operator: Any) -> None:
    data = f"kode_wilayah;sekolah;faskes\n{DESA};2;1\n".encode()
    response = client_for(other_operator).post(
        "/rollout/fasilitas/unggah/", {"region": PASER, "file": SimpleUploadedFile("f.csv", data)}
    )
    assert response.status_code == 403 and not VillageFacilities.objects.exists()


def test_each_school_and_health_post_adds_the_bonus_to_the_village_weight(db: Any) -> None:
    VillageFacilities.objects.create(village_id=DESA, schools=2, health_posts=1)
    scenario = _scenario(bonus_per_facility=250.0)
    villages = services.scenario_villages(scenario=scenario)
    assert (villages[DESA]["schools"], villages[DESA]["health_posts"], villages[DESA]["facilities"]) == (
        2,
        1,
        3,
    )
    problem = services.scenario_problem(scenario=scenario, villages=villages)
    weights = {v.code: v.weight for v in problem.villages}
    assert weights[DESA] == villages[DESA]["population"] + 750
    assert weights[OTHER_DESA] == villages[OTHER_DESA]["population"]


def test_the_scenario_form_sets_the_bonus_and_the_export_shows_facilities(operator: Any) -> None:
    VillageFacilities.objects.create(village_id=DESA, schools=3, health_posts=2, is_sample=True)
    client = client_for(operator)
    form = client.get("/rollout/baru/").context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data |= {"region": PASER, "title": "Paser sekolah", "agreement": "", "bonus_per_facility": "5000"}
    assert client.post("/rollout/baru/", data).status_code == 302
    scenario = Scenario.objects.get(title="Paser sekolah")
    assert scenario.bonus_per_facility == 5000
    scenario.time_limit_s = 0
    scenario.save()
    services.scenario_solve(scenario=scenario)
    scenario.refresh_from_db()
    assert scenario.result["inputs"]["facilities_sample"] is True
    assert DESA in {a["code"] for a in scenario.result["assignments"]}
    book = load_workbook(BytesIO(client.get(f"/rollout/{scenario.pk}/ekspor/").content))
    rows = list(book["Rencana"].iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "Kode desa")
    assert header[-2:] == ("Sekolah", "Fasilitas kesehatan")
    row = next(r for r in rows if r[0] == DESA)
    assert row[-2:] == (3, 2)
    assert any(r[0] and str(r[0]).startswith("CONTOH: jumlah sekolah") for r in rows)


def test_the_api_lists_facility_counts_of_the_province_narrowed_by_region(
    operator: Any, outsider: Any
) -> None:
    VillageFacilities.objects.create(village_id=DESA, schools=2, health_posts=1, source="survei")
    VillageFacilities.objects.create(village_id="64.02.01.2001", schools=1, health_posts=0)
    rows = client_for(operator).get("/api/v1/rollout/facilities/?region=64.01").json()["results"]
    assert [(r["village"], r["schools"], r["health_posts"]) for r in rows] == [(DESA, 2, 1)]
    assert len(client_for(operator).get("/api/v1/rollout/facilities/").json()["results"]) == 2
    assert client_for(outsider).get("/api/v1/rollout/facilities/").json()["results"] == []
    assert client_for(outsider).get(f"/api/v1/rollout/facilities/{DESA}/").status_code == 404


def test_the_api_lists_the_imported_fiber_layer_to_the_province_only(
    province_admin: Any, regency_viewer: Any, outsider: Any
) -> None:
    data = b"nama;lat;lng\nPOP Tanah Grogot;-1,91;116,19\n"
    _upload(client_for(province_admin), "/rollout/fiber/unggah/", data, "fiber.csv", province="64")
    rows = client_for(regency_viewer).get("/api/v1/rollout/fiber-nodes/").json()["results"]
    assert [(r["name"], r["region"], r["is_sample"]) for r in rows] == [("POP Tanah Grogot", "64", False)]
    assert client_for(outsider).get("/api/v1/rollout/fiber-nodes/").json()["results"] == []
