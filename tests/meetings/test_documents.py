"""The Rakorda's documents: the berita acara and the daftar hadir as A4 PDFs, read back as text and rendered to
images, and the register as an xlsx workbook."""

from __future__ import annotations

import io
import socket
from dataclasses import replace

import numpy
import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from PIL import Image

from selaras.agreements.documents import active_content, pdf_problem
from selaras.core.meetings.record import Decision, FollowUp, Participant
from selaras.meetings import documents
from selaras.meetings.documents import (
    NoFetching,
    URLRefused,
    berita_acara_pdf,
    daftar_hadir_pdf,
    meeting_register_xlsx,
)
from tests.meetings.records import KUKAR, PASER, PROVINCE, SAMARINDA, rakorda

A4_POINTS = (595.28, 841.89)


def pages_text(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def flat(text: str) -> str:
    """The text with line breaks as spaces: a sentence may wrap anywhere on the page."""
    return " ".join(text.split())


def page_images(pdf: bytes) -> tuple[list[tuple[float, float]], list[Image.Image]]:
    document = pdfium.PdfDocument(pdf)
    try:
        sizes = [(page.get_width(), page.get_height()) for page in document]
        images = [page.render(scale=1).to_pil().convert("RGB") for page in document]
        return sizes, images
    finally:
        document.close()


def ink(image: Image.Image) -> float:
    """The share of the page's pixels that are dark (text, rules, tables)."""
    return float((numpy.asarray(image.convert("L")) < 128).mean())


def ink_outside_margins(image: Image.Image) -> int:
    """Dark pixels in the left (2.5 cm) and right (2 cm) margins, between the top and bottom margins: a table
    wider than the page would put them there."""
    dark = numpy.asarray(image.convert("L")) < 128
    body = dark[57:780]
    return int(body[:, :69].sum() + body[:, 541:].sum())


def reddish(image: Image.Image) -> int:
    rgb = numpy.asarray(image).astype(int)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return int(((r > 150) & (r - g > 25) & (r - b > 20)).sum())


@pytest.fixture(scope="module")
def minutes() -> bytes:
    return berita_acara_pdf(rakorda())


@pytest.fixture(scope="module")
def minutes_text(minutes: bytes) -> str:
    return flat("\n".join(pages_text(minutes)))


def test_the_berita_acara_opens_with_the_host_the_title_and_the_date_in_words(minutes_text: str) -> None:
    assert minutes_text.startswith("CONTOH / SAMPLE")
    assert "PEMERINTAH PROVINSI KALIMANTAN TIMUR" in minutes_text
    assert "BERITA ACARA RAPAT KOORDINASI DAERAH KALIMANTAN TIMUR 2025" in minutes_text
    assert (
        "Pada hari Kamis tanggal lima belas bulan Mei tahun dua ribu dua puluh lima (15 Mei 2025), "
        "bertempat di Tenggarong, telah dilaksanakan Rapat Koordinasi Daerah Kalimantan Timur 2025 dengan tema "
        "“Konektivitas Infrastruktur Jaringan dalam Mewujudkan Generasi Emas Kaltim 2025-2030”"
    ) in minutes_text


def test_the_berita_acara_lists_participants_agenda_decisions_and_follow_ups_in_order(
    minutes_text: str,
) -> None:
    for expected in (
        "Diwakili oleh Katsul Wijaya",
        "Tidak hadir",
        "I. Acara",
        "II. Kesepakatan",
        "III. Tindak Lanjut",
        "Pemerintah yang terikat: Pemerintah Kabupaten Kutai Kartanegara",
        "Merujuk pada: PKS CONTOH/000.5.4/001/DKISP-KT/2025",
        "Penanggung jawab",
        "Batas waktu",
        "30 September 2025",
        "Bukti: PKS ditandatangani",
        "Demikian berita acara ini dibuat",
    ):
        assert expected in minutes_text, expected
    agenda = [minutes_text.index(t) for t in ("Pembukaan oleh", "Paparan hasil", "Penandatanganan PKS")]
    assert agenda == sorted(agenda)
    decisions = [
        minutes_text.index(t) for t in ("bersama-sama menindaklanjuti", "ditandatangani dalam", "menaikkan")
    ]
    assert decisions == sorted(decisions)


def test_each_government_that_attended_has_one_signature_block(minutes_text: str) -> None:
    signatures = minutes_text[minutes_text.index("Demikian berita acara") :]
    for government in (PROVINCE, KUKAR, PASER):
        assert signatures.count(government.upper()) == 1, government
    assert SAMARINDA.upper() not in signatures  # absent: nobody signs for Samarinda
    assert "Sekretaris Daerah Provinsi Dr. Hj. Sri Wahyuni" in signatures  # the first present, not the second
    assert "Muhammad Faisal" not in signatures
    assert (
        "a.n. Bupati Paser Katsul Wijaya" in signatures
    )  # represented: signed on behalf by the representative
    assert len(documents.signers(rakorda())) == 3


def test_the_berita_acara_is_a4_numbered_and_rendered_pages_are_real(minutes: bytes) -> None:
    texts = pages_text(minutes)
    sizes, images = page_images(minutes)
    assert len(texts) == len(images) == 2
    for size in sizes:
        assert size == pytest.approx(A4_POINTS, abs=0.5)
    assert "Halaman 1 dari 2" in texts[0] and "Halaman 2 dari 2" in texts[1]
    for image in images:
        assert image.width == pytest.approx(595, abs=1) and image.height == pytest.approx(842, abs=1)
        assert 0.005 < ink(image) < 0.3  # written on, not blank and not a black page
        assert ink_outside_margins(image) == 0
    assert all(reddish(image) > 2000 for image in images)  # the CONTOH / SAMPLE watermark on every page


def test_an_official_meeting_has_no_sample_mark() -> None:
    pdf = berita_acara_pdf(rakorda(is_sample=False))
    assert "CONTOH / SAMPLE" not in "".join(pages_text(pdf))
    _, images = page_images(pdf)
    assert all(reddish(image) == 0 for image in images)
    assert ink(images[0]) > 0.005


def test_the_berita_acara_in_english() -> None:
    text = flat("\n".join(pages_text(berita_acara_pdf(rakorda(language="en")))))
    assert "GOVERNMENT OF PROVINSI KALIMANTAN TIMUR" in text
    assert "MINUTES OF MEETING (BERITA ACARA)" in text
    assert (
        "On Thursday, the fifteenth day of May in the year two thousand twenty-five (15 May 2025), at Tenggarong"
        in text
    )
    assert "II. Decisions" in text and "Governments bound:" in text and "Represented by Katsul Wijaya" in text
    assert "on behalf of Bupati Paser" in text and "Page 1 of 2" in text
    assert "Kesepakatan" not in text


def test_the_daftar_hadir_has_one_row_per_participant_and_a_column_to_sign() -> None:
    pdf = daftar_hadir_pdf(rakorda())
    texts = pages_text(pdf)
    text = flat("\n".join(texts))
    assert len(texts) == 1 and text.startswith("CONTOH / SAMPLE")
    assert "DAFTAR HADIR RAPAT KOORDINASI DAERAH KALIMANTAN TIMUR 2025" in text
    assert "Hari/Tanggal : Kamis, 15 Mei 2025 Tempat : Tenggarong" in text
    assert "No. Nama Jabatan Instansi/ Pemerintah Kehadiran Tanda tangan" in text or (
        "No. Nama Jabatan Instansi/Pemerintah Kehadiran Tanda tangan" in text
    )
    rows = [text.index(p.name) for p in rakorda().participants]
    assert rows == sorted(rows)
    assert "Diwakili oleh Katsul Wijaya" in text and "Tidak hadir" in text
    assert "4." in text and "5." not in text  # a signing number for each attendee, none for the absent
    sizes, images = page_images(pdf)
    assert sizes[0] == pytest.approx(A4_POINTS, abs=0.5)
    assert ink(images[0]) > 0.005 and reddish(images[0]) > 2000
    assert ink_outside_margins(images[0]) == 0


def test_text_from_a_record_is_shown_as_text_never_as_markup() -> None:
    record = rakorda(
        title='Rapat "Khusus" </style><b>x</b> & co',
        participants=(
            Participant(KUKAR, "64.02", '<img src="http://127.0.0.1:9/x.png">', "Bupati", "present"),
        ),
    )
    text = flat("\n".join(pages_text(berita_acara_pdf(record))))
    assert '<img src="http://127.0.0.1:9/x.png">' in text
    assert 'Rapat "Khusus" </style><b>x</b> & co · 15 Mei 2025' in text  # the page footer, written as CSS


def test_documents_fetch_no_url(monkeypatch: pytest.MonkeyPatch) -> None:
    for url in (
        "https://fonts.example.org/a.woff2",
        "http://127.0.0.1/x.png",
        "file:///etc/passwd",
        "data:,x",
    ):
        with pytest.raises(URLRefused):
            NoFetching().fetch(url)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a document tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert pages_text(daftar_hadir_pdf(rakorda(is_sample=False)))


def test_the_printed_berita_acara_can_be_uploaded_back_once_signed(minutes: bytes) -> None:
    assert pdf_problem(minutes, limit_bytes=10 * 1024 * 1024) is None
    assert active_content(minutes) == []


def _rows(sheet: object) -> list[tuple[object, ...]]:
    return [row for row in sheet.iter_rows(values_only=True)]  # type: ignore[attr-defined]


def test_the_register_has_decisions_follow_ups_and_attendance_sheets() -> None:
    book = load_workbook(io.BytesIO(meeting_register_xlsx(rakorda())))
    assert book.sheetnames == ["Kesepakatan", "Tindak Lanjut", "Daftar Hadir"]
    for sheet in book.worksheets:
        rows = _rows(sheet)
        assert rows[0][:3] == ("Rapat Koordinasi Daerah Kalimantan Timur 2025", "15 Mei 2025", "Tenggarong")
        assert rows[1][0] == "CONTOH / SAMPLE"
    decisions = _rows(book["Kesepakatan"])[3:]
    assert decisions[0] == ("No.", "Kesepakatan", "Pemerintah yang terikat", "Merujuk pada")
    assert [row[0] for row in decisions[1:]] == [1, 2, 3]
    assert decisions[3][2] == KUKAR
    follow_ups = _rows(book["Tindak Lanjut"])[3:]
    assert follow_ups[0] == (
        "No.",
        "No. Kesepakatan",
        "Tindak lanjut",
        "Penanggung jawab",
        "Batas waktu",
        "Status",
        "Bukti",
    )
    assert [row[1] for row in follow_ups[1:]] == [1, 2, 3]
    assert (
        follow_ups[3][3] == KUKAR and str(follow_ups[3][4]) == "2025-09-30 00:00:00"
    )  # a date cell, not text
    assert follow_ups[1][4] is None
    attendance = _rows(book["Daftar Hadir"])[3:]
    assert attendance[0][:4] == ("No.", "Nama", "Jabatan", "Instansi/Pemerintah")
    assert [row[1] for row in attendance[1:]] == [p.name for p in rakorda().participants]
    assert attendance[4][5:] == ("Diwakili", "Katsul Wijaya")
    assert attendance[5][5] == "Tidak hadir"


def test_the_register_in_english_and_without_sample_label() -> None:
    book = load_workbook(io.BytesIO(meeting_register_xlsx(rakorda(language="en", is_sample=False))))
    assert book.sheetnames == ["Decisions", "Follow-ups", "Attendance list"]
    rows = _rows(book["Decisions"])
    assert rows[1] == (None,) * len(rows[1]) or not any(rows[1])
    assert "CONTOH / SAMPLE" not in {cell for row in rows for cell in row}
    assert rows[2][:4] == ("No.", "Decision text", "Governments bound", "Refers to")


def test_formula_looking_text_is_escaped_in_the_register() -> None:
    record = rakorda(
        title='=HYPERLINK("http://x")',
        decisions=(Decision(1, "=1+1", ("@SUM(A1)",), ("-2+3",)),),
        follow_ups=(FollowUp(1, "+cmd", "=A1", None, "Terbuka", "\tnote"),),
        participants=(Participant(KUKAR, "64.02", "=Nama", "@Jabatan", "present"),),
    )
    book = load_workbook(io.BytesIO(meeting_register_xlsx(record)))
    assert _rows(book["Kesepakatan"])[0][0] == '\'=HYPERLINK("http://x")'
    assert _rows(book["Kesepakatan"])[4] == (1, "'=1+1", "'@SUM(A1)", "'-2+3")
    assert _rows(book["Tindak Lanjut"])[4][2:4] == ("'+cmd", "'=A1")
    assert _rows(book["Tindak Lanjut"])[4][6] == "'\tnote"
    assert _rows(book["Daftar Hadir"])[4][1:3] == ("'=Nama", "'@Jabatan")
    assert all(
        cell.data_type != "f" for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
    )


def test_an_empty_meeting_still_prints_with_its_sections_marked_empty() -> None:
    record = replace(rakorda(), participants=(), agenda=(), decisions=(), follow_ups=())
    text = flat("\n".join(pages_text(berita_acara_pdf(record))))
    for expected in (
        "Tidak ada peserta yang dicatat.",
        "Tidak ada acara yang dicatat.",
        "Tidak ada kesepakatan yang dicatat.",
        "Tidak ada tindak lanjut yang dicatat.",
    ):
        assert expected in text
    assert pages_text(daftar_hadir_pdf(record))
    assert load_workbook(io.BytesIO(meeting_register_xlsx(record))).sheetnames
