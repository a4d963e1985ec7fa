"""The labelled evaluation set: 46 rows of the nation, the province and ten regencies/cities of Kaltim.

evaluation_labels.csv holds the hand labels: planted gaps, shortfalls, code errors and the true program
irisan (identical routine rows and look-alike wording are deliberately left unlabelled).
"""

from __future__ import annotations

from functools import lru_cache

from selaras.core.alignment import SyncProblem, SyncResult, analyze_sync, region_facts_from_official
from tests.core.alignment.rows_csv import HERE, load_labels, load_rows

ROWS = HERE / "evaluation_rows.csv"
LABELS = HERE / "evaluation_labels.csv"
ROUTINE_IDS = {"P07", "P08", "R_PSR_GAJI", "R_KKR_GAJI", "R_KKR_WEB", "R_BPN_PPID"}


@lru_cache(maxsize=1)
def _result() -> SyncResult:
    rows = load_rows(ROWS)
    return analyze_sync(SyncProblem(rows=tuple(rows), region_facts_by_code=region_facts_from_official("64")))


def _labels(kind: str) -> list[dict[str, str]]:
    return [label for label in load_labels(LABELS) if label["kind"] == kind]


def _irisan_scores() -> tuple[float, float, float]:
    true = {frozenset((x["a"], x["b"])): x["detail"] for x in _labels("irisan")}
    optional = {frozenset((x["a"], x["b"])) for x in _labels("irisan_optional")}
    found = {frozenset((c.a, c.b)): c.type.value for c in _result().irisan}
    judged = {pair: kind for pair, kind in found.items() if pair not in optional}
    hits = set(judged) & set(true)
    precision = len(hits) / len(judged)
    recall = len(hits) / len(true)
    type_accuracy = sum(judged[pair] == true[pair] for pair in hits) / len(hits)
    return precision, recall, type_accuracy


def test_the_evaluation_set_is_large_enough_and_spans_province_and_regencies() -> None:
    rows = load_rows(ROWS)
    assert len(rows) >= 40
    assert {r.kode_wilayah for r in rows} >= {"00", "64", "64.01", "64.02", "64.71", "64.72"}


def test_it_finds_irisan_with_precision_and_recall_of_at_least_0_9() -> None:
    precision, recall, _ = _irisan_scores()
    assert precision >= 0.9
    assert recall >= 0.9


def test_it_names_the_right_type_for_nearly_every_irisan_it_finds() -> None:
    assert _irisan_scores()[2] >= 0.9


def test_it_never_proposes_routine_work_as_irisan_even_with_identical_wording() -> None:
    involved = {c.a for c in _result().irisan} | {c.b for c in _result().irisan}
    assert involved.isdisjoint(ROUTINE_IDS)


def test_it_finds_exactly_the_planted_coverage_gaps() -> None:
    expected = {(x["a"], x["detail"]) for x in _labels("coverage_gap")}
    assert {(g.id, g.kind.value) for g in _result().coverage_gaps} == expected


def test_it_finds_exactly_the_planted_target_shortfalls() -> None:
    expected = {(x["a"], x["b"] or None, int(x["detail"])) for x in _labels("target_shortfall")}
    assert {(s.parent, s.child, s.year) for s in _result().target_shortfalls} == expected


def test_it_finds_exactly_the_planted_code_errors_and_dangling_links() -> None:
    assert {e.id for e in _result().code_errors} == {x["a"] for x in _labels("code_error")}
    assert {(d.id, d.mendukung) for d in _result().dangling_links} == {
        (x["a"], x["b"]) for x in _labels("dangling_link")
    }


def test_every_irisan_reason_names_its_evidence_in_indonesian_and_english() -> None:
    for candidate in _result().irisan:
        indonesian, english = candidate.render_reason("id"), candidate.render_reason("en")
        assert "kemiripan uraian" in indonesian
        assert "wording similarity" in english
        assert 0 < candidate.score <= 1


def test_on_a_held_out_set_labelled_before_its_first_run_it_stays_precise() -> None:
    # holdout_rows.csv was never used to tune anything. Its first run found 5 of 6 true pairs (recall 0.83:
    # "pendampingan digitalisasi pelaku usaha" vs "pelatihan pemasaran digital UMKM" is missed) and no false
    # pair; this guards those levels rather than the 0.9 goal.
    rows = load_rows(HERE / "holdout_rows.csv")
    labels = load_labels(HERE / "holdout_labels.csv")
    true = {frozenset((x["a"], x["b"])) for x in labels if x["kind"] == "irisan"}
    optional = {frozenset((x["a"], x["b"])) for x in labels if x["kind"] == "irisan_optional"}
    found = {frozenset((c.a, c.b)) for c in analyze_sync(SyncProblem(rows=tuple(rows))).irisan} - optional
    assert len(found & true) / len(found) >= 0.9
    assert len(found & true) / len(true) >= 0.8
