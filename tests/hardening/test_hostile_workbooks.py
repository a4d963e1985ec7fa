"""Workbooks built to hurt the server (billion laughs, broken XML parts) get the reader's clear message through
the survey and plans uploads, never a 500, and nothing is kept."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from selaras.connectivity.models import SurveyImport
from selaras.planning.models import Indicator
from tests.conftest import client_for
from tests.core.tables.test_guard import LAUGHS, _replace_entry
from tests.planning.helpers import make_book, make_plan, paser_row, upload

BROKEN = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData'


def _survey_book() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Kab/Kota", "Kecamatan", "Desa", "Sinyal", "Status", "Teknologi"])
    sheet.append(["Kukar", "Muara Muntai", "Perian", "4G", "aktif", "4G"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _hostile(kind: str, book: bytes) -> bytes:
    if kind == "laughs":
        return _replace_entry(book, "xl/sharedStrings.xml", LAUGHS)
    return _replace_entry(book, "xl/worksheets/sheet1.xml", BROKEN)


@pytest.mark.parametrize("kind", ["laughs", "broken"])
def test_a_hostile_survey_workbook_is_refused_with_a_message_and_nothing_kept(
    other_operator: Any, kind: str
) -> None:
    response = client_for(other_operator).post(
        "/konektivitas/impor/unggah/",
        {
            "region": "64.02",
            "source": "Survei",
            "observed_on": "2026-10-15",
            "file": SimpleUploadedFile("survei.xlsx", _hostile(kind, _survey_book())),
        },
    )
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert ("DOCTYPE" in page) if kind == "laughs" else ("tidak dapat dibaca" in page or "rusak" in page)
    assert not SurveyImport.objects.exists()


@pytest.mark.parametrize("kind", ["laughs", "broken"])
def test_a_hostile_plan_workbook_is_refused_with_a_message_and_nothing_kept(operator: Any, kind: str) -> None:
    plan = make_plan()
    response = upload(client_for(operator), plan, _hostile(kind, make_book([paser_row()])))
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert ("DOCTYPE" in page) if kind == "laughs" else ("tidak dapat dibaca" in page or "rusak" in page)
    assert not Indicator.objects.exists()
