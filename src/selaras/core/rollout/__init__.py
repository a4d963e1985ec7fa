"""Rollout planner (issue 7): which village gets which technology in which year under each payer's budget.

`solve_rollout(problem)` gives a plan with a proven bound on its distance from optimal; `greedy_rollout` and
`todays_rule_rollout` give the plans to compare it with; `build_rollout_problem` makes an instance from plain
village rows; `problem_from_json` / `result_to_json` speak the JSON contract.
"""

from selaras.core.rollout.greedy import greedy_rollout, todays_rule, todays_rule_rollout
from selaras.core.rollout.model import (
    Assignment,
    LiveSite,
    LiveTier,
    Option,
    PowerOption,
    RolloutError,
    RolloutProblem,
    RolloutResult,
    Status,
    Technology,
    Tier,
    Village,
    keep_live_sites_cost_idr,
    problem_from_json,
    problem_to_json,
    result_to_json,
    validate_problem,
)
from selaras.core.rollout.scenario import (
    DEFAULT_COSTS,
    TODAYS_RULE,
    Budgets,
    FeasibilityRules,
    FiberNode,
    PayerSplit,
    TechCost,
    VillageSite,
    build_rollout_problem,
    estimated_village_population,
    fiber_nodes_at_capitals,
)
from selaras.core.rollout.solver import RolloutProgress, solve_rollout

__all__ = [
    "DEFAULT_COSTS",
    "TODAYS_RULE",
    "Assignment",
    "Budgets",
    "FeasibilityRules",
    "FiberNode",
    "LiveSite",
    "LiveTier",
    "Option",
    "PayerSplit",
    "PowerOption",
    "RolloutError",
    "RolloutProblem",
    "RolloutProgress",
    "RolloutResult",
    "Status",
    "TechCost",
    "Technology",
    "Tier",
    "Village",
    "VillageSite",
    "build_rollout_problem",
    "estimated_village_population",
    "fiber_nodes_at_capitals",
    "greedy_rollout",
    "keep_live_sites_cost_idr",
    "problem_from_json",
    "problem_to_json",
    "result_to_json",
    "solve_rollout",
    "todays_rule",
    "todays_rule_rollout",
    "validate_problem",
]
