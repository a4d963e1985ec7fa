"""Greedy roll-outs to compare plans with: the rule the province follows today, and a plain greedy.

Both take villages by weight, largest first, and give each the earliest year its payers can afford. Today's
rule fixes the technology by availability (fiber, else 4G fixed wireless, else LEO) whatever it costs, and
runs every live site at one tier; the plain greedy takes, of the columns that fit, the one worth most. Groups
that must be covered (every village under `require_all`, every live site-year under `keep_live_sites`) first
get their cheapest column, so a complete plan is found whenever one fits that way; the plain greedy then
upgrades them. The result carries the LP bound of the same instance, so the app can show how far from
optimal a rule is.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from selaras.core.rollout.model import (
    ERR_UNKNOWN_RULE_TIER,
    RolloutError,
    RolloutProblem,
    RolloutResult,
    Status,
    validate_problem,
)
from selaras.core.rollout.scenario import TODAYS_RULE
from selaras.core.rollout.solver import (
    _Columns,
    _greedy_choice,
    _objective,
    _Plan,
    _result,
    _solve_lp,
)


def greedy_rollout(
    problem: RolloutProblem,
    *,
    tech_priority: Sequence[str] | None = None,
    live_tier: str | None = None,
    with_bound: bool = True,
) -> RolloutResult:
    """Greedy plan: live sites first, then villages by weight, largest first, each in the earliest year it fits.

    With `tech_priority`, a village gets the first technology in that order among its options (at its
    cheapest power option), or nothing if that one never fits, and every live site runs at `live_tier` (None:
    the tier it runs at now), or is off in a year that tier does not fit; without, the best-valued column
    that fits. `with_bound` solves the LP for `upper_bound` (else the bound is the plan's own objective and
    the gap 0 says nothing).
    """
    validate_problem(problem)
    started = time.monotonic()
    cols = _Columns(problem)
    choice = _greedy_choice(cols, problem, tech_priority, live_tier)
    objective = _objective(cols, choice)
    complete = all(j >= 0 for i, j in enumerate(choice) if cols.required[i])
    bound = objective
    row_price = None
    if with_bound:
        lp = _solve_lp(cols, cols.fitting(1.0), 1.0, None)
        bound = max(lp.bound if lp is not None else objective, objective)
        row_price = lp.row_price if lp is not None else None
    status = Status.INFEASIBLE if not complete else Status.FEASIBLE
    method = "todays-rule" if tech_priority is not None else "greedy"
    return _result(
        cols, problem, _Plan(choice, objective, bound, row_price=row_price), status, method, started
    )


def todays_rule(
    problem: RolloutProblem, tier_id: str | None = None, *, with_bound: bool = True
) -> RolloutResult:
    """The province's rule today: every live site cut to `tier_id` (None: each keeps its tier), new sites
    by fiber where it reaches, else 4G fixed wireless, else Starlink (LEO), largest village first, within
    budget. Raises `RolloutError` when `tier_id` is not one of the problem's tiers."""
    if tier_id is not None and tier_id not in {t.id for t in problem.tiers}:
        raise RolloutError(ERR_UNKNOWN_RULE_TIER(tier=tier_id))
    return greedy_rollout(problem, tech_priority=TODAYS_RULE, live_tier=tier_id, with_bound=with_bound)


def todays_rule_rollout(problem: RolloutProblem, *, with_bound: bool = True) -> RolloutResult:
    """Today's rule with every live site at the tier it runs at now (see `todays_rule`)."""
    return todays_rule(problem, None, with_bound=with_bound)


__all__ = ["greedy_rollout", "todays_rule", "todays_rule_rollout"]
