"""The rollout solver on instances small enough to solve by hand or by enumeration."""

from __future__ import annotations

import itertools
import random

import pytest

from selaras.core.rollout import (
    Option,
    RolloutProblem,
    RolloutResult,
    Status,
    Technology,
    Village,
    solve_rollout,
)

TECHS = (Technology("fiber", 1.0), Technology("leo", 0.5))
YEARS = (2026, 2027)


def village(
    code: str, weight: float, *options: tuple[str, float, float], shares: dict[str, float] | None = None
):
    return Village(code, weight, shares or {"64": 1.0}, tuple(Option(t, c, o) for t, c, o in options))


def problem(
    *villages: Village, budget: float = 100.0, require_all: bool = False, years=YEARS
) -> RolloutProblem:
    return RolloutProblem(
        years=years,
        technologies=TECHS,
        budgets_idr={"64": dict.fromkeys(years, budget)},
        villages=villages,
        require_all=require_all,
    )


def plan_of(result: RolloutResult) -> set[tuple[str, str, int]]:
    return {(a.code, a.tech, a.year) for a in result.assignments}


def test_it_connects_a_village_that_fits_in_the_first_year_for_all_years() -> None:
    result = solve_rollout(problem(village("a", 10, ("fiber", 50, 10))))
    assert plan_of(result) == {("a", "fiber", 2026)}
    # weight 10 x quality 1 x 2 years served
    assert result.objective == pytest.approx(20)
    assert result.status == Status.OPTIMAL
    assert result.spend_idr == {"64": {2026: 60, 2027: 10}}


def test_it_starts_a_village_late_when_the_first_year_budget_is_too_small() -> None:
    instance = RolloutProblem(
        years=YEARS,
        technologies=TECHS,
        budgets_idr={"64": {2026: 50.0, 2027: 100.0}},
        villages=(village("a", 10, ("fiber", 60, 10)),),
    )
    result = solve_rollout(instance)
    assert plan_of(result) == {("a", "fiber", 2027)}
    assert result.objective == pytest.approx(10)


def test_exact_mode_finds_the_trade_off_a_greedy_upgrade_misses() -> None:
    # Fiber for a in 2026 uses the whole first-year budget, so b waits a year on LEO: 10x1x2 + 5x0.5x1 = 22.5,
    # better than both on LEO from 2026 (10x0.5x2 + 5x0.5x2 = 15).
    instance = problem(village("a", 10, ("fiber", 100, 0), ("leo", 10, 10)), village("b", 5, ("leo", 10, 10)))
    result = solve_rollout(instance, exact=True, time_limit_s=10)
    assert plan_of(result) == {("a", "fiber", 2026), ("b", "leo", 2027)}
    assert result.objective == pytest.approx(22.5)
    assert result.status == Status.OPTIMAL
    assert result.gap == pytest.approx(0, abs=1e-6)


def test_it_splits_costs_between_payers_by_their_shares() -> None:
    instance = RolloutProblem(
        years=YEARS,
        technologies=TECHS,
        budgets_idr={"64": {2026: 100.0, 2027: 100.0}, "64.01": {2026: 100.0, 2027: 100.0}},
        villages=(village("a", 1, ("fiber", 40, 20), shares={"64": 0.25, "64.01": 0.75}),),
    )
    result = solve_rollout(instance)
    assert result.spend_idr == {"64": {2026: 15, 2027: 5}, "64.01": {2026: 45, 2027: 15}}


def test_it_leaves_a_village_unconnected_when_its_payer_has_no_budget() -> None:
    instance = RolloutProblem(
        years=YEARS,
        technologies=TECHS,
        budgets_idr={"64": dict.fromkeys(YEARS, 100.0), "64.01": {}},
        villages=(village("a", 1, ("leo", 1, 1), shares={"64.01": 1.0}), village("b", 1, ("leo", 1, 1))),
    )
    result = solve_rollout(instance)
    assert plan_of(result) == {("b", "leo", 2026)}


def test_it_gives_the_budget_factor_a_complete_plan_needs() -> None:
    # Both villages need fiber (capex 100); a budget of 50 a year fits one per year only at factor 2.
    instance = problem(
        village("a", 10, ("fiber", 100, 0)), village("b", 5, ("fiber", 100, 0)), budget=50, require_all=True
    )
    result = solve_rollout(instance)
    assert result.status == Status.INFEASIBLE
    assert result.min_budget_factor == pytest.approx(2.0)
    assert result.min_budget_factor_bound == pytest.approx(2.0)
    assert plan_of(result) == {("a", "fiber", 2026), ("b", "fiber", 2027)}


def test_it_finds_the_budget_factor_within_one_percent_of_its_proven_bound() -> None:
    # Many villages, each small next to a year's budget: the regime of a real province.
    rng = random.Random(5)  # noqa: S311 -- seeded test data, not cryptography
    years = (2026, 2027, 2028, 2029, 2030)
    villages = tuple(
        village(
            f"v{k}", rng.randint(1, 9), ("fiber", rng.randint(50, 150), 5), ("leo", 10, rng.randint(10, 30))
        )
        for k in range(200)
    )
    result = solve_rollout(problem(*villages, budget=1000, require_all=True, years=years), time_limit_s=2)
    assert result.status == Status.INFEASIBLE
    assert result.min_budget_factor is not None
    assert result.min_budget_factor_bound is not None
    assert result.min_budget_factor_bound <= result.min_budget_factor <= result.min_budget_factor_bound * 1.01
    assert {a.code for a in result.assignments} == {v.code for v in villages}
    _assert_within_budgets(result, problem(*villages, budget=1000 * result.min_budget_factor, years=years))


def test_it_says_no_factor_helps_when_a_villages_only_payer_has_no_money() -> None:
    instance = RolloutProblem(
        years=YEARS,
        technologies=TECHS,
        budgets_idr={"64": dict.fromkeys(YEARS, 0.0)},
        villages=(village("a", 1, ("leo", 1, 1)),),
        require_all=True,
    )
    result = solve_rollout(instance)
    assert result.status == Status.INFEASIBLE
    assert result.min_budget_factor is None
    assert result.assignments == ()


def test_it_reports_progress_stages() -> None:
    stages = []
    solve_rollout(problem(village("a", 10, ("fiber", 50, 10))), progress=lambda p: stages.append(p.stage))
    assert stages[0].render("en").startswith("Building the model")
    assert stages[-1].render("id") == "Selesai: optimal"


# Invariants on seeded random instances, checked against enumeration of every plan.


def random_problem(seed: int, n_villages: int = 4, require_all: bool = False) -> RolloutProblem:
    rng = random.Random(seed)  # noqa: S311 -- seeded test data, not cryptography
    villages = []
    for k in range(n_villages):
        options = [("leo", rng.randint(5, 30), rng.randint(5, 20))]
        if rng.random() < 0.6:
            options.append(("fiber", rng.randint(20, 90), rng.randint(0, 10)))
        shares = {"64": 1.0} if rng.random() < 0.5 else {"64": 0.5, "64.01": 0.5}
        villages.append(village(f"64.01.01.{2001 + k}", rng.randint(1, 20), *options, shares=shares))
    budgets = {p: {y: float(rng.randint(20, 80)) for y in YEARS} for p in ("64", "64.01")}
    return RolloutProblem(YEARS, TECHS, budgets, tuple(villages), require_all)


def brute_force_optimum(instance: RolloutProblem) -> float | None:
    quality = {t.id: t.quality for t in instance.technologies}
    choices = [
        ([None] if not instance.require_all else [])
        + [(o, s) for o in v.options for s in range(len(instance.years))]
        for v in instance.villages
    ]
    best = None
    for plan in itertools.product(*choices):
        spend = {(p, y): 0.0 for p in instance.budgets_idr for y in range(len(instance.years))}
        value = 0.0
        for v, pick in zip(instance.villages, plan, strict=True):
            if pick is None:
                continue
            option, start = pick
            value += v.weight * quality[option.tech] * (len(instance.years) - start)
            for p, share in v.payer_shares.items():
                for y in range(start, len(instance.years)):
                    spend[p, y] += share * (
                        option.opex_idr_per_year + (option.capex_idr if y == start else 0)
                    )
        if all(spend[p, y] <= instance.budget_idr(p, instance.years[y]) + 1e-9 for p, y in spend):
            best = value if best is None else max(best, value)
    return best


def _assert_within_budgets(result: RolloutResult, instance: RolloutProblem) -> None:
    for payer, by_year in result.spend_idr.items():
        for year, amount in by_year.items():
            assert amount <= instance.budget_idr(payer, year) * (1 + 1e-9) + 1e-6


@pytest.mark.parametrize("seed", range(12))
def test_the_plan_respects_budgets_and_stays_between_the_optimum_and_the_bound(seed: int) -> None:
    instance = random_problem(seed)
    optimum = brute_force_optimum(instance)
    assert optimum is not None
    result = solve_rollout(instance)
    _assert_within_budgets(result, instance)
    assert len({a.code for a in result.assignments}) == len(result.assignments)
    assert result.objective <= optimum + 1e-9
    assert result.upper_bound >= optimum - 1e-6
    assert result.gap == pytest.approx((result.upper_bound - result.objective) / result.upper_bound)


@pytest.mark.parametrize("seed", range(12))
def test_exact_mode_matches_enumeration(seed: int) -> None:
    instance = random_problem(seed)
    result = solve_rollout(instance, exact=True, time_limit_s=10)
    assert result.status == Status.OPTIMAL
    assert result.objective == pytest.approx(brute_force_optimum(instance))


@pytest.mark.parametrize("seed", range(6))
def test_more_budget_never_lowers_the_optimum_or_the_bound(seed: int) -> None:
    instance = random_problem(seed)
    before = solve_rollout(instance, exact=True, time_limit_s=10)
    after = solve_rollout(instance.scaled(1.5), exact=True, time_limit_s=10)
    assert after.objective >= before.objective - 1e-9
    assert solve_rollout(instance.scaled(1.5)).upper_bound >= solve_rollout(instance).upper_bound - 1e-6


@pytest.mark.parametrize("seed", range(4))
def test_renaming_and_reordering_villages_changes_nothing(seed: int) -> None:
    instance = random_problem(seed, n_villages=6)
    renamed = RolloutProblem(
        instance.years,
        instance.technologies,
        instance.budgets_idr,
        tuple(
            Village(f"x{v.code}", v.weight, v.payer_shares, v.options) for v in reversed(instance.villages)
        ),
    )
    original, other = solve_rollout(instance, exact=True), solve_rollout(renamed, exact=True)
    assert other.objective == pytest.approx(original.objective)
    assert other.upper_bound == pytest.approx(original.upper_bound, rel=1e-6)


@pytest.mark.parametrize("seed", range(6))
def test_a_complete_plan_covers_every_village_when_one_is_required(seed: int) -> None:
    instance = random_problem(seed, require_all=True)
    result = solve_rollout(instance)
    optimum = brute_force_optimum(instance)
    if result.status == Status.INFEASIBLE:
        assert result.min_budget_factor is not None
        assert result.min_budget_factor > 1
        assert result.min_budget_factor_bound is not None
        assert result.min_budget_factor_bound <= result.min_budget_factor
        if result.min_budget_factor_bound > 1:
            assert optimum is None
        _assert_within_budgets(result, instance.scaled(result.min_budget_factor))
    else:
        assert optimum is not None
        assert result.objective <= optimum + 1e-9 <= result.upper_bound + 1e-6
        _assert_within_budgets(result, instance)
    assert {a.code for a in result.assignments} == {v.code for v in instance.villages}
