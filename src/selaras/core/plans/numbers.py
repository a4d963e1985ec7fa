"""Numbers as regions type them: numeric cells, or text in Indonesian format.

Rules for text (one reading per string, never a guess):

- the decimal separator is a comma and the thousands separator a dot: `1.500.000`, `3,25`, `1.500.000,50`;
- a dot is always a thousands separator, so dot groups must have three digits: `1.500` is one thousand five
  hundred and `3.25` is rejected (write `3,25`);
- more than one comma (`1,500,000`) or a dot after a comma (`1,500.50`) is English format: rejected;
- one comma followed by exactly three digits after a 1-3 digit whole part not starting with 0 (`1,500`) is
  rejected as ambiguous: English readers mean 1500, Indonesian readers 1.5 (write `1.500` or `1,5`);
- an optional `Rp` in front, a `%` at the end, surrounding spaces and a leading minus are allowed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

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


class NumberTextError(ValueError):
    """A text that is not a number in Indonesian format; `text` says why, in both languages."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.render("en"))
        self.text = text


_RP_PREFIX = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_THOUSANDS_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2},\d{3}$")
_PLAIN = re.compile(r"^\d+(,\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")


def parse_number_text(value: str) -> Decimal:
    """Read one number written as text in Indonesian format (rules in the module docstring).

    Returns the exact Decimal; raises NumberTextError with a bilingual reason otherwise.
    """
    text = value.strip().replace("\u00a0", " ")
    text = _RP_PREFIX.sub("", text)
    text = text.removesuffix("%").strip()
    negative = text.startswith(("-", "\u2212"))
    if negative:
        text = text[1:].strip()
    if not text or not re.fullmatch(r"[\d.,]+", text):
        raise NumberTextError(NOT_A_NUMBER(value=value))
    if text.count(",") > 1 or ("," in text and "." in text.split(",", 1)[1]):
        raise NumberTextError(ENGLISH_FORMAT(value=value))
    if _AMBIGUOUS.match(text):
        whole, fraction = text.split(",")
        decimal = whole + "," + (fraction.rstrip("0") or "0")
        raise NumberTextError(AMBIGUOUS_COMMA(value=value, thousands=whole + "." + fraction, decimal=decimal))
    if "." in text and "," not in text and not _THOUSANDS_DOTS.match(text):
        raise NumberTextError(DOT_DECIMAL(value=value))
    if not (_PLAIN.match(text) or _GROUPED.match(text)):
        raise NumberTextError(NOT_A_NUMBER(value=value))
    try:
        number = Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation as exc:  # the patterns above should make this unreachable; never crash on input
        raise NumberTextError(NOT_A_NUMBER(value=value)) from exc
    return -number if negative else number
