"""The solver at scale (issue 15): time limits kept, never worse than its greedy starts, and the per-province
decomposition of the LP proving what the whole LP proves."""

from __future__ import annotations

import random
import time

import numpy as np
import pytest

from selaras.core.rollout import (
    Option,
    RolloutProblem,
    Status,
    Technology,
    Village,
    greedy_rollout,
    solve_rollout,
    solver,
)

TECHS = (
    Technology("fiber", 1.0),
    Technology("microwave", 0.9),
    Technology("bts_4g", 0.7),
    Technology("vsat", 0.5),
    Technology("leo", 0.6),
)
YEARS = (2026, 2027, 2028, 2029, 2030)


def provinces_problem(
    n_provinces: int,
    villages_per_regency: int,
    *,
    regencies: int = 3,
    budget_share: float = 2.5,
    seed: int = 3,
) -> RolloutProblem:
    """Every village required, paid half by its province and half by its regency, each payer's yearly budget
    `budget_share` x its share of the cheapest way to connect all its villages / 5 (as the national benchmark);
    provinces share no payer, so each is an independent component."""
    rng = random.Random(seed)  # noqa: S311 -- seeded test data, not cryptography
    villages, need = [], {}
    for p in range(n_provinces):
        for r in range(regencies):
            for v in range(villages_per_regency):
                options = [Option("leo", rng.uniform(8e6, 12e6), rng.uniform(6e6, 9e6))]
                if rng.random() < 0.5:
                    options.append(Option("bts_4g", rng.uniform(20e6, 60e6), rng.uniform(3e6, 6e6)))
                if rng.random() < 0.4:
                    options.append(Option("fiber", rng.uniform(80e6, 400e6), rng.uniform(2e6, 4e6)))
                if rng.random() < 0.3:
                    options.append(Option("microwave", rng.uniform(60e6, 200e6), rng.uniform(3e6, 5e6)))
                if rng.random() < 0.3:
                    options.append(Option("vsat", rng.uniform(15e6, 25e6), rng.uniform(8e6, 12e6)))
                shares = {f"{p:02d}": 0.5, f"{p:02d}.{r:02d}": 0.5}
                cheapest = min(o.capex_idr + o.opex_idr_per_year * len(YEARS) for o in options)
                for payer, share in shares.items():
                    need[payer] = need.get(payer, 0.0) + share * cheapest
                code = f"{p:02d}.{r:02d}.{v:04d}"
                villages.append(Village(code, float(rng.randint(200, 5000)), shares, tuple(options)))
    budgets = {
        payer: dict.fromkeys(YEARS, budget_share * total / len(YEARS)) for payer, total in need.items()
    }
    return RolloutProblem(YEARS, TECHS, budgets, tuple(villages), require_all=True)


def test_a_two_second_limit_is_kept_on_an_instance_of_many_provinces() -> None:
    # 60 provinces x 3 regencies x 40 villages (about 50,000 columns): building them, the greedy plans and
    # the LP of every province do not fit in 2 s on a loaded machine. Before issue 15's fix each province's
    # LP still got 0.1 s past the deadline and the greedy ran without looking at the clock (7.8 s here).
    instance = provinces_problem(60, 40)
    started = time.monotonic()
    result = solve_rollout(instance, time_limit_s=2.0)
    wall = time.monotonic() - started
    assert wall <= 2.0 * 1.05 + 0.6
    assert result.status in (Status.FEASIBLE, Status.OPTIMAL)
    assert {a.code for a in result.assignments} == {v.code for v in instance.villages}


@pytest.mark.parametrize("limit", [0.5, 3.0, None])
def test_the_plan_is_never_worse_than_either_greedy_start(limit: float | None) -> None:
    instance = provinces_problem(4, 25)
    cols = solver._Columns(instance)
    efficient = solver._efficient_greedy(cols, float("inf"))
    assert efficient is not None
    result = solve_rollout(instance, time_limit_s=limit)
    assert result.objective >= greedy_rollout(instance, with_bound=False).objective - 1e-6
    assert result.objective >= solver._objective(cols, efficient) - 1e-6
    assert result.upper_bound >= result.objective


def test_value_per_rupiah_beats_largest_first_when_every_village_must_be_connected() -> None:
    instance = provinces_problem(3, 30)
    cols = solver._Columns(instance)
    efficient = solver._efficient_greedy(cols, float("inf"))
    assert efficient is not None
    assert all(j >= 0 for j in efficient)
    assert solver._replay(cols, efficient, 1.0) is not None
    largest_first = greedy_rollout(instance, with_bound=False).objective
    assert solver._objective(cols, efficient) > 1.05 * largest_first


def _monolithic_lp_bound(instance: RolloutProblem) -> float:
    """The LP relaxation as one HiGHS model over every column, all provinces at once."""
    cols = solver._Columns(instance)
    model = solver._model(cols, cols.fitting(1.0), 1.0)
    lower, upper = model.row_bounds(len(cols.budget), cols.required)
    h = solver._highs(60.0, lp=True)
    cost = -cols.value[model.active] / model.value_scale
    solver._pass_model(h, len(model.rows), cost, np.ones(len(model.active)), lower, upper, model.entries)
    h.run()
    return -float(h.getInfo().objective_function_value) * model.value_scale


@pytest.mark.parametrize("column_generation", [False, True])
def test_the_lp_solved_province_by_province_proves_what_the_whole_lp_proves(
    column_generation: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = provinces_problem(3, 12, seed=5)
    if column_generation:
        # Column generation, started from the greedy plan's basis, on every province.
        monkeypatch.setattr(solver, "COLUMN_GENERATION_MIN_COLUMNS", 10)
    cols = solver._Columns(instance)
    start = solver._efficient_greedy(cols, float("inf"))
    lp = solver._solve_lp(cols, cols.fitting(1.0), 1.0, None, seed=start)
    assert lp is not None
    assert len(lp.components) == 3
    assert lp.bound == pytest.approx(_monolithic_lp_bound(instance), rel=1e-7)
    assert sum(lp.component_bounds) == pytest.approx(lp.bound)


def test_the_exact_plan_province_by_province_equals_the_whole_mip() -> None:
    instance = provinces_problem(2, 4, regencies=2, budget_share=1.2, seed=11)
    cols = solver._Columns(instance)
    whole, _, optimal = solver._mip(cols, cols.fitting(1.0), 1.0, 30.0, None)
    assert whole is not None and optimal
    result = solve_rollout(instance, exact=True, time_limit_s=30)
    assert result.status == Status.OPTIMAL
    assert result.objective == pytest.approx(solver._objective(cols, whole), rel=1e-9)


def test_merging_by_province_keeps_each_provinces_better_plan() -> None:
    instance = provinces_problem(2, 10, seed=7)
    cols = solver._Columns(instance)
    largest_first = solver._greedy_choice(cols, instance)
    efficient = solver._efficient_greedy(cols, float("inf"))
    assert efficient is not None
    # A plan that is the efficient one in province 00 and largest first in province 01, and its mirror.
    province = [v.code[:2] for v in instance.villages]
    mixed = [e if p == "00" else g for e, g, p in zip(efficient, largest_first, province, strict=True)]
    mirror = [g if p == "00" else e for e, g, p in zip(efficient, largest_first, province, strict=True)]
    merged = solver._merge_by_component(cols, mixed, mirror)
    best = max(solver._objective(cols, efficient), solver._objective(cols, largest_first))
    assert solver._objective(cols, merged) >= best - 1e-6
    assert solver._replay(cols, merged, 1.0) is not None
