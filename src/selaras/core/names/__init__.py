"""Village name reconciliation: read a messy survey, match its names to official region codes.

Public API:
- `read_survey(path_or_file, filename=None) -> SurveyTable` (raises `SurveyError` with a bilingual message);
- `build_index(province=None) -> VillageIndex`, built once and reused;
- `match_survey(index, table)` / `match_villages(index, queries)` -> one `MatchResult` per row, with
  status, code, score and `candidates` (code, name, district, score) for the operator;
- `generate_messy_survey(regions, rows, seed)` for tests and the benchmark.
The command `selaras villages match` is `selaras.core.names.command.run`; its CSV contract is
documented there.
"""

from selaras.core.names.matcher import (
    Candidate,
    MatchResult,
    MatchStatus,
    VillageIndex,
    VillageQuery,
    build_index,
    match_survey,
    match_village,
    match_villages,
    survey_queries,
)
from selaras.core.names.messy import MessyRow, generate_messy_survey
from selaras.core.names.reader import SurveyColumns, SurveyError, SurveyTable, read_survey

__all__ = [
    "Candidate",
    "MatchResult",
    "MatchStatus",
    "MessyRow",
    "SurveyColumns",
    "SurveyError",
    "SurveyTable",
    "VillageIndex",
    "VillageQuery",
    "build_index",
    "generate_messy_survey",
    "match_survey",
    "match_village",
    "match_villages",
    "read_survey",
    "survey_queries",
]
