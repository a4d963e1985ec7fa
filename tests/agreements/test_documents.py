"""Signed documents are accepted by their content only."""

from __future__ import annotations

import zlib

import pytest
from django.utils.translation import override

from selaras.agreements import documents
from selaras.agreements.documents import minimal_pdf, pdf_problem

LIMIT = 1024 * 1024


def test_a_real_pdf_is_accepted() -> None:
    assert pdf_problem(minimal_pdf("PKS"), limit_bytes=LIMIT) is None


def test_a_text_file_named_pdf_is_refused() -> None:
    assert pdf_problem(b"hello, this is not a pdf", limit_bytes=LIMIT) is not None


def test_a_pdf_header_without_a_body_and_end_marker_is_refused() -> None:
    assert pdf_problem(b"%PDF-1.7\n" + b"x" * 100, limit_bytes=LIMIT) is not None


def test_a_truncated_pdf_is_refused() -> None:
    assert pdf_problem(minimal_pdf("PKS")[:-20], limit_bytes=LIMIT) is not None


def test_a_file_over_the_limit_is_refused() -> None:
    assert "MB" in (pdf_problem(minimal_pdf("x") + b" " * 2000, limit_bytes=1000) or "")


def test_an_empty_file_is_refused() -> None:
    assert pdf_problem(b"", limit_bytes=LIMIT) is not None


def test_documents_are_stored_through_the_default_storage_and_older_names_still_open(
    db: object, settings: object
) -> None:
    from pathlib import Path

    from selaras.agreements.documents import open_stored, remove, store

    location = Path(settings.STORAGES["default"]["OPTIONS"]["location"])  # type: ignore[attr-defined]
    data = minimal_pdf("PKS")

    stored = store(data)

    assert stored.stored_name.startswith("agreements/") and stored.stored_name.endswith(".pdf")
    with open_stored(stored.stored_name) as handle:
        assert handle.read() == data
    older = stored.stored_name.removeprefix("agreements/")
    with open_stored(older) as handle:  # rows saved before the upload module hold the bare name
        assert handle.read() == data
    remove(older)
    assert not (location / stored.stored_name).exists()


def test_a_name_that_is_not_a_documents_is_never_opened() -> None:
    import pytest

    from selaras.agreements.documents import open_stored

    for name in ("../settings.py", "agreements/../../x.pdf", "uploads/abc.pdf"):
        with pytest.raises(FileNotFoundError):
            open_stored(name)


def test_a_document_over_the_upload_limit_is_refused_in_the_request_language(settings: object) -> None:
    import pytest
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from selaras.agreements.documents import DocumentError, read_upload

    settings.MAX_UPLOAD_BYTES = 100  # type: ignore[attr-defined]
    with pytest.raises(DocumentError) as caught:
        read_upload(SimpleUploadedFile("pks.pdf", minimal_pdf("PKS")))
    with translation.override("en"):
        assert caught.value.render("en").startswith("The file is too large")
    assert caught.value.render("id").startswith("Berkas terlalu besar")


def _with_catalog(extra: bytes) -> bytes:
    return documents.minimal_pdf("PKS").replace(
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Catalog /Pages 2 0 R " + extra + b" >>"
    )


def _with_object_stream(hidden: bytes) -> bytes:
    packed = zlib.compress(hidden)
    stream = (
        b"6 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\n"
    )
    pdf = documents.minimal_pdf("PKS")
    at = pdf.index(b"xref")
    return pdf[:at] + stream + pdf[at:]


@pytest.mark.parametrize(
    ("pdf", "named"),
    [
        (_with_catalog(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"), "/JS, /JavaScript"),
        (_with_catalog(b"/OpenAction << /S /Launch /F (cmd.exe) >>"), "/Launch"),
        (_with_catalog(b"/Names << /EmbeddedFiles 9 0 R >>"), "/EmbeddedFiles"),
        (_with_catalog(b"/OpenAction << /S /J#61vaScript /J#53 (x) >>"), "/JS, /JavaScript"),
        (_with_object_stream(b"7 0 << /S /JavaScript /JS (app.launchURL('x')) >>"), "/JS, /JavaScript"),
        (_with_object_stream(b"<< /Type /EmbeddedFile /Length 3 >>"), "/EmbeddedFile"),
    ],
    ids=["javascript", "launch", "embedded-files", "hex-escaped", "in-object-stream", "embedded-in-stream"],
)
def test_a_pdf_with_active_content_is_refused_naming_what_it_found(pdf: bytes, named: str) -> None:
    with override("en"):
        problem = pdf_problem(pdf, limit_bytes=LIMIT) or ""
    assert "active content" in problem and f"({named})" in problem


def test_a_pdf_that_opens_at_a_page_is_still_accepted() -> None:
    assert pdf_problem(_with_catalog(b"/OpenAction [3 0 R /Fit]"), limit_bytes=LIMIT) is None
    assert pdf_problem(_with_object_stream(b"<< /Type /Font /Subtype /Type1 >>"), limit_bytes=LIMIT) is None


def test_a_document_downloads_under_its_stem_with_pdf_whatever_name_it_came_with() -> None:
    assert documents.download_name("laporan.html") == "laporan.pdf"
    assert documents.download_name("C:\\Users\\x\\PKS final.PDF") == "PKS final.pdf"
    assert documents.download_name("../../etc/passwd") == "passwd.pdf"
    assert documents.download_name(".html") == "dokumen.pdf"
