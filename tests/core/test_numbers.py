import random
from decimal import Decimal

import pytest

from selaras.core.numbers import (
    AMBIGUOUS_COMMA,
    DOT_DECIMAL,
    ENGLISH_FORMAT,
    NOT_A_NUMBER,
    NOT_A_WHOLE_NUMBER,
    NumberTextError,
    format_number,
    format_rupiah,
    number_or_none,
    parse_integer,
    parse_number,
    parse_number_text,
    parse_percent,
    parse_rupiah,
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


# --- the one parser for every cell (issue 11) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1500, Decimal(1500)),
        (2.5, Decimal("2.5")),
        (0.1, Decimal("0.1")),
        (Decimal("3.25"), Decimal("3.25")),
        ("1 500 000", Decimal(1500000)),
        ("(1.500)", Decimal(-1500)),
        ("12,5 %", Decimal("12.5")),
        ("\u2212 2,5", Decimal("-2.5")),
    ],
)
def test_parse_number_takes_numeric_cells_as_they_are_and_text_in_indonesian_format(
    value: object, expected: Decimal
) -> None:
    assert parse_number(value) == expected


@pytest.mark.parametrize("value", [True, None, "", "  ", float("nan"), "abc", "1,500,000"])
def test_parse_number_refuses_what_is_not_a_number(value: object) -> None:
    with pytest.raises(NumberTextError):
        parse_number(value)


def test_number_or_none_reads_an_empty_cell_as_none() -> None:
    assert number_or_none(None) is None
    assert number_or_none("  ") is None
    assert number_or_none("1.500") == Decimal(1500)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp 1.500.000", Decimal(1_500_000)),
        ("Rp1.500.000,-", Decimal(1_500_000)),
        ("Rp. 1.500.000,00", Decimal(1_500_000)),
        ("Rp 2,5 M", Decimal(2_500_000_000)),
        ("Rp 2,5M", Decimal(2_500_000_000)),
        ("2,5 miliar", Decimal(2_500_000_000)),
        ("1,2 milyar", Decimal(1_200_000_000)),
        ("300 juta", Decimal(300_000_000)),
        ("300 jt", Decimal(300_000_000)),
        ("Rp 750 rb", Decimal(750_000)),
        ("1,5 T", Decimal(1_500_000_000_000)),
        (2500000000, Decimal(2_500_000_000)),
    ],
)
def test_parse_rupiah_reads_amounts_as_budgets_write_them(text: object, expected: Decimal) -> None:
    assert parse_rupiah(text) == expected


def test_parse_rupiah_keeps_the_indonesian_rules_without_a_scale_word() -> None:
    with pytest.raises(NumberTextError) as caught:
        parse_rupiah("Rp 1,500,000")
    assert caught.value.text.msg == ENGLISH_FORMAT


def test_parse_percent_reads_the_number_shown() -> None:
    assert parse_percent("75%") == Decimal(75)
    assert parse_percent("12,5 %") == Decimal("12.5")
    assert parse_percent(80) == Decimal(80)


@pytest.mark.parametrize(
    ("text", "expected"), [("-6.2088", "-6.2088"), ("-6,2088", "-6.2088"), ("117", "117")]
)
def test_a_decimal_point_reading_takes_either_separator_for_measurements(text: str, expected: str) -> None:
    assert parse_number(text, decimal_point=True) == Decimal(expected)


def test_a_decimal_point_reading_still_refuses_two_separators() -> None:
    with pytest.raises(NumberTextError):
        parse_number("1.234.5", decimal_point=True)


def test_parse_integer_refuses_a_fraction() -> None:
    assert parse_integer("1.500") == 1500
    assert parse_integer(12.0) == 12
    with pytest.raises(NumberTextError) as caught:
        parse_integer("2,5")
    assert caught.value.text.msg == NOT_A_WHOLE_NUMBER


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (Decimal("1234567.89"), "id", None, "1.234.567,89"),
        (Decimal("1234567.89"), "en", None, "1,234,567.89"),
        (1234567.891, "id", 2, "1.234.567,89"),
        (Decimal("1500000"), "id", None, "1.500.000"),
        (Decimal("1E+3"), "id", None, "1.000"),
        (Decimal("2.50"), "id", None, "2,5"),
        (Decimal("2.5"), "id", 0, "3"),
        (-0.001, "id", 1, "0,0"),
        (None, "id", None, ""),
    ],
)
def test_format_number_writes_indonesian_or_english_conventions(
    value: object, lang: str, decimals: int | None, expected: str
) -> None:
    assert format_number(value, lang, decimals) == expected  # type: ignore[arg-type]


def test_format_rupiah_writes_rp_before_the_amount() -> None:
    assert format_rupiah(Decimal(1_500_000)) == "Rp 1.500.000"
    assert format_rupiah(1_500_000, "en") == "Rp 1,500,000"
    assert format_rupiah(Decimal(-2500)) == "-Rp 2.500"


@pytest.mark.parametrize("number", ["0", "7", "1500", "1234567.5", "-42.25", "1000000000"])
def test_formatted_numbers_read_back_to_the_same_value(number: str) -> None:
    assert parse_number(format_number(Decimal(number), "id")) == Decimal(number)
