"""Numbers and dates in words, as a berita acara writes them."""

from datetime import date

import pytest

from selaras.core.words import date_in_words, date_short, number_in_words, ordinal_in_words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (15, "lima belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (31, "tiga puluh satu"),
        (100, "seratus"),
        (111, "seratus sebelas"),
        (250, "dua ratus lima puluh"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (2025, "dua ribu dua puluh lima"),
        (11000, "sebelas ribu"),
        (101000, "seratus satu ribu"),
        (1_000_000, "satu juta"),
        (1_500_000, "satu juta lima ratus ribu"),
        (2_000_000_000, "dua miliar"),
        (3_000_000_000_000, "tiga triliun"),
        (-7, "minus tujuh"),
    ],
)
def test_indonesian_numbers_are_written_as_officials_write_them(n: int, words: str) -> None:
    assert number_in_words(n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (13, "thirteen"),
        (21, "twenty-one"),
        (100, "one hundred"),
        (1000, "one thousand"),
        (2025, "two thousand twenty-five"),
        (1_000_015, "one million fifteen"),
    ],
)
def test_english_numbers_are_written_in_words_too(n: int, words: str) -> None:
    assert number_in_words(n, "en") == words


@pytest.mark.parametrize(
    ("n", "words"), [(1, "first"), (2, "second"), (15, "fifteenth"), (20, "twentieth"), (31, "thirty-first")]
)
def test_english_ordinals_end_as_spoken(n: int, words: str) -> None:
    assert ordinal_in_words(n, "en") == words


def test_indonesian_ordinals_take_ke() -> None:
    assert ordinal_in_words(1) == "kesatu"
    assert ordinal_in_words(15) == "kelima belas"


def test_a_number_too_large_or_not_whole_is_refused() -> None:
    with pytest.raises(ValueError, match="too large"):
        number_in_words(10**15)
    with pytest.raises(TypeError):
        number_in_words(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        number_in_words(True)


def test_the_rakorda_date_opens_the_berita_acara_in_words() -> None:
    assert (
        date_in_words(date(2025, 5, 15))
        == "Pada hari Kamis tanggal lima belas bulan Mei tahun dua ribu dua puluh lima"
    )


def test_the_rakorda_date_in_english() -> None:
    assert (
        date_in_words(date(2025, 5, 15), "en")
        == "On Thursday, the fifteenth day of May in the year two thousand twenty-five"
    )


def test_every_weekday_and_month_has_its_indonesian_name() -> None:
    days = {date_in_words(date(2024, 1, d)).split()[2] for d in range(1, 8)}
    assert days == {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"}
    assert [date_short(date(2024, m, 1)).split()[1] for m in (1, 8, 12)] == ["Januari", "Agustus", "Desember"]
    assert date_short(date(2025, 5, 15), "en") == "15 May 2025"
