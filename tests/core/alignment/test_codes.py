"""Code and link problems."""

from __future__ import annotations

from pathlib import Path

from selaras.core.alignment import CodeError, Severity, SyncProblem, analyze_sync, load_nomenclature
from selaras.core.alignment import messages as m
from selaras.core.alignment.codes import code_tier
from selaras.core.plans.rows import PlanRow
from tests.core.alignment.helpers import row

SHIPPED_NOMENCLATURE = (
    Path(__file__).resolve().parents[3] / "src/selaras/data/nomenklatur/nomenklatur_kabkota_partial.csv"
)


def _errors(*rows: PlanRow, nomenclature: frozenset[str] | None = None) -> list[CodeError]:
    problem = SyncProblem(rows=tuple(rows), nomenclature_codes=nomenclature)
    return list(analyze_sync(problem).code_errors)


def test_it_reads_the_tier_from_the_fourth_part_of_the_code() -> None:
    assert code_tier("2.16.03.2.02.0024") == "2"
    assert code_tier("2.16.03.1.02") == "1"
    assert code_tier("2.16.03") is None
    assert code_tier("2.16.3") is None


def test_it_flags_malformed_and_empty_codes_but_not_national_rows_without_one() -> None:
    errors = _errors(
        row("A", "64.01", kode="2.16.3.2.02"),
        row("B", "64.01", kode="216032020024"),
        row("C", "64.01", kode=""),
        row("N", "00", kode=""),
        row("OK", "64.01", kode="2.16.03.2.02.0024"),
    )
    assert errors == [
        CodeError("A", "2.16.3.2.02", Severity.ERROR, m.CODE_MALFORMED(code="2.16.3.2.02")),
        CodeError("B", "216032020024", Severity.ERROR, m.CODE_MALFORMED(code="216032020024")),
        CodeError("C", "", Severity.ERROR, m.CODE_EMPTY()),
    ]


def test_it_flags_provincial_nomenclature_in_a_regency_row_and_the_reverse() -> None:
    errors = _errors(row("A", "64.01", kode="2.16.03.1.02"), row("P", "64", kode="2.16.03.2.02.0024"))
    assert [(e.id, e.reason) for e in errors] == [
        ("A", m.CODE_REGENCY_USES_PROVINCE(code="2.16.03.1.02")),
        ("P", m.CODE_PROVINCE_USES_REGENCY(code="2.16.03.2.02.0024")),
    ]


def test_a_code_missing_from_a_partial_nomenclature_is_only_a_warning_and_only_for_covered_tiers() -> None:
    nomenclature = load_nomenclature(SHIPPED_NOMENCLATURE)
    assert "2.16.03.2.02.0024" in nomenclature
    errors = _errors(
        row("A", "64.01", kode="2.16.03.2.02.0024"),
        row("B", "64.01", kode="2.16.03.2.02.0099"),
        row("P", "64", kode="2.16.03.1.02.0099"),  # the list holds no provincial code: nothing to say
        nomenclature=nomenclature,
    )
    assert errors == [
        CodeError(
            "B", "2.16.03.2.02.0099", Severity.WARNING, m.CODE_NOT_IN_NOMENCLATURE(code="2.16.03.2.02.0099")
        )
    ]


def test_it_reports_links_to_rows_that_do_not_exist() -> None:
    result = analyze_sync(SyncProblem(rows=(row("A", "64.01", mendukung="GONE"), row("P", "64"))))
    assert [(d.id, d.mendukung, d.reason) for d in result.dangling_links] == [
        ("A", "GONE", m.LINK_DANGLING(mendukung="GONE"))
    ]


def test_it_reports_every_row_of_a_cycle_and_a_row_supporting_itself() -> None:
    errors = _errors(
        row("A", "64", mendukung="B"),
        row("B", "64", mendukung="C"),
        row("C", "64", mendukung="A"),
        row("D", "64", mendukung="A"),  # leads into the cycle but is not part of it
        row("S", "64.01", mendukung="S"),
    )
    cycle = m.LINK_CYCLE(cycle="A → B → C → A")
    assert [(e.id, e.reason) for e in errors] == [
        ("A", cycle),
        ("B", cycle),
        ("C", cycle),
        ("S", m.LINK_CYCLE(cycle="S → S")),
    ]


def test_it_flags_a_link_to_a_row_of_a_sibling_or_lower_region() -> None:
    errors = _errors(
        row("P", "64"),
        row("A", "64.01", mendukung="P"),
        row("B", "64.02", mendukung="A"),
        row("Q", "64", mendukung="A"),
    )
    assert [(e.id, e.reason) for e in errors] == [
        ("B", m.LINK_NOT_UPWARD(region="64.02", mendukung="A", parent_region="64.01")),
        ("Q", m.LINK_NOT_UPWARD(region="64", mendukung="A", parent_region="64.01")),
    ]


def test_it_reports_an_id_used_twice_and_analyses_the_first_row() -> None:
    result = analyze_sync(SyncProblem(rows=(row("A", "64.01"), row("A", "64.02", kode="bad"))))
    assert [(e.id, e.reason) for e in result.code_errors] == [("A", m.ID_DUPLICATED(id="A", count=2))]
