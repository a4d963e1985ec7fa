"""Problem and result of the synchronization analysis: plain, frozen values keyed by row `id`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType

from selaras.core.alignment import messages as m
from selaras.core.i18n import DEFAULT_LANGUAGE, Msg, Text
from selaras.core.plans.rows import PlanRow


@dataclass(frozen=True)
class RegionFacts:
    """What aggregation needs to know about one region: its desa (not kelurahan) and its population."""

    desa_count: int
    population: int | None = None


@dataclass(frozen=True)
class IrisanSettings:
    """Thresholds of the irisan matcher; the defaults are the ones the evaluation set was checked with.

    Similarities are cosine similarities of TF-IDF vectors of stemmed terms, in [0, 1]. A pair is kept when
    it is among the `max_partners_per_row` best of either row, which bounds the output on national-scale
    input (groups still join every row with its partners).
    """

    min_score: float = 0.3
    duplikasi_min_similarity: float = 0.2  # connectivity work (field `akses`) in shared villages needs none
    kolaborasi_min_similarity: float = 0.4
    field_min_similarity: float = 0.0  # kolaborasi of rows of one field (`bidang` in synonyms.csv)
    max_partners_per_row: int = 3  # each row keeps its best partners (duplications are always kept)


@dataclass(frozen=True)
class SyncProblem:
    """Everything the analysis looks at.

    `rows`: all regions' plan rows (national `00`, province, regencies/cities).
    `region_facts_by_code`: desa count and population per region code (regencies for a provincial parent,
    provinces for a national one); regions absent here cannot be expected as contributors.
    `nomenclature_codes`: the loaded program nomenclature, or None to skip that check (a warning only).
    `years`: the plan period; None means every year found in the rows.
    `external_ids`: ids of rows that exist but are not analysed (saved elsewhere, or refused by the workbook
    reader): a link to one of them is not dangling.
    """

    rows: tuple[PlanRow, ...]
    region_facts_by_code: Mapping[str, RegionFacts] = field(default_factory=lambda: MappingProxyType({}))
    nomenclature_codes: frozenset[str] | None = None
    years: tuple[int, ...] | None = None
    irisan: IrisanSettings = IrisanSettings()
    external_ids: frozenset[str] = frozenset()


class GapKind(StrEnum):
    NOT_SUPPORTED = "tidak_didukung"
    NATIONAL_NOT_SUPPORTED = "nasional_tidak_didukung"
    MISSING_CONTRIBUTORS = "kontributor_kurang"


@dataclass(frozen=True)
class CoverageGap:
    id: str
    kind: GapKind
    reason: Text
    missing_regions: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetShortfall:
    """`child` is None when the aggregate of all supporters falls short."""

    parent: str
    child: str | None
    year: int
    expected: Decimal
    planned: Decimal
    reason: Text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class CodeError:
    id: str
    code: str
    severity: Severity
    reason: Text


@dataclass(frozen=True)
class DanglingLink:
    id: str
    mendukung: str
    reason: Text


class IrisanType(StrEnum):
    DUPLIKASI = "duplikasi"
    LAYANAN_BERSAMA = "layanan_bersama"
    KOLABORASI = "kolaborasi"


@dataclass(frozen=True)
class IrisanEvidence:
    """What a pair shares: villages, years, matched terms (most telling first), shareable assets and
    beneficiaries (concept names), and the common code prefix with the tier digit as `x` ("" for none)."""

    villages: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    terms: tuple[str, ...] = ()
    assets: tuple[str, ...] = ()
    beneficiaries: tuple[str, ...] = ()
    code_prefix: str = ""
    fields: tuple[str, ...] = ()  # fields of work both rows belong to (synonyms.csv `bidang`)
    audiences: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # each row's beneficiaries when they differ


@dataclass(frozen=True)
class IrisanCandidate:
    """A pair of rows of different governments; `a` is the higher tier (or the smaller id on a tie).

    `score` in [0, 1] ranks candidates; `similarity` is the wording's cosine similarity. `reason` is a list
    of parts (kind first, then evidence), built from `evidence` when asked; `render_reason` joins them.
    """

    a: str
    b: str
    type: IrisanType
    score: float
    similarity: float
    evidence: IrisanEvidence

    @property
    def reason(self) -> tuple[Text, ...]:
        return irisan_reason(self.type, self.similarity, self.evidence)

    def render_reason(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return (
            "; ".join(_render_part(part.msg, lang, tuple(part.params.items())) for part in self.reason) + "."
        )


@lru_cache(maxsize=1 << 16)
def _render_part(msg: Msg, lang: str, params: tuple[tuple[str, object], ...]) -> str:
    """One reason part in `lang`. Most parts repeat across candidates (the kind, the years, the similarity),
    and national-scale runs render hundreds of thousands of reasons."""
    return msg.render(lang, **dict(params))


MAX_LISTED = 5  # villages or terms named in a reason


def _listed(items: tuple[str, ...]) -> str:
    return ", ".join(items[:MAX_LISTED]) + (", ..." if len(items) > MAX_LISTED else "")


def irisan_reason(kind: IrisanType, similarity: float, evidence: IrisanEvidence) -> tuple[Text, ...]:
    """The reason parts of a candidate: its kind, then each piece of evidence it has."""
    if kind == IrisanType.DUPLIKASI:
        parts = [m.IRISAN_DUPLIKASI()]
    elif kind == IrisanType.LAYANAN_BERSAMA:
        parts = [m.IRISAN_LAYANAN_BERSAMA(assets=", ".join(evidence.assets))]
    else:
        parts = [m.IRISAN_KOLABORASI()]
    if evidence.villages:
        parts.append(m.EVIDENCE_VILLAGES(count=len(evidence.villages), sample=_listed(evidence.villages)))
    if evidence.years:
        parts.append(m.EVIDENCE_YEARS(years=", ".join(str(year) for year in evidence.years)))
    if evidence.terms:
        parts.append(m.EVIDENCE_TERMS(terms=_listed(evidence.terms)))
    if evidence.fields:
        parts.append(m.EVIDENCE_FIELD(fields=", ".join(evidence.fields)))
    if evidence.beneficiaries:
        parts.append(m.EVIDENCE_BENEFICIARY(beneficiaries=", ".join(evidence.beneficiaries)))
    elif evidence.audiences[0] and evidence.audiences[1]:
        mine, theirs = evidence.audiences
        parts.append(m.EVIDENCE_AUDIENCES(mine=", ".join(mine), theirs=", ".join(theirs)))
    if evidence.code_prefix:
        parts.append(m.EVIDENCE_CODE(code=evidence.code_prefix))
    parts.append(m.EVIDENCE_SIMILARITY(percent=round(similarity * 100)))
    return tuple(parts)


@dataclass(frozen=True)
class IrisanGroup:
    """Rows joined by accepted irisan pairs (a connected component), sorted by id."""

    ids: tuple[str, ...]
    types: tuple[IrisanType, ...]


@dataclass(frozen=True)
class SyncResult:
    coverage_gaps: tuple[CoverageGap, ...]
    target_shortfalls: tuple[TargetShortfall, ...]
    code_errors: tuple[CodeError, ...]
    dangling_links: tuple[DanglingLink, ...]
    irisan: tuple[IrisanCandidate, ...]
    irisan_groups: tuple[IrisanGroup, ...]
