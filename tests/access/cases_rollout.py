"""Rollout planner (issue 7) in the isolation matrix.

A scenario belongs to its region (here the target regency). Everyone signed in in the province reads it (list,
page, export: `reads_region`); its writers edit its budgets and solve it (`writes_region`); adopting its plan
commits the province, so only the province's administrators may (`province_admin_of`).
"""

from __future__ import annotations

from typing import Any

from selaras.accounts.models import Role, User
from selaras.regions.models import Region
from selaras.rollout.models import Scenario, ScenarioState
from tests.access.rules import PERSONAS, Case, World, province_admin_of, reads_region, signed_in


def _within(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(ancestor + ".")


def writes_region(persona: str, target: str) -> bool:
    """Operators and provincial administrators write inside their own region; viewers never; superusers all."""
    role, region, superuser = PERSONAS[persona]
    if superuser:
        return True
    return (
        role in (Role.PROVINCE_ADMIN, Role.REGENCY_OPERATOR)
        and region is not None
        and _within(target, region)
    )


def _new(world: World) -> dict[str, Any]:
    data = {
        "region": world.region,
        "title": "Matrix",
        "first_year": "2026",
        "year_count": "2",
        "province_budget_idr": "1000000000",
        "regency_budget_idr": "100000000",
        "province_share_pct": "50",
        "agreement": "",
        "fiber_max_km": "15",
        "bts_min_population": "1500",
    }
    for tech in ("fiber", "microwave", "bts_4g", "fwa_4g", "leo"):
        data |= {f"capex_{tech}": "1000000", f"capex_km_{tech}": "0", f"opex_{tech}": "1000000"}
    return data


def _budgets(world: World) -> dict[str, Any]:
    province = world.region.split(".")[0]
    return {f"budget-{p}-{y}": "5000000" for p in (province, world.region) for y in ("2026", "2027")}


CASES: dict[str, Case] = {
    "rollout:list": Case(signed_in),
    "rollout:new": Case(writes_region, ("GET", "POST"), _new, get_targets_own_region=True),
    "rollout:detail": Case(reads_region),
    "rollout:export": Case(reads_region),
    "rollout:budgets": Case(writes_region, ("POST",), _budgets),
    "rollout:solve": Case(writes_region, ("POST",)),
    "rollout:adopt": Case(province_admin_of, ("POST",)),
}


def make_objects(region: str, subject: User) -> dict[str, str]:
    """A solved scenario of the target regency whose plan connects its first desa in 2026."""
    village = (
        Region.objects.within(region)
        .active()
        .filter(level="village")
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    province = region.split(".")[0]
    years = {"2026": 5e6, "2027": 5e6}
    scenario = Scenario.objects.create(
        region_id=region,
        title=f"Matrix {region}",
        first_year=2026,
        year_count=2,
        budgets={province: years, region: years},
        costs=[],
        state=ScenarioState.SOLVED,
        result={
            "status": "optimal",
            "objective": 2.0,
            "upper_bound": 2.0,
            "gap": 0.0,
            "assignments": [{"code": village, "tech": "leo", "year": 2026}],
            "spend": {province: {"2026": 1e6, "2027": 1e6}},
            "min_budget_factor": None,
            "min_budget_factor_bound": None,
        },
        todays_rule={"status": "feasible", "objective": 1.0, "assignments": [], "spend": {}},
        villages={village: {"name": "Desa", "population": 1, "estimated": True, "has_4g": False}},
    )
    return {"scenario_id": str(scenario.pk)}
