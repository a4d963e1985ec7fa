"""Precision and recall of the irisan analysis, per type, on the public set and on the development sets.

- public: `benchmarks/alignment/eval_public/` (rows from public Diskominfo text, labelled before its first run), and
  its batch 2 (`holdout_*`), labelled before the changed analysis first ran on it;
- development: `tests/core/alignment/evaluation_*.csv` (the set the first word lists were written with) and
  `holdout_*.csv`.

A found pair counts for its type when the labels give it that type; a pair labelled `irisan_optional` counts
neither way. "any type" scores pairs whatever their type.

    .venv/bin/python benchmarks/alignment/eval_public.py [--json OUT.json] [--misses]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from selaras.core.alignment import IrisanType, SyncProblem, analyze_sync
from selaras.core.plans.rows import PlanRow

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # run as a script: the development sets' reader lives in tests/
from tests.core.alignment.rows_csv import HERE as DEV  # noqa: E402
from tests.core.alignment.rows_csv import load_labels, load_rows  # noqa: E402

PUBLIC = HERE / "eval_public"
TYPES = [t.value for t in IrisanType]
OPTIONAL = "irisan_optional"


def read_public_rows(path: Path) -> list[PlanRow]:
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for number, record in enumerate(csv.DictReader(handle), start=2):
            targets = {}
            for part in record["targets"].split(";"):
                year, _, value = part.partition(":")
                if year and value:
                    targets[int(year)] = Decimal(value)
            rows.append(
                PlanRow(
                    id=record["id"],
                    kode_wilayah=record["kode_wilayah"],
                    kode=record["kode"],
                    uraian=record["uraian"],
                    indikator=record["indikator"],
                    satuan=record["satuan"],
                    targets_by_year=targets,
                    lokasi=tuple(v for v in record["lokasi"].split(";") if v),
                    sheet_row=number,
                )
            )
    return rows


def read_public_labels(path: Path) -> dict[frozenset[str], str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {frozenset((r["a"], r["b"])): r["label"] for r in csv.DictReader(handle)}


def read_dev_labels(path: Path) -> dict[frozenset[str], str]:
    return {
        frozenset((x["a"], x["b"])): x["detail"] if x["kind"] == "irisan" else OPTIONAL
        for x in load_labels(path)
        if x["kind"] in ("irisan", OPTIONAL)
    }


@dataclass(frozen=True)
class Score:
    found: int
    labelled: int
    hits: int

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.labelled if self.labelled else 1.0


def score(
    found: dict[frozenset[str], str], labels: dict[frozenset[str], str]
) -> tuple[dict[str, Score], list[str]]:
    judged = {pair: kind for pair, kind in found.items() if labels.get(pair) != OPTIONAL}
    true = {pair: kind for pair, kind in labels.items() if kind != OPTIONAL}
    scores = {}
    for kind in TYPES:
        mine = {p for p, k in judged.items() if k == kind}
        theirs = {p for p, k in true.items() if k == kind}
        scores[kind] = Score(len(mine), len(theirs), len(mine & theirs))
    scores["any type"] = Score(len(judged), len(true), len(set(judged) & set(true)))
    misses = [
        f"{'+'.join(sorted(p))}: labelled {true.get(p, '-')}, found {judged.get(p, '-')}"
        for p in sorted(set(judged) | set(true), key=sorted)
        if judged.get(p) != true.get(p)
    ]
    return scores, misses


def evaluate(
    rows: Iterable[PlanRow], labels: dict[frozenset[str], str], leave_out: frozenset[str] = frozenset()
) -> tuple[dict[str, Score], list[str]]:
    """Scores of the analysis of `rows`; pairs whose both rows are in `leave_out` are not scored."""
    result = analyze_sync(SyncProblem(rows=tuple(rows)))
    found = {frozenset((c.a, c.b)): c.type.value for c in result.irisan}
    return score(
        {p: k for p, k in found.items() if not p <= leave_out},
        {p: k for p, k in labels.items() if not p <= leave_out},
    )


def nomenclature_ids(path: Path) -> frozenset[str]:
    """Rows of the public set that are standard nomenclature rows rather than text from a public source."""
    with open(path, encoding="utf-8", newline="") as handle:
        return frozenset(r["id"] for r in csv.DictReader(handle) if r["dokumen"] == "nomenklatur")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list every pair found or labelled differently")
    args = parser.parse_args(argv)
    public_rows, public_labels = (
        read_public_rows(PUBLIC / "rows.csv"),
        read_public_labels(PUBLIC / "pairs.csv"),
    )
    sets: dict[str, tuple[list[PlanRow], dict[frozenset[str], str], frozenset[str]]] = {
        "public (eval_public)": (public_rows, public_labels, frozenset()),
        "public, pairs with a row from a public source (not both nomenclature rows)": (
            public_rows,
            public_labels,
            nomenclature_ids(PUBLIC / "rows.csv"),
        ),
        "public batch 2, held out (eval_public/holdout_*)": (
            read_public_rows(PUBLIC / "holdout_rows.csv"),
            read_public_labels(PUBLIC / "holdout_pairs.csv"),
            frozenset(),
        ),
        "development (evaluation_rows)": (
            load_rows(DEV / "evaluation_rows.csv"),
            read_dev_labels(DEV / "evaluation_labels.csv"),
            frozenset(),
        ),
        "development (holdout_rows)": (
            load_rows(DEV / "holdout_rows.csv"),
            read_dev_labels(DEV / "holdout_labels.csv"),
            frozenset(),
        ),
    }
    report: dict[str, dict[str, dict[str, float | int]]] = {}
    for name, (rows, labels, leave_out) in sets.items():
        scores, misses = evaluate(rows, labels, leave_out)
        print(f"\n{name}: {len(rows)} rows")
        print(f"  {'type':<16} {'found':>5} {'labelled':>8} {'hits':>5} {'precision':>9} {'recall':>7}")
        for kind, s in scores.items():
            print(
                f"  {kind:<16} {s.found:>5} {s.labelled:>8} {s.hits:>5} {s.precision:>9.2f} {s.recall:>7.2f}"
            )
        if args.misses:
            for line in misses:
                print("   ", line)
        report[name] = {
            kind: {
                "found": s.found,
                "labelled": s.labelled,
                "hits": s.hits,
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
            }
            for kind, s in scores.items()
        }
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
