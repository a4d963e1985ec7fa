"""Form fields shared by every app: money typed and shown with thousands separators."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from selaras.core.numbers import NumberTextError, is_blank, parse_rupiah_typed
from selaras.web import formatting


class RupiahInput(forms.TextInput):
    """A text box showing an amount as the page's language writes it: 6.000.000.000 (or 6,000,000,000)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "class": "money", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return formatting.number(value, 0)
        return super().format_value(value)


class RupiahField(forms.DecimalField):
    """An amount in Rupiah: accepts "6.000.000.000", "Rp 6 M", "500 juta" (selaras.core.numbers), whole
    Rupiah, never negative."""

    widget = RupiahInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if is_blank(value):
            return None
        try:
            amount = parse_rupiah_typed(value, formatting.language())
        except NumberTextError as error:
            raise ValidationError(error.text.render(formatting.language()), code="invalid") from None
        return amount.quantize(Decimal(1))

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # no min/step attributes: the box is text, so the browser's number checks do not apply
        return {}
