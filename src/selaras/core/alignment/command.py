"""`selaras sync analyze FILE [FILE...] --json OUT.json [--xlsx REPORT.xlsx]`, without a database."""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selaras.core.alignment import messages as m
from selaras.core.alignment.analyze import analyze_sync
from selaras.core.alignment.codes import load_nomenclature
from selaras.core.alignment.lexicon import ROUTINE_CSV, STOPWORDS_TXT, SYNONYMS_CSV, load_lexicon
from selaras.core.alignment.model import IrisanSettings, RegionFacts, SyncProblem
from selaras.core.alignment.regions import region_facts_from_official
from selaras.core.alignment.report import result_to_dict, write_report_xlsx
from selaras.core.i18n import Msg
from selaras.core.plans.reading import read_plans
from selaras.core.plans.rows import PlanRow
from selaras.core.plans.workbook import CellError, ImportContext
from selaras.core.tables import FileLimits, TableError, group_problems, read_grids

# The web reads at most DEFAULT_MAX_ROWS rows per upload; a province's or the nation's plans on the command
# line are larger (80,000 rows and more), and the file is the user's own, so only the zip-bomb ratio and entry
# count stay at the web's bounds.
COMMAND_MAX_ROWS = 2_000_000
COMMAND_LIMITS = dataclasses.replace(
    FileLimits(), max_file_bytes=1024 * 2**20, max_uncompressed_bytes=16 * 2**30
)
TEMPLATE_SHEET = "Program"
EXAMPLES = 5  # rows named per group of problems
INDENTED_ROWS = 20_000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="selaras sync analyze",
        description="Coverage gaps, target shortfalls, code problems and program irisan of plans workbooks "
        "(the Selaras template or the official RPJMD/Renstra layouts; any number of regions per file). Region "
        "facts come from the shipped official data.",
    )
    parser.add_argument("files", type=Path, nargs="+", metavar="FILE", help="plans workbooks, read together")
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


def _region_facts(rows: Sequence[PlanRow]) -> dict[str, RegionFacts]:
    """The shipped facts of every province present in `rows` and of its regencies/cities."""
    provinces = {r.kode_wilayah.split(".")[0] for r in rows if not r.is_national}
    if len(provinces) == 1:
        return region_facts_from_official(provinces.pop())
    # One pass over the shipped list for all of them: a pass per province costs seconds at national scale.
    every = region_facts_from_official(None)
    return {code: facts for code, facts in every.items() if code.split(".")[0] in provinces}


def _template_ids(path: Path) -> dict[int, dict[str, str]]:
    """id, kode and mendukung of every non-blank row of the template's `Program` sheet, also of rows the reader
    set aside, so that those can be counted and named by the id typed in them. Empty for other layouts and
    for files the table reader refuses (the plans reader has said why)."""
    try:
        grids = read_grids(path.read_bytes(), path.name, limits=COMMAND_LIMITS)
    except (TableError, OSError):
        return {}
    grid = next((g for g in grids if g.name == TEMPLATE_SHEET), None)
    if grid is None:
        return {}
    header = [str(v).strip().lower() if v is not None else "" for v in grid.row(1)]
    wanted = {name: header.index(name) for name in ("id", "kode", "mendukung") if name in header}
    cells: dict[int, dict[str, str]] = {}
    for number, values in enumerate(grid.rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue  # a blank row is not a row of the plan
        cells[number] = {
            name: str(values[i]).strip().lstrip("'") if i < len(values) and values[i] is not None else ""
            for name, i in wanted.items()
        }
    return cells


@dataclass
class _File:
    """One workbook as read: its rows (ids made unique across files) and its problems, each row named."""

    path: Path
    rows: list[PlanRow]
    years: tuple[int, ...]
    errors: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    set_aside: set[tuple[str, int]]
    cells: dict[int, dict[str, str]]


def _namer(
    rows: Sequence[PlanRow], cells: dict[int, dict[str, str]], rename: dict[str, str]
) -> Callable[[str, int | None], str | None]:
    """Names the row at (sheet, row) as everywhere else in OUT.json: the id of an analysed row; the id typed in a
    set-aside template row; otherwise `SHEET!ROW`. None for a problem of a whole sheet or file."""
    analysed: dict[tuple[str | None, int], str] = {}
    for row in rows:
        sheet = row.id.rsplit("!", 1)[0] if "!" in row.id and row.id.endswith(f"!{row.sheet_row}") else None
        analysed[(sheet.split(":", 1)[-1] if sheet else None, row.sheet_row)] = row.id

    def name(sheet: str, row: int | None) -> str | None:
        if not sheet or not row:
            return None
        found = analysed.get((sheet, row)) or (analysed.get((None, row)) if sheet == TEMPLATE_SHEET else None)
        typed = cells.get(row, {}).get("id") if sheet == TEMPLATE_SHEET else None
        generated = f"{sheet}!{row}"
        return found or typed or rename.get(generated, generated)

    return name


def _named(
    problem: CellError, path: Path, name: Callable[[str, int | None], str | None], lang: str, severity: str
) -> dict[str, Any]:
    return {
        "file": path.name,
        "sheet": problem.sheet,
        "row": problem.row,
        "column": problem.column,
        "id": name(problem.sheet, problem.row),
        "reason": problem.text.render(lang),
        "_problem": problem.as_problem("error" if severity == "error" else "warning"),
    }


def read_plan_files(paths: Sequence[Path], lang: str) -> list[_File]:
    """Read every file through `read_plans`. A link may point at a row of another file: files with errors are
    read again knowing the other files' rows. A row without an id keeps the reader's name `SHEET!ROW`, prefixed
    with its file name only when an earlier file already has a row of that name."""
    workbooks = [
        read_plans(path, filename=path.name, max_rows=COMMAND_MAX_ROWS, limits=COMMAND_LIMITS)
        for path in paths
    ]
    # Rows the reader set aside are still known by the id typed in them. Opened only when the reader found
    # errors in data rows, so it has passed the file through the xlsx guard and parsed it.
    cells = [
        _template_ids(path) if any(e.row and e.row > 1 for e in w.errors) else {}
        for path, w in zip(paths, workbooks, strict=True)
    ]
    if len(paths) > 1:
        known = [
            {
                **{c["id"]: c.get("mendukung") or None for c in cells[i].values() if c.get("id")},
                **{r.id: r.mendukung for r in w.rows},
            }
            for i, w in enumerate(workbooks)
        ]
        for index, (path, workbook) in enumerate(zip(paths, workbooks, strict=True)):
            if not workbook.errors:
                continue
            others = {key: value for i, rows in enumerate(known) if i != index for key, value in rows.items()}
            workbooks[index] = read_plans(
                path,
                filename=path.name,
                context=ImportContext(known_rows=others),
                max_rows=COMMAND_MAX_ROWS,
                limits=COMMAND_LIMITS,
            )
    files: list[_File] = []
    taken: set[str] = set()
    for path, workbook, typed in zip(paths, workbooks, cells, strict=True):
        rows = list(workbook.rows)
        rename = {r.id: f"{path.name}:{r.id}" for r in rows if "!" in r.id and r.id in taken}
        rows = [dataclasses.replace(r, id=rename[r.id]) if r.id in rename else r for r in rows]
        taken.update(r.id for r in rows)
        # Every row with an error is set aside; the template's header problems are on its row 1.
        set_aside = {
            (e.sheet, e.row)
            for e in workbook.errors
            if e.row is not None and not (e.sheet == TEMPLATE_SHEET and e.row == 1)
        }
        # A row can be set aside for another row's error (a mendukung cycle, merged cells): count it too.
        analysed_rows = {r.sheet_row for r in rows}
        linked = (
            {(TEMPLATE_SHEET, n) for n in typed if n not in analysed_rows} - set_aside if set_aside else set()
        )
        set_aside |= linked
        name = _namer(rows, typed, rename)
        linked_errors = [
            CellError(sheet=sheet, row=row, column=None, text=m.CLI_SET_ASIDE_WITH_ANOTHER())
            for sheet, row in sorted(linked)
        ]
        files.append(
            _File(
                path=path,
                rows=rows,
                years=workbook.years,
                errors=[_named(e, path, name, lang, "error") for e in (*workbook.errors, *linked_errors)],
                warnings=[_named(w, path, name, lang, "warning") for w in workbook.warnings],
                set_aside=set_aside,
                cells=typed,
            )
        )
    return files


def _label(msg: Msg, lang: str) -> str:
    """A message without its particulars: what a group of problems has in common."""
    return re.sub(r"\{[^}]*\}", "…", msg.en if lang.startswith("en") else msg.id)


def _groups(problems: Iterable[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Problems of rows grouped by kind (`group_problems`: message and column), most first, the first rows
    named as everywhere else in OUT.json."""
    listed = [p for p in problems if p["id"]]
    name_of = {id(p["_problem"]): p["id"] for p in listed}
    groups = group_problems([p["_problem"] for p in listed], first=EXAMPLES)
    return [
        {
            "reason": _label(group.msg, lang),
            "column": group.column,
            "rows": group.count,
            "examples": [name_of[id(problem)] for problem in group.first],
        }
        for group in groups
    ]


def _reader_findings(
    files: Sequence[_File],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], frozenset[str]]:
    """Errors of a set-aside row's `kode` or `mendukung` cell as `code_errors` and `dangling_links` (a link to
    an id found nowhere), and the ids of set-aside rows (a link to one of them is not dangling)."""
    code_errors: list[dict[str, Any]] = []
    dangling: list[dict[str, Any]] = []
    typed_ids = {c["id"] for f in files for c in f.cells.values() if c.get("id")}
    known = typed_ids | {r.id for f in files for r in f.rows}
    for file in files:
        for error in file.errors:
            if error["id"] is None or error["column"] not in ("kode", "mendukung"):
                continue
            cell = file.cells.get(error["row"] or 0, {}) if error["sheet"] == TEMPLATE_SHEET else {}
            target = cell.get("mendukung", "")
            if error["column"] == "mendukung" and target and target not in known:
                dangling.append({"id": error["id"], "mendukung": target, "reason": error["reason"]})
            else:
                code_errors.append(
                    {
                        "id": error["id"],
                        "code": cell.get("kode", ""),
                        "severity": "error",
                        "reason": error["reason"],
                    }
                )
    return code_errors, dangling, frozenset(typed_ids)


def _public(problems: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in p.items() if not k.startswith("_")} for p in problems]


def run(argv: list[str]) -> int:
    """Run the command; 0 on success, 1 when the files yield no rows to analyse.

    Rows with warnings are analysed. Rows with errors are set aside: listed under `workbook_errors` and counted,
    grouped by reason, in `summary`; errors in a `kode` or `mendukung` cell also appear under `code_errors` and
    `dangling_links`.
    """
    args = _parser().parse_args(argv)
    lang = args.lang
    files = read_plan_files(args.files, lang)
    errors = [e for f in files for e in f.errors]
    warnings = [w for f in files for w in f.warnings]
    for error in errors:
        print(
            m.CLI_WORKBOOK_ERROR.render(
                lang,
                file=error["file"],
                sheet=error["sheet"] or "-",
                row=error["row"] or "-",
                column=error["column"] or "-",
                reason=error["reason"],
            ),
            file=sys.stderr,
        )
    rows = [r for f in files for r in f.rows]
    reading = {
        "files": [
            {
                "file": f.path.name,
                "rows_read": len(f.rows) + len(f.set_aside),
                "rows_analysed": len(f.rows),
                "rows_set_aside": len(f.set_aside),
            }
            for f in files
        ],
        "rows_read": sum(len(f.rows) + len(f.set_aside) for f in files),
        "rows_analysed": len(rows),
        "rows_set_aside": sum(len(f.set_aside) for f in files),
        "rows_with_warnings": len({w["id"] for w in warnings if w["id"]}),
        "set_aside_by_reason": _groups(
            (e for f in files for e in f.errors if (e["sheet"], e["row"]) in f.set_aside), lang
        ),
        "warnings_by_reason": _groups((w for w in warnings if w["id"]), lang),
    }
    _print_reading(reading, len(files), lang)
    if not rows:
        print(m.CLI_NO_ROWS.render(lang), file=sys.stderr)
        return 1
    reader_code_errors, reader_dangling, set_aside_ids = _reader_findings(files)
    lexicon = load_lexicon(
        synonyms=(SYNONYMS_CSV, *args.synonyms),
        routine=(ROUTINE_CSV, *args.routine),
        stopwords=(STOPWORDS_TXT, *args.stopwords),
    )
    years = tuple(sorted({y for f in files for y in f.years}))
    problem = SyncProblem(
        rows=tuple(rows),
        region_facts_by_code=_region_facts(rows),
        nomenclature_codes=load_nomenclature(args.nomenclature) if args.nomenclature else None,
        years=years or None,
        irisan=IrisanSettings(min_score=args.min_score),
        external_ids=set_aside_ids,
    )
    result = analyze_sync(problem, lexicon)
    report = result_to_dict(result, lang)
    report["code_errors"] = reader_code_errors + report["code_errors"]
    report["dangling_links"] = reader_dangling + report["dangling_links"]
    report["summary"]["code_errors"] = len(report["code_errors"])
    report["summary"]["dangling_links"] = len(report["dangling_links"])
    report["summary"].update(reading)
    report["workbook_errors"] = _public(errors)
    report["workbook_warnings"] = _public(warnings)
    if args.json_path:
        # Indented for people reading a province's report; a national one is for programs (and Python's
        # indenting encoder is several times slower than the compact one).
        indent = 2 if len(rows) <= INDENTED_ROWS else None
        args.json_path.write_text(json.dumps(report, ensure_ascii=False, indent=indent), encoding="utf-8")
    if args.xlsx_path:
        write_report_xlsx(report, rows, args.xlsx_path)
    summary = report["summary"]
    print(
        m.CLI_SUMMARY.render(
            lang,
            gaps=summary["coverage_gaps"],
            shortfalls=summary["target_shortfalls"],
            codes=summary["code_errors"],
            links=summary["dangling_links"],
            irisan=summary["irisan"],
            groups=summary["irisan_groups"],
        )
    )
    return 0


def _print_reading(reading: dict[str, Any], files: int, lang: str) -> None:
    """How many rows were read, analysed and set aside, and why, on stdout."""
    print(
        m.CLI_ROWS.render(
            lang,
            read=reading["rows_read"],
            files=files,
            analysed=reading["rows_analysed"],
            set_aside=reading["rows_set_aside"],
        )
    )
    for message, key in (
        (m.CLI_SET_ASIDE_GROUP, "set_aside_by_reason"),
        (m.CLI_WARNING_GROUP, "warnings_by_reason"),
    ):
        for group in reading[key]:
            print(
                message.render(
                    lang,
                    count=group["rows"],
                    column=group["column"] or "-",
                    reason=group["reason"],
                    examples=", ".join(group["examples"]),
                )
            )
