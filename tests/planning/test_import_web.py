"""An operator imports the plans workbook through the web: a preview first, all or nothing, clear errors in
Indonesian (English on request) naming sheet, row and column, never a 500 and never a changed database."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl.worksheet.worksheet import Worksheet

from selaras.planning.models import Indicator, PlanElement
from selaras.planning.selectors import supported_indicator
from tests.conftest import client_for
from tests.planning.helpers import commit, make_book, make_plan, paser_row, upload


def _counts() -> tuple[int, int, int, int]:
    return (
        Indicator.objects.count(),
        PlanElement.objects.count(),
        Indicator.history.count(),
        PlanElement.history.count(),
    )


def test_a_good_file_shows_a_preview_and_saves_only_on_commit(operator: Any) -> None:
    plan = make_plan()
    client = client_for(operator)
    response = upload(
        client, plan, make_book([paser_row(), paser_row(id="PSR-P03-2", indikator="Indeks KAMI")])
    )
    assert response.status_code == 200
    assert response.context["counts"] == {"new": 2, "changed": 0, "unchanged": 0, "elements": 1, "removed": 0}
    assert Indicator.objects.count() == 0
    saved = commit(client, plan, response)
    assert saved.status_code == 302
    assert sorted(Indicator.objects.values_list("key", flat=True)) == ["PSR-P03-1", "PSR-P03-2"]
    assert Indicator.history.filter(history_user=operator).count() == 2
    element = PlanElement.objects.get()
    assert element.pagu_by_year == {"2025": "1500000000", "2026": "1750000000"}


def test_reimporting_the_same_id_updates_and_never_duplicates(operator: Any) -> None:
    plan = make_plan()
    client = client_for(operator)
    commit(client, plan, upload(client, plan, make_book([paser_row()])))
    response = upload(client, plan, make_book([paser_row(target_2026="3,25")]))
    assert response.context["counts"]["changed"] == 1
    assert response.context["shown_changes"][0].fields == ("targets_by_year",)
    commit(client, plan, response)
    indicator = Indicator.objects.get()
    assert indicator.targets_by_year == {"2025": "2.8", "2026": "3.25"}


def test_an_operator_cannot_import_rows_of_another_regency(operator: Any) -> None:
    plan = make_plan()
    before = _counts()
    response = upload(client_for(operator), plan, make_book([paser_row(kode_wilayah="64.02")]))
    text = response.content.decode()
    assert "Anda tidak boleh mengimpor baris wilayah &#x27;64.02&#x27;" in text
    assert "Lembar &#x27;Program&#x27;, baris 2, kolom kode_wilayah" in text
    assert "token" not in response.context
    assert _counts() == before


def _merged(sheet: Worksheet) -> None:
    sheet.merge_cells("D2:D3")


def _formula(sheet: Worksheet) -> None:
    sheet["J2"] = "=1+1"


def _hidden(sheet: Worksheet) -> None:
    sheet.sheet_state = "hidden"
    sheet.parent.create_sheet("Lain")


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 60_000_000)
    return buffer.getvalue()


BAD_FILES = {
    "wrong header": (
        make_book([paser_row()], headers=("id", "kode", "nama")),
        "Kolom &#x27;kode_wilayah&#x27; tidak ada",
    ),
    "merged cells": (make_book([paser_row(), paser_row(id="B")], tweak=_merged), "digabung (merge)"),
    "hidden sheet": (make_book([paser_row()], tweak=_hidden), "tersembunyi"),
    "formula": (make_book([paser_row()], tweak=_formula), "rumus tidak diterima"),
    # A kegiatan row: a program row without an indicator is only a warning (issue 11).
    "empty required cell": (
        make_book([paser_row(kode="2.16.03.2.02", indikator="")]),
        "kolom indikator: Wajib diisi.",
    ),
    "unknown region": (make_book([paser_row(kode_wilayah="64.99")]), "tidak dikenal"),
    "duplicate ids": (make_book([paser_row(), paser_row()]), "sudah dipakai di baris 2"),
    "cycle": (
        make_book([paser_row(id="A", mendukung="B"), paser_row(id="B", mendukung="A")]),
        "membentuk lingkaran",
    ),
    "text in a number cell": (make_book([paser_row(target_2025="tinggi")]), "bukan angka"),
    "English number format": (make_book([paser_row(pagu_2025="1,500,000")]), "format Inggris"),
    "not an xlsx": (b"id,kode\n1,2\n", "bukan tabel yang dapat dibaca"),
    # .xls is read now (official tables come as .xls too): a damaged or locked one is to be saved again.
    "old xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "simpan ulang"),
    "zip bomb": (_zip_bomb(), "ditolak demi keamanan"),
    "empty file": (b"", "Berkas kosong"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_input_gets_a_clear_message_and_changes_nothing(operator: Any, case: str) -> None:
    plan = make_plan()
    client = client_for(operator)
    commit(client, plan, upload(client, plan, make_book([paser_row(id="KEEP")])))
    before = _counts()
    data, message = BAD_FILES[case]
    response = upload(client, plan, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "token" not in response.context
    assert _counts() == before


def test_an_oversized_upload_is_refused_before_reading(operator: Any, settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = 1000
    plan = make_plan()
    response = upload(client_for(operator), plan, b"x" * 2000)
    assert "terlalu besar" in response.content.decode()
    assert Indicator.objects.count() == 0


def test_errors_follow_the_chosen_language(operator: Any) -> None:
    plan = make_plan()
    client = client_for(operator)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = upload(client, plan, make_book([paser_row(kode="2.16.03.2.02", indikator="")]))
    assert "Sheet &#x27;Program&#x27;, row 2, column indikator: Required." in response.content.decode()


def test_a_tampered_preview_token_is_refused(operator: Any) -> None:
    plan = make_plan()
    response = client_for(operator).post(f"/rencana/{plan.pk}/impor/", {"token": "../../etc/passwd"})
    assert response.status_code == 200
    assert response.context["problems"]
    assert Indicator.objects.count() == 0


def test_a_locked_plan_refuses_imports(operator: Any) -> None:
    plan = make_plan(status="approved")
    response = upload(client_for(operator), plan, make_book([paser_row()]))
    assert "sudah disetujui" in response.content.decode()
    assert Indicator.objects.count() == 0


def test_a_row_may_support_a_row_of_the_provinces_submitted_plan(operator: Any, province_admin: Any) -> None:
    province_plan = make_plan("64")
    admin = client_for(province_admin)
    commit(
        admin,
        province_plan,
        upload(admin, province_plan, make_book([paser_row(id="KTM-1", kode_wilayah="64")])),
    )
    province_plan.status = "submitted"
    province_plan.save()
    plan = make_plan()
    client = client_for(operator)
    commit(client, plan, upload(client, plan, make_book([paser_row(mendukung="KTM-1")])))
    own = Indicator.objects.get(key="PSR-P03-1")
    assert supported_indicator(indicator=own, user=operator) == Indicator.objects.get(key="KTM-1")
    assert "KTM-1 (64)" in client.get(f"/rencana/{plan.pk}/").content.decode()


def test_an_id_of_the_provinces_plan_cannot_be_reused(operator: Any, province_admin: Any) -> None:
    province_plan = make_plan("64", status="approved")
    province_plan.status = "draft"
    province_plan.save()
    admin = client_for(province_admin)
    commit(
        admin,
        province_plan,
        upload(admin, province_plan, make_book([paser_row(id="KTM-1", kode_wilayah="64")])),
    )
    province_plan.status = "approved"
    province_plan.save()
    plan = make_plan()
    response = upload(client_for(operator), plan, make_book([paser_row(id="KTM-1")]))
    assert "sudah dipakai oleh rencana wilayah 64" in response.content.decode()


def test_a_file_can_replace_the_plan_removing_rows_it_leaves_out(operator: Any) -> None:
    plan = make_plan()
    client = client_for(operator)
    commit(client, plan, upload(client, plan, make_book([paser_row(), paser_row(id="TYPO", kode="2.16.02")])))
    response = client.post(
        f"/rencana/{plan.pk}/impor/",
        {"file": SimpleUploadedFile("r.xlsx", make_book([paser_row()])), "remove_missing": "on"},
    )
    assert response.context["counts"]["removed"] == 1
    assert "TYPO" in response.content.decode()
    assert Indicator.objects.count() == 2
    client.post(f"/rencana/{plan.pk}/impor/", {"token": response.context["token"], "remove_missing": "1"})
    assert list(Indicator.objects.values_list("key", flat=True)) == ["PSR-P03-1"]
    assert list(PlanElement.objects.values_list("kode", flat=True)) == ["2.16.03"]
    assert Indicator.history.filter(history_type="-", key="TYPO", history_user=operator).exists()


def test_without_replacing_rows_the_file_leaves_out_are_kept(operator: Any) -> None:
    plan = make_plan()
    client = client_for(operator)
    commit(client, plan, upload(client, plan, make_book([paser_row(), paser_row(id="OTHER")])))
    response = upload(client, plan, make_book([paser_row()]))
    assert "nothing-changes" in response.content.decode()
    assert Indicator.objects.count() == 2
