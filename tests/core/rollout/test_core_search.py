"""The core step: a MIP over the villages the LP is least sure about, started from the rounded plan."""

from __future__ import annotations

import random

import pytest

from selaras.core.rollout import Option, RolloutProblem, Technology, Village, solve_rollout, solver

ONE_YEAR = (2026,)
TECHS = (Technology("fiber", 1.0), Technology("leo", 0.5))


def village(code: str, weight: float, capex: float, payer: str = "64") -> Village:
    return Village(code, weight, {payer: 1.0}, (Option("fiber", capex, 0.0),))


def knapsack() -> RolloutProblem:
    # Budget 10 in one year. The LP takes a whole (7 for 6, the best value per rupiah) and 4/5 of b: bound 11.
    # Rounding keeps a and can fit neither b nor c (4 left), so it stops at 7; b and c together give 10.
    return RolloutProblem(
        years=ONE_YEAR,
        technologies=TECHS,
        budgets_idr={"64": {2026: 10.0}},
        villages=(village("a", 7, 6), village("b", 5, 5), village("c", 5, 5)),
    )


def test_the_core_mip_trades_one_big_village_for_two_that_fill_the_budget() -> None:
    result = solve_rollout(knapsack())
    assert {a.code for a in result.assignments} == {"b", "c"}
    assert result.objective == pytest.approx(10)
    assert result.upper_bound == pytest.approx(11)


def test_without_the_core_mip_rounding_stops_at_the_big_village(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(solver, "CORE_MIN_S", float("inf"))
    result = solve_rollout(knapsack())
    assert {a.code for a in result.assignments} == {"a"}


def test_the_core_holds_the_villages_the_lp_prices_leave_indifferent() -> None:
    instance = knapsack()
    cols = solver._Columns(instance)
    active = cols.fitting(1.0)
    lp = solver._solve_lp(cols, active, 1.0, None)
    assert lp is not None
    reduced = solver._reduced_profit(cols, lp)
    # At the LP's price of 1 per rupiah, b and c gain nothing over staying out; a gains 7 - 6 = 1.
    assert reduced.tolist() == pytest.approx([1.0, 0.0, 0.0], abs=1e-6)
    assert sorted(solver._core_villages(cols, reduced, active, lp.components[0], max_columns=2)) == [1, 2]
    assert sorted(solver._core_villages(cols, reduced, active, lp.components[0], max_columns=3)) == [0, 1, 2]


def test_each_component_gets_its_own_core() -> None:
    # Two provinces that share no payer: two independent LPs, each with its own bound.
    instance = RolloutProblem(
        years=ONE_YEAR,
        technologies=TECHS,
        budgets_idr={"64": {2026: 10.0}, "65": {2026: 10.0}},
        villages=(
            village("a", 7, 6),
            village("b", 5, 5),
            village("c", 5, 5),
            village("x", 7, 6, "65"),
            village("y", 5, 5, "65"),
            village("z", 5, 5, "65"),
        ),
    )
    result = solve_rollout(instance)
    assert {a.code for a in result.assignments} == {"b", "c", "y", "z"}
    assert result.objective == pytest.approx(20)
    cols = solver._Columns(instance)
    lp = solver._solve_lp(cols, cols.fitting(1.0), 1.0, None)
    assert lp is not None
    assert lp.component_bounds == pytest.approx([11, 11])
    assert lp.bound == pytest.approx(22)


def random_instance(seed: int, n_villages: int = 40) -> RolloutProblem:
    rng = random.Random(seed)  # noqa: S311 -- seeded test data, not cryptography
    years = (2026, 2027, 2028)
    villages = []
    for k in range(n_villages):
        options = [Option("leo", rng.randint(5, 30), rng.randint(5, 20))]
        if rng.random() < 0.6:
            options.append(Option("fiber", rng.randint(20, 150), rng.randint(0, 10)))
        shares = {"64": 1.0} if rng.random() < 0.5 else {"64": 0.5, "64.01": 0.5}
        villages.append(Village(f"v{k}", rng.randint(1, 20), shares, tuple(options)))
    budgets = {p: {y: float(rng.randint(60, 200)) for y in years} for p in ("64", "64.01")}
    return RolloutProblem(years, TECHS, budgets, tuple(villages))


@pytest.mark.parametrize("seed", range(6))
def test_the_core_mip_never_lowers_the_plan_and_stays_under_the_bound(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = random_instance(seed)
    with_core = solve_rollout(instance)
    monkeypatch.setattr(solver, "CORE_MIN_S", float("inf"))
    without = solve_rollout(instance)
    assert with_core.objective >= without.objective - 1e-9
    assert with_core.objective <= with_core.upper_bound + 1e-9
    for payer, by_year in with_core.spend_idr.items():
        for year, amount in by_year.items():
            assert amount <= instance.budget_idr(payer, year) * (1 + 1e-9) + 1e-6


@pytest.mark.parametrize("seed", range(4))
def test_more_budget_never_lowers_the_lp_bound_the_plan_is_measured_against(seed: int) -> None:
    instance = random_instance(seed)
    bounds = [solve_rollout(instance.scaled(f)).upper_bound for f in (0.5, 1.0, 2.0)]
    assert bounds == sorted(bounds)
