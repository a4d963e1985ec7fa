"""A field survey laid out by a regency office (its own headers, title rows, a "Status Sinyal" column mixing
signal and technology): the preview offers to map the unfamiliar column, shows what each value means, lets the
operator change a meaning, remembers both for the region's next file (not for another region's), and saving
creates the right records, all or nothing."""

import html
import io
import re
import time
import zipfile
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from selaras.connectivity.models import (
    AccessPoint,
    ImportState,
    SignalObservation,
    SurveyColumnMapping,
    SurveyImport,
    SurveyValueMapping,
)
from tests.conftest import client_for

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
KUKAR = "survei-sinyal-kukar"


def _upload(client: Any, name: str, region: str = "64.02", data: bytes | None = None) -> Any:
    """Upload a file of tests/fixtures (or `data` under that name)."""
    return client.post(
        "/konektivitas/impor/unggah/",
        {
            "region": region,
            "source": "Survei lapangan Diskominfo",
            "observed_on": "2026-10-15",
            "file": SimpleUploadedFile(name, data if data is not None else (FIXTURES / name).read_bytes()),
        },
    )


def _map(client: Any, survey: SurveyImport, choices: dict[str, str]) -> str:
    response = client.post(f"/konektivitas/impor/{survey.pk}/pemetaan/", choices, follow=True)
    return html.unescape(response.content.decode())


def _latest() -> SurveyImport:
    survey = SurveyImport.objects.order_by("-pk").first()
    assert survey is not None
    return survey


def _mapped_and_confirmed(client: Any) -> SurveyImport:
    _upload(client, f"{KUKAR}.csv")
    survey = _latest()
    _map(client, survey, {"col.statussinyal": "signal", "col.no": "-"})
    _map(client, survey, {"val.signal.sinyallemah": "signal=2g"})
    survey.refresh_from_db()
    return survey


def test_an_unfamiliar_column_is_offered_for_mapping_before_anything_is_matched(other_operator: Any) -> None:
    client = client_for(other_operator)
    response = _upload(client, f"{KUKAR}.csv")
    survey = _latest()
    assert response["Location"] == f"/konektivitas/impor/{survey.pk}/"
    assert survey.state == ImportState.PREVIEW
    assert not survey.rows.exists() and not SignalObservation.objects.exists()
    page = client.get(f"/konektivitas/impor/{survey.pk}/").content.decode()
    assert 'data-column="Status Sinyal" data-origin="unknown"' in page
    assert 'data-column="No" data-origin="ignored"' in page
    assert 'data-column="Keterangan" data-origin="default"' in page
    assert 'name="col.statussinyal"' in page
    assert 'data-testid="commit"' not in page  # nothing can be saved from the preview


def test_mapping_the_column_shows_its_values_normalised_and_asks_for_the_unknown_one(
    other_operator: Any,
) -> None:
    client = client_for(other_operator)
    _upload(client, f"{KUKAR}.csv")
    survey = _latest()
    page = _map(client, survey, {"col.statussinyal": "signal"})
    assert "Pilih arti 1 nilai yang belum dikenali: 'Sinyal lemah'" in page
    survey.refresh_from_db()
    assert survey.state == ImportState.PREVIEW
    assert 'data-value="Sinyal lemah" data-origin="unknown" class="open"' in page
    for typed, meaning in [
        ("Internet desa (VSAT)", "technology=vsat,status=live"),
        ("Fiber", "technology=fiber,status=live"),
        ("FO", "technology=fiber,status=live"),
        ("Ada sinyal 4G", "signal=4g"),
        ("Blank Spot", "signal=none"),
        ("Tidak ada sinyal", "signal=none"),
    ]:
        row = page.split(f'data-value="{typed}"', 1)[1].split("</tr>", 1)[0]
        assert f'<option value="{meaning}" selected>' in row, typed
    assert SurveyColumnMapping.objects.get(region_id="64.02").field == "signal"


def test_confirmed_values_are_matched_and_saving_creates_the_records(other_operator: Any) -> None:
    client = client_for(other_operator)
    survey = _mapped_and_confirmed(client)
    assert survey.state == ImportState.REVIEW
    values = {r.village_text: r.values for r in survey.rows.all()}
    assert values["Perian"] == {"technology": "vsat", "status": "live", "note": "Terpasang Agustus"}
    assert values["Bukit Layang"] == {"signal": "2g", "note": "hanya di bukit"}
    assert all(r.match_status == "exact" for r in survey.rows.all())
    client.post(f"/konektivitas/impor/{survey.pk}/simpan/")
    assert _latest().state == ImportState.COMMITTED
    signals = dict(SignalObservation.objects.values_list("region_id", "signal"))
    assert signals == {
        "64.02.05.2003": "4g",  # Muara Badak Ulu: "Ada sinyal 4G"
        "64.02.06.2012": "none",  # Rapak Lambur: "Blank Spot"
        "64.02.10.2011": "2g",  # Bukit Layang: "Sinyal lemah", as the operator said
        "64.02.12.2003": "none",  # Muara Ritan: "Tidak ada sinyal"
    }
    points = {ap.region_id: (ap.technology, ap.status) for ap in AccessPoint.objects.all()}
    assert points == {
        "64.02.01.2001": ("vsat", "live"),  # Perian: "Internet desa (VSAT)"
        "64.02.02.2011": ("fiber", "live"),  # Jembayan Tengah: "Fiber"
        "64.02.08.2018": ("fiber", "live"),  # Kota Bangun Seberang: "FO"
    }


def test_the_choices_are_remembered_for_the_regions_next_file_and_audited(other_operator: Any) -> None:
    client = client_for(other_operator)
    _mapped_and_confirmed(client)
    _upload(client, f"{KUKAR}.xlsx")  # the same office's next file, saved from Excel this time
    survey = _latest()
    assert survey.state == ImportState.REVIEW
    assert {r.village_text: r.values.get("signal") for r in survey.rows.all()}["Bukit Layang"] == "2g"
    history = SurveyValueMapping.history.get(value="sinyallemah")
    assert history.history_user == other_operator
    assert history.history_change_reason == f"survey preview {KUKAR}.csv"


def test_another_regions_file_is_not_mapped_by_the_neighbours_choices(
    other_operator: Any, province_admin: Any
) -> None:
    _mapped_and_confirmed(client_for(other_operator))
    _upload(client_for(province_admin), "survei-sinyal-paser.csv", region="64.01")
    survey = _latest()
    assert survey.region_id == "64.01"
    assert survey.state == ImportState.PREVIEW
    assert not SurveyColumnMapping.objects.filter(region_id="64.01").exists()


def test_a_meaning_changed_in_the_review_rereads_the_rows_and_keeps_the_village_decisions(
    other_operator: Any,
) -> None:
    client = client_for(other_operator)
    survey = _mapped_and_confirmed(client)
    row = survey.rows.get(village_text="Muara Badak Ulu")
    client.post(f"/konektivitas/impor/{survey.pk}/baris/{row.pk}/", {"decision": "skip"})
    page = _map(client, survey, {"val.signal.fiber": "technology=radio,status=live"})
    assert 'data-value="Fiber" data-origin="region"' in page
    survey.refresh_from_db()
    assert survey.state == ImportState.REVIEW
    rows = {r.village_text: r for r in survey.rows.all()}
    assert rows["Jembayan Tengah"].values == {"technology": "radio", "status": "live"}
    assert rows["Kota Bangun Seberang"].values == {"technology": "fiber", "status": "live"}  # "FO" unchanged
    assert rows["Muara Badak Ulu"].skipped


def test_a_mapping_that_makes_a_cell_unreadable_is_refused_whole_and_not_remembered(
    other_operator: Any,
) -> None:
    client = client_for(other_operator)
    _upload(client, f"{KUKAR}.csv")
    survey = _latest()
    page = _map(
        client,
        survey,
        {"col.statussinyal": "signal", "val.signal.sinyallemah": "signal=2g", "col.keterangan": "since"},
    )
    assert "Baris 5, kolom 'Keterangan': 'Terpasang Agustus' bukan tanggal" in page
    survey.refresh_from_db()
    assert survey.state == ImportState.PREVIEW and not survey.rows.exists()
    assert not SurveyColumnMapping.objects.exists() and not SurveyValueMapping.objects.exists()
    assert not SignalObservation.objects.exists()


def test_a_choice_that_is_not_offered_is_refused_without_an_error_page(other_operator: Any) -> None:
    client = client_for(other_operator)
    _upload(client, f"{KUKAR}.csv")
    survey = _latest()
    page = _map(client, survey, {"col.statussinyal": "password"})
    assert "Pilihan 'password' untuk 'Status Sinyal' tidak dikenal." in page
    page = _map(client, survey, {"col.statussinyal": "signal", "val.signal.fiber": "signal=6g"})
    assert "Pilihan 'signal=6g' untuk 'Fiber' tidak dikenal." in page
    assert not SurveyColumnMapping.objects.exists()


def test_an_operator_of_another_regency_cannot_change_the_mapping(other_operator: Any, operator: Any) -> None:
    _upload(client_for(other_operator), f"{KUKAR}.csv")
    survey = _latest()
    response = client_for(operator).post(
        f"/konektivitas/impor/{survey.pk}/pemetaan/", {"col.statussinyal": "signal"}
    )
    assert response.status_code == 404
    assert not SurveyColumnMapping.objects.exists()


def _with_sheet(transform: Any) -> bytes:
    """The office's .xlsx with its sheet rewritten by `transform`."""
    source = (FIXTURES / f"{KUKAR}.xlsx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = transform(data.decode()).encode()
            zout.writestr(item.filename, data)
    return out.getvalue()


def test_a_survey_spanning_a_million_empty_rows_is_refused_quickly_with_a_clear_message(
    other_operator: Any,
) -> None:
    # A stray blank cell a million rows down: the reader would allocate 6 million cells (a cell at XFD1048576
    # would abort the process). The file is 6 KB.
    def far_cell(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:F1000000"/>', xml)
        far = '<row r="1000000"><c r="F1000000" t="inlineStr"><is><t> </t></is></c></row>'
        return xml.replace("</sheetData>", far + "</sheetData>")

    data = _with_sheet(far_cell)
    started = time.perf_counter()
    response = _upload(client_for(other_operator), "survei.xlsx", data=data)
    elapsed = time.perf_counter() - started
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "membentang 1000000 baris x 6 kolom, tetapi hanya" in page
    assert "Hapus baris dan kolom kosong" in page
    assert elapsed < 10, elapsed  # the whole request on a shared machine; the guard itself takes milliseconds
    assert not SurveyImport.objects.exists()


def test_a_million_formatted_empty_rows_below_the_table_are_passed_over(other_operator: Any) -> None:
    def formatted_rows(xml: str) -> str:
        rows = "".join(f'<row r="{n}" s="1" customFormat="1"/>' for n in range(12, 1_000_012))
        return xml.replace("</sheetData>", rows + "</sheetData>")

    client = client_for(other_operator)
    _upload(client, "survei.xlsx", data=_with_sheet(formatted_rows))
    survey = _latest()
    assert survey.state == ImportState.PREVIEW
    assert survey.row_count == 7


def test_a_zip_bomb_is_refused_before_it_is_unpacked(other_operator: Any) -> None:
    def bomb(xml: str) -> str:
        return xml.replace("</sheetData>", "</sheetData>" + "<!--" + "0" * 60_000_000 + "-->")

    data = _with_sheet(bomb)
    started = time.perf_counter()
    response = _upload(client_for(other_operator), "survei.xlsx", data=data)
    page = html.unescape(response.content.decode())
    assert "Isi berkas terlalu besar setelah dibuka" in page
    assert time.perf_counter() - started < 10
    assert not SurveyImport.objects.exists()


def test_an_ods_survey_from_libreoffice_is_mapped_and_saved(province_admin: Any) -> None:
    client = client_for(province_admin)
    _upload(client, "survei-sinyal-paser.ods", region="64.01")
    survey = _latest()
    assert survey.state == ImportState.PREVIEW
    _map(client, survey, {"col.statussinyal": "signal", "val.signal.sinyallemah": "signal=3g"})
    survey.refresh_from_db()
    assert survey.state == ImportState.REVIEW
    client.post(f"/konektivitas/impor/{survey.pk}/simpan/")
    assert dict(SignalObservation.objects.values_list("region_id", "signal")) == {
        "64.01.02.2012": "4g",  # Lori: "Ada sinyal 4G"
        "64.01.03.2009": "none",  # Suliliran Baru: "Blank Spot"
        "64.01.05.2002": "3g",  # Lolo: "Sinyal lemah"
    }
    assert AccessPoint.objects.get().region_id == "64.01.01.2009"  # Samurangau: "Internet desa (VSAT)"
