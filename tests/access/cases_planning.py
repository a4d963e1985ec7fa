"""Isolation cases of the plans app (issue 3): every page, export and API route of `selaras.planning`.

The plan made in each target region is a draft, so reading it follows `reads_private`; writing follows
`edits_region`; deciding (approve, reject, unlock) is the province's administrator's (`province_admin_of`).
"""

from __future__ import annotations

from decimal import Decimal

from selaras.accounts.models import Role, User
from selaras.planning.models import Indicator, Plan, PlanElement
from tests.access.rules import (
    PERSONAS,
    Case,
    World,
    province_admin_of,
    reads_private,
    signed_in,
    superuser_only,
)


def _within(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(ancestor + ".")


def edits_region(persona: str, target: str) -> bool:
    """Operators and provincial administrators write inside their own region; viewers never write."""
    role, region, superuser = PERSONAS[persona]
    if superuser:
        return True
    return (
        role in (Role.PROVINCE_ADMIN, Role.REGENCY_OPERATOR)
        and region is not None
        and _within(target, region)
    )


def _new_plan(world: World) -> dict[str, str]:
    return {"region": world.region, "kind": "rpjmd", "start_year": "2030", "end_year": "2034"}


CASES: dict[str, Case] = {
    "planning:list": Case(signed_in),
    "planning:create": Case(edits_region, ("GET", "POST"), _new_plan, get_targets_own_region=True),
    # The province-wide workbook: its own province's administrators only (a POST without a file is refused
    # by the form, so it changes nothing for anyone).
    "planning:province_import": Case(province_admin_of, ("GET", "POST"), get_targets_own_region=True),
    "planning:nomenclature": Case(signed_in),
    "planning:nomenclature_load": Case(superuser_only, ("GET", "POST")),
    "planning:detail": Case(reads_private),
    "planning:grid": Case(reads_private),
    "planning:chart": Case(reads_private),
    "planning:realization": Case(edits_region, ("POST",), lambda w: {"year": "2025", "value": "3,5"}),
    "planning:import": Case(edits_region, ("GET", "POST")),
    "planning:template": Case(reads_private),
    "planning:export_rows": Case(reads_private),
    "planning:export_table": Case(reads_private),
    "planning:print_table": Case(reads_private),
    "planning:submit": Case(edits_region, ("POST",)),
    "planning:approve": Case(province_admin_of, ("POST",)),
    "planning:reject": Case(province_admin_of, ("POST",), lambda w: {"reason": "Lengkapi target"}),
    "planning:unlock": Case(province_admin_of, ("POST",), lambda w: {"reason": "Revisi"}),
    "api:plan-list": Case(signed_in),
    "api:plan-detail": Case(reads_private),
    "api:plan-rows": Case(reads_private),
    "api:nomenclature-list": Case(signed_in),
}


def make_objects(region: str, subject: User) -> dict[str, str]:
    """A draft plan with one program and one indicator in `region`."""
    plan = Plan.objects.create(region_id=region, kind="rpjmd", start_year=2025, end_year=2029)
    element = PlanElement.objects.create(
        plan=plan,
        region_id=region,
        kode="2.16.03",
        level="program",
        uraian="Aplikasi",
        pagu_by_year={"2025": "100"},
    )
    indicator = Indicator.objects.create(
        plan=plan,
        element=element,
        region_id=region,
        key=f"K-{region}",
        uraian="Aplikasi",
        indikator="Indeks SPBE",
        satuan="indeks",
        polaritas="positif",
        agregasi="rata",
        baseline=str(Decimal("2.5")),
        targets_by_year={"2025": "3"},
    )
    return {"plan_id": str(plan.pk), "indicator_id": str(indicator.pk), "table": "rpjmd"}
