"""Builders of small plan workbooks for the tests."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from selaras.core.plans.workbook import template_headers

YEARS = (2025, 2026)
HEADERS = template_headers(YEARS)


def good_row(**overrides: object) -> dict[str, object]:
    """A valid regency row of Kutai Kartanegara (64.02); keyword arguments replace cells."""
    row: dict[str, object] = {
        "id": "KKR-P03-1",
        "kode_wilayah": "64.02",
        "kode": "2.16.03",
        "uraian": "Program Pengelolaan Aplikasi Informatika",
        "indikator": "Indeks SPBE",
        "satuan": "indeks",
        "polaritas": "positif",
        "agregasi": "rata",
        "baseline": 2.5,
        "target_2025": 2.8,
        "target_2026": 3,
        "pagu_2025": 1_500_000_000,
        "pagu_2026": 1_750_000_000,
        "lokasi": "",
        "mendukung": "",
        "tipe": "outcome",
        "penanggung_jawab": "Diskominfo Kukar",
    }
    row.update(overrides)
    return row


def make_book(
    rows: Sequence[Mapping[str, object]] = (),
    *,
    headers: Sequence[str] = HEADERS,
    sheet_title: str = "Program",
    tweak: Callable[[Worksheet], None] | None = None,
) -> bytes:
    """An xlsx: `headers` in row 1 of the first sheet, one row per mapping; `tweak` edits it before saving."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(name) for name in headers])
    if tweak is not None:
        tweak(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
