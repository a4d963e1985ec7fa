"""The data columns of a connectivity survey (beyond the place names the core reader finds), read into plain
values with a bilingual message naming the row and column of every cell that cannot be used.

Pure Python: no Django. Headers and values are compared lower-cased with everything but letters and digits
dropped, so "Sumber Listrik", "sumber_listrik" and "SUMBER LISTRIK" are the same column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from selaras.core.i18n import Msg, Text
from selaras.core.names.reader import SurveyTable
from selaras.core.numbers import NumberTextError, parse_number

BAD_VALUE = Msg(
    id="Baris {row}, kolom '{column}': '{value}' tidak dikenali. Isi salah satu dari: {expected}.",
    en="Row {row}, column '{column}': '{value}' is not recognized. Use one of: {expected}.",
)
BAD_NUMBER = Msg(
    id="Baris {row}, kolom '{column}': '{value}' bukan angka (contoh: 20 atau 20,5).",
    en="Row {row}, column '{column}': '{value}' is not a number (e.g. 20 or 20.5).",
)
BAD_DATE = Msg(
    id="Baris {row}, kolom '{column}': '{value}' bukan tanggal (contoh: 2025-08-31 atau 31/08/2025).",
    en="Row {row}, column '{column}': '{value}' is not a date (e.g. 2025-08-31 or 31/08/2025).",
)
FUTURE_DATE = Msg(
    id="Baris {row}, kolom '{column}': tanggal {value} ada di masa depan.",
    en="Row {row}, column '{column}': the date {value} lies in the future.",
)
NEEDS_BOTH = Msg(
    id="Baris {row}: titik akses perlu kolom '{status}' dan '{technology}' terisi keduanya.",
    en="Row {row}: an access point needs both the '{status}' and the '{technology}' column filled in.",
)
NO_DATA_COLUMN = Msg(
    id="Tidak ada kolom data konektivitas. Beri judul kolom misalnya: Sinyal, Status, Teknologi, Fasilitas.",
    en="No connectivity data column. Title the columns e.g.: Sinyal, Status, Teknologi, Fasilitas.",
)
MORE_ERRORS = Msg(id="... dan {count} kesalahan lain.", en="... and {count} more errors.")

HEADERS: dict[str, tuple[str, ...]] = {
    "signal": ("sinyal", "sinyalseluler", "signal", "jaringanseluler", "sinyalhp"),
    "facility": ("fasilitas", "lokasititik", "lokasiap", "titiklokasi", "facility", "lokasipemasangan"),
    "technology": ("teknologi", "technology", "jenisteknologi", "teknologiakses", "jenisakses"),
    "provider": ("penyedia", "provider", "isp", "penyediajasa", "operator"),
    "bandwidth": ("bandwidth", "bandwidthmbps", "kecepatan", "kecepatanmbps", "bw", "bwmbps"),
    "power": ("listrik", "sumberlistrik", "dayalistrik", "power", "catudaya", "sumberdaya"),
    "status": ("status", "statusap", "statustitik", "statuslayanan", "kondisi", "statusinternet"),
    "since": ("sejak", "tanggal", "tanggalstatus", "tanggaloperasi", "tanggalsurvei", "date", "since"),
    "programme": ("program", "sumberdana", "pendanaan", "programme", "programpendanaan"),
    "note": ("keterangan", "catatan", "ket", "note"),
}

VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    "signal": {
        "none": ("tidakada", "none", "nosignal", "blankspot", "tidakadasinyal", "0", "nihil", "kosong"),
        "2g": ("2g", "e", "edge", "gsm", "gprs"),
        "3g": ("3g", "h", "hsdpa", "umts"),
        "4g": ("4g", "lte", "4glte", "4g lte"),
        "5g": ("5g", "nr"),
    },
    "facility": {
        "village_office": (
            "kantordesa",
            "kantorkepaladesa",
            "kantorkelurahan",
            "kantorlurah",
            "kantorkampung",
            "villageoffice",
        ),
        "health_post": ("puskesmas", "pustu", "posyandu", "polindes", "poskesdes", "healthpost"),
        "school": ("sekolah", "sd", "smp", "sma", "smk", "mi", "mts", "school"),
        "village_hall": ("balaidesa", "balaikampung", "balaipertemuan", "balaikelurahan", "villagehall"),
        "other": ("lainnya", "lain", "other"),
    },
    "technology": {
        "fiber": ("fiber", "fo", "fiberoptik", "seratoptik", "kabelfo", "fiberoptic"),
        "fwa_4g": ("4g", "fwa", "4gfwa", "modem4g", "mifi", "4gfixedwireless", "fixedwireless"),
        "radio": ("radio", "radiolink", "microwave", "wireless", "gelombangmikro"),
        "vsat": ("vsat", "satelit", "geo", "satelitgeo", "geosatellitevsat", "satelitvsat"),
        "leo": ("leo", "starlink", "satelitleo", "leosatellite"),
    },
    "power": {
        "grid": ("pln", "listrikpln", "grid", "jaringanpln"),
        "solar": ("surya", "plts", "solar", "panelsurya", "tenagasurya"),
        "generator": ("genset", "generator", "diesel"),
    },
    "status": {
        "planned": ("rencana", "direncanakan", "planned", "usulan"),
        "installing": ("pemasangan", "instalasi", "dalampemasangan", "installing", "sedangdipasang"),
        "live": ("aktif", "hidup", "live", "online", "beroperasi", "on", "terkoneksi", "menyala"),
        "down": ("mati", "rusak", "gangguan", "down", "offline", "off", "tidakaktif", "padam"),
        "removed": ("dicabut", "dibongkar", "removed", "nonaktif", "dihentikan"),
    },
}
# What to suggest in an error message, per column.
EXPECTED = {
    "signal": "tidak ada, 2G, 3G, 4G, 5G",
    "facility": "kantor desa, puskesmas/pustu, sekolah, balai desa, lainnya",
    "technology": "fiber, 4G, radio, VSAT, Starlink/LEO",
    "power": "PLN, surya, genset",
    "status": "rencana, pemasangan, aktif, mati, dicabut",
}
MAX_ERRORS_SHOWN = 20


def compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


_LOOKUP = {
    kind: {compact(variant): value for value, variants in table.items() for variant in variants}
    for kind, table in VALUES.items()
}


def data_columns(header: tuple[str, ...]) -> dict[str, int]:
    """Position of each recognized data column ("signal", "status", ...) in the header; first one wins."""
    found: dict[str, int] = {}
    for position, text in enumerate(header):
        key = compact(text)
        for kind, variants in HEADERS.items():
            if key in variants and kind not in found:
                found[kind] = position
    return found


def _parse_date(text: str) -> date | None:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text[:10] if pattern == "%Y-%m-%d" else text, pattern).date()  # noqa: DTZ007 -- a calendar date
        except ValueError:
            continue
    return None


def _parse_number(text: str) -> float | None:
    cleaned = re.sub(r"(?i)\s*(mbps|mb/s|mb)\s*$", "", text.strip())
    try:
        value = float(parse_number(cleaned, decimal_point=True))
    except NumberTextError:
        return None
    return value if value >= 0 else None


@dataclass(frozen=True)
class ParsedSurvey:
    values: list[dict[str, str | float | None]]  # one dict per table row, only the filled cells
    errors: list[Text]


def parse_values(table: SurveyTable, today: date) -> ParsedSurvey:
    """Read every row's data cells; `errors` lists each unusable cell (row as in the file, column by title)."""
    columns = data_columns(table.header)
    errors: list[Text] = []
    out: list[dict[str, str | float | None]] = []
    if not columns or set(columns) <= {"note", "since"}:
        return ParsedSurvey([], [NO_DATA_COLUMN()])
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        values: dict[str, str | float | None] = {}
        for kind, position in columns.items():
            raw = row[position].strip()
            if not raw or raw == "-":
                continue
            title = table.header[position]
            if kind in _LOOKUP:
                value = _LOOKUP[kind].get(compact(raw))
                if value is None:
                    errors.append(
                        BAD_VALUE(row=number, column=title, value=raw[:60], expected=EXPECTED[kind])
                    )
                    continue
                values[kind] = value
            elif kind == "bandwidth":
                number_value = _parse_number(raw)
                if number_value is None:
                    errors.append(BAD_NUMBER(row=number, column=title, value=raw[:60]))
                    continue
                values[kind] = number_value
            elif kind == "since":
                parsed = _parse_date(raw)
                if parsed is None:
                    errors.append(BAD_DATE(row=number, column=title, value=raw[:60]))
                    continue
                if parsed > today:
                    errors.append(FUTURE_DATE(row=number, column=title, value=parsed.isoformat()))
                    continue
                values[kind] = parsed.isoformat()
            else:
                values[kind] = raw[:200]
        if ("status" in values) != ("technology" in values):
            status_title = table.header[columns["status"]] if "status" in columns else "Status"
            tech_title = table.header[columns["technology"]] if "technology" in columns else "Teknologi"
            errors.append(NEEDS_BOTH(row=number, status=status_title, technology=tech_title))
        out.append(values)
    return ParsedSurvey(out, errors)


def shown_errors(errors: list[Text], lang: str) -> list[str]:
    """The first errors, rendered, and a line saying how many more there are."""
    lines = [e.render(lang) for e in errors[:MAX_ERRORS_SHOWN]]
    if len(errors) > MAX_ERRORS_SHOWN:
        lines.append(MORE_ERRORS.render(lang, count=len(errors) - MAX_ERRORS_SHOWN))
    return lines
