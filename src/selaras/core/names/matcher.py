"""Match survey village names to official region codes.

Build a `VillageIndex` once (`build_index`), then call `match_villages(index, queries)`. Each query is the
regency, district (optional) and village text of one survey row; each result has a status:

- `exact`: the normalized name (prefixes, case, punctuation, spacing, abbreviations ignored) equals exactly
  one official name in scope. Scope is the district when it was given and recognized, else the regency.
  Exact never guesses: any second official village with the same normalized name makes the row ambiguous.
- `fuzzy`: a best guess the operator must confirm: a typo within reach (1 slipped letter in names of 6+
  letters, 2 in 12+, 3 in 18+, or a rapidfuzz ratio of at least 88), a name found only after dropping a
  prefix word of the official name, a name found in another district of the regency, a regency that was
  not recognized, or a name whose full form fits one village and whose prefix-less form another ("Kampung
  Gelgel" where "Kampung Gelgel" and "Gelgel" are both official: the full form is suggested).
- `ambiguous`: several official villages fit equally well (a name used twice in the regency and no district,
  or a typo as close to two villages); `candidates` holds them all.
- `unmatched`: nothing close enough; `candidates` holds the nearest names as suggestions.

Scores run 0-100: 100 for exact, the rapidfuzz ratio of the normalized names for typos.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from selaras.core.i18n import Msg, Text
from selaras.core.names.normalize import (
    Vocabulary,
    key_of,
    load_regency_aliases,
    load_vocabulary,
    plain_words,
    prefix_variants,
)
from selaras.core.names.reader import SurveyTable
from selaras.core.regions_data import Level, OfficialRegion, iter_official_regions

# A typo must keep the normalized names at least this similar (rapidfuzz ratio, 0-100); tuned on the messy
# benchmark set so that invented names stay unmatched while one or two slipped letters are still found.
FUZZY_MIN_SCORE = 88
# A name of at least 6 letters may have 1 slipped letter, of 12 letters 2, of 18 letters 3; in shorter
# names one letter more or less is as likely another village ("Baden" is not "Gaden").
TYPO_EDITS_FROM_LETTERS = (6, 12, 18)
# Two different villages scoring within this many points of each other are too close to pick one.
FUZZY_TIE_MARGIN = 3
# Scores given to matches that are certain about the name but not about the place.
PREFIX_ONLY_SCORE = 95
LONGEST_READING_SCORE = 96
OTHER_DISTRICT_MAX_SCORE = 90
UNKNOWN_REGENCY_MAX_SCORE = 90
SUGGESTIONS = 5

NAME_EMPTY = Msg(id="Nama desa/kelurahan kosong.", en="The village name is empty.")
REGENCY_UNKNOWN = Msg(
    id="Kabupaten/kota '{text}' tidak dikenali; dicari di seluruh wilayah.",
    en="Regency/city '{text}' not recognized; searched the whole area.",
)
REGENCY_READ_AS = Msg(
    id="Kabupaten/kota '{text}' dibaca sebagai {name}.", en="Regency/city '{text}' read as {name}."
)
DISTRICT_UNKNOWN = Msg(
    id="Kecamatan '{text}' tidak ditemukan; dicari di seluruh kabupaten/kota.",
    en="District '{text}' not found; searched the whole regency/city.",
)
DISTRICT_READ_AS = Msg(id="Kecamatan '{text}' dibaca sebagai {name}.", en="District '{text}' read as {name}.")
FOUND_IN_OTHER_DISTRICT = Msg(
    id="Nama tidak ada di kecamatan '{district}', tetapi ada di kecamatan {found}.",
    en="Name not in district '{district}', but found in district {found}.",
)
NAME_REPEATED = Msg(
    id="Nama ini cocok dengan {count} desa/kelurahan; pilih salah satu.",
    en="This name fits {count} villages; choose one.",
)
PREFIX_DIFFERS = Msg(
    id="Cocok setelah kata depan nama resmi '{name}' diabaikan.",
    en="Matches once the prefix word of the official name '{name}' is ignored.",
)
LONGEST_READING = Msg(
    id="Nama lengkap cocok dengan {name}; tanpa kata depan juga cocok dengan {others}. Periksa.",
    en="The full name fits {name}; without its prefix word it also fits {others}. Please check.",
)
TYPO = Msg(id="Ejaan mirip (skor {score}); periksa.", en="Similar spelling (score {score}); please check.")
NOT_FOUND = Msg(
    id="Tidak ditemukan desa/kelurahan yang mirip.", en="No official village with a similar name was found."
)


class MatchStatus(StrEnum):
    EXACT = "exact"
    FUZZY = "fuzzy"
    AMBIGUOUS = "ambiguous"
    UNMATCHED = "unmatched"


@dataclass(frozen=True)
class VillageQuery:
    """One survey row's place names as typed; empty strings and None mean "not given"."""

    village: str
    district: str | None = None
    regency: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class Candidate:
    """An official village the operator may choose, with how well its name fits (0-100)."""

    code: str
    name: str
    district_code: str
    district_name: str
    regency_code: str
    regency_name: str
    score: int


@dataclass(frozen=True)
class MatchResult:
    """The outcome for one row. `code`/`official_name` are set for exact and fuzzy only."""

    status: MatchStatus
    code: str | None
    official_name: str | None
    score: int
    candidates: tuple[Candidate, ...]
    notes: tuple[Text, ...]


@dataclass(frozen=True)
class _Village:
    code: str
    name: str
    district_code: str
    regency_code: str
    keys: tuple[str, ...]  # the full name's key, then keys without leading prefix words
    raw_key: str  # letters as written, unexpanded: a word split by a typo may look like an abbreviation


@dataclass(frozen=True)
class _Place:
    code: str
    name: str
    keys: tuple[str, ...]
    kind: str  # regency prefix of the official name ("kabupaten"/"kota"), else ""


class _Scope:
    """Villages of one area, indexed by key for exact lookups and listed for rapidfuzz."""

    def __init__(self, villages: Sequence[int], index: VillageIndex) -> None:
        self.villages = villages
        self.index = index
        self.full: dict[str, list[int]] = defaultdict(list)
        self.stripped: dict[str, list[int]] = defaultdict(list)
        for i in villages:
            keys = index.villages[i].keys
            self.full[keys[0]].append(i)
            for key in keys[1:]:
                self.stripped[key].append(i)
        self._choices: list[str] | None = None
        self._owners: list[list[int]] = []

    def fuzzy_choices(self) -> tuple[list[str], list[list[int]]]:
        """Distinct keys (full, prefix-less, unexpanded) and the villages owning each, built on first use."""
        if self._choices is None:
            owners: dict[str, list[int]] = defaultdict(list)
            for i in self.villages:
                village = self.index.villages[i]
                for key in dict.fromkeys((*village.keys, village.raw_key)):
                    owners[key].append(i)
            self._choices = list(owners)
            self._owners = list(owners.values())
        return self._choices, self._owners


class VillageIndex:
    """Official villages with their districts and regencies, normalized once for matching."""

    def __init__(self, regions: Iterable[OfficialRegion], vocabulary: Vocabulary | None = None) -> None:
        self.vocabulary = vocabulary or load_vocabulary()
        vocab = self.vocabulary
        self.villages: list[_Village] = []
        self.places: dict[str, _Place] = {}
        self._villages_in: dict[str, list[int]] = defaultdict(list)
        self._children: dict[str, list[str]] = defaultdict(list)
        self._regency_keys: dict[str, list[str]] = defaultdict(list)
        for region in regions:
            words = vocab.words(region.name)
            if region.level == Level.VILLAGE:
                district = region.code.rsplit(".", 1)[0]
                keys = tuple(dict.fromkeys(key_of(v) for v in prefix_variants(words, vocab.village_prefixes)))
                raw = key_of(plain_words(region.name))
                self.villages.append(_Village(region.code, region.name, district, district[:5], keys, raw))
                for ancestor in (district, district[:5], district[:2], ""):
                    self._villages_in[ancestor].append(len(self.villages) - 1)
                continue
            prefixes = {
                Level.PROVINCE: frozenset({"provinsi"}),
                Level.REGENCY: vocab.regency_prefixes,
                Level.DISTRICT: vocab.district_prefixes,
            }[region.level]
            variants = prefix_variants(words, prefixes)
            kind = words[0] if region.level == Level.REGENCY and len(variants) > 1 else ""
            keys = tuple(dict.fromkeys(key_of(v) for v in variants))
            self.places[region.code] = _Place(region.code, region.name, keys, kind)
            if region.parent_code is not None:
                self._children[region.parent_code].append(region.code)
            if region.level == Level.REGENCY:
                self._regency_keys[keys[-1]].append(region.code)
        for alias, code in load_regency_aliases():
            if code in self.places:
                self._regency_keys[key_of(vocab.words(alias))].append(code)
        self.provinces = tuple(code for code in self.places if "." not in code)
        self._scopes: dict[tuple[str, ...], _Scope] = {}
        self._regency_cache: dict[tuple[str, str], tuple[tuple[str, ...], tuple[Text, ...]]] = {}
        self._district_cache: dict[tuple[tuple[str, ...], str], tuple[tuple[str, ...], tuple[Text, ...]]] = {}

    def scope(self, areas: tuple[str, ...]) -> _Scope:
        """The villages within the given area codes ("" is everything in the index)."""
        if areas not in self._scopes:
            if len(areas) == 1:
                members = self._villages_in.get(areas[0], [])
            else:
                members = sorted({i for area in areas for i in self._villages_in.get(area, [])})
            self._scopes[areas] = _Scope(members, self)
        return self._scopes[areas]

    def candidate(self, i: int, score: int) -> Candidate:
        village = self.villages[i]
        district = self.places.get(village.district_code)
        regency = self.places.get(village.regency_code)
        return Candidate(
            code=village.code,
            name=village.name,
            district_code=village.district_code,
            district_name=district.name if district else "",
            regency_code=village.regency_code,
            regency_name=regency.name if regency else "",
            score=score,
        )


def build_index(province: str | None = None) -> VillageIndex:
    """Index the shipped official list: one province (e.g. "64") or, with None or "all", all of Indonesia."""
    if province in (None, "", "all"):
        return VillageIndex(iter_official_regions())
    return VillageIndex(iter_official_regions(province=province))


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _resolve_places(
    index: VillageIndex, text: str, codes: Sequence[str], prefixes: frozenset[str]
) -> tuple[str, ...]:
    """Codes among `codes` whose name fits `text`: equal keys, else one clear rapidfuzz winner."""
    words = index.vocabulary.words(text)
    if not words:
        return ()
    wanted = {key_of(v) for v in prefix_variants(words, prefixes)}
    exact = tuple(code for code in codes if wanted & set(index.places[code].keys))
    if exact:
        return exact
    best: list[tuple[float, str]] = []
    for code in codes:
        score = max(fuzz.ratio(w, k) for w in wanted for k in index.places[code].keys)
        best.append((score, code))
    best.sort(reverse=True)
    if (
        best
        and best[0][0] >= FUZZY_MIN_SCORE
        and (len(best) == 1 or best[1][0] < best[0][0] - FUZZY_TIE_MARGIN)
    ):
        return (best[0][1],)
    return ()


def _resolve_regency(
    index: VillageIndex, regency: str, province: str
) -> tuple[tuple[str, ...], tuple[Text, ...]]:
    """Regency codes for the typed regency (several when e.g. "Bandung" fits a kabupaten and a kota)."""
    cache_key = (regency, province)
    if cache_key in index._regency_cache:
        return index._regency_cache[cache_key]
    provinces = index.provinces
    if not _blank(province):
        found = _resolve_places(index, province, provinces, frozenset({"provinsi"}))
        provinces = found or provinces
    regencies = [c for p in provinces for c in index._children.get(p, [])]
    allowed = set(regencies)
    vocab = index.vocabulary
    words = vocab.words(regency)
    variants = prefix_variants(words, vocab.regency_prefixes) if words else []
    kind = words[0] if len(variants) > 1 and words[0] in {"kabupaten", "kota"} else ""
    codes: list[str] = []
    for variant in variants:
        for code in index._regency_keys.get(key_of(variant), []):
            if code in allowed and code not in codes:
                codes.append(code)
    if kind and any(index.places[c].kind == kind for c in codes):
        # "Kota Bandung" names the city even though "Bandung" alone fits the kabupaten too.
        codes = [c for c in codes if index.places[c].kind in (kind, "")]
    notes: tuple[Text, ...] = ()
    if not codes:
        found = _resolve_places(index, regency, regencies, vocab.regency_prefixes)
        codes = list(found)
        if found:
            notes = (REGENCY_READ_AS(text=regency, name=index.places[found[0]].name),)
    result = (tuple(codes), notes)
    index._regency_cache[cache_key] = result
    return result


def _resolve_district(
    index: VillageIndex, district: str, regencies: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[Text, ...]]:
    cache_key = (regencies, district)
    if cache_key in index._district_cache:
        return index._district_cache[cache_key]
    districts = [c for r in regencies for c in index._children.get(r, [])]
    vocab = index.vocabulary
    words = vocab.words(district)
    wanted = {key_of(v) for v in prefix_variants(words, vocab.district_prefixes)} if words else set()
    codes = tuple(c for c in districts if wanted & set(index.places[c].keys))
    notes: tuple[Text, ...] = ()
    if not codes:
        codes = _resolve_places(index, district, districts, vocab.district_prefixes)
        if codes:
            notes = (DISTRICT_READ_AS(text=district, name=index.places[codes[0]].name),)
    index._district_cache[cache_key] = (codes, notes)
    return codes, notes


def _in_scope(index: VillageIndex, village: str, areas: tuple[str, ...]) -> MatchResult:
    """Match one name within one scope, without any notes about regency or district."""
    vocab = index.vocabulary
    scope = index.scope(areas)
    wanted = list(
        dict.fromkeys(key_of(v) for v in prefix_variants(vocab.words(village), vocab.village_prefixes))
    )
    full = sorted({i for key in wanted for i in scope.full.get(key, [])})
    if len(full) == 1:
        found = index.candidate(full[0], 100)
        return MatchResult(MatchStatus.EXACT, found.code, found.name, 100, (found,), ())
    if len(full) > 1:
        # "Kampung Gelgel" where both "Kampung Gelgel" and "Gelgel" are official: the longest reading of the
        # typed name that fits exactly one village is the likelier one, but "Kampung" may also just say what
        # kind of village "Gelgel" is, so it is a suggestion to confirm, never exact.
        for key in wanted:
            owners = scope.full.get(key, [])
            if owners:
                if len(owners) == 1:
                    return _longest_reading(index, owners[0], full)
                break
        return _ambiguous(index, [(100, i) for i in full])
    stripped = sorted({i for key in wanted for i in scope.stripped.get(key, [])})
    if len(stripped) == 1:
        found = index.candidate(stripped[0], PREFIX_ONLY_SCORE)
        notes = (PREFIX_DIFFERS(name=found.name),)
        return MatchResult(MatchStatus.FUZZY, found.code, found.name, PREFIX_ONLY_SCORE, (found,), notes)
    if len(stripped) > 1:
        return _ambiguous(index, [(PREFIX_ONLY_SCORE, i) for i in stripped])
    return _fuzzy(index, scope, list(dict.fromkeys([*wanted, key_of(plain_words(village))])))


def _longest_reading(index: VillageIndex, chosen: int, fitting: list[int]) -> MatchResult:
    found = index.candidate(chosen, LONGEST_READING_SCORE)
    others = tuple(index.candidate(i, LONGEST_READING_SCORE) for i in fitting if i != chosen)
    notes = (LONGEST_READING(name=found.name, others=", ".join(c.name for c in others)),)
    return MatchResult(
        MatchStatus.FUZZY, found.code, found.name, LONGEST_READING_SCORE, (found, *others), notes
    )


def _allowed_edits(typed: str, official: str) -> int:
    """Slipped letters (insert, delete, substitute, swap) forgiven between two names of these lengths."""
    return sum(max(len(typed), len(official)) >= n for n in TYPO_EDITS_FROM_LETTERS)


def _fuzzy(index: VillageIndex, scope: _Scope, wanted: list[str]) -> MatchResult:
    """Rank villages by slipped letters, then by similarity; accept one clear winner within reach."""
    best: dict[int, tuple[int, int]] = {}  # village -> (edits, ratio) of its closest key
    accepted: set[int] = set()
    choices, owners = scope.fuzzy_choices()
    for key in wanted:
        for choice, ratio, position in process.extract(
            key, choices, scorer=fuzz.ratio, limit=SUGGESTIONS * 2, score_cutoff=50
        ):
            edits = OSA.distance(key, choice)
            for i in owners[position]:
                if i not in best or (edits, -round(ratio)) < (best[i][0], -best[i][1]):
                    best[i] = (edits, round(ratio))
                if edits <= _allowed_edits(key, choice) or ratio >= FUZZY_MIN_SCORE:
                    accepted.add(i)
    ranked = sorted(best, key=lambda i: (best[i][0], -best[i][1], index.villages[i].code))
    winners = [i for i in ranked if i in accepted]
    if not winners:
        suggestions = tuple(index.candidate(i, best[i][1]) for i in ranked[:SUGGESTIONS])
        top_ratio = max((ratio for _edits, ratio in best.values()), default=0)
        return MatchResult(MatchStatus.UNMATCHED, None, None, top_ratio, suggestions, (NOT_FOUND(),))
    edits, ratio = best[winners[0]]
    close = [
        (best[i][1], i) for i in winners if best[i][0] == edits and best[i][1] >= ratio - FUZZY_TIE_MARGIN
    ]
    if len(close) > 1:
        return _ambiguous(index, close)
    found = index.candidate(winners[0], ratio)
    others = tuple(index.candidate(i, best[i][1]) for i in ranked if i != winners[0])[: SUGGESTIONS - 1]
    return MatchResult(
        MatchStatus.FUZZY, found.code, found.name, ratio, (found, *others), (TYPO(score=ratio),)
    )


def _ambiguous(index: VillageIndex, scored: list[tuple[int, int]]) -> MatchResult:
    candidates = tuple(index.candidate(i, s) for s, i in scored)
    top = max(s for s, _ in scored)
    return MatchResult(
        MatchStatus.AMBIGUOUS, None, None, top, candidates, (NAME_REPEATED(count=len(candidates)),)
    )


def _downgrade(result: MatchResult, max_score: int, note: Text) -> MatchResult:
    """A sure name in an unsure place: keep the code for the operator, never as exact."""
    if result.status not in (MatchStatus.EXACT, MatchStatus.FUZZY):
        return result
    score = min(result.score, max_score)
    return MatchResult(
        MatchStatus.FUZZY, result.code, result.official_name, score, result.candidates, (note, *result.notes)
    )


def _with_notes(result: MatchResult, notes: tuple[Text, ...]) -> MatchResult:
    if not notes:
        return result
    return MatchResult(
        result.status,
        result.code,
        result.official_name,
        result.score,
        result.candidates,
        (*notes, *result.notes),
    )


def match_village(index: VillageIndex, query: VillageQuery) -> MatchResult:
    """Match one row; see the module docstring for statuses and scores."""
    if _blank(query.village) or not index.vocabulary.words(query.village):
        return MatchResult(MatchStatus.UNMATCHED, None, None, 0, (), (NAME_EMPTY(),))
    notes: tuple[Text, ...] = ()
    regencies: tuple[str, ...] = ()
    if not _blank(query.regency):
        regencies, notes = _resolve_regency(index, query.regency or "", query.province or "")
        if not regencies:
            result = _in_scope(index, query.village, ("",))
            return _downgrade(result, UNKNOWN_REGENCY_MAX_SCORE, REGENCY_UNKNOWN(text=query.regency))
    if not regencies:
        # No regency column: the whole index (one province, or the nation) is the scope.
        return _with_notes(_in_scope(index, query.village, ("",)), notes)
    if _blank(query.district):
        return _with_notes(_in_scope(index, query.village, regencies), notes)
    districts, district_notes = _resolve_district(index, query.district or "", regencies)
    if not districts:
        result = _in_scope(index, query.village, regencies)
        return _with_notes(result, (*notes, DISTRICT_UNKNOWN(text=query.district)))
    result = _in_scope(index, query.village, districts)
    # A guessed district (typo) allows exact only if the name is unique in the whole regency too.
    if (
        result.status == MatchStatus.EXACT
        and district_notes
        and _in_scope(index, query.village, regencies).status != MatchStatus.EXACT
    ):
        result = _downgrade(result, OTHER_DISTRICT_MAX_SCORE, district_notes[0])
        return _with_notes(result, notes)
    if result.status != MatchStatus.UNMATCHED:
        return _with_notes(result, (*notes, *district_notes))
    wider = _in_scope(index, query.village, regencies)
    if wider.status == MatchStatus.UNMATCHED:
        return _with_notes(result, (*notes, *district_notes))
    if wider.status == MatchStatus.AMBIGUOUS:
        return _with_notes(wider, (*notes, *district_notes))
    found_in = wider.candidates[0].district_name
    note = FOUND_IN_OTHER_DISTRICT(district=query.district, found=found_in)
    return _with_notes(_downgrade(wider, OTHER_DISTRICT_MAX_SCORE, note), (*notes, *district_notes))


def match_villages(index: VillageIndex, queries: Iterable[VillageQuery]) -> list[MatchResult]:
    """Match every row, in order. The index caches regency and district lookups between rows."""
    return [match_village(index, query) for query in queries]


def survey_queries(table: SurveyTable) -> list[VillageQuery]:
    """One query per survey row, from the columns the reader recognized."""
    columns = table.columns
    return [
        VillageQuery(
            village=table.cell(row, columns.village),
            district=table.cell(row, columns.district),
            regency=table.cell(row, columns.regency),
            province=table.cell(row, columns.province),
        )
        for row in table.rows
    ]


def match_survey(index: VillageIndex, table: SurveyTable) -> list[MatchResult]:
    """Match every row of a survey read by `read_survey`; results are in the table's row order."""
    return match_villages(index, survey_queries(table))
