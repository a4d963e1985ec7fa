"""Rollout solver against greedy plans and HiGHS branch and bound, on instances from the shipped centroids.

    .venv/bin/python benchmarks/rollout/bench_rollout.py                   # Kaltim cases (about 9 min)
    .venv/bin/python benchmarks/rollout/bench_rollout.py --scale national  # 83,246 villages (about 8 min)
    .venv/bin/python benchmarks/rollout/bench_rollout.py --scale all --national-mip  # + HiGHS MIP (1 h+)

Prints a table and writes `results_<scale>.json` next to this file. `% LP` is objective / LP bound (the
proven bound the heuristic reports); `% best` divides by the tightest bound any method proved (HiGHS's MIP
dual bound when it ran), so it is the best estimate of distance from optimal. HiGHS MIP gets
`--mip-factor` (10) times the time-limited heuristic's wall time, on the same columns, without a warm
start. Peak RSS is the process's high-water mark so far. Each time-limited run of ours says whether it met
issue 7's goal (Kaltim: 99.8% of the LP bound in under 10 s; national: 99.5% in under 120 s and 4 GB).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from instances import generate, generate_2026

from selaras.core.rollout import (
    RolloutProblem,
    RolloutResult,
    greedy_rollout,
    solve_rollout,
    todays_rule,
)
from selaras.core.rollout.solver import _Columns, _efficient_greedy, _mip, _objective, _solve_lp

HERE = Path(__file__).resolve().parent
# Issue 15's goals: % of the LP bound and wall seconds (and, at national scale, 4 GB); with tiers and power,
# % of the best proven bound instead (see `_judge`).
KALTIM_GOAL = (99.87, 10.0)
NATIONAL_GOAL = (99.5, 120.0)
TIERS_KALTIM_GOAL = (99.5, 10.0)
TIERS_NATIONAL_GOAL = (99.0, 120.0)
GOAL_RSS_MB = 4096.0
# The reference LP bound's time limit (not part of any timed run).
LP_BOUND_S = 300.0
PROGRAMMES = (
    ("province", "programme budgets (Rp 12 bn/yr), province pays all"),
    ("half", "programme budgets, province and regency 50/50"),
)


def _peak_rss_mb() -> float:
    """The high-water mark of this process and of the largest MIP child it forked (see `_run_mip`)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _cpu() -> float:
    """CPU seconds of this process plus its finished children (the HiGHS MIPs run in forked children)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(run: Callable[[], RolloutResult]) -> tuple[RolloutResult, float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    result = run()
    return result, time.perf_counter() - wall, _cpu() - cpu


def _highs_mip(problem: RolloutProblem, seconds: float) -> tuple[float, float, float, float, int]:
    wall, cpu = time.perf_counter(), _cpu()
    cols = _Columns(problem)
    choice, bound, _ = _mip(cols, cols.fitting(1.0), 1.0, seconds, None)
    objective = _objective(cols, choice) if choice is not None else 0.0
    connected = sum(j >= 0 for j in choice) if choice is not None else 0
    return objective, bound, time.perf_counter() - wall, _cpu() - cpu, connected


def run_case(
    name: str,
    problem: RolloutProblem,
    *,
    mip: bool,
    mip_factor: float,
    limit_s: float,
    goal: tuple[float, float],
    no_limit: bool = False,
    rule_tier: str | None = None,
    against_best: bool = False,
) -> list[dict[str, Any]]:
    """Our solver (without and with `limit_s`), both greedy plans and HiGHS MIP with `mip_factor` x our
    time; `goal` is (% of the LP bound, wall seconds) that the time-limited run should reach."""
    print(
        f"\n{name}: {len(problem.villages)} villages, {len(problem.live_sites)} live sites, "
        f"{len(problem.technologies)} technologies, {len(problem.years)} years, {len(problem.budgets_idr)} payers",
        flush=True,
    )
    rows: list[dict[str, Any]] = []
    if no_limit:
        ours, wall, cpu = _timed(lambda: solve_rollout(problem))
        rows.append(_row(name, "ours, no time limit", ours.objective, ours.upper_bound, wall, cpu, ours))
    limited, limited_wall, cpu = _timed(lambda: solve_rollout(problem, time_limit_s=limit_s))
    rows.append(
        _row(
            name,
            f"ours, {limit_s:.0f} s limit",
            limited.objective,
            limited.upper_bound,
            limited_wall,
            cpu,
            limited,
        )
    )
    # The LP bound: the heuristic's bound before any branch and bound tightens it.
    # Under `require_all` with too little money the plan is for the budgets x the factor it needs: its bound
    # is the one at that factor (the LP at the budgets given would compare different budgets).
    infeasible = limited.min_budget_factor is not None
    lp_bound = max(limited.upper_bound if infeasible else _lp_bound(problem), limited.objective)
    rule = partial(todays_rule, tier_id=rule_tier)
    rule_label = "today's rule" + (f" (every live site at {rule_tier} Mbps)" if rule_tier else "")
    for label, method in (("greedy, largest first", greedy_rollout), (rule_label, rule)):
        result, w, c = _timed(partial(method, problem, with_bound=False))
        rows.append(_row(name, label, result.objective, None, w, c, result))
    if mip:
        seconds = max(mip_factor * limited_wall, 1.0)
        objective, bound, w, c, connected = _highs_mip(problem, seconds)
        row = _row(name, f"HiGHS MIP ({seconds:.0f} s limit)", objective, bound, w, c, None)
        row["connected"] = connected
        rows.append(row)
    best_bound = min([lp_bound] + [r["upper_bound"] for r in rows if r["upper_bound"] is not None])
    for row in rows:
        row["lp_bound"] = lp_bound
        row["best_bound"] = best_bound
        row["pct_lp"] = 100 * row["objective"] / lp_bound if lp_bound else 100.0
        row["pct_best_bound"] = 100 * row["objective"] / best_bound if best_bound else 100.0
        if row["method"].startswith("ours,") and "no time" not in row["method"]:
            _judge(row, goal, against_best)
        print(
            f"  {row['method']:<32} {row['objective']:>16,.0f} "
            f"{row['pct_lp']:8.3f}% {row['pct_best_bound']:8.3f}% "
            f"{row['wall_s']:8.2f} {row['cpu_s']:8.2f} {row['peak_rss_mb']:8.0f} {row['connected']:7d}"
            + (
                f"  factor {row['min_budget_factor']:.4f} >= {row['min_budget_factor_bound']:.4f}"
                if row.get("min_budget_factor")
                else ""
            )
            + (f"  goal {'met' if row['goal_met'] else 'NOT met'}" if "goal_met" in row else ""),
            flush=True,
        )
    return rows


def _judge(row: dict[str, Any], goal: tuple[float, float], against_best: bool = False) -> None:
    """Mark whether a time-limited run met the goal: `goal` (% of the LP bound, or of the best proven bound
    when `against_best`, and wall seconds) and 4 GB;
    when every village is required and the money is short, the goal is instead a budget factor within 1% of
    its proven lower bound, in the same time and memory."""
    row["goal"] = {"pct_lp": goal[0], "wall_s": goal[1], "max_rss_mb": GOAL_RSS_MB}
    in_time = row["wall_s"] < goal[1] and row["peak_rss_mb"] < GOAL_RSS_MB
    if row.get("min_budget_factor") and row.get("min_budget_factor_bound"):
        row["goal"] = {"factor_within": 1.01, "wall_s": goal[1], "max_rss_mb": GOAL_RSS_MB}
        close = row["min_budget_factor"] <= row["min_budget_factor_bound"] * 1.01
        row["goal_met"] = bool(close and in_time)
    else:
        pct = row["pct_best_bound"] if against_best else row["pct_lp"]
        if against_best:
            row["goal"] = {"pct_best_bound": goal[0], "wall_s": goal[1], "max_rss_mb": GOAL_RSS_MB}
        row["goal_met"] = bool(pct >= goal[0] and in_time)


def _lp_bound(problem: RolloutProblem) -> float:
    """The LP relaxation's proven bound at the budgets given (0 when the LP is infeasible).

    Column generation starts from the value-per-rupiah greedy plan (its columns and basis) when it is
    complete, as the solver's does: any start gives a valid bound, and this one converges in a fraction of
    the time, so the reference bound is the LP optimum even on a loaded machine (up to `LP_BOUND_S`).
    """
    cols = _Columns(problem)
    seed = _efficient_greedy(cols, float("inf"))
    lp = _solve_lp(cols, cols.fitting(1.0), 1.0, LP_BOUND_S, seed=seed)
    return lp.bound if lp is not None else 0.0


def _row(
    case: str,
    method: str,
    objective: float,
    bound: float | None,
    wall: float,
    cpu: float,
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
        "connected": len(result.assignments) if result else 0,
        "live_sites_on": sum(t.tier is not None for t in result.live_site_tiers) if result else None,
        "proven_gap": result.gap if result and method.startswith("ours") else None,
        "status": str(result.status) if result else None,
        "min_budget_factor": result.min_budget_factor if result else None,
        "min_budget_factor_bound": result.min_budget_factor_bound if result else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=("kaltim", "national", "national-tenth", "all"), default="kaltim")
    parser.add_argument(
        "--national-mip", action="store_true", help="also run HiGHS MIP on the national instance"
    )
    parser.add_argument("--mip-factor", type=float, default=10.0)
    parser.add_argument("--only", default="", help="run only the cases whose name contains this text")
    parser.add_argument("--out", type=Path, default=None, help="results file (default results_<scale>.json)")
    args = parser.parse_args()

    def case(name: str, make: Callable[[], RolloutProblem], **kw: Any) -> list[dict[str, Any]]:
        """Run the case unless --only leaves it out (then its instance is not even generated)."""
        return run_case(name, make(), **kw) if args.only in name else []

    header = (
        f"  {'method':<32} {'objective':>16} {'% LP':>9} {'% best':>9} "
        f"{'wall s':>8} {'cpu s':>8} {'RSS MB':>8} {'conn.':>7}"
    )
    print("Columns:" + header[1:])
    rows: list[dict[str, Any]] = []
    kaltim = {"mip": True, "mip_factor": args.mip_factor, "limit_s": 9.0, "goal": KALTIM_GOAL}
    if args.scale in ("kaltim", "all"):
        for tightness in (0.1, 0.3, 0.5):
            rows += case(
                f"Kaltim, budgets {tightness:.0%} of need",
                partial(generate, "64", tightness=tightness),
                **kaltim,
            )
        for programme, label in PROGRAMMES:
            rows += case(f"Kaltim, {label}", partial(generate, "64", programme=programme), **kaltim)
        rows += case(
            "Kaltim, every village required, budgets 150% of need",
            partial(generate, "64", tightness=1.5, require_all=True),
            **kaltim,
        )
        rows += case(
            "Kaltim, every village required, budgets 12% of need",
            partial(generate, "64", tightness=0.12, require_all=True),
            **(kaltim | {"mip": False}),
        )
        rows += case(
            "Kaltim 2026: live sites with tiers, new desa with power, Rp 13 bn/yr",
            partial(generate_2026, "64"),
            **(kaltim | {"goal": TIERS_KALTIM_GOAL, "rule_tier": "50", "against_best": True}),
        )
    if args.scale in ("national", "all", "national-tenth"):
        sample = 0.1 if args.scale == "national-tenth" else 1.0
        where = "Indonesia" + (" (1/10 sample)" if sample < 1 else "")
        national = {
            "mip": args.national_mip,
            "mip_factor": args.mip_factor,
            "limit_s": 115.0,
            "goal": NATIONAL_GOAL,
        }
        rows += case(
            f"{where}, every village required, budgets 150% of need",
            partial(generate, None, tightness=1.5, require_all=True, sample=sample),
            **national,
        )
        rows += case(
            f"{where} 2026: 60% of desa live with tiers, the rest with power, Rp 15.5 M per desa-year",
            partial(generate_2026, None, live_share=0.6, sample=sample),
            **(national | {"goal": TIERS_NATIONAL_GOAL, "rule_tier": "50", "against_best": True}),
        )
        rows += case(
            f"{where}, budgets 30% of need", partial(generate, None, tightness=0.3, sample=sample), **national
        )
    load = os.getloadavg()
    print(f"\nload average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    out = args.out or HERE / f"results_{args.scale}.json"
    out.write_text(
        json.dumps({"machine": {"cpus": 2, "load_average": load}, "rows": rows}, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"\nwrote {out}\n")
    print(markdown_table(out.name, load, rows))


def markdown_table(name: str, load: tuple[float, float, float], rows: list[dict[str, Any]]) -> str:
    """The rows as README.md's results table, headed by the results file and the load average."""
    lines = [
        f"<!-- {name}: load average {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f} -->",
        "| case | method | objective | % LP | % best | proven gap | wall s | CPU s | peak RSS MB "
        "| villages connected | live site-years on | goal |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        method = row["method"]
        if row.get("min_budget_factor"):
            method += (
                f" (budget factor {row['min_budget_factor']:.4f}, "
                f"proven >= {row['min_budget_factor_bound']:.4f})"
            )
        gap = f"{row['proven_gap']:.2%}" if row.get("proven_gap") is not None else ""
        live = row.get("live_sites_on") or ""
        goal = ("met" if row["goal_met"] else "**not met**") if "goal_met" in row else ""
        lines.append(
            f"| {row['case']} | {method} | {row['objective']:,.0f} | {row['pct_lp']:.2f} "
            f"| {row['pct_best_bound']:.2f} | {gap} | {row['wall_s']:.2f} | {row['cpu_s']:.2f} "
            f"| {row['peak_rss_mb']:.0f} | {row['connected']} | {live} | {goal} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
