"""One row limit for every import (settings.IMPORT_MAX_ROWS through the upload module): a file past it is
refused naming the first row past the limit, and nothing is kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from selaras.connectivity.models import SurveyImport
from selaras.core.tables import FileLimits, TableError, read_grids
from selaras.jobs.models import Job
from selaras.planning.models import Indicator, NomenclatureVersion
from selaras.rollout.models import FiberNode
from tests.conftest import client_for
from tests.connectivity.test_import_flow import _upload as _survey_upload
from tests.planning.helpers import make_book, make_plan, paser_row, upload


def test_the_reader_names_the_first_row_past_the_limit_and_skips_empty_rows() -> None:
    data = ("nama;lat\n" + "\n" * 50 + "POP;-1,5\n" * 3).encode()
    assert len(read_grids(data, "s.csv", limits=FileLimits(max_rows=4))[0].rows) == 54
    with pytest.raises(TableError) as caught:
        read_grids(data, "s.csv", limits=FileLimits(max_rows=3))
    assert caught.value.render("en") == (
        "File 's.csv', sheet 'csv': row 54 goes past the limit of 3 rows with content per import; "
        "split it into several files."
    )


def test_a_survey_of_identical_rows_past_the_limit_is_refused_and_not_stored(
    other_operator: Any, settings: Any
) -> None:
    settings.IMPORT_MAX_ROWS = 100
    rows = (
        "Kab/Kota;Kecamatan;Desa;Sinyal;Status;Teknologi\n" + "Kukar;Muara Muntai;Perian;4G;aktif;4G\n" * 200
    )
    response = _survey_upload(client_for(other_operator), rows.encode(), name="survei.csv")
    assert "baris 101 melewati batas 100 baris" in response.content.decode()
    assert not SurveyImport.objects.exists()


def test_a_fiber_layer_past_the_limit_is_refused_naming_the_row(province_admin: Any, settings: Any) -> None:
    settings.IMPORT_MAX_ROWS = 5
    layer = "nama;lat;lng\n" + "".join(f"POP {n};-1,5;116,{n}\n" for n in range(10))
    response = client_for(province_admin).post(
        "/rollout/fiber/unggah/",
        {"province": "64", "file": SimpleUploadedFile("simpul.csv", layer.encode(), "text/csv")},
    )
    assert "baris 6 melewati batas 5 baris" in response.content.decode()
    assert not FiberNode.objects.exists()


def test_a_plan_workbook_past_the_limit_is_refused(operator: Any, settings: Any) -> None:
    settings.IMPORT_MAX_ROWS = 3
    plan = make_plan()
    rows = [paser_row(id=f"PSR-{n}", indikator=f"Indikator {n}") for n in range(5)]
    page = upload(client_for(operator), plan, make_book(rows)).content.decode()
    assert "baris 4 melewati batas 3 baris" in page
    assert not Indicator.objects.exists()


def test_identical_survey_rows_are_stored_once_and_the_repeats_are_named(other_operator: Any) -> None:
    rows = "Kab/Kota;Kecamatan;Desa;Sinyal;Status;Teknologi\n" + "Kukar;Muara Muntai;Perian;4G;aktif;4G\n" * 4
    rows += "Kukar;Muara Muntai;Perian;3G;aktif;4G\n"
    _survey_upload(client_for(other_operator), rows.encode(), name="survei.csv")
    stored = list(SurveyImport.objects.get().rows.order_by("row_number"))
    assert [r.row_number for r in stored] == [2, 6]
    notes = [n["en"] for n in stored[0].notes]
    assert (
        "3 other rows repeat this row exactly (rows 3, 4, 5); they are all kept once, as this row." in notes
    )


def test_an_official_region_list_past_the_limit_is_refused_naming_the_row(
    province_admin: Any, settings: Any
) -> None:
    settings.IMPORT_MAX_ROWS = 3
    listing = "code,level,name,lat,lng\n" + "".join(f"64.0{n},regency,Kab {n},,\n" for n in range(1, 6))
    response = client_for(province_admin).post(
        "/wilayah/64/muat/", {"file": SimpleUploadedFile("wilayah.csv", listing.encode(), "text/csv")}
    )
    assert "baris 4 melewati batas 3 baris" in response.content.decode()
    assert not Job.objects.exists()


def test_a_nomenclature_list_past_the_limit_is_refused_naming_the_row(superuser: Any, settings: Any) -> None:
    settings.IMPORT_MAX_ROWS = 2
    listing = b"kode;nama\n2.16.03;PROGRAM A\n2.16.03.2.02;Kegiatan\n2.16.03.2.02.0099;Sub kegiatan\n"
    response = client_for(superuser).post(
        "/rencana/nomenklatur/muat/", {"decree": "X", "file": SimpleUploadedFile("l.csv", listing)}
    )
    assert "baris 3 melewati batas 2 baris" in response.content.decode()
    assert NomenclatureVersion.objects.count() == 1
