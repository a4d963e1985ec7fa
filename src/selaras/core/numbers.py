"""The one parser (and formatter) for numbers as regions type them: numeric cells, or text in Indonesian format,
percentages and Rupiah amounts.

- `parse_number(value)` reads a cell (int, float, Decimal or text) to a Decimal, raising `NumberTextError`
  with a bilingual reason; `number_or_none(value)` is the same with None for an empty cell.
- `parse_percent(value)` reads "75%", "12,5 %" or 75 to Decimal("75") (the number shown, not a fraction).
- `parse_rupiah(value)` reads "Rp 1.500.000", "Rp1.500.000,-", "Rp 2,5 M", "2,5 miliar", "300 juta",
  "300 jt", "15 rb", "1,2 T" to whole Rupiah (M is miliar, as Indonesian budgets write it).
- `parse_number(value, decimal_point=True)` is for measurements typed with either separator (coordinates
  "-6.2088" or "-6,2088", speeds "10.5"): one dot or one comma is the decimal separator, no grouping.
- `parse_integer(value)` a whole number (a count or a year).
- `format_number(value, lang, decimals=None)` and `format_rupiah(value, lang)`: "1.234.567,89" and
  "Rp 1.500.000" in Indonesian, "1,234,567.89" and "Rp 1,500,000" in English.

Rules for text (one reading per string, never a guess):

- the decimal separator is a comma and the thousands separator a dot: `1.500.000`, `3,25`, `1.500.000,50`;
- a dot is always a thousands separator, so dot groups must have three digits: `1.500` is one thousand five
  hundred and `3.25` is rejected (write `3,25`);
- more than one comma (`1,500,000`) or a dot after a comma (`1,500.50`) is English format: rejected;
- one comma followed by exactly three digits after a 1-3 digit whole part not starting with 0 (`1,500`) is
  rejected as ambiguous: English readers mean 1500, Indonesian readers 1.5 (write `1.500` or `1,5`);
- an optional `Rp` in front, a `%` at the end, surrounding spaces and a leading minus are allowed; so are
  spaces inside the number ("1 500 000", "Rp 1. 500") and a trailing ",-" or ".-" after Rupiah.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from selaras.core.i18n import Msg, Text

NOT_A_NUMBER = Msg(
    id="'{value}' bukan angka.",
    en="'{value}' is not a number.",
)
ENGLISH_FORMAT = Msg(
    id=(
        "'{value}' ditulis dengan format Inggris; gunakan titik untuk ribuan dan koma untuk desimal "
        "(1.500.000 atau 3,25)."
    ),
    en=(
        "'{value}' is in English format; use a dot for thousands and a comma for decimals (1.500.000 or "
        "3,25)."
    ),
)
DOT_DECIMAL = Msg(
    id=(
        "'{value}': titik hanya pemisah ribuan (kelompok tiga angka); untuk desimal gunakan koma, misalnya "
        "3,25."
    ),
    en=(
        "'{value}': a dot only separates thousands (groups of three digits); use a comma for decimals, "
        "e.g. 3,25."
    ),
)
AMBIGUOUS_COMMA = Msg(
    id="'{value}' bermakna ganda; tulis {thousands} untuk ribuan atau {decimal} untuk desimal.",
    en="'{value}' is ambiguous; write {thousands} for thousands or {decimal} for a decimal.",
)


NOT_A_WHOLE_NUMBER = Msg(
    id="'{value}' bukan bilangan bulat.",
    en="'{value}' is not a whole number.",
)


class NumberTextError(ValueError):
    """A text that is not a number in Indonesian format; `text` says why, in both languages."""

    def __init__(self, text: Text) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:  # rendered when shown, not when raised: a check may raise thousands
        return self.text.render("en")


_RP_PREFIX = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_THOUSANDS_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2},\d{3}$")
_PLAIN = re.compile(r"^\d+(,\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")


_SCALES = (
    (re.compile(r"\s*(?<![a-z])(triliun|t)\.?$", re.IGNORECASE), Decimal(10) ** 12),
    (re.compile(r"\s*(?<![a-z])(miliar|milyar|m|mlyr|mil)\.?$", re.IGNORECASE), Decimal(10) ** 9),
    (re.compile(r"\s*(?<![a-z])(juta|jt)\.?$", re.IGNORECASE), Decimal(10) ** 6),
    (re.compile(r"\s*(?<![a-z])(ribu|rb)\.?$", re.IGNORECASE), Decimal(10) ** 3),
)
_RUPIAH_TAIL = re.compile(r"[.,]-+$|,00-?$")


def parse_number_text(value: str) -> Decimal:
    """Read one number written as text in Indonesian format (rules in the module docstring).

    Returns the exact Decimal; raises NumberTextError with a bilingual reason otherwise.
    """
    return _parse_text(value, value)


def _parse_text(value: str, shown: str, *, decimal_point: bool = False) -> Decimal:
    text = value.strip().replace("\u00a0", " ").replace("\u202f", " ")
    text = _RP_PREFIX.sub("", text)
    text = text.removesuffix("%").strip()
    negative = text.startswith(("-", "\u2212"))
    if negative:
        text = text[1:].strip()
    if text.startswith("(") and text.endswith(")"):  # accounting negative: (1.500)
        negative, text = True, text[1:-1].strip()
    if re.fullmatch(r"\d{1,3}( \d{3})+(,\d+)?", text):
        text = text.replace(" ", ".")  # "1 500 000": spaces group thousands
    text = re.sub(r"(?<=[.,])\s+(?=\d)|(?<=\d)\s+(?=[.,])", "", text)
    if not text or not re.fullmatch(r"[\d.,]+", text):
        raise NumberTextError(NOT_A_NUMBER(value=shown))
    if decimal_point and re.fullmatch(r"\d+([.,]\d+)?", text):
        return _signed(Decimal(text.replace(",", ".")), negative)
    if text.count(",") > 1 or ("," in text and "." in text.split(",", 1)[1]):
        raise NumberTextError(ENGLISH_FORMAT(value=shown))
    if _AMBIGUOUS.match(text):
        whole, fraction = text.split(",")
        decimal = whole + "," + (fraction.rstrip("0") or "0")
        raise NumberTextError(AMBIGUOUS_COMMA(value=shown, thousands=whole + "." + fraction, decimal=decimal))
    if "." in text and "," not in text and not _THOUSANDS_DOTS.match(text):
        raise NumberTextError(DOT_DECIMAL(value=shown))
    if not (_PLAIN.match(text) or _GROUPED.match(text)):
        raise NumberTextError(NOT_A_NUMBER(value=shown))
    try:
        number = Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation as exc:  # the patterns above should make this unreachable; never crash on input
        raise NumberTextError(NOT_A_NUMBER(value=shown)) from exc
    return _signed(number, negative)


def _signed(number: Decimal, negative: bool) -> Decimal:
    return -number if negative else number


def _from_cell(value: Any) -> Decimal | None:
    """A cell that already holds a number, as an exact Decimal (floats by their shortest repr); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberTextError(NOT_A_NUMBER(value=str(value)))
        return Decimal(repr(value))
    return None


def is_blank(value: Any) -> bool:
    """An empty cell: None, or text of only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def parse_number(value: Any, *, decimal_point: bool = False) -> Decimal:
    """A number from a cell: a numeric cell as it is, text in Indonesian format (module docstring).

    `decimal_point=True` reads measurements typed with a dot or a comma as the one decimal separator.
    Raises NumberTextError (bilingual `text`) for anything else, an empty cell included."""
    number = _from_cell(value)
    if number is not None:
        return number
    text = "" if value is None else str(value)
    return _parse_text(text, text.strip()[:60], decimal_point=decimal_point)


def number_or_none(value: Any, *, decimal_point: bool = False) -> Decimal | None:
    """`parse_number`, with None for an empty cell."""
    return None if is_blank(value) else parse_number(value, decimal_point=decimal_point)


def parse_percent(value: Any) -> Decimal:
    """A percentage as the number shown: "75%", "12,5 %", "75" and 75 all read as Decimal("75")."""
    return parse_number(value)


def parse_integer(value: Any) -> int:
    """A whole number ("1.500", 1500, 1500.0); raises NumberTextError for a fraction or text."""
    number = parse_number(value)
    if number != number.to_integral_value():
        shown = value if isinstance(value, str) else format(number, "f")
        raise NumberTextError(NOT_A_WHOLE_NUMBER(value=str(shown).strip()[:60]))
    return int(number)


def parse_rupiah(value: Any) -> Decimal:
    """An amount in Rupiah: a numeric cell, or text such as "Rp 1.500.000", "Rp1.500.000,-", "Rp 2,5 M",
    "2,5 miliar", "300 jt" (scales: rb/ribu, jt/juta, M/miliar/milyar, T/triliun)."""
    number = _from_cell(value)
    if number is not None:
        return number
    shown = "" if value is None else str(value).strip()[:60]
    text = _RP_PREFIX.sub("", "" if value is None else str(value).strip().replace("\u00a0", " "))
    text = _RUPIAH_TAIL.sub("", text.strip()).strip()
    for pattern, scale in _SCALES:
        if pattern.search(text):
            base = pattern.sub("", text)
            # "2,5 M" and "2.5 M": with a scale word a single separator is the decimal one.
            return (_parse_text(base, shown, decimal_point=True) * scale).normalize() + 0
    return _parse_text(text, shown)


def parse_rupiah_typed(value: Any, lang: str = "id") -> Decimal:
    """`parse_rupiah` for what a user typed into a form in `lang`: on an English page "6,000,000,000" and
    "2.5 M" are read as English readers mean them; on an Indonesian page the Indonesian rules apply."""
    if lang.startswith("en") and isinstance(value, str):
        value = value.translate(str.maketrans({",": ".", ".": ","}))
    return parse_rupiah(value)


def rupiah_or_none(value: Any) -> Decimal | None:
    """`parse_rupiah`, with None for an empty cell."""
    return None if is_blank(value) else parse_rupiah(value)


def format_number(value: Decimal | float | int | None, lang: str = "id", decimals: int | None = None) -> str:
    """`1.234.567,89` (Indonesian) or `1,234,567.89` (English); `decimals` rounds half up, None keeps the
    value's own decimals (trailing zeros dropped). None formats as an empty string."""
    if value is None:
        return ""
    number = (
        value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)
    )
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = f"{number:,.{decimals}f}"
    else:
        text = f"{number.normalize():,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    if text in ("-0", "-0.0") or re.fullmatch(r"-0\.0+", text):
        text = text[1:]
    if lang.startswith("en"):
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_rupiah(value: Decimal | float | int | None, lang: str = "id", decimals: int = 0) -> str:
    """`Rp 1.500.000` (Indonesian) or `Rp 1,500,000` (English); negative as `-Rp 1.500.000`."""
    if value is None:
        return ""
    number = (
        value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)
    )
    sign = "-" if number < 0 else ""
    return f"{sign}Rp {format_number(abs(number), lang, decimals)}"


def _decimal(value: Decimal | float | int | str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):  # a number kept as canonical text ("2.6"), as some fields store it
        return Decimal(value.strip())
    return Decimal(value)


def format_percent(
    value: Decimal | float | int | str | None, lang: str = "id", decimals: int | None = 1
) -> str:
    """`12,5%` (Indonesian) or `12.5%` (English): the number shown, not a fraction."""
    if value is None or value == "":
        return ""
    return f"{format_number(_decimal(value), lang, decimals)}%"


def format_area_km2(value: Decimal | float | int | str | None, lang: str = "id", decimals: int = 1) -> str:
    """`126.951,8 km²` (Indonesian) or `126,951.8 km²` (English)."""
    if value is None or value == "":
        return ""
    return f"{format_number(_decimal(value), lang, decimals)} km\u00b2"


MONTHS = {
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def format_date(value: Any, lang: str = "id") -> str:
    """`4 Desember 2026` (Indonesian) or `4 December 2026` (English) for a date or datetime; None is ""."""
    if value is None:
        return ""
    months = MONTHS["en" if lang.startswith("en") else "id"]
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_value(value: Any, lang: str = "id", spec: str = "") -> str:
    """A message parameter as the language writes it: numbers grouped and with the language's separators
    (`{n:,.0f}` gives 7.974.616 in Indonesian), dates spelled out; anything else as `format(value, spec)`.

    A whole number without a format spec stays as it is (years, row numbers: 2025, 12345)."""
    if isinstance(value, bool):
        return format(value, spec)
    if isinstance(value, int | float | Decimal):
        match = re.fullmatch(r",?(?:\.(\d+))?[fdg]?|", spec)
        if match is None:
            return format(value, spec)
        decimals = int(match.group(1)) if match.group(1) is not None else None
        if not spec and isinstance(value, int):
            return str(value)
        if spec.endswith("d"):
            decimals = 0
        return format_number(value, lang, decimals)
    if hasattr(value, "year") and hasattr(value, "month") and hasattr(value, "day") and not spec:
        return format_date(value, lang)
    return format(value, spec)
