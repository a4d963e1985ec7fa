"""Signed documents are accepted by their content only."""

from __future__ import annotations

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
