"""Generate a messy village survey from the official list, with the truth for each row (seeded).

Rows mimic what regency staff type: prefixes (Desa, Ds., Kel., Kampung, Kp.), letter case, hyphens and
apostrophes, joined or split words, abbreviations (Sei, S., Tj., Tg., Gn. ...), one or two slipped letters,
local regency names (Kukar, Kab. Paser ...), districts left out, names used twice in a regency, and villages
that do not exist. Each row says what the matcher should give: the true code, `ambiguous` (a name used
more than once in the regency and no district), or `unmatched` (an invented name).

Truth is decided independently of the matcher: two official names are "the same name" when they are equal
after lower-casing and dropping everything but letters and digits.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from rapidfuzz import process
from rapidfuzz.distance import OSA

from selaras.core.names.normalize import load_regency_aliases, load_vocabulary
from selaras.core.regions_data import Level, OfficialRegion

EXPECT_CODE = "code"
EXPECT_AMBIGUOUS = "ambiguous"
EXPECT_UNMATCHED = "unmatched"

DEFAULT_MIX: Mapping[str, float] = MappingProxyType(
    {
        "clean": 0.10,
        "prefix": 0.12,
        "case": 0.08,
        "punctuation": 0.08,
        "spacing": 0.07,
        "abbreviation": 0.10,
        "typo": 0.15,
        "no_district": 0.10,
        "repeated_no_district": 0.08,
        "repeated_with_district": 0.07,
        "invented": 0.05,
    }
)
# Chance that a row gets a second, light mess (case or prefix) on top of its main one.
EXTRA_MESS = 0.3
# Typos go into names of at least this many letters: in shorter names one slipped letter makes another name.
TYPO_MIN_LETTERS = 6

_INVENTED_SYLLABLES = (
    "ba",
    "lo",
    "ng",
    "ta",
    "ki",
    "ma",
    "su",
    "ra",
    "wi",
    "den",
    "tur",
    "lak",
    "sep",
    "ho",
    "mu",
)


@dataclass(frozen=True)
class MessyRow:
    """One survey row as typed, and what the matcher should return for it."""

    regency: str
    district: str  # "" when the survey left it out
    village: str
    kind: str
    expect: str  # EXPECT_CODE, EXPECT_AMBIGUOUS or EXPECT_UNMATCHED
    truth_code: str | None  # the village meant; None for invented names


def simple_key(name: str) -> str:
    """Letters and digits only; a comma or slash lists two names ("Lubuk Pakam I,Ii"), so it stays."""
    return re.sub(r"[^a-z0-9|]", "", re.sub(r"[,/&]", "|", name.casefold()))


def _typo(rng: random.Random, name: str) -> str:
    positions = [i for i, ch in enumerate(name) if ch.isalpha() and i > 0]
    i = rng.choice(positions)
    edit = rng.choice(("delete", "substitute", "transpose", "double"))
    if edit == "delete":
        return name[:i] + name[i + 1 :]
    if edit == "substitute":
        letter = rng.choice([c for c in "aeiounrstlkm" if c != name[i].lower()])
        return name[:i] + (letter.upper() if name[i].isupper() else letter) + name[i + 1 :]
    if edit == "transpose" and i + 1 < len(name) and name[i + 1].isalpha():
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + name[i] + name[i:]


def _case(rng: random.Random, name: str) -> str:
    return rng.choice((str.upper, str.lower, str.swapcase))(name)


class _Generator:
    def __init__(self, regions: Iterable[OfficialRegion], seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 -- seeded test data, not cryptography
        self.names: dict[str, str] = {}
        self.villages: list[OfficialRegion] = []
        for region in regions:
            if region.level == Level.VILLAGE:
                self.villages.append(region)
            else:
                self.names[region.code] = region.name
        by_regency_name: dict[tuple[str, str], list[OfficialRegion]] = defaultdict(list)
        for village in self.villages:
            by_regency_name[(village.code[:5], simple_key(village.name))].append(village)
        self.repeated = [
            v for v in self.villages if len(by_regency_name[(v.code[:5], simple_key(v.name))]) > 1
        ]
        self.unique = [
            v for v in self.villages if len(by_regency_name[(v.code[:5], simple_key(v.name))]) == 1
        ]
        self.regency_keys: dict[str, list[str]] = defaultdict(list)
        for regency, key in by_regency_name:
            self.regency_keys[regency].append(key)
        self.repeated_keys = {key for key, found in by_regency_name.items() if len(found) > 1}
        district_names = Counter((v.code[:8], simple_key(v.name)) for v in self.villages)
        self.repeated_in_district = {key for key, count in district_names.items() if count > 1}
        self.all_keys = {k for _r, k in by_regency_name}
        self.bare_names = Counter(
            re.sub(r"^(Kabupaten|Kota)\s+", "", name)
            for code, name in self.names.items()
            if code.count(".") == 1
        )
        self.districts: dict[str, list[str]] = defaultdict(list)
        for code in self.names:
            if code.count(".") == 2:
                self.districts[code[:5]].append(code)
        self.aliases: dict[str, list[str]] = defaultdict(list)
        for alias, code in load_regency_aliases():
            self.aliases[code].append(alias)
        vocabulary = load_vocabulary()
        self.abbreviations: dict[str, list[str]] = defaultdict(list)
        for short, word in vocabulary.expansions.items():
            if word.isalpha() and short != word and len(short) < len(word):
                self.abbreviations[word].append(short)
        words = [w for v in self.villages for w in v.name.split() if w.isalpha() and len(w) > 2]
        self.words = sorted(set(words))

    def regency_text(self, code: str) -> str:
        official = self.names.get(code, "")
        bare = re.sub(r"^(Kabupaten|Kota)\s+", "", official)
        options = [official, official.replace("Kabupaten", "Kab."), official.upper()]
        if self.bare_names[bare] == 1:
            # "Bandung" alone names both Kabupaten and Kota Bandung: the survey would be ambiguous.
            options += [bare, bare.lower()]
        options += [alias.upper() for alias in self.aliases.get(code, [])]
        options += [
            f"Kab. {alias.title()}" for alias in self.aliases.get(code, []) if official.startswith("Kab")
        ]
        return self.rng.choice(options)

    def district_text(self, code: str) -> str:
        name = self.names.get(code, "")
        return self.rng.choice((name, name, f"Kec. {name}", f"Kecamatan {name}", name.upper()))

    def prefix(self, village: OfficialRegion, name: str) -> str:
        options: tuple[str, ...] = ("Kel. ", "Kelurahan ", "KEL. ")
        if not village.code.split(".")[3].startswith("1"):
            options = ("Desa ", "Ds. ", "Kampung ", "Kp. ", "DESA ")
        return self.rng.choice(options) + name

    def mess(self, kind: str, village: OfficialRegion) -> str | None:
        name, rng = village.name, self.rng
        if kind == "prefix":
            return self.prefix(village, name)
        if kind == "case":
            return _case(rng, name)
        if kind == "punctuation":
            if " " in name:
                return name.replace(" ", rng.choice(("-", " - ", ". ", "_")), 1)
            return name + rng.choice((".", ",", " -"))
        if kind == "spacing":
            if " " in name:
                return name.replace(" ", "", 1)
            if len(name) >= 8:
                cut = rng.randrange(3, len(name) - 3)
                return name[:cut] + " " + name[cut:]
            return "  " + name + " "
        if kind == "abbreviation":
            words = name.split()
            spots = [i for i, w in enumerate(words) if self.abbreviations.get(w.casefold())]
            if not spots:
                return None
            i = rng.choice(spots)
            short = rng.choice(self.abbreviations[words[i].casefold()])
            words[i] = short.title() + rng.choice((".", "", ". "))
            return " ".join(words).replace(". ", ".", rng.randrange(2))
        if kind == "typo":
            if len(simple_key(name)) < TYPO_MIN_LETTERS:
                return None
            typed = _typo(rng, name)
            if len(simple_key(name)) >= 12 and rng.random() < 0.3:
                typed = _typo(rng, typed)
            # A typo as near to another village of the regency as to this one is no longer this one's typo.
            own = OSA.distance(simple_key(typed), simple_key(name))
            nearest = process.extractOne(
                simple_key(typed), self.regency_keys[village.code[:5]], scorer=OSA.distance, score_cutoff=own
            )
            if nearest is not None and nearest[0] != simple_key(name):
                return None
            return typed
        return name

    def invented(self) -> str:
        rng = self.rng
        while True:
            if rng.random() < 0.5:
                name = f"{rng.choice(self.words)} {rng.choice(self.words)}"
            else:
                name = "".join(rng.choice(_INVENTED_SYLLABLES) for _ in range(rng.randint(2, 4))).title()
            if simple_key(name) not in self.all_keys and len(simple_key(name)) >= 5:
                return name

    def row(self, kind: str) -> MessyRow:
        rng = self.rng
        if kind == "invented":
            regency = rng.choice(sorted(self.districts))
            district = self.district_text(rng.choice(self.districts[regency])) if rng.random() < 0.7 else ""
            return MessyRow(
                self.regency_text(regency), district, self.invented(), kind, EXPECT_UNMATCHED, None
            )
        pool = self.repeated if kind.startswith("repeated") and self.repeated else self.unique
        while True:
            village = rng.choice(pool)
            main = (
                "clean" if kind in ("no_district", "repeated_no_district", "repeated_with_district") else kind
            )
            typed = self.mess(main, village)
            if typed is not None:
                break
        if rng.random() < EXTRA_MESS and kind != "typo":
            typed = _case(rng, typed) if rng.random() < 0.5 else self.prefix(village, typed)
        with_district = kind not in ("no_district", "repeated_no_district")
        district = self.district_text(village.code.rsplit(".", 1)[0]) if with_district else ""
        if with_district:
            repeated = (village.code[:8], simple_key(village.name)) in self.repeated_in_district
        else:
            repeated = (village.code[:5], simple_key(village.name)) in self.repeated_keys
        expect = EXPECT_AMBIGUOUS if repeated else EXPECT_CODE
        return MessyRow(self.regency_text(village.code[:5]), district, typed, kind, expect, village.code)


def generate_messy_survey(
    regions: Iterable[OfficialRegion], rows: int, seed: int = 0, mix: Mapping[str, float] = DEFAULT_MIX
) -> list[MessyRow]:
    """`rows` messy rows drawn from `regions` (an official list, e.g. one province), kinds drawn by `mix`.

    Villages are drawn with replacement. Same `seed`, same rows.
    """
    generator = _Generator(regions, seed)
    kinds = list(mix)
    weights = [mix[k] for k in kinds]
    return [generator.row(kind) for kind in generator.rng.choices(kinds, weights=weights, k=rows)]
