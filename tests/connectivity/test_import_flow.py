"""A regency operator uploads a survey with messy names; the rows the matcher is unsure of wait for the
operator's decision; nothing reaches the village records until the whole import is saved."""

import html
import io
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from selaras.connectivity.models import (
    AccessPoint,
    ImportState,
    SignalObservation,
    StatusChange,
    SurveyImport,
    SurveyRow,
)
from selaras.connectivity.selectors import progress_for_province
from selaras.jobs.models import Job, JobStatus
from selaras.regions.models import Region
from tests.conftest import IMMEDIATE_TASKS, client_for
from tests.connectivity.conftest import survey_csv

KUKAR_SURVEY = survey_csv(
    [
        "Kukar;Muara Muntai;Ds. Perian;4G;aktif;4G",  # exact
        "Kab. Kutai Kartanegara;;Jantur Selatn;3G;;",  # a typo: fuzzy
        "Kukar;;SUMBER SARI;Tidak ada;rencana;Starlink",  # three villages of that name: ambiguous
        "Kukar;;Desa Entah Berantah;2G;;",  # no such village: unmatched
        "Paser;;Samurangau;4G;;",  # another regency's village: not the operator's to record
    ]
)


def _upload(client: Any, data: bytes, region: str = "64.02", name: str = "survei.csv") -> Any:
    return client.post(
        "/konektivitas/impor/unggah/",
        {
            "region": region,
            "source": "Survei Diskominfo Kukar",
            "observed_on": "2026-10-15",
            "file": SimpleUploadedFile(name, data, "text/csv"),
        },
    )


def _rows(survey: SurveyImport) -> dict[int, SurveyRow]:
    return {row.row_number: row for row in survey.rows.all()}


def test_an_upload_is_matched_within_the_operators_regency(other_operator: Any) -> None:
    response = _upload(client_for(other_operator), KUKAR_SURVEY)
    survey = SurveyImport.objects.get()
    assert response["Location"] == f"/konektivitas/impor/{survey.pk}/"
    rows = _rows(survey)
    assert (rows[2].match_status, rows[2].chosen_code) == ("exact", "64.02.01.2001")
    assert (rows[3].match_status, rows[3].suggested_code) == ("fuzzy", "64.02.01.2010")
    assert rows[4].match_status == "ambiguous"
    assert {c["code"] for c in rows[4].candidates} == {"64.02.02.2014", "64.02.07.2007", "64.02.19.2007"}
    assert rows[5].match_status == "unmatched"
    assert rows[6].match_status == "unmatched"
    assert "outside the import's region" in rows[6].notes[-1]["en"]
    assert not SignalObservation.objects.exists()


def test_saving_is_refused_while_a_row_is_undecided_and_nothing_is_saved(other_operator: Any) -> None:
    client = client_for(other_operator)
    _upload(client, KUKAR_SURVEY)
    survey = SurveyImport.objects.get()
    response = client.post(f"/konektivitas/impor/{survey.pk}/simpan/", follow=True)
    assert "4 baris belum diputuskan" in response.content.decode()
    assert not SignalObservation.objects.exists() and not AccessPoint.objects.exists()
    assert SurveyImport.objects.get().state == ImportState.REVIEW


def test_the_operator_resolves_the_unclear_rows_then_saves_everything_at_once(other_operator: Any) -> None:
    client = client_for(other_operator)
    _upload(client, KUKAR_SURVEY)
    survey = SurveyImport.objects.get()
    rows = _rows(survey)
    base = f"/konektivitas/impor/{survey.pk}/baris"
    client.post(f"{base}/{rows[3].pk}/", {"decision": "choose", "code": rows[3].suggested_code})
    client.post(f"{base}/{rows[4].pk}/", {"decision": "choose", "code": "64.02.07.2007"})
    refused = client.post(
        f"{base}/{rows[5].pk}/", {"decision": "choose", "other": "64.01.01.2009"}, follow=True
    )
    assert "bukan desa/kelurahan aktif di wilayah impor" in refused.content.decode()
    client.post(f"{base}/{rows[5].pk}/", {"decision": "skip"})
    client.post(f"{base}/{rows[6].pk}/", {"decision": "skip"})
    response = client.post(f"/konektivitas/impor/{survey.pk}/simpan/")
    assert response.status_code == 302
    assert SurveyImport.objects.get().state == ImportState.COMMITTED
    signals = dict(SignalObservation.objects.values_list("region_id", "signal"))
    assert signals == {"64.02.01.2001": "4g", "64.02.01.2010": "3g", "64.02.07.2007": "none"}
    points = {ap.region_id: (ap.technology, ap.status) for ap in AccessPoint.objects.all()}
    assert points == {"64.02.01.2001": ("fwa_4g", "live"), "64.02.07.2007": ("leo", "planned")}
    assert StatusChange.objects.count() == 2
    # Every saved record is in the audit trail, under the operator's name.
    assert SignalObservation.history.filter(history_user=other_operator).count() == 3
    assert AccessPoint.history.filter(history_user=other_operator).count() == 2


def test_a_saved_survey_moves_the_progress_table(other_operator: Any) -> None:
    client = client_for(other_operator)
    _upload(client, survey_csv(["Kukar;Muara Muntai;Perian;4G;aktif;fiber"]))
    client.post(f"/konektivitas/impor/{SurveyImport.objects.get().pk}/simpan/")
    total, rows = progress_for_province(province=Region.objects.get(code="64"), today=date(2026, 11, 1))
    kukar = next(r for r in rows if r.code == "64.02")
    assert kukar.latest.desa_live == 1
    assert total.latest.desa_live == 1
    page = client.get("/konektivitas/").content.decode()
    assert 'data-testid="live-64.02-2026">1 ' in page


def test_a_later_survey_changes_the_status_of_the_same_access_point(other_operator: Any) -> None:
    client = client_for(other_operator)
    for status in ("aktif", "mati"):
        _upload(client, survey_csv([f"Kukar;Muara Muntai;Perian;4G;{status};4G"]))
        client.post(f"/konektivitas/impor/{SurveyImport.objects.order_by('-pk').first().pk}/simpan/")
    point = AccessPoint.objects.get()
    assert point.status == "down"
    assert list(point.changes.values_list("status", flat=True)) == ["live", "down"]


def test_a_file_with_a_bad_cell_is_refused_whole_naming_row_and_column(other_operator: Any) -> None:
    data = survey_csv(
        ["Kukar;Muara Muntai;Perian;4G;31/08/2025", "Kukar;;Jantur;3G;kemarin"],
        header="Kab/Kota;Kecamatan;Desa;Sinyal;Tanggal",
    )
    response = _upload(client_for(other_operator), data)
    assert response.status_code == 200
    assert "Baris 3, kolom 'Tanggal': 'kemarin' bukan tanggal" in html.unescape(response.content.decode())
    assert not SurveyImport.objects.exists() and not SurveyRow.objects.exists()


def test_a_value_nobody_knows_waits_in_the_preview_instead_of_being_dropped(other_operator: Any) -> None:
    data = survey_csv(["Kukar;Muara Muntai;Perian;4G;aktif;4G", "Kukar;;Jantur;kencang;;"])
    client = client_for(other_operator)
    _upload(client, data)
    survey = SurveyImport.objects.get()
    assert survey.state == ImportState.PREVIEW and not SurveyRow.objects.exists()
    page = client.get(f"/konektivitas/impor/{survey.pk}/").content.decode()
    assert 'data-value="kencang" data-origin="unknown" class="open"' in page


def test_the_refusal_follows_the_chosen_language(other_operator: Any) -> None:
    client = client_for(other_operator)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = _upload(client, b"Nama;Sinyal\nPerian;4G\n")
    assert "no village name column" in response.content.decode()


def test_a_file_that_is_not_a_survey_is_refused_without_an_error_page(other_operator: Any) -> None:
    response = _upload(client_for(other_operator), b"\x00\x01garbage", name="survei.xlsx")
    assert response.status_code == 200
    assert "bukan tabel yang dapat dibaca" in response.content.decode()


def test_an_operator_cannot_import_for_a_neighbouring_regency(operator: Any) -> None:
    assert _upload(client_for(operator), KUKAR_SURVEY).status_code == 403
    assert not SurveyImport.objects.exists()


def test_a_large_survey_is_matched_by_a_background_job(
    other_operator: Any,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    # The task runs on django-tasks' ImmediateBackend inside the test's transaction (the database worker closes
    # its connection, which a test transaction on PostgreSQL cannot survive); the real worker that
    # `selaras start` runs carries a large upload in tests/browser/test_connectivity.py.
    settings.TASKS = IMMEDIATE_TASKS
    settings.IMPORT_INLINE_MAX_ROWS = 2
    client = client_for(other_operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, KUKAR_SURVEY)
    survey = SurveyImport.objects.get()
    assert response["Location"] == f"/konektivitas/impor/{survey.pk}/"
    assert survey.job is not None and survey.job.kind == "connectivity_survey_match"
    assert survey.job.status == JobStatus.DONE, survey.job.error
    assert survey.state == ImportState.REVIEW
    assert survey.rows.count() == 5


def test_the_page_of_an_import_still_matching_follows_its_job(other_operator: Any) -> None:
    job = Job.objects.create(kind="connectivity_survey_match", title="t", region_id="64.02")
    survey = SurveyImport.objects.create(
        region_id="64.02",
        file_name="besar.csv",
        stored_name="x.csv",
        source="s",
        observed_on=date(2026, 1, 1),
        state=ImportState.MATCHING,
        job=job,
    )
    page = client_for(other_operator).get(f"/konektivitas/impor/{survey.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page and 'data-testid="job-status"' in page


def test_accepting_every_suggestion_decides_the_fuzzy_rows_only(other_operator: Any) -> None:
    client = client_for(other_operator)
    _upload(client, KUKAR_SURVEY)
    survey = SurveyImport.objects.get()
    client.post(f"/konektivitas/impor/{survey.pk}/terima-saran/")
    decided = {r.row_number: r.chosen_code for r in survey.rows.all()}
    assert decided[3] == "64.02.01.2010"
    assert decided[4] == ""


def test_an_xlsx_survey_with_title_rows_is_read_like_a_csv(other_operator: Any) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["REKAP SURVEI KONEKTIVITAS DESA 2026"])
    sheet.append(["No", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan", "Sinyal", "Tanggal"])
    sheet.append([1, "Kutai Kartanegara", "Muara Muntai", "Perian", "3G", date(2026, 9, 30)])
    buffer = io.BytesIO()
    book.save(buffer)
    client = client_for(other_operator)
    _upload(client, buffer.getvalue(), name="survei.xlsx")
    survey = SurveyImport.objects.get()
    row = survey.rows.get()
    assert (row.row_number, row.match_status, row.values) == (
        3,
        "exact",
        {"signal": "3g", "since": "2026-09-30"},
    )
    client.post(f"/konektivitas/impor/{survey.pk}/simpan/")
    assert SignalObservation.objects.get().observed_on == date(2026, 9, 30)


def test_the_review_page_lists_the_rows_to_decide_and_htmx_answers_with_the_row(other_operator: Any) -> None:
    client = client_for(other_operator)
    _upload(client, KUKAR_SURVEY)
    survey = SurveyImport.objects.get()
    page = client.get(f"/konektivitas/impor/{survey.pk}/").content.decode()
    assert page.count('data-testid="review-row"') == 4
    row = _rows(survey)[4]
    fragment = client.post(
        f"/konektivitas/impor/{survey.pk}/baris/{row.pk}/",
        {"decision": "choose", "code": "64.02.19.2007"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert fragment.lstrip().startswith("<tr") and "✓ 64.02.19.2007" in fragment
    assert '<strong id="undecided-count" hx-swap-oob="true">3</strong>' in fragment
    assert page.count('id="undecided-count"') == 1


def test_a_saved_import_cannot_be_changed_or_saved_again(other_operator: Any) -> None:
    client = client_for(other_operator)
    _upload(client, survey_csv(["Kukar;Muara Muntai;Perian;4G;aktif;4G"]))
    survey = SurveyImport.objects.get()
    client.post(f"/konektivitas/impor/{survey.pk}/simpan/")
    again = client.post(f"/konektivitas/impor/{survey.pk}/simpan/", follow=True)
    assert "tidak sedang menunggu pemeriksaan" in again.content.decode()
    assert SignalObservation.objects.count() == 1


def test_the_province_imports_a_survey_of_several_regencies_named_in_local_use(province_admin: Any) -> None:
    data = survey_csv(
        ["Kukar;Muara Muntai;Perian;4G;;", "PPU;;Sotek;3G;;", "Kab. Paser;Batu Sopang;Samurangau;2G;;"]
    )
    client = client_for(province_admin)
    _upload(client, data, region="64")
    survey = SurveyImport.objects.get()
    assert [r.chosen_code for r in survey.rows.all()] == ["64.02.01.2001", "64.09.01.1014", "64.01.01.2009"]


def test_the_candidates_of_an_ambiguous_row_show_what_tells_them_apart(other_operator: Any) -> None:
    from selaras.regions.models import Region

    client = client_for(other_operator)
    _upload(client, KUKAR_SURVEY)
    survey = SurveyImport.objects.get()
    page = client.get(f"/konektivitas/impor/{survey.pk}/").content.decode()
    ambiguous = page.split('data-status="ambiguous"', 1)[1].split("</tr>", 1)[0]
    for code in ("64.02.02", "64.02.07", "64.02.19"):
        assert Region.objects.get(code=code).name in ambiguous  # its district, by name
    assert "Kabupaten Kutai Kartanegara" in ambiguous
    assert "lebih dari satu kemungkinan" in ambiguous
    assert ">ambiguous<" not in page and " fuzzy, " not in page
