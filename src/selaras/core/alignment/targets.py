"""Coverage gaps and target shortfalls along the `mendukung` (cascading) links."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from rapidfuzz import fuzz

from selaras.core.alignment import messages as m
from selaras.core.alignment.model import CoverageGap, GapKind, RegionFacts, TargetShortfall
from selaras.core.plans.rows import NATIONAL_REGION_CODE, Aggregation, PlanRow, Polarity

MEANS = (Aggregation.MEAN, Aggregation.MEAN_BY_DESA, Aggregation.MEAN_BY_POPULATION)
SAME_MEASURE_MIN_RATIO = 80.0  # rapidfuzz token_set_ratio of the two indicators' terms, 0-100
# Units of rates and indices: only these compare one-to-one across regions when the parent declares no
# aggregation (a regency's count of datasets is naturally below the province's).
RATE_UNITS = frozenset({"%", "indeks", "nilai", "skor", "poin", "skala", "level", "predikat"})
_UNIT_ALIASES = {"persen": "%", "percent": "%", "prosen": "%", "indeks": "indeks", "index": "indeks"}


def normalize_unit(unit: str) -> str:
    text = " ".join(unit.lower().split())
    return _UNIT_ALIASES.get(text, text)


def is_child_region(child: str, parent: str) -> bool:
    """True when `child` lies exactly one level below `parent` (`00` is above every province)."""
    if parent == NATIONAL_REGION_CODE:
        return "." not in child and child != NATIONAL_REGION_CODE
    return child.startswith(parent + ".") and child.count(".") == parent.count(".") + 1


def children_by_region(facts: Mapping[str, RegionFacts]) -> dict[str, list[str]]:
    """Region code -> the sorted codes in `facts` one level below it (`00` -> provinces)."""
    children: dict[str, list[str]] = {}
    for code in sorted(facts):
        parent = code.rsplit(".", 1)[0] if "." in code else NATIONAL_REGION_CODE
        children.setdefault(parent, []).append(code)
    return children


def expected_contributors(
    parent: PlanRow, facts: Mapping[str, RegionFacts], children: Mapping[str, list[str]] | None = None
) -> list[str]:
    """Regions one level below the parent's region that its aggregation needs (sorted codes).

    For `rata_bobot_desa` only regions with desa count; for `rata_bobot_penduduk` only regions with a known
    population; otherwise every region below it listed in `facts`. `children`: `children_by_region(facts)`,
    passed when calling many times.
    """
    codes = (children if children is not None else children_by_region(facts)).get(parent.kode_wilayah, [])
    if parent.agregasi == Aggregation.MEAN_BY_DESA:
        return [c for c in codes if facts[c].desa_count > 0]
    if parent.agregasi == Aggregation.MEAN_BY_POPULATION:
        return [c for c in codes if (facts[c].population or 0) > 0]
    return codes


def _falls_short(planned: Decimal, expected: Decimal, polarity: Polarity) -> bool:
    tolerance = Decimal("1e-9") * max(Decimal(1), abs(expected))
    if polarity == Polarity.NEGATIVE:
        return planned > expected + tolerance
    return planned < expected - tolerance


def _fmt(value: Decimal) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def find_coverage_gaps(
    rows_by_id: Mapping[str, PlanRow],
    supporters: Mapping[str, Sequence[PlanRow]],
    facts: Mapping[str, RegionFacts],
    is_routine: Callable[[PlanRow], bool],
) -> list[CoverageGap]:
    """Provincial rows no regency/city row supports (directly or through a chain), national rows no
    provincial row supports, and aggregable rows whose expected contributors are missing some regions.

    Routine rows (program penunjang, own website...) need no support and are skipped.
    """
    below_cache: dict[str, frozenset[str]] = {}
    children = children_by_region(facts)

    def regions_below(row_id: str) -> frozenset[str]:
        # Iterative, cycle-safe walk down the support tree, collecting the supporters' region codes.
        if row_id in below_cache:
            return below_cache[row_id]
        seen: set[str] = {row_id}
        stack = [row_id]
        regions: set[str] = set()
        while stack:
            for child in supporters.get(stack.pop(), ()):
                if child.id not in seen:
                    seen.add(child.id)
                    regions.add(child.kode_wilayah)
                    stack.append(child.id)
        below_cache[row_id] = frozenset(regions)
        return below_cache[row_id]

    gaps: list[CoverageGap] = []
    for row in rows_by_id.values():
        if row.is_province and not is_routine(row):
            if not any(is_child_region(r, row.kode_wilayah) for r in regions_below(row.id)):
                gaps.append(CoverageGap(row.id, GapKind.NOT_SUPPORTED, m.GAP_NOT_SUPPORTED_BY_REGENCY()))
                continue
        elif row.is_national:
            if not any("." not in r and r != NATIONAL_REGION_CODE for r in regions_below(row.id)):
                gaps.append(
                    CoverageGap(row.id, GapKind.NATIONAL_NOT_SUPPORTED, m.GAP_NATIONAL_NOT_SUPPORTED())
                )
                continue
        else:
            continue
        if row.agregasi == Aggregation.NONE:
            continue
        expected = expected_contributors(row, facts, children)
        present = {child.kode_wilayah for child in _contributors(row, supporters)}
        missing = tuple(code for code in expected if code not in present)
        if missing:
            reason = m.GAP_MISSING_CONTRIBUTORS(
                aggregation=row.agregasi.value,
                expected=len(expected),
                missing=len(missing),
                regions=", ".join(missing),
            )
            gaps.append(CoverageGap(row.id, GapKind.MISSING_CONTRIBUTORS, reason, missing))
    return gaps


def _contributors(parent: PlanRow, supporters: Mapping[str, Sequence[PlanRow]]) -> list[PlanRow]:
    """Direct supporters from the regions just below the parent's that measure in the parent's unit."""
    unit = normalize_unit(parent.satuan)
    return [
        child
        for child in supporters.get(parent.id, ())
        if is_child_region(child.kode_wilayah, parent.kode_wilayah) and normalize_unit(child.satuan) == unit
    ]


def find_target_shortfalls(
    rows_by_id: Mapping[str, PlanRow],
    supporters: Mapping[str, Sequence[PlanRow]],
    facts: Mapping[str, RegionFacts],
    years: Sequence[int],
    indicator_terms: Callable[[PlanRow], str],
) -> list[TargetShortfall]:
    """Per year and polarity-aware: (1) a supporter planned below the row it supports, when both measure the
    same thing in the same unit; (2) the aggregate of all supporters below an aggregable row's target.

    Same thing: the parent declares a mean aggregation (so same-unit supporters are its parts by design),
    or it declares none, the unit is a rate or index (%, indeks, nilai...) and the indicators' terms match
    (rapidfuzz token_set_ratio >= 80). A `jumlah` parent is only checked as an aggregate, since each part of
    a sum is smaller than the whole.
    Aggregate: contributors are same-unit supporters from the regions one level below (several rows of one
    region are summed for `jumlah`, averaged otherwise); a missing contributor counts as no progress: 0 for
    `jumlah`, the parent's baseline for means (or 0 when it has none and higher is better; when lower is
    better and there is no baseline the year is not assessed).
    """
    shortfalls: list[TargetShortfall] = []
    below = children_by_region(facts)
    for parent in rows_by_id.values():
        children = supporters.get(parent.id, ())
        if not children:
            continue
        if parent.agregasi != Aggregation.SUM:
            shortfalls.extend(_pair_shortfalls(parent, children, years, indicator_terms))
        if parent.agregasi != Aggregation.NONE:
            contributors = _contributors(parent, supporters)
            expected = expected_contributors(parent, facts, below)
            shortfalls.extend(_aggregate_shortfalls(parent, contributors, expected, facts, years))
    return shortfalls


def _pair_shortfalls(
    parent: PlanRow,
    children: Sequence[PlanRow],
    years: Sequence[int],
    indicator_terms: Callable[[PlanRow], str],
) -> list[TargetShortfall]:
    found: list[TargetShortfall] = []
    unit = normalize_unit(parent.satuan)
    for child in children:
        if normalize_unit(child.satuan) != unit:
            continue
        if parent.agregasi == Aggregation.NONE and (
            unit not in RATE_UNITS
            or fuzz.token_set_ratio(indicator_terms(parent), indicator_terms(child)) < SAME_MEASURE_MIN_RATIO
        ):
            continue
        for year in years:
            expected = parent.targets_by_year.get(year)
            planned = child.targets_by_year.get(year)
            if expected is None or planned is None or not _falls_short(planned, expected, parent.polaritas):
                continue
            reason = m.SHORTFALL_CHILD(
                year=year, child=child.id, parent=parent.id, planned=_fmt(planned), expected=_fmt(expected)
            )
            found.append(TargetShortfall(parent.id, child.id, year, expected, planned, reason))
    return found


def _aggregate_shortfalls(
    parent: PlanRow,
    contributors: Sequence[PlanRow],
    expected_regions: Sequence[str],
    facts: Mapping[str, RegionFacts],
    years: Sequence[int],
) -> list[TargetShortfall]:
    if not expected_regions:
        # Without region facts the expected set is unknown: aggregate over the regions that did answer.
        expected_regions = sorted({c.kode_wilayah for c in contributors})
        if parent.agregasi in (Aggregation.MEAN_BY_DESA, Aggregation.MEAN_BY_POPULATION):
            return []
    found: list[TargetShortfall] = []
    for year in years:
        target = parent.targets_by_year.get(year)
        if target is None:
            continue
        planned = _aggregate(parent, contributors, expected_regions, facts, year)
        if planned is None or not _falls_short(planned, target, parent.polaritas):
            continue
        reason = m.SHORTFALL_AGGREGATE(
            year=year,
            aggregation=parent.agregasi.value,
            parent=parent.id,
            planned=_fmt(planned),
            expected=_fmt(target),
        )
        found.append(TargetShortfall(parent.id, None, year, target, planned, reason))
    return found


def _aggregate(
    parent: PlanRow,
    contributors: Sequence[PlanRow],
    regions: Sequence[str],
    facts: Mapping[str, RegionFacts],
    year: int,
) -> Decimal | None:
    by_region: dict[str, list[Decimal]] = {}
    for child in contributors:
        value = child.targets_by_year.get(year)
        if value is not None:
            by_region.setdefault(child.kode_wilayah, []).append(value)
    if parent.agregasi == Aggregation.SUM:
        return sum((sum(values, Decimal(0)) for values in by_region.values()), Decimal(0))
    no_progress = parent.baseline
    if no_progress is None:
        if parent.polaritas == Polarity.NEGATIVE:
            return None
        no_progress = Decimal(0)
    total = Decimal(0)
    weight_total = Decimal(0)
    for code in regions:
        values = by_region.get(code)
        value = sum(values, Decimal(0)) / len(values) if values else no_progress
        weight = _weight(parent.agregasi, facts.get(code))
        total += weight * value
        weight_total += weight
    return total / weight_total if weight_total else None


def _weight(aggregation: Aggregation, facts: RegionFacts | None) -> Decimal:
    if aggregation == Aggregation.MEAN_BY_DESA:
        return Decimal(facts.desa_count if facts else 0)
    if aggregation == Aggregation.MEAN_BY_POPULATION:
        return Decimal(facts.population or 0 if facts else 0)
    return Decimal(1)
