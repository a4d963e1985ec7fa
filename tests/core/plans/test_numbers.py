import random
from decimal import Decimal

import pytest

from selaras.core.plans.numbers import (
    AMBIGUOUS_COMMA,
    DOT_DECIMAL,
    ENGLISH_FORMAT,
    NOT_A_NUMBER,
    NumberTextError,
    parse_number_text,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.500.000", Decimal(1500000)),
        ("3,25", Decimal("3.25")),
        ("1.500.000,50", Decimal("1500000.50")),
        ("1.500", Decimal(1500)),
        ("0,125", Decimal("0.125")),
        ("12345", Decimal(12345)),
        ("1234,5", Decimal("1234.5")),
        (" 42 ", Decimal(42)),
    ],
)
def test_it_reads_dots_as_thousands_and_a_comma_as_the_decimal_separator(
    text: str, expected: Decimal
) -> None:
    assert parse_number_text(text) == expected


def test_it_accepts_a_rupiah_prefix_a_percent_sign_and_a_minus() -> None:
    assert parse_number_text("Rp 1.500.000") == Decimal(1500000)
    assert parse_number_text("Rp.12.000") == Decimal(12000)
    assert parse_number_text("80%") == Decimal(80)
    assert parse_number_text("-2,5") == Decimal("-2.5")


def test_it_rejects_english_thousands_with_commas() -> None:
    with pytest.raises(NumberTextError) as caught:
        parse_number_text("1,500,000")
    assert caught.value.text == ENGLISH_FORMAT(value="1,500,000")


def test_it_rejects_english_decimals_after_comma_thousands() -> None:
    with pytest.raises(NumberTextError) as caught:
        parse_number_text("1,500.50")
    assert caught.value.text == ENGLISH_FORMAT(value="1,500.50")


def test_it_rejects_a_dot_used_as_the_decimal_separator() -> None:
    with pytest.raises(NumberTextError) as caught:
        parse_number_text("3.25")
    assert caught.value.text == DOT_DECIMAL(value="3.25")
    assert "3,25" in caught.value.text.render("en")


def test_it_rejects_one_comma_before_three_digits_as_ambiguous() -> None:
    with pytest.raises(NumberTextError) as caught:
        parse_number_text("1,500")
    assert caught.value.text == AMBIGUOUS_COMMA(value="1,500", thousands="1.500", decimal="1,5")


@pytest.mark.parametrize("text", ["abc", "", "1.2.3", "12a", "--1", "1e5", "1.50.000"])
def test_it_rejects_text_that_is_not_a_number(text: str) -> None:
    with pytest.raises(NumberTextError) as caught:
        parse_number_text(text)
    assert caught.value.text.msg in {NOT_A_NUMBER, DOT_DECIMAL}


def test_any_whole_number_written_with_thousand_dots_reads_back_exactly() -> None:
    rng = random.Random(64)  # noqa: S311 -- seeded test data, not cryptography
    for _ in range(500):
        number = rng.randrange(0, 10**15)
        cents = rng.randrange(0, 100)
        text = f"{number:,}".replace(",", ".") + f",{cents:02d}"
        assert parse_number_text(text) == Decimal(number) + Decimal(cents) / 100
