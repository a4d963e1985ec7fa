"""The nomenclature master: the shipped partial seed, official lists loaded over it, retired codes flagged
without breaking the plans that use them."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from selaras.core.plans.nomenclature import read_nomenclature_list
from selaras.planning import selectors, services
from selaras.planning.models import Nomenclature, NomenclatureVersion, PlanElement
from tests.conftest import client_for
from tests.planning.helpers import make_book, make_plan, paser_row, upload

NEW_LIST = (
    b"kode;nama\n"
    b"2.16.03;PROGRAM APLIKASI INFORMATIKA\n"
    b"2.16.03.2.02;Pengelolaan e-Government\n"
    b"2.16.03.2.02.0099;Sub kegiatan baru\n"
)


def test_the_partial_seed_is_shipped_and_labelled_partial(operator: Any) -> None:
    assert Nomenclature.objects.count() == 66
    assert NomenclatureVersion.objects.get().is_partial
    page = client_for(operator).get("/rencana/nomenklatur/").content.decode()
    assert "PARSIAL" in page


def test_a_new_list_adds_codes_and_retires_missing_ones_of_its_urusan(db: Any) -> None:
    entries, errors = read_nomenclature_list(NEW_LIST, file_name="daftar.csv")
    assert errors == []
    report = services.nomenclature_load(
        entries=entries, decree="Kepmendagri 900.1-2850/2025", user=services.SYSTEM
    )
    assert report.added == 1
    assert Nomenclature.objects.get(code="2.16.03.2.02.0024").retired_at is not None
    assert Nomenclature.objects.get(code="2.20.02").retired_at is None  # not in the list's urusan
    assert Nomenclature.objects.get(code="2.16.03.2.02.0099").tier == "kabupaten/kota"


def test_a_plan_using_a_retired_code_keeps_working_and_shows_the_flag(operator: Any) -> None:
    plan = make_plan()
    PlanElement.objects.create(
        plan=plan, region_id="64.01", kode="2.16.03.2.02.0024", level="sub_kegiatan", uraian="x"
    )
    entries, _ = read_nomenclature_list(NEW_LIST)
    services.nomenclature_load(entries=entries, decree="Kepmendagri baru", user=services.SYSTEM)
    [view] = selectors.plan_tree(plan=plan, user=operator)
    assert view.retired
    assert "kode dihentikan" in client_for(operator).get(f"/rencana/{plan.pk}/").content.decode()


def test_a_bad_list_names_row_and_column_and_loads_nothing(superuser: Any) -> None:
    bad = b"code,name\n2.16.03,Program\n2.99.01,Salah\n2.16.03,Lagi\n"
    response = client_for(superuser).post(
        "/rencana/nomenklatur/muat/", {"decree": "X", "file": SimpleUploadedFile("l.csv", bad)}
    )
    text = response.content.decode()
    assert "Baris 3, kolom code: Kode &#x27;2.99.01&#x27; tidak sah" in text
    assert "sudah ada di baris 2" in text
    assert NomenclatureVersion.objects.count() == 1


def test_only_a_superuser_loads_official_lists(province_admin: Any, superuser: Any) -> None:
    assert client_for(province_admin).get("/rencana/nomenklatur/muat/").status_code == 403
    response = client_for(superuser).post(
        "/rencana/nomenklatur/muat/", {"decree": "Kepmendagri", "file": SimpleUploadedFile("l.csv", NEW_LIST)}
    )
    assert response.status_code == 302
    assert NomenclatureVersion.objects.count() == 2


def test_the_import_preview_warns_about_retired_codes(operator: Any) -> None:
    entries, _ = read_nomenclature_list(NEW_LIST)
    services.nomenclature_load(entries=entries, decree="Kepmendagri baru", user=services.SYSTEM)
    plan = make_plan()
    row = paser_row(kode="2.16.03.2.02.0024", uraian="Jaringan intra")
    response = upload(client_for(operator), plan, make_book([row]))
    assert response.context["check"].retired_codes == ("2.16.03.2.02.0024",)
    assert "token" in response.context  # a warning, not an error: the plan may still use the code
