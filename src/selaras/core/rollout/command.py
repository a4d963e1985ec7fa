"""`selaras rollout solve INSTANCE.json --out PLAN.json [--time-limit S]`: solve a file, no database."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from selaras.core.i18n import Msg
from selaras.core.rollout.greedy import greedy_rollout, todays_rule
from selaras.core.rollout.model import RolloutError, RolloutResult, problem_from_json, result_to_json
from selaras.core.rollout.solver import RolloutProgress, solve_rollout

ERR_READ = Msg(id="Tidak bisa membaca {path}: {error}", en="Cannot read {path}: {error}")
ERR_WRITE = Msg(id="Tidak bisa menulis {path}: {error}", en="Cannot write {path}: {error}")
ERR_INSTANCE = Msg(id="Instans tidak sah: {error}", en="Invalid instance: {error}")
PROGRESS_LINE = Msg(
    id="[{seconds:6.1f} d] {stage}{best}",
    en="[{seconds:6.1f} s] {stage}{best}",
)
BEST = Msg(
    id=" | nilai {objective:,.0f}, batas atas {bound:,.0f}",
    en=" | objective {objective:,.0f}, bound {bound:,.0f}",
)
SUMMARY = Msg(
    id="Status {status}: {villages} desa, nilai {objective:,.0f}, batas atas {bound:,.0f}, "
    "selisih maks {gap:.3%}. Rencana ditulis ke {path}.",
    en="Status {status}: {villages} villages, objective {objective:,.0f}, upper bound {bound:,.0f}, "
    "gap at most {gap:.3%}. Plan written to {path}.",
)
FACTOR = Msg(
    id="Tidak semua desa tersambung dengan anggaran ini. Anggaran perlu dikali {factor:.4f} "
    "(di bawah {bound:.4f} pasti tidak cukup).",
    en="Not every village can be connected with these budgets. Budgets must be multiplied by {factor:.4f} "
    "(below {bound:.4f} it is proven impossible).",
)
NO_FACTOR = Msg(
    id="Tidak semua desa tersambung, berapa pun anggarannya: ada desa yang pembayarnya tidak beranggaran.",
    en="Not every village can be connected at any budget: some village's payer has no budget.",
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="selaras rollout solve",
        description="Plan which village gets which technology in which year under each payer's budget.",
    )
    parser.add_argument(
        "instance",
        type=Path,
        help="the problem as JSON (villages, technologies, budgets; format in benchmarks/rollout/README.md)",
    )
    parser.add_argument("--out", type=Path, required=True, help="where to write the plan JSON")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=None,
        metavar="S",
        help="seconds in all; time the heuristic leaves goes to HiGHS branch and bound (exact: default 60)",
    )
    parser.add_argument(
        "--method",
        choices=("heuristic", "exact", "todays-rule", "greedy"),
        default="heuristic",
        help="heuristic: LP bound + rounding + local search; exact: then HiGHS branch and bound; "
        "todays-rule: fiber, else 4G fixed wireless, else LEO; greedy: largest village first",
    )
    parser.add_argument(
        "--tier",
        default=None,
        help="with --method todays-rule: the tier every live site is cut to (default: each keeps its own)",
    )
    parser.add_argument("--lang", choices=("id", "en"), default="id", help="language of messages")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    return parser


def run(argv: list[str]) -> int:
    """Parse `argv`, solve, write the plan; 0 when a plan was written (even an infeasible one), else 2."""
    args = _parser().parse_args(argv)
    lang: str = args.lang
    try:
        data = json.loads(args.instance.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(ERR_READ.render(lang, path=args.instance, error=error), file=sys.stderr)
        return 2
    try:
        problem = problem_from_json(data)
    except RolloutError as error:
        print(ERR_INSTANCE.render(lang, error=error.text.render(lang)), file=sys.stderr)
        return 2

    def show(progress: RolloutProgress) -> None:
        best = ""
        if progress.objective is not None and progress.upper_bound is not None:
            best = BEST.render(lang, objective=progress.objective, bound=progress.upper_bound)
        line = PROGRESS_LINE.render(
            lang, seconds=progress.elapsed_s, stage=progress.stage.render(lang), best=best
        )
        print(f"\r{line:<110}", end="", file=sys.stderr, flush=True)

    result: RolloutResult
    if args.method == "todays-rule":
        try:
            result = todays_rule(problem, args.tier)
        except RolloutError as error:
            print(ERR_INSTANCE.render(lang, error=error.text.render(lang)), file=sys.stderr)
            return 2
    elif args.method == "greedy":
        result = greedy_rollout(problem)
    else:
        result = solve_rollout(
            problem,
            exact=args.method == "exact",
            time_limit_s=args.time_limit,
            progress=None if args.quiet else show,
        )
        if not args.quiet:
            print(file=sys.stderr)
    try:
        args.out.write_text(json.dumps(result_to_json(result), indent=1) + "\n", encoding="utf-8")
    except OSError as error:
        print(ERR_WRITE.render(lang, path=args.out, error=error), file=sys.stderr)
        return 2
    print(
        SUMMARY.render(
            lang,
            status=result.status,
            villages=len(result.assignments),
            objective=result.objective,
            bound=result.upper_bound,
            gap=result.gap,
            path=args.out,
        )
    )
    if result.min_budget_factor is not None and result.min_budget_factor_bound is not None:
        print(FACTOR.render(lang, factor=result.min_budget_factor, bound=result.min_budget_factor_bound))
    elif problem.require_all and result.status == "infeasible":
        print(NO_FACTOR.render(lang))
    return 0
