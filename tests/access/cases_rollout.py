"""Rollout planner (issue 7) in the isolation matrix.

A scenario belongs to its region (here the target regency). Everyone signed in in the province reads it (list,
page, export: `reads_region`); its writers edit its budgets and solve it (`writes_region`); adopting its plan
commits the province, so only the province's administrators may (`province_admin_of`).
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from selaras.accounts.models import Role, User
from selaras.regions.models import Region
from selaras.rollout.models import FiberNode, Scenario, ScenarioState, VillageFacilities, VillagePower
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
        "bonus_per_facility": "100",
    }
    for tech in ("fiber", "microwave", "bts_4g", "fwa_4g", "leo"):
        data |= {f"capex_{tech}": "1000000", f"capex_km_{tech}": "0", f"opex_{tech}": "1000000"}
    return data


def _budgets(world: World) -> dict[str, Any]:
    province = world.region.split(".")[0]
    return {f"budget-{p}-{y}": "5000000" for p in (province, world.region) for y in ("2026", "2027")}


def _fiber_upload(world: World) -> dict[str, Any]:
    data = b"nama;lat;lng\nPOP Matriks;-1,5;116,5\n"
    return {"province": world.region.split(".")[0], "file": SimpleUploadedFile("fiber.csv", data, "text/csv")}


def _village_file(world: World, columns: str, values: str, name: str) -> dict[str, Any]:
    village = (
        Region.objects.within(world.region)
        .active()
        .filter(level="village")
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    data = f"kode_wilayah;{columns}\n{village};{values}\n".encode()
    return {"region": world.region, "file": SimpleUploadedFile(name, data, "text/csv")}


def _facilities_upload(world: World) -> dict[str, Any]:
    return _village_file(world, "sekolah;faskes", "2;1", "fasilitas.csv")


def _grid_upload(world: World) -> dict[str, Any]:
    return _village_file(world, "listrik_pln", "tidak", "listrik.csv")


def _catalogue(world: World) -> dict[str, Any]:
    return {
        "region": world.region.split(".")[0],
        "tier-0-id": "matriks",
        "tier-0-name": "Matriks",
        "tier-0-bandwidth_mbps": "30",
        "tier-0-opex_idr_per_year": "1000000",
        "tier-0-value": "0,5",
    }


CASES: dict[str, Case] = {
    "rollout:list": Case(signed_in),
    "rollout:new": Case(writes_region, ("GET", "POST"), _new, get_targets_own_region=True),
    "rollout:detail": Case(reads_region),
    "rollout:export": Case(reads_region),
    "rollout:budgets": Case(writes_region, ("POST",), _budgets),
    "rollout:solve": Case(writes_region, ("POST",)),
    "rollout:adopt": Case(province_admin_of, ("POST",)),
    # Input layers (fiber nodes, schools and health posts): read by everyone in the province; the province's
    # administrators import its fiber layer, a region's writers the counts of its villages.
    "rollout:fiber": Case(signed_in),
    "rollout:fiber_download": Case(signed_in),
    "rollout:fiber_template": Case(signed_in),
    "rollout:fiber_upload": Case(province_admin_of, ("POST",), _fiber_upload),
    "rollout:facilities": Case(signed_in),
    "rollout:facilities_download": Case(signed_in),
    "rollout:facilities_template": Case(signed_in),
    "rollout:facilities_upload": Case(writes_region, ("POST",), _facilities_upload),
    # Grid electricity per village (like facilities) and the province's service tiers and power options (like
    # its fiber layer: read by everyone in the province, edited by its administrators).
    "rollout:grid": Case(signed_in),
    "rollout:grid_download": Case(signed_in),
    "rollout:grid_template": Case(signed_in),
    "rollout:grid_upload": Case(writes_region, ("POST",), _grid_upload),
    "rollout:catalogue": Case(signed_in),
    "rollout:catalogue_save": Case(province_admin_of, ("POST",), _catalogue),
    # Results (see tests/rollout/test_results.py for comparisons of scenarios in and out of sight): the plan's
    # map data reads like the page; the comparison and its export without a choice show the picker (200) or
    # send back to it (302), for anyone signed in.
    "rollout:map": Case(reads_region),
    "rollout:compare": Case(signed_in),
    "rollout:compare_export": Case(signed_in),
    "api:rollout-scenario-list": Case(signed_in),
    "api:rollout-scenario-detail": Case(reads_region),
    "api:rollout-scenario-plan": Case(reads_region),
    "api:rollout-scenario-solve": Case(writes_region, ("POST",), allowed_statuses=(202,)),
    # The first province editor adopts (200); the next one is told it is already adopted (409).
    "api:rollout-scenario-adopt": Case(province_admin_of, ("POST",), allowed_statuses=(200, 409)),
    # Without ids the comparison is a bad request (400) for anyone signed in; scenarios in and out of sight are
    # in tests/rollout/test_results.py.
    "api:rollout-scenario-compare": Case(signed_in, allowed_statuses=(400,)),
    "api:rollout-fiber-node-list": Case(signed_in),
    "api:rollout-fiber-node-detail": Case(reads_region),
    "api:rollout-facilities-list": Case(signed_in),
    "api:rollout-grid-power-list": Case(signed_in),
    "api:rollout-grid-power-detail": Case(reads_region),
    "api:rollout-catalogue-list": Case(signed_in),
    "api:rollout-facilities-detail": Case(reads_region),
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
    node = FiberNode.objects.create(
        region_id=province, name=f"POP {region}", lat=-1.0, lng=116.0, imported_at=timezone.now()
    )
    VillageFacilities.objects.create(village_id=village, schools=1, health_posts=1)
    VillagePower.objects.create(village_id=village, grid_power=False)
    return {
        "scenario_id": str(scenario.pk),
        "node_id": str(node.pk),
        "facility_village": village,
        "power_village": village,
    }
