"""Benchmark the village name matcher on messy surveys generated from the official list (issue 4).

Reports exactly the issue's metrics:
- share of matchable rows given the right code (goal >= 98%): status exact or fuzzy with the true code;
- wrong codes at `exact` (goal 0), over every row;
- truly ambiguous rows flagged (goal all): status ambiguous with the true code among the candidates;
- invented names left `unmatched` (goal all);
- time to match an 83,000-row national file (goal < 30 s): index build + matching, and end to end through
  the `selaras villages match` command on a CSV (read, match, write), and on an xlsx with --xlsx.

Run: .venv/bin/python benchmarks/names/bench_match.py [--rows-kaltim 5000] [--rows-national 83000] [--xlsx]
Writes results.json next to this script.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import tempfile
import time
from collections import Counter
from pathlib import Path

from selaras.core.names import (
    MatchResult,
    MatchStatus,
    MessyRow,
    VillageIndex,
    VillageQuery,
    generate_messy_survey,
    match_villages,
)
from selaras.core.names.command import run as run_command
from selaras.core.names.messy import EXPECT_AMBIGUOUS, EXPECT_CODE, EXPECT_UNMATCHED
from selaras.core.regions_data import iter_official_regions

HERE = Path(__file__).resolve().parent


def metrics(rows: list[MessyRow], results: list[MatchResult]) -> dict[str, object]:
    matchable = right = right_exact = ambiguous = flagged = invented = left = wrong_exact = 0
    by_kind: Counter[str] = Counter()
    right_by_kind: Counter[str] = Counter()
    for row, result in zip(rows, results, strict=True):
        by_kind[row.kind] += 1
        if result.status == MatchStatus.EXACT and result.code != row.truth_code:
            wrong_exact += 1
        if row.expect == EXPECT_CODE:
            matchable += 1
            ok = result.status in (MatchStatus.EXACT, MatchStatus.FUZZY) and result.code == row.truth_code
            right += ok
            right_exact += ok and result.status == MatchStatus.EXACT
        elif row.expect == EXPECT_AMBIGUOUS:
            ambiguous += 1
            ok = result.status == MatchStatus.AMBIGUOUS and row.truth_code in {
                c.code for c in result.candidates
            }
            flagged += ok
        elif row.expect == EXPECT_UNMATCHED:
            invented += 1
            ok = result.status == MatchStatus.UNMATCHED
            left += ok
        right_by_kind[row.kind] += ok
    return {
        "rows": len(rows),
        "matchable_rows": matchable,
        "right_code_share": right / matchable if matchable else None,
        "right_code_at_exact_share": right_exact / matchable if matchable else None,
        "wrong_codes_at_exact": wrong_exact,
        "ambiguous_rows": ambiguous,
        "ambiguous_flagged_share": flagged / ambiguous if ambiguous else None,
        "invented_rows": invented,
        "invented_unmatched_share": left / invented if invented else None,
        "statuses": dict(Counter(r.status.value for r in results)),
        "as_expected_by_kind": {k: f"{right_by_kind[k]}/{by_kind[k]}" for k in sorted(by_kind)},
    }


def queries(rows: list[MessyRow]) -> list[VillageQuery]:
    return [VillageQuery(village=r.village, district=r.district, regency=r.regency) for r in rows]


def write_survey_csv(rows: list[MessyRow], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["No", "Kab/Kota", "Kec.", "Nama Desa", "Sinyal"])
        for number, row in enumerate(rows, start=1):
            writer.writerow([number, row.regency, row.district, row.village, "4G"])


def write_survey_xlsx(rows: list[MessyRow], path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Survei")
    sheet.append(["REKAP SURVEI KONEKTIVITAS DESA"])
    sheet.append(["No", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan", "Sinyal"])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, row.regency, row.district, row.village, "4G"])
    workbook.save(path)


def timed_command(survey: Path, out: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one `selaras villages match` run; CPU is steadier when shared."""
    wall, cpu = time.perf_counter(), time.process_time()
    status = run_command([str(survey), "--province", "all", "--out", str(out)])
    elapsed = (time.perf_counter() - wall, time.process_time() - cpu)
    assert status == 0
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows-kaltim", type=int, default=5000)
    parser.add_argument("--rows-national", type=int, default=83000)
    parser.add_argument("--seed", type=int, default=20251)
    parser.add_argument("--xlsx", action="store_true", help="also time the command on an xlsx national file")
    args = parser.parse_args()
    report: dict[str, object] = {"machine": platform.platform(), "python": platform.python_version()}

    kaltim_regions = list(iter_official_regions(province="64"))
    kaltim_rows = generate_messy_survey(kaltim_regions, args.rows_kaltim, seed=args.seed)
    start = time.perf_counter()
    kaltim_index = VillageIndex(kaltim_regions)
    kaltim_results = match_villages(kaltim_index, queries(kaltim_rows))
    report["kaltim"] = {**metrics(kaltim_rows, kaltim_results), "seconds": time.perf_counter() - start}

    national_regions = list(iter_official_regions())
    national_rows = generate_messy_survey(national_regions, args.rows_national, seed=args.seed + 1)
    wall, cpu = time.perf_counter(), time.process_time()
    national_index = VillageIndex(national_regions)
    index_seconds = (time.perf_counter() - wall, time.process_time() - cpu)
    wall, cpu = time.perf_counter(), time.process_time()
    national_results = match_villages(national_index, queries(national_rows))
    match_seconds = (time.perf_counter() - wall, time.process_time() - cpu)
    national: dict[str, object] = {
        **metrics(national_rows, national_results),
        "index_seconds_wall_cpu": index_seconds,
        "match_seconds_wall_cpu": match_seconds,
    }
    with tempfile.TemporaryDirectory() as tmp:
        survey = Path(tmp) / "survei_nasional.csv"
        write_survey_csv(national_rows, survey)
        command_csv = timed_command(survey, Path(tmp) / "hasil.csv")
        national["command_csv_seconds_wall_cpu"] = command_csv
        if args.xlsx:
            book = Path(tmp) / "survei_nasional.xlsx"
            write_survey_xlsx(national_rows, book)
            command_xlsx = timed_command(book, Path(tmp) / "hasil_xlsx.csv")
            national["command_xlsx_seconds_wall_cpu"] = command_xlsx
    report["national"] = national

    goals = {
        "right_code_share": ">= 0.98",
        "wrong_codes_at_exact": "0",
        "ambiguous_flagged_share": "1.0",
        "invented_unmatched_share": "1.0",
    }
    print(f"{'metric':34} {'Kaltim':>12} {'national':>12}  goal")
    for key, goal in goals.items():
        values = [report[s][key] for s in ("kaltim", "national")]  # type: ignore[index]
        cells = [f"{v:12.4f}" if isinstance(v, float) else f"{v!s:>12}" for v in values]
        print(f"{key:34} {cells[0]} {cells[1]}  {goal}")
    print(f"{'rows':34} {args.rows_kaltim:>12} {args.rows_national:>12}")
    print(f"{'seconds, national file':34} {'wall':>12} {'CPU':>12}")
    print(f"{'  index build':34} {index_seconds[0]:12.2f} {index_seconds[1]:12.2f}")
    print(f"{'  match 83,000 rows':34} {match_seconds[0]:12.2f} {match_seconds[1]:12.2f}  < 30")
    print(f"{'  command on csv (read+match+write)':34} {command_csv[0]:12.2f} {command_csv[1]:12.2f}  < 30")
    if args.xlsx:
        print(f"{'  command on xlsx':34} {command_xlsx[0]:12.2f} {command_xlsx[1]:12.2f}")
    print("as expected, by kind (national):", national["as_expected_by_kind"])
    (HERE / "results.json").write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
