"""Turning Indonesian plan wording into comparable terms: synonyms, stemming, stopwords, routine work.

The word lists are data files next to this module (`synonyms.csv`, `routine.csv`, `stopwords.txt`); users
extend them by passing more files of the same shape to `load_lexicon`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from snowballstemmer.indonesian_stemmer import IndonesianStemmer

HERE = Path(__file__).resolve().parent
SYNONYMS_CSV = HERE / "synonyms.csv"
ROUTINE_CSV = HERE / "routine.csv"
STOPWORDS_TXT = HERE / "stopwords.txt"

CONCEPT_PREFIX = "@"  # marks a term that stands for a synonym group, so it never collides with a plain word
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class ConceptKind(StrEnum):
    SYNONYM = "sinonim"
    ASSET = "aset"  # something one government could build or run for several: a shared-service candidate
    BENEFICIARY = "penerima"


@dataclass(frozen=True)
class TextTerms:
    """The terms of one text: stems and concept terms (`@pusat_data`), in order, stopwords removed."""

    terms: tuple[str, ...]
    concepts: frozenset[str]
    routine_phrase: str | None
    fields: frozenset[str] = frozenset()  # the fields (bidang) of the concepts found, e.g. "akses"


# Snowball's Indonesian stemmer (BSD licence) works by rules, without a dictionary. It cannot tell a prefix
# from the start of a root ("menara" -> "ara", "digital" -> "gital") and drops the consonant that meN-/peN-
# replace ("peningkatan" -> "ingkat" while "tingkat" stays). Roots it would cut below MIN_STEM letters are
# kept whole, and the plan words it gets wrong are fixed here.
MIN_STEM = 4
STEM_FIXES = {
    "digital": "digital",
    "digitalisasi": "digitalisasi",
    "media": "media",
    "menara": "menara",
    "perangkat": "perangkat",
    "pegawai": "pegawai",
    "kepegawaian": "pegawai",
    "sekolah": "sekolah",
    "bupati": "bupati",
    "nilai": "nilai",
    "survei": "survei",
    "sesuai": "sesuai",
    "berita": "berita",
    "persentase": "persentase",
    "perintah": "perintah",
    "pemerintah": "perintah",
    "pemerintahan": "perintah",
    "kendali": "kendali",
    "kelola": "kelola",
    "pengelolaan": "kelola",
    "dikelola": "kelola",
    "pengembangan": "kembang",
    "dikembangkan": "kembang",
    "peningkatan": "tingkat",
    "meningkatkan": "tingkat",
    "penerapan": "terap",
    "menerapkan": "terap",
    "diterapkan": "terap",
    "penguatan": "kuat",
    "penguat": "kuat",
    "penerima": "terima",
    "penetapan": "tetap",
    "penunjang": "tunjang",
    "perencanaan": "rencana",
    "pelaku": "laku",
    "memiliki": "milik",
    "memanfaatkan": "manfaat",
    "pemanfaatan": "manfaat",
    "capai": "capai",
    "tercapai": "capai",
    "pencapaian": "capai",
    "penanganan": "tangan",
    "menangani": "tangan",
    "tertangani": "tangan",
    "ditangani": "tangan",
    "pengingkatan": "tingkat",
}


@lru_cache(maxsize=1)
def _stemmer() -> IndonesianStemmer:
    return IndonesianStemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball's Indonesian stem of one lower-case word (see STEM_FIXES); hyphenated words and numbers are
    kept as they are."""
    if not word.isalpha():
        return word
    fixed = STEM_FIXES.get(word)
    if fixed is not None:
        return fixed
    result: str = _stemmer().stemWord(word)
    return result if len(result) >= MIN_STEM else word


def tokenize(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower())


def _read_data_lines(path: Path) -> Iterable[str]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.lstrip().startswith("#"):
                yield line


class Lexicon:
    """Synonym phrases, routine markers and stopwords, with a cache of analysed texts.

    A phrase matches a run of words either as written or as stemmed, longest phrase first, so "Pusat Data",
    "data center" and "ruang server" all become `@pusat_data`.
    """

    def __init__(
        self,
        concepts: Iterable[tuple[str, ConceptKind, str] | tuple[str, ConceptKind, str, str]],
        routine_code_patterns: Iterable[str],
        routine_phrases: Iterable[str],
        stopwords: Iterable[str],
    ) -> None:
        self.concept_kinds: dict[str, ConceptKind] = {}
        self.concept_fields: dict[str, str] = {}
        self._phrases: dict[tuple[str, ...], str] = {}
        for name, kind, term, *field in concepts:
            self.concept_kinds.setdefault(name, kind)
            if field and field[0]:
                self.concept_fields.setdefault(name, field[0])
            for key in self._keys(term):
                self._phrases.setdefault(key, name)
        self._routine: dict[tuple[str, ...], str] = {}
        for phrase in routine_phrases:
            for key in self._keys(phrase):
                self._routine.setdefault(key, phrase)
        self._phrase_lengths = self._lengths_by_first_word(self._phrases)
        self._routine_lengths = self._lengths_by_first_word(self._routine)
        self.routine_code_re = (
            re.compile("|".join(f"(?:{p})" for p in routine_code_patterns)) if routine_code_patterns else None
        )
        self.stopwords = frozenset(stem(w) for w in stopwords) | frozenset(stopwords)
        self._cache: dict[str, TextTerms] = {}

    @staticmethod
    def _keys(phrase: str) -> set[tuple[str, ...]]:
        words = tokenize(phrase)
        return {tuple(words), tuple(stem(w) for w in words)} if words else set()

    @staticmethod
    def _lengths_by_first_word(phrases: dict[tuple[str, ...], str]) -> dict[str, list[int]]:
        lengths: dict[str, set[int]] = {}
        for key in phrases:
            lengths.setdefault(key[0], set()).add(len(key))
        return {word: sorted(found, reverse=True) for word, found in lengths.items()}

    def concept_term(self, name: str) -> str:
        return CONCEPT_PREFIX + name

    def kind_of(self, term: str) -> ConceptKind | None:
        return self.concept_kinds.get(term[1:]) if term.startswith(CONCEPT_PREFIX) else None

    def field_of(self, term: str) -> str | None:
        """The field (bidang) of a concept term: work with one aim named in other words, e.g. `akses` for
        internet, BTS, blank spot and signal repeaters."""
        return self.concept_fields.get(term[1:]) if term.startswith(CONCEPT_PREFIX) else None

    @staticmethod
    def _match(
        words: list[str],
        stems: list[str],
        i: int,
        phrases: dict[tuple[str, ...], str],
        lengths: dict[str, list[int]],
    ) -> tuple[int, str] | None:
        for first in (words[i], stems[i]):
            for length in lengths.get(first, ()):
                for seq in (words, stems):
                    key = tuple(seq[i : i + length])
                    if len(key) == length and key in phrases:
                        return length, phrases[key]
        return None

    def analyze(self, text: str) -> TextTerms:
        """Terms of `text` (cached): concept terms for synonym phrases, stems for other non-stopwords."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        words = tokenize(text)
        stems = [stem(w) for w in words]
        terms: list[str] = []
        concepts: set[str] = set()
        i = 0
        while i < len(words):
            found = self._match(words, stems, i, self._phrases, self._phrase_lengths)
            if found:
                length, name = found
                term = self.concept_term(name)
                terms.append(term)
                concepts.add(term)
                i += length
                continue
            word, stemmed = words[i], stems[i]
            if word not in self.stopwords and stemmed not in self.stopwords and len(stemmed) > 1:
                terms.append(stemmed)
            i += 1
        routine = None
        for j in range(len(words)):
            hit = self._match(words, stems, j, self._routine, self._routine_lengths)
            if hit:
                routine = hit[1]
                break
        fields = frozenset(f for f in map(self.field_of, concepts) if f)
        result = TextTerms(tuple(terms), frozenset(concepts), routine, fields)
        self._cache[text] = result
        return result

    def is_routine(self, code: str, *texts: str) -> bool:
        """True for routine work a government does for itself: program penunjang (2.xx.01) by its code, or a
        routine phrase (own website, PPID, salaries...) in a row that names no field of work ("securing the
        websites from intrusion" names information security, so it is not routine)."""
        if self.routine_code_re is not None and self.routine_code_re.match(code.strip()):
            return True
        analysed = [self.analyze(text) for text in texts]
        if any(a.fields for a in analysed):
            return False
        return any(a.routine_phrase is not None for a in analysed)


def _read_concepts(path: Path) -> list[tuple[str, ConceptKind, str, str]]:
    rows = csv.DictReader(_read_data_lines(path))
    return [
        (
            row["concept"].strip(),
            ConceptKind(row["kind"].strip() or ConceptKind.SYNONYM),
            row["term"].strip(),
            (row.get("bidang") or "").strip(),
        )
        for row in rows
        if row.get("term")
    ]


def load_lexicon(
    synonyms: Sequence[Path] = (SYNONYMS_CSV,),
    routine: Sequence[Path] = (ROUTINE_CSV,),
    stopwords: Sequence[Path] = (STOPWORDS_TXT,),
) -> Lexicon:
    """Read the word lists; later files add to earlier ones (a term already listed keeps its first concept).

    `synonyms`: CSV `concept,kind,term[,bidang]`; `routine`: CSV `kind,value` with kind `kode` (regex on the code's
    start) or `frasa`; `stopwords`: one word a line.
    """
    concepts = [c for path in synonyms for c in _read_concepts(path)]
    patterns: list[str] = []
    phrases: list[str] = []
    for path in routine:
        for row in csv.DictReader(_read_data_lines(path)):
            value = row["value"].strip()
            (patterns if row["kind"].strip() == "kode" else phrases).append(value)
    words = [line.strip().lower() for path in stopwords for line in _read_data_lines(path)]
    return Lexicon(concepts, patterns, phrases, words)
