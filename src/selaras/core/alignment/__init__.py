"""Synchronization analysis (issue 5): coverage gaps, target shortfalls, code problems and program irisan
across the national, provincial and regency/city plans, on plain `PlanRow`s. No Django here.

Call `analyze_sync(SyncProblem(rows=..., region_facts_by_code=region_facts_from_official("64")))`, then
`result_to_dict(result, lang)` for the OUT.json contract (docs/sync-analyze.md).
"""

from selaras.core.alignment.analyze import analyze_sync, default_lexicon
from selaras.core.alignment.codes import load_nomenclature
from selaras.core.alignment.lexicon import Lexicon, load_lexicon
from selaras.core.alignment.model import (
    CodeError,
    CoverageGap,
    DanglingLink,
    GapKind,
    IrisanCandidate,
    IrisanGroup,
    IrisanSettings,
    IrisanType,
    RegionFacts,
    Severity,
    SyncProblem,
    SyncResult,
    TargetShortfall,
)
from selaras.core.alignment.regions import region_facts_from_official
from selaras.core.alignment.report import result_to_dict, write_report_xlsx

__all__ = [
    "CodeError",
    "CoverageGap",
    "DanglingLink",
    "GapKind",
    "IrisanCandidate",
    "IrisanGroup",
    "IrisanSettings",
    "IrisanType",
    "Lexicon",
    "RegionFacts",
    "Severity",
    "SyncProblem",
    "SyncResult",
    "TargetShortfall",
    "analyze_sync",
    "default_lexicon",
    "load_lexicon",
    "load_nomenclature",
    "region_facts_from_official",
    "result_to_dict",
    "write_report_xlsx",
]
