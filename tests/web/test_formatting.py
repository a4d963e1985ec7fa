"""One formatting layer: numbers, percentages, Rupiah, areas and dates as the page's language writes them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from selaras.core.i18n import Msg
from selaras.web import formatting
from selaras.web.fields import RupiahField


def _render(source: str, lang: str, **context: object) -> str:
    with translation.override(lang):
        return Template("{% load fmt %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "value", "indonesian", "english"),
    [
        ("{{ v|area }}", 126951.8, "126.951,8 km²", "126,951.8 km²"),
        ("{{ v|num }}", 7974616, "7.974.616", "7,974,616"),
        ("{{ v|num }}", "2.6", "2,6", "2.6"),  # a number kept as text is shown like the others
        ("{{ v|num }}", Decimal("2.80"), "2,8", "2.8"),
        ("{{ v|num:0 }}", 6000000000.0, "6.000.000.000", "6,000,000,000"),
        ("{{ v|pct }}", Decimal("12.5"), "12,5%", "12.5%"),
        ("{{ v|rupiah }}", 1500000, "Rp 1.500.000", "Rp 1,500,000"),
        ("{{ v|day }}", date(2026, 12, 4), "4 Desember 2026", "4 December 2026"),
    ],
)
def test_filters_write_each_kind_of_value_as_the_language_does(
    source: str, value: object, indonesian: str, english: str
) -> None:
    assert _render(source, "id", v=value) == indonesian
    assert _render(source, "en", v=value) == english


def test_text_that_is_not_a_number_is_shown_as_it_is() -> None:
    assert _render("{{ v|num }}", "id", v="n/a") == "n/a"


def test_messages_group_numbers_in_the_language_of_the_message() -> None:
    message = Msg(
        id="{people:,.0f} jiwa, rata-rata {share} persen", en="{people:,.0f} people, {share} percent"
    )
    assert (
        message.render("id", people=7974616.0, share=Decimal("2.5")) == "7.974.616 jiwa, rata-rata 2,5 persen"
    )
    assert message.render("en", people=7974616.0, share=Decimal("2.5")) == "7,974,616 people, 2.5 percent"


def test_messages_keep_years_and_spell_out_dates() -> None:
    message = Msg(id="Tahun {year}, jatuh tempo {due}", en="Year {year}, due {due}")
    assert message.render("id", year=2025, due=date(2025, 3, 1)) == "Tahun 2025, jatuh tempo 1 Maret 2025"


def test_the_python_function_follows_the_active_language() -> None:
    with translation.override("en"):
        assert formatting.number(Decimal("1234.5")) == "1,234.5"
    with translation.override("id"):
        assert formatting.number(Decimal("1234.5")) == "1.234,5"


def test_a_money_field_shows_and_accepts_thousands_separators() -> None:
    field = RupiahField()
    with translation.override("id"):
        assert field.widget.format_value(Decimal(6000000000)) == "6.000.000.000"
        assert field.clean("6.000.000.000") == Decimal(6000000000)
        assert field.clean("Rp 2,5 M") == Decimal(2500000000)
    with translation.override("en"):
        assert field.widget.format_value(Decimal(6000000000)) == "6,000,000,000"
        assert field.clean("6,000,000,000") == Decimal(6000000000)


def test_a_money_field_refuses_english_format_on_an_indonesian_page_with_a_reason() -> None:
    from django.core.exceptions import ValidationError

    with translation.override("id"), pytest.raises(ValidationError) as error:
        RupiahField().clean("6,000,000,000")
    assert "format Inggris" in error.value.messages[0]
