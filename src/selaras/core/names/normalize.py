"""Turn a place name as typed into comparable keys.

A key is the name's words, lower-cased, accents and apostrophes dropped, punctuation split on, each word
replaced by its expansion from `abbreviations.csv`, then joined without spaces so "Sumber Rejo",
"Sumber-rejo" and "SUMBERREJO" meet. The same function is applied to survey and official names.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

DATA_DIR = Path(__file__).resolve().parent
ABBREVIATIONS_CSV = DATA_DIR / "abbreviations.csv"
PREFIXES_CSV = DATA_DIR / "prefixes.csv"
REGENCY_ALIASES_CSV = DATA_DIR / "regency_aliases.csv"

# Apostrophes vanish rather than split: "Ba'u", "Ba`u" and "Bau" are one name.
_APOSTROPHES = re.compile(r"['`\u00b4\u2018\u2019\u02bc\u02b9]")
_WORD = re.compile(r"[a-z0-9]+")


def _read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


@dataclass(frozen=True)
class Vocabulary:
    """Word expansions and prefix words, loaded from the data files users can extend."""

    expansions: Mapping[str, str]
    village_prefixes: frozenset[str]
    district_prefixes: frozenset[str]
    regency_prefixes: frozenset[str]

    def words(self, text: str) -> list[str]:
        """Normalized, expanded words: "Ds. Sei Tj.Harapan" -> [desa, sungai, tanjung, harapan]."""
        return [self.expansions.get(word, word) for word in plain_words(text)]


def plain_words(text: str) -> list[str]:
    """Lower-case words without accents, apostrophes or punctuation, not expanded."""
    if text.isascii():
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _WORD.findall(_APOSTROPHES.sub("", plain))


def load_vocabulary(abbreviations: Path = ABBREVIATIONS_CSV, prefixes: Path = PREFIXES_CSV) -> Vocabulary:
    """Read `abbreviations.csv` (abbreviation,expansion) and `prefixes.csv` (word,level)."""
    expansions = {
        row["abbreviation"].casefold(): row["expansion"].casefold() for row in _read_rows(abbreviations)
    }
    by_level: dict[str, set[str]] = {"village": set(), "district": set(), "regency": set()}
    for row in _read_rows(prefixes):
        by_level.setdefault(row["level"], set()).add(row["word"].casefold())
    return Vocabulary(
        expansions=MappingProxyType(expansions),
        village_prefixes=frozenset(by_level["village"]),
        district_prefixes=frozenset(by_level["district"]),
        regency_prefixes=frozenset(by_level["regency"]),
    )


def load_regency_aliases(path: Path = REGENCY_ALIASES_CSV) -> list[tuple[str, str]]:
    """(alias, regency code) pairs from `regency_aliases.csv`."""
    return [(row["alias"], row["code"]) for row in _read_rows(path)]


def key_of(words: Iterable[str]) -> str:
    return "".join(words)


def prefix_variants(words: list[str], prefixes: frozenset[str]) -> list[list[str]]:
    """The name, then the name without each further leading prefix word, never empty.

    "desa kampung baru" -> [desa kampung baru], [kampung baru], [baru]: the official name may be either
    "Kampung Baru" or "Baru", and the matcher looks for both.
    """
    variants = [words]
    start = 0
    while start < len(words) - 1 and words[start] in prefixes:
        start += 1
        variants.append(words[start:])
    return variants
