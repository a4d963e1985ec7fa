"""Numbers and dates written in words, as official documents write them.

- `number_in_words(n, lang)`: 15 -> "lima belas" / "fifteen", 2025 -> "dua ribu dua puluh lima" /
  "two thousand twenty-five", 1000 -> "seribu", 100 -> "seratus" (Indonesian: se- for one hundred, one
  thousand; then juta, miliar, triliun).
- `date_in_words(d, lang)`: the berita acara's opening, "Pada hari Kamis tanggal lima belas bulan Mei tahun
  dua ribu dua puluh lima" / "On Thursday, the fifteenth day of May in the year two thousand twenty-five".
- `date_short(d, lang)`: "15 Mei 2025" / "15 May 2025"; `day_name`, `month_name`.

Indonesian is the default language; any `lang` starting with "en" gives English.
"""

from __future__ import annotations

from datetime import date

from selaras.core.numbers import MONTHS

_ID_UNITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_ID_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))

_EN_UNITS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_EN_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))
_EN_ORDINAL = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}

_ID_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

LIMIT = 10**15


def _english(lang: str) -> bool:
    return lang.startswith("en")


def _id_below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append("seratus" if hundreds == 1 else f"{_ID_UNITS[hundreds]} ratus")
    if 10 <= rest < 20:
        words.append({10: "sepuluh", 11: "sebelas"}.get(rest) or f"{_ID_UNITS[rest - 10]} belas")
    else:
        tens, units = divmod(rest, 10)
        if tens:
            words.append(f"{_ID_UNITS[tens]} puluh")
        if units:
            words.append(_ID_UNITS[units])
    return words


def _en_below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append(f"{_EN_UNITS[hundreds]} hundred")
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(_EN_TENS[tens] + (f"-{_EN_UNITS[units]}" if units else ""))
    elif rest:
        words.append(_EN_UNITS[rest])
    return words


def number_in_words(n: int, lang: str = "id") -> str:
    """A whole number from 0 to 999 999 999 999 999 in words; negative numbers start with "minus" (both languages)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"number_in_words takes an int, not {type(n).__name__}")
    if abs(n) >= LIMIT:
        raise ValueError(f"{n} is too large to write in words (the limit is {LIMIT - 1})")
    english = _english(lang)
    if n == 0:
        return _EN_UNITS[0] if english else _ID_UNITS[0]
    if n < 0:
        return "minus " + number_in_words(-n, lang)
    words: list[str] = []
    rest = n
    for scale, name in _EN_SCALES if english else _ID_SCALES:
        count, rest = divmod(rest, scale)
        if not count:
            continue
        if not english and scale == 1000 and count == 1:
            words.append("seribu")
        else:
            words.extend((_en_below_thousand if english else _id_below_thousand)(count))
            words.append(name)
    words.extend((_en_below_thousand if english else _id_below_thousand)(rest))
    return " ".join(words)


def ordinal_in_words(n: int, lang: str = "id") -> str:
    """1 -> "first" / "kesatu", 15 -> "fifteenth" / "kelima belas", 21 -> "twenty-first"."""
    cardinal = number_in_words(n, lang)
    if not _english(lang):
        return "kesatu" if n == 1 else f"ke{cardinal}"
    head, sep, last = cardinal.rpartition("-") if "-" in cardinal.split(" ")[-1] else cardinal.rpartition(" ")
    if last in _EN_ORDINAL:
        last = _EN_ORDINAL[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}{sep}{last}"


def day_name(d: date, lang: str = "id") -> str:
    return (_EN_DAYS if _english(lang) else _ID_DAYS)[d.weekday()]


def month_name(d: date, lang: str = "id") -> str:
    return MONTHS["en" if _english(lang) else "id"][d.month - 1]


def date_short(d: date, lang: str = "id") -> str:
    """15 Mei 2025 / 15 May 2025."""
    return f"{d.day} {month_name(d, lang)} {d.year}"


def date_in_words(d: date, lang: str = "id") -> str:
    """The date as a berita acara opens: day, date, month and year all in words."""
    if _english(lang):
        return (
            f"On {day_name(d, lang)}, the {ordinal_in_words(d.day, lang)} day of {month_name(d, lang)} "
            f"in the year {number_in_words(d.year, lang)}"
        )
    return (
        f"Pada hari {day_name(d)} tanggal {number_in_words(d.day)} bulan {month_name(d)} "
        f"tahun {number_in_words(d.year)}"
    )
