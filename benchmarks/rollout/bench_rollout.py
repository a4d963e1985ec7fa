"""Rollout solver against greedy plans and HiGHS branch and bound, on instances from the shipped centroids.

    .venv/bin/python benchmarks/rollout/bench_rollout.py                   # Kaltim cases (about 2-3 min)
    .venv/bin/python benchmarks/rollout/bench_rollout.py --scale national  # 83,246 villages (about 2.5 min)
    .venv/bin/python benchmarks/rollout/bench_rollout.py --scale all --national-mip  # + HiGHS MIP (20+ min)

Prints a table and writes `results_<scale>.json` next to this file. `% LP` is objective / LP bound (the
proven bound the heuristic reports); `% best` divides by the tightest bound any method proved (HiGHS's MIP
dual bound when it ran), so it is the best estimate of distance from optimal. HiGHS MIP gets
`--mip-factor` (10) times the heuristic's time, on the same columns, without a warm start. Peak RSS is
the process's high-water mark so far.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from instances import generate

from selaras.core.rollout import (
    RolloutProblem,
    RolloutResult,
    greedy_rollout,
    solve_rollout,
    todays_rule_rollout,
)
from selaras.core.rollout.solver import _Columns, _mip, _objective

HERE = Path(__file__).resolve().parent


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(run: Callable[[], RolloutResult]) -> tuple[RolloutResult, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _highs_mip(problem: RolloutProblem, seconds: float) -> tuple[float, float, float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    cols = _Columns(problem)
    choice, bound, _ = _mip(cols, cols.fitting(1.0), 1.0, problem.require_all, seconds, None)
    objective = _objective(cols, choice) if choice is not None else 0.0
    connected = sum(j >= 0 for j in choice) if choice is not None else 0
    return objective, bound, time.perf_counter() - wall, time.process_time() - cpu, connected


def run_case(
    name: str, problem: RolloutProblem, *, mip: bool, mip_factor: float, polish_s: float = 0.0
) -> list[dict[str, Any]]:
    print(
        f"\n{name}: {len(problem.villages)} villages, {len(problem.technologies)} technologies, "
        f"{len(problem.years)} years, {len(problem.budgets_idr)} payers",
        flush=True,
    )
    rows: list[dict[str, Any]] = []
    ours, wall, cpu = _timed(lambda: solve_rollout(problem))
    lp_bound = ours.upper_bound
    rows.append(
        _row(
            name,
            "ours (LP + rounding + local)",
            ours.objective,
            ours.upper_bound,
            wall,
            cpu,
            len(ours.assignments),
            ours,
        )
    )
    if polish_s:
        polished, w, c = _timed(lambda: solve_rollout(problem, time_limit_s=polish_s))
        rows.append(
            _row(
                name,
                f"ours, {polish_s:.0f} s limit (+ MIP)",
                polished.objective,
                polished.upper_bound,
                w,
                c,
                len(polished.assignments),
                polished,
            )
        )
    for label, method in (("greedy, largest first", greedy_rollout), ("today's rule", todays_rule_rollout)):
        result, w, c = _timed(lambda method=method: method(problem, with_bound=False))
        rows.append(_row(name, label, result.objective, None, w, c, len(result.assignments), result))
    if mip:
        seconds = max(mip_factor * wall, 1.0)
        objective, bound, w, c, connected = _highs_mip(problem, seconds)
        rows.append(_row(name, f"HiGHS MIP ({seconds:.0f} s limit)", objective, bound, w, c, connected, None))
    best_bound = min([lp_bound] + [r["upper_bound"] for r in rows if r["upper_bound"] is not None])
    for row in rows:
        row["lp_bound"] = lp_bound
        row["best_bound"] = best_bound
        row["pct_lp"] = 100 * row["objective"] / lp_bound if lp_bound else 100.0
        row["pct_best_bound"] = 100 * row["objective"] / best_bound if best_bound else 100.0
        print(
            f"  {row['method']:<32} {row['objective']:>16,.0f} "
            f"{row['pct_lp']:8.3f}% {row['pct_best_bound']:8.3f}% "
            f"{row['wall_s']:8.2f} {row['cpu_s']:8.2f} {row['peak_rss_mb']:8.0f} {row['connected']:7d}"
            + (
                f"  factor {row['min_budget_factor']:.4f} >= {row['min_budget_factor_bound']:.4f}"
                if row.get("min_budget_factor")
                else ""
            ),
            flush=True,
        )
    return rows


def _row(
    case: str,
    method: str,
    objective: float,
    bound: float | None,
    wall: float,
    cpu: float,
    connected: int,
    result: RolloutResult | None,
) -> dict[str, Any]:
    return {
        "case": case,
        "method": method,
        "objective": objective,
        "upper_bound": bound,
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mb": _peak_rss_mb(),
        "connected": connected,
        "status": str(result.status) if result else None,
        "min_budget_factor": result.min_budget_factor if result else None,
        "min_budget_factor_bound": result.min_budget_factor_bound if result else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=("kaltim", "national", "all"), default="kaltim")
    parser.add_argument(
        "--national-mip", action="store_true", help="also run HiGHS MIP on the national instance"
    )
    parser.add_argument("--mip-factor", type=float, default=10.0)
    args = parser.parse_args()
    header = (
        f"  {'method':<32} {'objective':>16} {'% LP':>9} {'% best':>9} "
        f"{'wall s':>8} {'cpu s':>8} {'RSS MB':>8} {'conn.':>7}"
    )
    print("Columns:" + header[1:])
    rows: list[dict[str, Any]] = []
    if args.scale in ("kaltim", "all"):
        for tightness in (0.1, 0.3, 0.5):
            problem = generate("64", tightness=tightness)
            rows += run_case(
                f"Kaltim, budgets {tightness:.0%} of need",
                problem,
                mip=True,
                mip_factor=args.mip_factor,
                polish_s=8,
            )
        problem = generate("64", tightness=0.12, require_all=True)
        rows += run_case(
            "Kaltim, every village required, budgets 12% of need",
            problem,
            mip=False,
            mip_factor=args.mip_factor,
        )
    if args.scale in ("national", "all"):
        started = time.perf_counter()
        problem = generate(None, tightness=0.3)
        print(f"\n(national instance generated in {time.perf_counter() - started:.0f} s)")
        rows += run_case(
            "Indonesia, budgets 30% of need", problem, mip=args.national_mip, mip_factor=args.mip_factor
        )
    out = HERE / f"results_{args.scale}.json"
    out.write_text(json.dumps({"machine": {"cpus": 2}, "rows": rows}, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
