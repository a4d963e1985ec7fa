"""The one way pages, messages and exports show numbers, percentages, Rupiah, areas and dates: Indonesian
conventions (1.234.567,8; Rp 1.500.000; 12,5%; 4 Desember 2026), English when the user chose English.

Built on `selaras.core.numbers` (the one formatter); templates use the same functions as filters
(`{% load fmt %}`: `num`, `pct`, `rupiah`, `area`, `day`), exports and messages call them directly.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language

from selaras.core import numbers


def language() -> str:
    """The language being shown: "en" when the user chose English, "id" otherwise."""
    return "en" if (get_language() or "id").startswith("en") else "id"


def _number(value: Any) -> Decimal | float | int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal | float | int):
        return value
    try:
        return Decimal(str(value).strip())  # numbers kept as canonical text ("2.6")
    except InvalidOperation:
        return None


def number(value: Any, decimals: int | None = None, lang: str | None = None) -> str:
    """1.234.567,89 / 1,234,567.89; `decimals` rounds, None keeps the value's own; text that is not a number is
    returned as it is, and None as ""."""
    parsed = _number(value)
    if parsed is None:
        return "" if value is None else str(value)
    return numbers.format_number(parsed, lang or language(), decimals)


def percent(value: Any, decimals: int | None = 1, lang: str | None = None) -> str:
    parsed = _number(value)
    return "" if parsed is None else numbers.format_percent(parsed, lang or language(), decimals)


def rupiah(value: Any, lang: str | None = None) -> str:
    parsed = _number(value)
    return "" if parsed is None else numbers.format_rupiah(parsed, lang or language())


def area(value: Any, lang: str | None = None) -> str:
    parsed = _number(value)
    return "" if parsed is None else numbers.format_area_km2(parsed, lang or language())


def day(value: Any, lang: str | None = None) -> str:
    """4 Desember 2026 / 4 December 2026."""
    return numbers.format_date(value, lang or language())
