"""Building an instance from plain village rows, and the greedy plans it is compared with."""

from __future__ import annotations

import pytest

from selaras.core.rollout import (
    DEFAULT_COSTS,
    Budgets,
    FeasibilityRules,
    FiberNode,
    PayerSplit,
    RolloutError,
    Status,
    VillageSite,
    build_rollout_problem,
    greedy_rollout,
    solve_rollout,
    todays_rule_rollout,
)
from selaras.core.rollout.model import ERR_UNKNOWN_PAYER
from selaras.core.rollout.scenario import haversine_km, village_options

YEARS = (2026, 2027, 2028)
NODE = FiberNode(lat=0.0, lng=117.0, label="capital")
# 0.01 degree of longitude at the equator is about 1.11 km.
NEAR = VillageSite("64.01.01.2001", 0.0, 117.05, population=800, has_4g_signal=True, facilities=2)
SIGNAL_ONLY = VillageSite("64.01.01.2002", 0.0, 117.5, population=800, has_4g_signal=True)
REMOTE_BIG = VillageSite("64.01.01.2003", 0.0, 118.0, population=5_000, has_4g_signal=False)
RULES = FeasibilityRules(
    fiber_max_km=10, microwave_max_km=30, bts_min_population=2_000, bonus_per_facility=100
)


def techs(site: VillageSite) -> set[str]:
    km = haversine_km(site.lat, site.lng, NODE.lat, NODE.lng)
    return {o.tech for o in village_options(site, km, DEFAULT_COSTS, RULES)}


def test_it_measures_great_circle_distance() -> None:
    assert haversine_km(0, 117, 0, 118) == pytest.approx(111.19, abs=0.01)


def test_it_allows_fiber_and_microwave_only_near_a_fiber_node() -> None:
    assert techs(NEAR) == {"fiber", "microwave", "fwa_4g", "leo"}
    assert techs(SIGNAL_ONLY) == {"fwa_4g", "leo"}


def test_it_allows_a_bts_only_above_the_population_threshold_and_leo_everywhere() -> None:
    assert techs(REMOTE_BIG) == {"bts_4g", "leo"}


def test_fiber_costs_grow_with_distance_to_the_node() -> None:
    (fiber,) = [o for o in village_options(NEAR, 5.0, DEFAULT_COSTS, RULES) if o.tech == "fiber"]
    (farther,) = [o for o in village_options(NEAR, 8.0, DEFAULT_COSTS, RULES) if o.tech == "fiber"]
    assert farther.capex_idr - fiber.capex_idr == pytest.approx(3 * 7_050 * 16_000)


def budgets(amount: float) -> Budgets:
    return Budgets({"64": dict.fromkeys(YEARS, amount), "64.01": dict.fromkeys(YEARS, amount)})


def test_it_weights_villages_by_population_plus_a_bonus_per_school_or_health_post() -> None:
    problem = build_rollout_problem(
        [NEAR, REMOTE_BIG], years=YEARS, budgets=budgets(1e9), fiber_nodes=[NODE], rules=RULES
    )
    assert [v.weight for v in problem.villages] == [1_000, 5_000]


def test_it_splits_payment_between_province_and_regency_unless_the_village_says_otherwise() -> None:
    own = VillageSite("64.01.01.2004", 0.0, 117.0, 100, False, payer_shares={"64.01": 1.0})
    problem = build_rollout_problem(
        [NEAR, own],
        years=YEARS,
        budgets=budgets(1e9),
        fiber_nodes=[NODE],
        split=PayerSplit(province_share=0.4),
    )
    assert problem.villages[0].payer_shares == {"64": 0.4, "64.01": pytest.approx(0.6)}
    assert problem.villages[1].payer_shares == {"64.01": 1.0}


def test_it_rejects_a_payer_without_a_budget() -> None:
    with pytest.raises(RolloutError) as caught:
        build_rollout_problem(
            [NEAR], years=YEARS, budgets=Budgets({"64": {}}), fiber_nodes=[NODE], split=PayerSplit(0.5)
        )
    assert caught.value.text == ERR_UNKNOWN_PAYER(code=NEAR.code, payer="64.01")


def test_todays_rule_takes_fiber_where_it_reaches_else_4g_else_leo() -> None:
    problem = build_rollout_problem(
        [NEAR, SIGNAL_ONLY, REMOTE_BIG], years=YEARS, budgets=budgets(1e10), fiber_nodes=[NODE], rules=RULES
    )
    result = todays_rule_rollout(problem)
    assert {(a.code, a.tech, a.year) for a in result.assignments} == {
        (NEAR.code, "fiber", 2026),
        (SIGNAL_ONLY.code, "fwa_4g", 2026),
        (REMOTE_BIG.code, "leo", 2026),
    }
    assert result.method == "todays-rule"


def test_todays_rule_leaves_a_village_out_when_its_technology_never_fits() -> None:
    # Fiber 5.6 km away costs about Rp 630 million, more than the province's Rp 150 million a year.
    problem = build_rollout_problem(
        [NEAR, SIGNAL_ONLY], years=YEARS, budgets=budgets(1.5e8), fiber_nodes=[NODE], rules=RULES
    )
    assert {a.code for a in todays_rule_rollout(problem).assignments} == {SIGNAL_ONLY.code}
    assert {a.code for a in solve_rollout(problem).assignments} == {NEAR.code, SIGNAL_ONLY.code}


def test_the_solver_never_does_worse_than_the_greedy_plans_on_a_generated_province() -> None:
    sites = [
        VillageSite(f"64.01.01.{2001 + k}", 0.0, 117.0 + 0.02 * k, 300 + 97 * k % 2_500, k % 3 != 0, k % 4)
        for k in range(60)
    ]
    problem = build_rollout_problem(sites, years=YEARS, budgets=budgets(4e8), fiber_nodes=[NODE], rules=RULES)
    plan = solve_rollout(problem)
    for other in (greedy_rollout(problem), todays_rule_rollout(problem)):
        assert other.objective <= plan.objective
        assert other.upper_bound == pytest.approx(plan.upper_bound)
    assert plan.status in (Status.OPTIMAL, Status.FEASIBLE)
