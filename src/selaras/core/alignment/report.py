"""The analysis result as the OUT.json contract (docs/sync-analyze.md) and as an xlsx meeting report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from selaras.core.alignment.labels import COLUMN_LABELS, SHEET_LABELS, value_label
from selaras.core.alignment.model import SyncResult
from selaras.core.plans.rows import PlanRow

CONTRACT_VERSION = 1


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else round(float(value), 6)


def result_to_dict(result: SyncResult, lang: str = "id") -> dict[str, Any]:
    """The JSON-ready report: the five contract lists keyed by row id, plus `irisan_groups` and counts.

    Reasons are rendered in `lang` (`id` default, `en`). Numbers are JSON numbers (integers when whole).
    """
    return {
        "version": CONTRACT_VERSION,
        "language": "en" if lang.startswith("en") else "id",
        "coverage_gaps": [
            {
                "id": g.id,
                "kind": g.kind.value,
                "missing_regions": list(g.missing_regions),
                "reason": g.reason.render(lang),
            }
            for g in result.coverage_gaps
        ],
        "target_shortfalls": [
            {
                "parent": s.parent,
                "child": s.child,
                "year": s.year,
                "expected": _number(s.expected),
                "planned": _number(s.planned),
                "reason": s.reason.render(lang),
            }
            for s in result.target_shortfalls
        ],
        "code_errors": [
            {"id": e.id, "code": e.code, "severity": e.severity.value, "reason": e.reason.render(lang)}
            for e in result.code_errors
        ],
        "dangling_links": [
            {"id": d.id, "mendukung": d.mendukung, "reason": d.reason.render(lang)}
            for d in result.dangling_links
        ],
        "irisan": [
            {
                "a": c.a,
                "b": c.b,
                "type": c.type.value,
                "score": c.score,
                "similarity": c.similarity,
                "reason": c.render_reason(lang),
            }
            for c in result.irisan
        ],
        "irisan_groups": [
            {"ids": list(g.ids), "types": [t.value for t in g.types]} for g in result.irisan_groups
        ],
        "summary": {
            "coverage_gaps": len(result.coverage_gaps),
            "target_shortfalls": len(result.target_shortfalls),
            "code_errors": len(result.code_errors),
            "dangling_links": len(result.dangling_links),
            "irisan": len(result.irisan),
            "irisan_groups": len(result.irisan_groups),
        },
    }


HEADERS: Mapping[str, Sequence[str]] = {
    "coverage_gaps": ("id", "kind", "missing_regions", "reason"),
    "target_shortfalls": ("parent", "child", "year", "expected", "planned", "reason"),
    "code_errors": ("id", "code", "severity", "reason"),
    "dangling_links": ("id", "mendukung", "reason"),
    "irisan": ("a", "b", "type", "score", "similarity", "reason"),
    "irisan_groups": ("ids", "types"),
    "workbook_errors": ("file", "sheet", "row", "column", "id", "reason"),
    "workbook_warnings": ("file", "sheet", "row", "column", "id", "reason"),
}


def write_report_xlsx(report: Mapping[str, Any], rows: Sequence[PlanRow], path: Path) -> None:
    """One sheet per list of `report` (from `result_to_dict`), plus the matrix: provincial indicators x
    regencies/cities, each cell naming the supporting rows of that region (empty when it has none).

    Sheet names, column headers and coded values (kinds, severities, irisan types) are labels in the
    report's language."""
    data = report
    lang = str(report.get("language", "id"))
    book = Workbook()
    matrix = book.active
    assert matrix is not None  # a new workbook always has one sheet
    matrix.title = SHEET_LABELS["matriks"].render(lang)
    _write_matrix(matrix, rows, lang)
    for name, headers in HEADERS.items():
        sheet = book.create_sheet(SHEET_LABELS[name].render(lang)[:31])
        sheet.append([COLUMN_LABELS[h].render(lang) for h in headers])
        for item in data.get(name, ()):
            sheet.append([_cell(item[h], lang) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    book.save(path)


def _cell(value: object, lang: str) -> object:
    if isinstance(value, list):
        return ", ".join(value_label(v, lang) for v in value)
    return value_label(value, lang) if isinstance(value, str) else value


def _write_matrix(sheet: Any, rows: Sequence[PlanRow], lang: str = "id") -> None:
    regencies = sorted({r.kode_wilayah for r in rows if r.is_regency})
    supporters: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        if row.is_regency and row.mendukung:
            supporters.setdefault((row.mendukung, row.kode_wilayah), []).append(row.id)
    sheet.append([COLUMN_LABELS[h].render(lang) for h in ("id", "kode", "indikator")] + regencies)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        if row.is_province:
            cells = [", ".join(supporters.get((row.id, code), [])) for code in regencies]
            sheet.append([row.id, row.kode, row.indikator, *cells])
