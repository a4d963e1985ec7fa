"""`selaras sync analyze WORKBOOK.xlsx --json OUT.json [--xlsx REPORT.xlsx]`, without a database."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from selaras.core.alignment import messages as m
from selaras.core.alignment.analyze import analyze_sync
from selaras.core.alignment.codes import load_nomenclature
from selaras.core.alignment.lexicon import ROUTINE_CSV, STOPWORDS_TXT, SYNONYMS_CSV, load_lexicon
from selaras.core.alignment.model import IrisanSettings, RegionFacts, SyncProblem
from selaras.core.alignment.regions import region_facts_from_official
from selaras.core.alignment.report import result_to_dict, write_report_xlsx
from selaras.core.plans.rows import PlanRow


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="selaras sync analyze",
        description="Coverage gaps, target shortfalls, code problems and program irisan of a plans workbook "
        "(all regions in one sheet). Region facts come from the shipped official data.",
    )
    parser.add_argument("workbook", type=Path, help="plans workbook (.xlsx) in the plans template")
    parser.add_argument(
        "--json", type=Path, dest="json_path", help="write the report here (see docs/sync-analyze.md)"
    )
    parser.add_argument("--xlsx", type=Path, dest="xlsx_path", help="also write the report as a workbook")
    parser.add_argument("--lang", choices=("id", "en"), default="id", help="language of reasons (default id)")
    parser.add_argument(
        "--nomenclature", type=Path, help="nomenclature CSV (column `code`) to check codes against"
    )
    parser.add_argument("--synonyms", type=Path, action="append", default=[], help="extra synonyms CSV")
    parser.add_argument("--routine", type=Path, action="append", default=[], help="extra routine-work CSV")
    parser.add_argument("--stopwords", type=Path, action="append", default=[], help="extra stopwords file")
    parser.add_argument(
        "--min-score", type=float, default=IrisanSettings().min_score, help="irisan score floor"
    )
    return parser


def _region_facts(rows: tuple[PlanRow, ...]) -> dict[str, RegionFacts]:
    facts: dict[str, RegionFacts] = {}
    for province in sorted({r.kode_wilayah.split(".")[0] for r in rows if not r.is_national}):
        facts.update(region_facts_from_official(province))
    return facts


def _sheet_cells(path: Path) -> dict[int, dict[str, str]]:
    """id, kode and mendukung of every sheet row of `Program`, also of rows the reader refused, so that the
    reader's row errors can be named by id. Empty when the file cannot be opened (the reader says why)."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # any unreadable file is already reported by the reader
        return {}
    try:
        sheet = book["Program"] if "Program" in book.sheetnames else None
        if sheet is None:
            return {}
        lines = sheet.iter_rows(values_only=True)
        header = [str(v).strip().lower() if v is not None else "" for v in next(lines, ())]
        wanted = {name: header.index(name) for name in ("id", "kode", "mendukung") if name in header}
        cells: dict[int, dict[str, str]] = {}
        for number, values in enumerate(lines, start=2):
            cells[number] = {
                name: str(values[i]).strip().lstrip("'") if i < len(values) and values[i] is not None else ""
                for name, i in wanted.items()
            }
        return cells
    finally:
        book.close()


def _reader_findings(
    errors: tuple[Any, ...], cells: dict[int, dict[str, str]], lang: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The reader's errors as `workbook_errors`, plus those of a known row's `kode` or `mendukung` cell as
    `code_errors` and `dangling_links` (a link to an id found nowhere in the sheet)."""
    ids = {c["id"] for c in cells.values() if c.get("id")}
    workbook_errors: list[dict[str, Any]] = []
    code_errors: list[dict[str, Any]] = []
    dangling: list[dict[str, Any]] = []
    for error in errors:
        reason = error.text.render(lang)
        cell = cells.get(error.row or 0, {})
        row_id = cell.get("id") or None
        workbook_errors.append(
            {"sheet": error.sheet, "row": error.row, "column": error.column, "id": row_id, "reason": reason}
        )
        if row_id is None or error.column not in ("kode", "mendukung"):
            continue
        target = cell.get("mendukung", "")
        if error.column == "mendukung" and target and target not in ids:
            dangling.append({"id": row_id, "mendukung": target, "reason": reason})
        else:
            code_errors.append(
                {"id": row_id, "code": cell.get("kode", ""), "severity": "error", "reason": reason}
            )
    return workbook_errors, code_errors, dangling


def run(argv: list[str]) -> int:
    """Run the command; 0 on success, 1 when the workbook yields no rows, 2 when the reader is unavailable.

    Rows the workbook reader refuses are left out of the analysis; their errors are listed under
    `workbook_errors` and, for `kode` and `mendukung` cells, under `code_errors` and `dangling_links`.
    """
    args = _parser().parse_args(argv)
    try:
        from selaras.core.plans.workbook import read_plan_workbook  # imported late: the reader is optional
    except ImportError:
        print(m.CLI_READER_MISSING.render(args.lang), file=sys.stderr)
        return 2
    workbook = read_plan_workbook(args.workbook)
    cells = _sheet_cells(args.workbook)
    workbook_errors, reader_code_errors, reader_dangling = _reader_findings(workbook.errors, cells, args.lang)
    for error in workbook_errors:
        line = m.CLI_WORKBOOK_ERROR.render(
            args.lang,
            sheet=error["sheet"],
            row=error["row"] or "-",
            column=error["column"] or "-",
            reason=error["reason"],
        )
        print(line, file=sys.stderr)
    if not workbook.rows:
        print(m.CLI_NO_ROWS.render(args.lang), file=sys.stderr)
        return 1
    lexicon = load_lexicon(
        synonyms=(SYNONYMS_CSV, *args.synonyms),
        routine=(ROUTINE_CSV, *args.routine),
        stopwords=(STOPWORDS_TXT, *args.stopwords),
    )
    problem = SyncProblem(
        rows=workbook.rows,
        region_facts_by_code=_region_facts(workbook.rows),
        nomenclature_codes=load_nomenclature(args.nomenclature) if args.nomenclature else None,
        years=workbook.years or None,
        irisan=IrisanSettings(min_score=args.min_score),
        external_ids=frozenset(c["id"] for c in cells.values() if c.get("id")),
    )
    result = analyze_sync(problem, lexicon)
    report = result_to_dict(result, args.lang)
    report["code_errors"] = reader_code_errors + report["code_errors"]
    report["dangling_links"] = reader_dangling + report["dangling_links"]
    report["summary"]["code_errors"] = len(report["code_errors"])
    report["summary"]["dangling_links"] = len(report["dangling_links"])
    report["workbook_errors"] = workbook_errors
    if args.json_path:
        args.json_path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.xlsx_path:
        write_report_xlsx(report, workbook.rows, args.xlsx_path)
    summary = report["summary"]
    print(
        m.CLI_SUMMARY.render(
            args.lang,
            gaps=summary["coverage_gaps"],
            shortfalls=summary["target_shortfalls"],
            codes=summary["code_errors"],
            links=summary["dangling_links"],
            irisan=summary["irisan"],
            groups=summary["irisan_groups"],
        )
    )
    return 0
