"""The progress page, the village page with its history, the records an operator enters there, the exports
and the API, and the labelled sample scenario."""

import csv
import io
import json
from collections import Counter
from datetime import date
from typing import Any

from openpyxl import load_workbook

from selaras.connectivity import services
from selaras.connectivity.models import AccessPoint, Outage, SignalObservation
from selaras.connectivity.sample import REPORTED_AUG_2025, REPORTED_NOV_2025, ensure_sample
from selaras.connectivity.selectors import progress_for_province
from selaras.regions.models import Region
from tests.conftest import client_for
from tests.connectivity.points import SAMURANGAU
from tests.connectivity.points import live_point as _live_point


def test_the_sample_follows_the_reported_2025_counts_and_loads_once(db: Any) -> None:
    assert "802 of 841" in ensure_sample()
    assert ensure_sample() == ""
    province = Region.objects.get(code="64")
    _total, august = progress_for_province(province=province, today=date(2025, 8, 31))
    assert {r.code: r.latest.desa_live for r in august if r.code in REPORTED_AUG_2025} == REPORTED_AUG_2025
    _total, november = progress_for_province(province=province, today=date(2025, 11, 18))
    assert {r.code: r.latest.desa_live for r in november if r.code in REPORTED_NOV_2025} == REPORTED_NOV_2025
    total, _rows = progress_for_province(province=province, today=date(2026, 3, 1))
    by_year = {y.year: y for y in total.years}
    assert (by_year[2025].desa_live, by_year[2026].desa_live, total.desa_total) == (802, 802, 841)
    assert not AccessPoint.objects.filter(is_sample=False).exists()
    assert AccessPoint.objects.filter(is_sample=True, status="live").count() == 802


def test_pages_label_the_sample_as_sample(province_viewer: Any) -> None:
    ensure_sample()
    client = client_for(province_viewer)
    for url in ("/konektivitas/", "/konektivitas/peta/"):
        assert 'data-testid="sample-note"' in client.get(url).content.decode()
    exported = client.get("/konektivitas/ekspor/csv/").content.decode("utf-8-sig")
    assert "CONTOH" in exported


def test_the_village_page_shows_access_points_and_a_history_timeline(regency_viewer: Any) -> None:
    point = _live_point()
    services.access_point_status_set(access_point=point, status="down", effective_on=date(2025, 9, 1))
    page = client_for(regency_viewer).get(f"/konektivitas/desa/{SAMURANGAU}/").content.decode()
    assert 'data-testid="access-points"' in page
    assert page.count('<li><span class="when">') == 2
    assert 'data-testid="form-signal"' not in page  # viewers never write


def test_an_operator_records_a_signal_an_access_point_and_an_outage_on_the_village_page(
    operator: Any,
) -> None:
    client = client_for(operator)
    base = f"/konektivitas/desa/{SAMURANGAU}/catat"
    client.post(
        f"{base}/sinyal/", {"s-signal": "none", "s-observed_on": "2025-08-01", "s-source": "Kunjungan"}
    )
    client.post(
        f"{base}/titik/",
        {
            "p-facility": "school",
            "p-technology": "fwa_4g",
            "p-status": "installing",
            "p-status_since": "2025-08-02",
            "p-power": "grid",
        },
    )
    client.post(f"{base}/gangguan/", {"o-started_on": "2025-08-03", "o-cause": "Listrik padam"})
    assert SignalObservation.objects.get().signal == "none"
    assert AccessPoint.objects.get().status == "installing"
    assert Outage.objects.get().cause == "Listrik padam"


def test_a_bad_record_is_refused_with_a_message_and_saves_nothing(operator: Any) -> None:
    client = client_for(operator)
    response = client.post(
        f"/konektivitas/desa/{SAMURANGAU}/catat/sinyal/",
        {"s-signal": "4g", "s-observed_on": "2999-01-01", "s-source": "x"},
        follow=True,
    )
    assert "Tanggal tidak boleh di masa depan." in response.content.decode()
    assert not SignalObservation.objects.exists()


def test_the_exports_hold_the_current_status_of_every_village(province_viewer: Any) -> None:
    _live_point()
    client = client_for(province_viewer)
    rows = list(
        csv.DictReader(io.StringIO(client.get("/konektivitas/ekspor/csv/").content.decode("utf-8-sig")))
    )
    assert len(rows) == 1038
    assert Counter(r["status"] for r in rows)["live"] == 1
    assert next(r for r in rows if r["kode_wilayah"] == SAMURANGAU)["teknologi"] == "leo"
    book = load_workbook(io.BytesIO(client.get("/konektivitas/ekspor/xlsx/?kabupaten=64.01").content))
    assert book.active.max_row == 2 + 144
    geo = json.loads(client.get("/konektivitas/ekspor/geojson/?kabupaten=64.01").content)
    feature = next(f for f in geo["features"] if f["properties"]["kode_wilayah"] == SAMURANGAU)
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert feature["properties"]["status"] == "live"


def test_an_unknown_export_kind_is_not_found(province_viewer: Any) -> None:
    assert client_for(province_viewer).get("/konektivitas/ekspor/pdf/").status_code == 404


def test_the_api_gives_progress_village_status_and_access_points_of_the_callers_province(
    province_viewer: Any, outsider: Any
) -> None:
    point = _live_point()
    client = client_for(province_viewer)
    progress = client.get("/api/v1/connectivity/progress/").json()
    assert progress[0]["code"] == "64" and progress[0]["desa_total"] == 841
    village = client.get(f"/api/v1/connectivity/villages/{SAMURANGAU}/").json()
    assert village["status"] == "live"
    assert client.get(f"/api/v1/connectivity/access-points/{point.pk}/").json()["technology"] == "leo"
    assert client_for(outsider).get(f"/api/v1/connectivity/access-points/{point.pk}/").status_code == 404
    assert client_for(outsider).get("/api/v1/connectivity/access-points/").json()["results"] == []


def test_an_odd_regency_parameter_exports_the_whole_province_instead_of_failing(province_viewer: Any) -> None:
    response = client_for(province_viewer).get("/konektivitas/ekspor/csv/", {"kabupaten": "64.01\r\nX: y"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="konektivitas-64.csv"'


def test_the_pages_speak_english_on_request(province_viewer: Any) -> None:
    client = client_for(province_viewer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Connectivity map" in client.get("/konektivitas/peta/").content.decode()
    assert "Peta konektivitas" in client_for(province_viewer).get("/konektivitas/peta/").content.decode()
