"""`selaras rollout solve` on files, without a database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from selaras.core.rollout.command import run

INSTANCE = {
    "horizon_years": [2026, 2027],
    "technologies": [{"id": "fiber", "quality": 1.0}, {"id": "leo", "quality": 0.5}],
    "budgets": {"64": {"2026": 50, "2027": 50}},
    "require_all": True,
    "villages": [
        {
            "code": "a",
            "weight": 10,
            "payer_shares": {"64": 1},
            "options": [{"tech": "fiber", "capex": 100, "opex": 0}],
        },
        {
            "code": "b",
            "weight": 5,
            "payer_shares": {"64": 1},
            "options": [{"tech": "fiber", "capex": 100, "opex": 0}],
        },
    ],
}


def test_it_writes_the_plan_and_says_how_much_more_budget_a_complete_plan_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.json").write_text(json.dumps(INSTANCE))
    assert run([str(tmp_path / "in.json"), "--out", str(tmp_path / "plan.json"), "--lang", "en"]) == 0
    plan = json.loads((tmp_path / "plan.json").read_text())
    assert plan["status"] == "infeasible"
    assert plan["min_budget_factor"] == pytest.approx(2.0)
    out = capsys.readouterr()
    assert "Budgets must be multiplied by 2.0000" in out.out
    assert "Done: infeasible" in out.err


def test_it_can_write_todays_rule_instead(tmp_path: Path) -> None:
    (tmp_path / "in.json").write_text(json.dumps(INSTANCE | {"budgets": {"64": {"2026": 100, "2027": 100}}}))
    assert run([str(tmp_path / "in.json"), "--out", str(tmp_path / "p.json"), "--method", "todays-rule"]) == 0
    assert json.loads((tmp_path / "p.json").read_text())["assignments"][0] == {
        "code": "a",
        "tech": "fiber",
        "year": 2026,
        "power": None,
    }


def test_it_explains_a_broken_instance_in_indonesian_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.json").write_text(json.dumps(INSTANCE | {"horizon_years": [2026, 2030]}))
    assert run([str(tmp_path / "in.json"), "--out", str(tmp_path / "p.json")]) == 2
    assert "horizon_years harus berupa daftar tahun berurutan" in capsys.readouterr().err
    assert not (tmp_path / "p.json").exists()
