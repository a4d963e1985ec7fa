"""A file that is not what its name says (a text file renamed .xlsx, a cut-off workbook, a CSV whose bytes do not
decode) is refused through every real upload path with a message in the page's language that says what to do:
no Python library text ("File is not a zip file", "'charmap' codec can't decode ...") reaches the page, and
nothing is stored."""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from selaras.connectivity.models import SurveyImport
from selaras.jobs.models import Job
from selaras.planning.models import Indicator, NomenclatureVersion
from selaras.rollout.models import VillageFacilities, VillagePower
from tests.conftest import client_for
from tests.planning.helpers import make_plan

# What Python's libraries say; none of it may reach a user.
LIBRARY_TEXT = (
    "zip file",
    "codec",
    "decode",
    "position",
    "Error:",
    "BadZip",
    "Exception",
    "utf-16",
    "utf_16",
    "charmap",
    "Traceback",
    "NUL",
    "line contains",
)


def _workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["kode", "nama", "nilai"])
    sheet.append(["64.01", "Paser", 1])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BAD_FILES: dict[str, tuple[str, bytes]] = {
    "a text file renamed .xlsx": ("data.xlsx", b"Ini catatan, bukan lembar kerja.\r\nBaris kedua.\r\n"),
    "a cut-off workbook": ("data.xlsx", _workbook()[:1500]),
    "a UTF-16 CSV with undecodable bytes": (
        "data.csv",
        codecs.BOM_UTF16_LE + "kode,nama\r\n64.01,Paser\r\n".encode("utf-16-le") + b"\x00\xd8",
    ),
    "a CSV with NUL bytes": ("data.csv", b"kode,nama\r\n64.01,Pa\x00ser\r\n"),
}


def _plans(client: Client, name: str, data: bytes) -> Any:
    plan = make_plan()
    return client.post(f"/rencana/{plan.pk}/impor/", {"file": SimpleUploadedFile(name, data)}, follow=True)


def _survey(client: Client, name: str, data: bytes) -> Any:
    return client.post(
        "/konektivitas/impor/unggah/",
        {
            "region": "64.01",
            "source": "Survei",
            "observed_on": "2026-10-15",
            "file": SimpleUploadedFile(name, data),
        },
        follow=True,
    )


def _facilities(client: Client, name: str, data: bytes) -> Any:
    return client.post(
        "/rollout/fasilitas/unggah/", {"region": "64.01", "file": SimpleUploadedFile(name, data)}, follow=True
    )


def _grid(client: Client, name: str, data: bytes) -> Any:
    return client.post(
        "/rollout/listrik/unggah/", {"region": "64.01", "file": SimpleUploadedFile(name, data)}, follow=True
    )


def _region_list(client: Client, name: str, data: bytes) -> Any:
    return client.post("/wilayah/64/muat/", {"file": SimpleUploadedFile(name, data)}, follow=True)


def _nomenclature(client: Client, name: str, data: bytes) -> Any:
    return client.post(
        "/rencana/nomenklatur/muat/",
        {"decree": "Kepmendagri", "file": SimpleUploadedFile(name, data)},
        follow=True,
    )


PATHS: dict[str, tuple[str, Callable[[Client, str, bytes], Any]]] = {
    "plans import": ("operator", _plans),
    "survey import": ("operator", _survey),
    "facilities import": ("province_admin", _facilities),
    "grid power import": ("province_admin", _grid),
    "region list": ("province_admin", _region_list),
    "nomenclature": ("superuser", _nomenclature),
}

# Words of the refusal in each language; the other language's words must not appear in the message.
REFUSAL = {"id": "berkas", "en": "file"}


def _stored() -> tuple[int, ...]:
    return (
        Indicator.objects.count(),
        SurveyImport.objects.count(),
        VillageFacilities.objects.count(),
        VillagePower.objects.count(),
        Job.objects.count(),
        NomenclatureVersion.objects.count(),
    )


class _Refusals(HTMLParser):
    """The text of the page's refusals: flash messages, error lists and grouped file problems."""

    MARKS = ("messages", "error", "errorlist", "problem-group")

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # > 0 inside a refusal
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth or any(mark in classes for mark in self.MARKS):
            self.depth += 1 if tag not in ("br", "input", "img") else 0

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in ("br", "input", "img"):
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def _message(response: Any) -> str:
    parser = _Refusals()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("bad", list(BAD_FILES))
@pytest.mark.parametrize("path", list(PATHS))
def test_a_file_that_is_not_what_it_says_is_refused_in_the_page_language_without_library_text(
    db: Any, request: Any, path: str, bad: str, lang: str
) -> None:
    persona, post = PATHS[path]
    client = client_for(request.getfixturevalue(persona))
    if lang == "en":
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    before = _stored()
    name, data = BAD_FILES[bad]
    response = post(client, name, data)
    assert response.status_code in (200, 400), response.status_code
    message = _message(response)
    assert message, f"{path}: no refusal shown for {bad}"
    assert REFUSAL[lang] in message.lower(), message
    leaks = [t for t in LIBRARY_TEXT if t in message]
    assert not leaks, f"{path} ({lang}): {leaks} in {message!r}"
    if lang == "id":
        assert "File " not in message and " cannot " not in message, message
    assert _stored() == before
