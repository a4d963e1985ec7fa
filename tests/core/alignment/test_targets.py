"""Coverage gaps and target shortfalls on tiny hand-checked plans."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

from selaras.core.alignment import GapKind, RegionFacts, SyncProblem, TargetShortfall, analyze_sync
from selaras.core.alignment import messages as m
from selaras.core.plans.rows import Aggregation, PlanRow, Polarity
from tests.core.alignment.helpers import row

# Two regencies with desa and a city without: 64.01 has 100 desa, 64.02 has 300, 64.71 none.
FACTS = {
    "64.01": RegionFacts(desa_count=100, population=1_000),
    "64.02": RegionFacts(desa_count=300, population=3_000),
    "64.71": RegionFacts(desa_count=0, population=6_000),
}


def _shortfalls(*rows: PlanRow) -> set[tuple[str, str | None, int, Decimal, Decimal]]:
    result = analyze_sync(SyncProblem(rows=tuple(rows), region_facts_by_code=FACTS))
    return {(s.parent, s.child, s.year, s.expected, s.planned) for s in result.target_shortfalls}


def test_it_weights_the_aggregate_by_desa_count_and_skips_cities_without_desa() -> None:
    parent = row("P", "64", agregasi=Aggregation.MEAN_BY_DESA, targets={2026: "80"})
    a = row("A", "64.01", targets={2026: "100"}, mendukung="P")
    b = row("B", "64.02", targets={2026: "70"}, mendukung="P")
    # (100*100 + 300*70) / 400 = 77.5 < 80; B alone is also below 80.
    assert _shortfalls(parent, a, b) == {
        ("P", None, 2026, Decimal(80), Decimal("77.5")),
        ("P", "B", 2026, Decimal(80), Decimal(70)),
    }


def test_it_weights_the_aggregate_by_population_including_cities() -> None:
    parent = row("P", "64", agregasi=Aggregation.MEAN_BY_POPULATION, targets={2026: "60"})
    a = row("A", "64.01", targets={2026: "90"}, mendukung="P")
    b = row("B", "64.02", targets={2026: "90"}, mendukung="P")
    c = row("C", "64.71", targets={2026: "40"}, mendukung="P")
    # (1000*90 + 3000*90 + 6000*40) / 10000 = 60: exactly on target, no shortfall for the aggregate.
    assert _shortfalls(parent, a, b, c) == {("P", "C", 2026, Decimal(60), Decimal(40))}


def test_a_missing_contributor_counts_as_no_progress_from_the_parents_baseline() -> None:
    parent = row("P", "64", agregasi=Aggregation.MEAN_BY_DESA, baseline="40", targets={2026: "80"})
    a = row("A", "64.01", targets={2026: "100"}, mendukung="P")
    # 64.02 is missing: (100*100 + 300*40) / 400 = 55.
    assert _shortfalls(parent, a) == {("P", None, 2026, Decimal(80), Decimal(55))}
    gaps = analyze_sync(SyncProblem(rows=(parent, a), region_facts_by_code=FACTS)).coverage_gaps
    assert [(g.id, g.kind, g.missing_regions) for g in gaps] == [
        ("P", GapKind.MISSING_CONTRIBUTORS, ("64.02",))
    ]
    assert gaps[0].reason == m.GAP_MISSING_CONTRIBUTORS(
        aggregation="rata_bobot_desa", expected=2, missing=1, regions="64.02"
    )


def test_a_sum_is_checked_only_as_a_whole_and_a_missing_region_adds_nothing() -> None:
    parent = row("P", "64", satuan="desa", agregasi=Aggregation.SUM, targets={2026: "400", 2027: "100"})
    a = row("A", "64.01", satuan="desa", targets={2026: "100", 2027: "60"}, mendukung="P")
    b = row("B", "64.02", satuan="desa", targets={2026: "250", 2027: "60"}, mendukung="P")
    assert _shortfalls(parent, a, b) == {("P", None, 2026, Decimal(400), Decimal(350))}


def test_lower_is_better_flags_a_supporter_planned_above_its_parent() -> None:
    parent = row(
        "P", "64", indikator="Persentase desa blank spot", polaritas=Polarity.NEGATIVE, targets={2026: "10"}
    )
    a = row("A", "64.01", indikator="Persentase desa blank spot", targets={2026: "12"}, mendukung="P")
    b = row("B", "64.02", indikator="Persentase desa blank spot", targets={2026: "8"}, mendukung="P")
    assert _shortfalls(parent, a, b) == {("P", "A", 2026, Decimal(10), Decimal(12))}


def test_it_compares_a_pair_only_when_it_measures_the_same_thing_in_the_same_unit() -> None:
    parent = row("P", "64", indikator="Indeks SPBE", satuan="indeks", targets={2026: "3.5"})
    same = row(
        "A", "64.01", indikator="Indeks SPBE Kabupaten", satuan="Indeks", targets={2026: "3"}, mendukung="P"
    )
    other_unit = row(
        "B", "64.02", indikator="Indeks SPBE", satuan="dokumen", targets={2026: "1"}, mendukung="P"
    )
    other_thing = row(
        "C", "64.71", indikator="Indeks KAMI", satuan="indeks", targets={2026: "2"}, mendukung="P"
    )
    assert _shortfalls(parent, same, other_unit, other_thing) == {
        ("P", "A", 2026, Decimal("3.5"), Decimal(3))
    }


def test_it_does_not_compare_counts_when_the_parent_declares_no_aggregation() -> None:
    parent = row(
        "P", "64", indikator="Jumlah dataset di portal data", satuan="dataset", targets={2026: "500"}
    )
    child = row(
        "A", "64.01", indikator="Jumlah dataset di portal data", satuan="dataset", targets={2026: "50"}
    )
    assert _shortfalls(parent, replace(child, mendukung="P")) == set()


def test_a_shortfall_reason_gives_year_expected_and_planned() -> None:
    parent = row("P", "64", targets={2026: "90"})
    child = row("A", "64.01", targets={2026: "85.5"}, mendukung="P")
    result = analyze_sync(SyncProblem(rows=(parent, child), region_facts_by_code=FACTS))
    assert result.target_shortfalls == (
        TargetShortfall(
            "P",
            "A",
            2026,
            Decimal(90),
            Decimal("85.5"),
            m.SHORTFALL_CHILD(year=2026, child="A", parent="P", planned="85.5", expected="90"),
        ),
    )
    assert result.target_shortfalls[0].reason.render("en").startswith("Year 2026: A's target (85.5)")


def test_it_flags_provincial_and_national_rows_nobody_supports_but_not_routine_ones() -> None:
    national = row("N", "00", kode="")
    province = row("P", "64", mendukung="N")
    orphan = row("Q", "64", indikator="Indeks KAMI", satuan="indeks")
    routine = row("R", "64", kode="2.16.01.1.02.0001", uraian="Penyediaan Gaji dan Tunjangan ASN")
    lonely_national = row("M", "00", kode="", indikator="Indeks Masyarakat Digital")
    regency = row("A", "64.01", mendukung="P")
    gaps = analyze_sync(
        SyncProblem(rows=(national, province, orphan, routine, lonely_national, regency))
    ).coverage_gaps
    assert {(g.id, g.kind) for g in gaps} == {
        ("Q", GapKind.NOT_SUPPORTED),
        ("M", GapKind.NATIONAL_NOT_SUPPORTED),
    }


def test_support_through_a_provincial_activity_counts_as_regency_support() -> None:
    program = row("P", "64")
    activity = row("K", "64", kode="2.16.03.1.02", mendukung="P")
    regency = row("A", "64.01", kode="2.16.03.2.02", mendukung="K")
    assert analyze_sync(SyncProblem(rows=(program, activity, regency))).coverage_gaps == ()


def test_raising_every_supporters_target_never_adds_a_shortfall() -> None:
    rng = random.Random(5)  # noqa: S311 -- seeded test data, not cryptography
    for _ in range(30):
        parent = row(
            "P", "64", agregasi=rng.choice(list(Aggregation)), targets={2026: str(rng.randint(40, 90))}
        )
        children = [
            row(f"C{i}", code, targets={2026: str(rng.randint(20, 100))}, mendukung="P")
            for i, code in enumerate(["64.01", "64.02", "64.71"])
            if rng.random() < 0.8
        ]
        raised = [replace(c, targets_by_year={2026: c.targets_by_year[2026] + 10}) for c in children]
        before = {(p, c) for p, c, *_ in _shortfalls(parent, *children)}
        after = {(p, c) for p, c, *_ in _shortfalls(parent, *raised)}
        assert after <= before
