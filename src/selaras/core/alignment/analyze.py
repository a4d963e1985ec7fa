"""The synchronization analysis: one function from plain plan rows to everything the Rakorda report shows."""

from __future__ import annotations

from functools import lru_cache

from selaras.core.alignment.codes import find_code_errors, find_dangling_links
from selaras.core.alignment.irisan import find_irisan, is_routine_row
from selaras.core.alignment.lexicon import Lexicon, load_lexicon
from selaras.core.alignment.model import SyncProblem, SyncResult
from selaras.core.alignment.targets import find_coverage_gaps, find_target_shortfalls
from selaras.core.plans.rows import PlanRow


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped word lists (synonyms.csv, routine.csv, stopwords.txt), read once."""
    return load_lexicon()


def analyze_sync(problem: SyncProblem, lexicon: Lexicon | None = None) -> SyncResult:
    """Coverage gaps, target shortfalls, code problems, dangling links and program irisan of `problem.rows`.

    `lexicon`: the word lists for irisan matching (default: the shipped ones). When two rows share an id only
    the first is analysed (the duplicate is reported as a code error). Links form a tree upward: a row's
    `mendukung` names the row it supports; broken or cyclic links are reported and otherwise ignored.
    """
    lexicon = lexicon or default_lexicon()
    rows_by_id: dict[str, PlanRow] = {}
    for row in problem.rows:
        rows_by_id.setdefault(row.id, row)
    supporters: dict[str, list[PlanRow]] = {}
    for row in rows_by_id.values():
        if row.mendukung and row.mendukung in rows_by_id and row.mendukung != row.id:
            supporters.setdefault(row.mendukung, []).append(row)
    years = problem.years or tuple(sorted({y for r in rows_by_id.values() for y in r.targets_by_year}))
    routine_cache: dict[str, bool] = {}

    def is_routine(row: PlanRow) -> bool:
        if row.id not in routine_cache:
            routine_cache[row.id] = is_routine_row(row, lexicon)
        return routine_cache[row.id]

    def indicator_terms(row: PlanRow) -> str:
        return " ".join(lexicon.analyze(row.indikator).terms)

    irisan, groups = find_irisan(rows_by_id.values(), lexicon, problem.irisan)
    return SyncResult(
        coverage_gaps=tuple(
            find_coverage_gaps(rows_by_id, supporters, problem.region_facts_by_code, is_routine)
        ),
        target_shortfalls=tuple(
            find_target_shortfalls(
                rows_by_id, supporters, problem.region_facts_by_code, years, indicator_terms
            )
        ),
        code_errors=tuple(find_code_errors(problem.rows, rows_by_id, problem.nomenclature_codes)),
        dangling_links=tuple(find_dangling_links(rows_by_id, problem.external_ids)),
        irisan=tuple(irisan),
        irisan_groups=tuple(groups),
    )
