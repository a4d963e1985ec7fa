"""The JSON contract of instances and plans."""

from __future__ import annotations

import json

import pytest

from selaras.core.rollout import (
    RolloutError,
    problem_from_json,
    problem_to_json,
    result_to_json,
    solve_rollout,
)
from selaras.core.rollout.model import ERR_MISSING_KEY, ERR_SHARES, ERR_UNKNOWN_TECH, ERR_YEARS

INSTANCE = {
    "horizon_years": [2026, 2027],
    "technologies": [{"id": "fiber", "quality": 1.0}, {"id": "leo", "quality": 0.5}],
    "budgets": {"64": {"2026": 100, "2027": 100}},
    "require_all": False,
    "villages": [
        {
            "code": "64.01.01.2001",
            "weight": 10,
            "payer_shares": {"64": 1},
            "options": [{"tech": "fiber", "capex": 50, "opex": 10}],
        }
    ],
}


def with_change(**changes: object) -> dict[str, object]:
    return {**json.loads(json.dumps(INSTANCE)), **changes}


def test_it_reads_an_instance_and_writes_it_back_the_same() -> None:
    problem = problem_from_json(INSTANCE)
    assert problem.years == (2026, 2027)
    assert problem.budget_idr("64", 2027) == 100
    assert problem_to_json(problem) == json.loads(json.dumps(INSTANCE, default=float)) | {
        "budgets": {"64": {"2026": 100.0, "2027": 100.0}}
    }


def test_a_plan_has_every_key_of_the_contract() -> None:
    plan = result_to_json(solve_rollout(problem_from_json(INSTANCE)))
    assert plan["status"] == "optimal"
    assert plan["assignments"] == [{"code": "64.01.01.2001", "tech": "fiber", "year": 2026, "power": None}]
    assert plan["spend"] == {"64": {"2026": 60.0, "2027": 10.0}}
    assert {"objective", "upper_bound", "gap", "min_budget_factor", "min_budget_factor_bound"} <= plan.keys()
    json.dumps(plan)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"horizon_years": [2026, 2028]}, ERR_YEARS()),
        (
            {"villages": [{"code": "x", "weight": 1, "payer_shares": {"64": 0.5}, "options": []}]},
            ERR_SHARES(code="x", total=0.5),
        ),
        (
            {
                "villages": [
                    {
                        "code": "x",
                        "weight": 1,
                        "payer_shares": {"64": 1},
                        "options": [{"tech": "bts", "capex": 1, "opex": 1}],
                    }
                ]
            },
            ERR_UNKNOWN_TECH(code="x", tech="bts"),
        ),
        (
            {"villages": [{"code": "x", "payer_shares": {"64": 1}, "options": []}]},
            ERR_MISSING_KEY(key="weight", where="x"),
        ),
    ],
)
def test_it_rejects_a_broken_instance_with_a_message_in_both_languages(
    change: dict[str, object], message: object
) -> None:
    with pytest.raises(RolloutError) as caught:
        problem_from_json(with_change(**change))
    assert caught.value.text == message
    assert caught.value.text.render("id") != caught.value.text.render("en")
