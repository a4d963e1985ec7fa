"""Timing of the irisan matcher alone on national-scale generated plans (no test, no database).

Uses the plans of `bench_sync_analyze.generate` (every regency/city of the shipped region list, 150 rows each,
60 rows per province, 10 national rows: about 80,000 rows) and times `find_irisan` with the shipped word lists.
Candidate generation is blocked: by province, then a provincial row is scored against its province's rows, a
regency/city row against the provincial rows and the rows naming a shareable asset, and rows sharing a village
are judged through a village index. So the work grows with the largest province, not with all rows squared.
Prints a table and writes bench_irisan.json next to itself.

    .venv/bin/python benchmarks/alignment/bench_irisan.py [--regency-rows 150] [--seed 7]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from bench_sync_analyze import (
    generate,
    write_results,
)  # run as a script: the same plans as the end-to-end benchmark

from selaras.core.alignment import IrisanSettings, default_lexicon
from selaras.core.alignment.irisan import find_irisan

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regency-rows", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rows = generate(args.regency_rows, args.seed)
    start, cpu = time.perf_counter(), time.process_time()
    lexicon = default_lexicon()
    lexicon_s = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    candidates, groups = find_irisan(rows, lexicon, IrisanSettings())
    irisan_s, irisan_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    per_province = Counter(r.kode_wilayah.split(".")[0] for r in rows if not r.is_national)
    numbers = {
        "rows": len(rows),
        "largest_province_rows": max(per_province.values()),
        "load_word_lists_s": round(lexicon_s, 2),
        "find_irisan_s": round(irisan_s, 2),
        "find_irisan_cpu_s": round(irisan_cpu_s, 2),
        "irisan": len(candidates),
        **{f"irisan_{kind}": n for kind, n in sorted(Counter(c.type.value for c in candidates).items())},
        "irisan_groups": len(groups),
        "seed": args.seed,
    }
    write_results(numbers, HERE / "bench_irisan.json")


if __name__ == "__main__":
    main()
