"""Greedy roll-outs to compare plans with: the rule the province follows today, and a plain greedy.

Both take villages by weight, largest first, and give each the earliest year its payers can afford. Today's
rule fixes the technology by availability (fiber, else 4G fixed wireless, else LEO) whatever it costs; the
plain greedy takes, of the columns that fit, the one worth most. The result carries the LP bound of the same
instance, so the app can show how far from optimal today's rule is.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from selaras.core.rollout.model import RolloutProblem, RolloutResult, Status, validate_problem
from selaras.core.rollout.scenario import TODAYS_RULE
from selaras.core.rollout.solver import _Budget, _candidates, _Columns, _objective, _Plan, _result, _solve_lp


def greedy_rollout(
    problem: RolloutProblem, *, tech_priority: Sequence[str] | None = None, with_bound: bool = True
) -> RolloutResult:
    """Greedy plan: villages by weight, largest first, each in the earliest year it fits.

    With `tech_priority`, a village gets the first technology in that order among its options, or nothing
    if that one never fits; without, the best-valued option that fits. `with_bound` solves the LP for
    `upper_bound` (else the bound is the plan's own objective and the gap 0 says nothing).
    """
    validate_problem(problem)
    started = time.monotonic()
    cols = _Columns(problem)
    active = cols.fitting(1.0)
    candidates = _candidates(cols, active)
    budget = _Budget(cols, 1.0)
    choice = [-1] * cols.n_villages
    order = sorted(range(cols.n_villages), key=lambda i: -problem.villages[i].weight)
    for i in order:
        columns = candidates[i]
        if tech_priority is not None:
            village = problem.villages[i]
            # The rule looks at what reaches the village, not at what the budget allows.
            techs = {option.tech for option in village.options}
            chosen = next((t for t in tech_priority if t in techs), None)
            columns = sorted(
                (
                    j
                    for j in columns
                    if village.options[int(cols.pair_option[cols.pair_list[j]])].tech == chosen
                ),
                key=lambda j: cols.start_list[j],
            )
        for j in columns:
            if budget.fits(j):
                budget.take(j)
                choice[i] = j
                break
    objective = _objective(cols, choice)
    complete = all(j >= 0 for j in choice)
    bound = objective
    if with_bound:
        lp = _solve_lp(cols, active, 1.0, problem.require_all, None)
        bound = max(lp.bound if lp is not None else objective, objective)
    status = Status.INFEASIBLE if problem.require_all and not complete else Status.FEASIBLE
    method = "todays-rule" if tech_priority is not None else "greedy"
    return _result(cols, problem, _Plan(choice, objective, bound), status, method, started)


def todays_rule_rollout(problem: RolloutProblem, *, with_bound: bool = True) -> RolloutResult:
    """The province's rule today: fiber where it reaches, else 4G fixed wireless, else Starlink (LEO)."""
    return greedy_rollout(problem, tech_priority=TODAYS_RULE, with_bound=with_bound)


__all__ = ["greedy_rollout", "todays_rule_rollout"]
