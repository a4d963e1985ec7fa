"""`selaras villages match INPUT --province 64 --out OUT.csv`: match survey village names to official codes.

Output contract (keep it stable; other tools read it): a UTF-8 CSV (with BOM, so Excel opens it), comma
separated, holding every input column in input order (input columns already named like an output column are
replaced), then:

- `kode_wilayah`: the official village code (e.g. 64.02.05.2013) for `exact` and `fuzzy`, else empty;
- `nama_resmi`: the official village name for that code, else empty;
- `skor`: 0-100, 100 for exact; for fuzzy the similarity of the normalized names;
- `status`: `exact`, `fuzzy` (a best guess to confirm), `ambiguous` (several villages fit) or `unmatched`;
- `kandidat`: for `ambiguous`, the codes that fit, joined by `;`; empty otherwise.

Rows come out in input order, one per input data row (blank rows skipped). The official list is the one
shipped with Selaras (no database): `--province 64` limits it to one province, `--province all` (the
default) uses all of Indonesia. Exit status: 0 done, 2 unusable input.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from selaras.core.i18n import Msg
from selaras.core.names.matcher import MatchResult, MatchStatus, build_index, match_survey
from selaras.core.names.reader import SurveyError, SurveyTable, read_survey
from selaras.core.tables.cells import csv_writer

OUTPUT_COLUMNS = ("kode_wilayah", "nama_resmi", "skor", "status", "kandidat")

SUMMARY = Msg(
    id="{rows} baris: {exact} exact, {fuzzy} fuzzy, {ambiguous} ambiguous, {unmatched} unmatched. "
    "Ditulis ke {out}.",
    en="{rows} rows: {exact} exact, {fuzzy} fuzzy, {ambiguous} ambiguous, {unmatched} unmatched. "
    "Written to {out}.",
)
UNKNOWN_PROVINCE = Msg(
    id="Provinsi '{code}' tidak ada di daftar resmi.", en="Province '{code}' is not in the official list."
)


def output_row(row: tuple[str, ...], keep: list[int], result: MatchResult) -> list[str]:
    """One output line: the kept input cells, then the five match columns."""
    candidates = ";".join(c.code for c in result.candidates) if result.status == MatchStatus.AMBIGUOUS else ""
    return [
        *(row[i] for i in keep),
        result.code or "",
        result.official_name or "",
        str(result.score),
        result.status.value,
        candidates,
    ]


def write_matches(table: SurveyTable, results: list[MatchResult], out: Path) -> None:
    """Write the contract CSV described in the module docstring."""
    keep = [i for i, name in enumerate(table.header) if name.strip().casefold() not in OUTPUT_COLUMNS]
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv_writer(handle)
        writer.writerow([*(table.header[i] for i in keep), *OUTPUT_COLUMNS])
        for row, result in zip(table.rows, results, strict=True):
            writer.writerow(output_row(row, keep, result))


def run(argv: list[str]) -> int:
    """Parse arguments, match, write OUT; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="selaras villages match",
        description="Cocokkan nama desa/kelurahan survei dengan kode wilayah resmi. "
        "Match survey village names to official region codes.",
    )
    parser.add_argument("input", type=Path, help="survei .xlsx atau .csv / survey .xlsx or .csv")
    parser.add_argument(
        "--province",
        default="all",
        help="kode provinsi, mis. 64, atau 'all' / province code, e.g. 64, or 'all'",
    )
    parser.add_argument("--out", type=Path, required=True, help="berkas CSV hasil / output CSV file")
    parser.add_argument("--lang", default="id", choices=("id", "en"), help="bahasa pesan / message language")
    args = parser.parse_args(argv)
    try:
        table = read_survey(args.input)
    except SurveyError as error:
        print(error.message.render(args.lang), file=sys.stderr)
        return 2
    index = build_index(args.province)
    if not index.villages:
        print(UNKNOWN_PROVINCE.render(args.lang, code=args.province), file=sys.stderr)
        return 2
    results = match_survey(index, table)
    write_matches(table, results, args.out)
    counts = Counter(result.status.value for result in results)
    print(
        SUMMARY.render(
            args.lang, rows=len(results), out=args.out, **{s.value: counts[s.value] for s in MatchStatus}
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
