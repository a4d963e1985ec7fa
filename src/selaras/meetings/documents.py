"""The Rakorda's documents, made from a `MeetingRecord`: the berita acara and the daftar hadir as A4 PDF
(WeasyPrint), and the register as xlsx (sheets Kesepakatan, Tindak Lanjut, Daftar Hadir).

- `berita_acara_pdf(record)`: kop with the host government, "BERITA ACARA", the opening in words ("Pada hari
  Kamis tanggal lima belas bulan Mei tahun dua ribu dua puluh lima"), place, participants per government,
  agenda, numbered decisions, the follow-ups table, and one signature block per government that attended.
- `daftar_hadir_pdf(record)`: No, Nama, Jabatan, Instansi/Pemerintah, Kehadiran and a signature column
  numbered left and right in turn, as Indonesian attendance lists are.
- `meeting_register_xlsx(record)`: one sheet per list, every text cell escaped against formulas.

The language is the record's (`id`, or `en` for English); sample meetings carry "CONTOH / SAMPLE" on every page
and every sheet. The module needs only Django's settings (for the translations), not the meetings app: the
templates are read by an engine of their own. Rendering is offline: fonts are the machine's DejaVu
(fonts-dejavu-core) through fontconfig, every style is inline, and the URL fetcher refuses every URL, so a
document can never reach the network or the disk whatever a record contains.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import weasyprint
from django.template import Context, Engine
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from weasyprint.urls import URLFetcher

from selaras.core.meetings.record import (
    ATTENDANCE_ABSENT,
    ATTENDANCE_PRESENT,
    ATTENDANCE_REPRESENTED,
    MeetingRecord,
    Participant,
)
from selaras.core.tables.cells import escape_row
from selaras.core.words import date_in_words, date_short, day_name

PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATES = Path(__file__).resolve().parent / "templates"
SAMPLE_WORD = "CONTOH / SAMPLE"


class URLRefused(ValueError):
    """A document tried to load a URL; documents load nothing."""


class NoFetching(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """WeasyPrint's fetcher for our documents: every URL (http, https, file, data) is refused."""

    def fetch(self, url: str, headers: Any = None) -> NoReturn:
        raise URLRefused(f"Selaras documents load no URL: {url}")


@cache
def _engine() -> Engine:
    return Engine(dirs=[str(TEMPLATES)], libraries={"i18n": "django.templatetags.i18n"}, autoescape=True)


@contextmanager
def _language(record: MeetingRecord) -> Iterator[str]:
    lang = "en" if record.language.startswith("en") else "id"
    with translation.override(lang):
        yield lang


@dataclass(frozen=True)
class _Signer:
    government_upper: str
    position: str
    name: str
    on_behalf: bool


def _attendance(p: Participant) -> str:
    if p.attendance == ATTENDANCE_PRESENT:
        return _("Present")
    if p.attendance == ATTENDANCE_REPRESENTED:
        if p.represented_by:
            return _("Represented by %(name)s") % {"name": p.represented_by}
        return _("Represented")
    if p.attendance == ATTENDANCE_ABSENT:
        return _("Absent")
    return p.attendance


def signers(record: MeetingRecord) -> list[_Signer]:
    """One signer per government that attended, in the order governments first appear among the participants:
    its first participant present, else the first represented one (signing on behalf, by the representative)."""
    by_government: dict[str, list[Participant]] = {}
    for p in record.participants:
        by_government.setdefault(p.region_code or p.government, []).append(p)
    result = []
    for people in by_government.values():
        present = [p for p in people if p.attendance == ATTENDANCE_PRESENT]
        represented = [p for p in people if p.attendance == ATTENDANCE_REPRESENTED]
        if present:
            p = present[0]
            result.append(_Signer(p.government.upper(), p.position, p.name, on_behalf=False))
        elif represented:
            p = represented[0]
            result.append(_Signer(p.government.upper(), p.position, p.represented_by, on_behalf=True))
    return result


def _css_string(text: str) -> SafeString:
    """Text as a quoted CSS string for the page margins: everything but letters, digits and spaces written as a
    CSS escape, so no text can close the string or the style element."""
    body = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
    return mark_safe(f'"{body}"')  # noqa: S308 - every character that could matter is escaped above


def _kop_government(host: str) -> str:
    if host.casefold().startswith(("pemerintah", "government")):
        return host.upper()
    return _("GOVERNMENT OF %(host)s") % {"host": host.upper()}


def _context(record: MeetingRecord, lang: str) -> dict[str, Any]:
    short = date_short(record.date, lang)
    return {
        "language": lang,
        "is_sample": record.is_sample,
        "sample_word": SAMPLE_WORD,
        "sample_css": _css_string(SAMPLE_WORD),
        "sample_note": _("CONTOH / SAMPLE: sample data for trying Selaras, not an official document."),
        "page_css": _css_string(_("Page") + " "),
        "of_css": _css_string(" " + _("of") + " "),
        "footer_css": _css_string(f"{record.title} · {short}"),
        "kop_government": _kop_government(record.host),
        "kop_line": f"{record.title} · {record.place}",
        "title": record.title,
        "title_upper": record.title.upper(),
        "theme": record.theme,
        "place": record.place,
        "host": record.host,
        "date_words": date_in_words(record.date, lang),
        "date_short": short,
        "day_name": day_name(record.date, lang),
        "participants": [
            {
                "government": p.government,
                "name": p.name,
                "position": p.position,
                "attendance": _attendance(p),
                "absent": p.attendance == ATTENDANCE_ABSENT,
            }
            for p in record.participants
        ],
        "agenda": sorted(record.agenda, key=lambda item: item.order),
        "decisions": sorted(record.decisions, key=lambda d: d.number),
        "follow_ups": [
            {
                "decision_number": f.decision_number,
                "text": f.text,
                "responsible": f.responsible,
                "due": date_short(f.due, lang) if f.due else "-",
                "status": f.status,
                "evidence": f.evidence,
            }
            for f in sorted(record.follow_ups, key=lambda f: (f.decision_number, f.due or date.max))
        ],
        "signers": signers(record),
    }


def _pdf(record: MeetingRecord, template: str) -> bytes:
    with _language(record) as lang:
        html = _engine().get_template(template).render(Context(_context(record, lang)))
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=NoFetching())
    return bytes(document.write_pdf())


def berita_acara_pdf(record: MeetingRecord) -> bytes:
    """The minutes of the meeting (berita acara) as an A4 PDF."""
    return _pdf(record, "meetings/documents/berita_acara.html")


def daftar_hadir_pdf(record: MeetingRecord) -> bytes:
    """The attendance list (daftar hadir) as an A4 PDF, with a column to sign."""
    return _pdf(record, "meetings/documents/daftar_hadir.html")


def _sheet_title(text: str) -> str:
    return "".join("-" if c in "\\/*?:[]" else c for c in text)[:31]


def _start_sheet(sheet: Worksheet, record: MeetingRecord, lang: str, header: list[str]) -> None:
    bold = Font(bold=True)
    sheet.append(escape_row([record.title, date_short(record.date, lang), record.place]))
    sheet.cell(1, 1).font = bold
    if record.is_sample:
        sheet.append(escape_row([SAMPLE_WORD, _("Sample data for trying Selaras, not an official record.")]))
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, color="B00020")
    sheet.append([])
    sheet.append(escape_row(header))
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.freeze_panes = f"A{sheet.max_row + 1}"  # a coordinate, not a cell: no empty row is made


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap


def meeting_register_xlsx(record: MeetingRecord) -> bytes:
    """The meeting's register: decisions, follow-ups and attendance, one sheet each."""
    book = Workbook()
    with _language(record) as lang:
        decisions = book.active
        assert decisions is not None
        decisions.title = _sheet_title(_("Decisions"))
        _start_sheet(
            decisions, record, lang, [_("No."), _("Decision text"), _("Governments bound"), _("Refers to")]
        )
        for d in sorted(record.decisions, key=lambda d: d.number):
            decisions.append(escape_row([d.number, d.text, ", ".join(d.bound), "; ".join(d.refers_to)]))
        _widths(decisions, [6, 70, 40, 50])

        follow_ups = book.create_sheet(_sheet_title(_("Follow-ups")))
        _start_sheet(
            follow_ups,
            record,
            lang,
            [
                _("No."),
                _("Decision no."),
                _("Follow-up"),
                _("Responsible"),
                _("Due"),
                _("Status"),
                _("Evidence"),
            ],
        )
        ordered = sorted(record.follow_ups, key=lambda f: (f.decision_number, f.due or date.max))
        for number, f in enumerate(ordered, start=1):
            follow_ups.append(
                escape_row([number, f.decision_number, f.text, f.responsible, f.due, f.status, f.evidence])
            )
            if f.due:
                follow_ups.cell(follow_ups.max_row, 5).number_format = "yyyy-mm-dd"
        _widths(follow_ups, [6, 11, 60, 34, 12, 18, 40])

        attendance = book.create_sheet(_sheet_title(_("Attendance list")))
        _start_sheet(
            attendance,
            record,
            lang,
            [
                _("No."),
                _("Name"),
                _("Position"),
                _("Agency/Government"),
                _("Region code"),
                _("Attendance"),
                _("Represented by"),
            ],
        )
        for number, p in enumerate(record.participants, start=1):
            attendance.append(
                escape_row(
                    [
                        number,
                        p.name,
                        p.position,
                        p.government,
                        p.region_code,
                        _attendance(p) if p.attendance != ATTENDANCE_REPRESENTED else _("Represented"),
                        p.represented_by,
                    ]
                )
            )
        _widths(attendance, [6, 32, 36, 36, 12, 14, 32])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
