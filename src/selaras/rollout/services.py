"""Writes of the rollout planner: create a scenario, solve it (in a background job), adopt its plan.

A scenario is turned into a solver instance here, from the database: the unconnected desa of its region (no
live public access point), their population (imported, else estimated and marked so), 4G signal from the latest
signal observation, and sample fiber nodes at regency and district capitals. The solver itself is
`selaras.core.rollout`; this module never touches its internals.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.agreements import services as agreement_services
from selaras.agreements.models import Agreement, Kind, Party
from selaras.agreements.models import Status as AgreementStatus
from selaras.connectivity import services as connectivity_services
from selaras.connectivity.models import AccessPoint, APStatus, Facility, SignalObservation
from selaras.connectivity.models import Technology as APTechnology
from selaras.core.i18n import Msg
from selaras.core.regions_data import Level as CoreLevel
from selaras.core.rollout import (
    DEFAULT_COSTS,
    Budgets,
    FeasibilityRules,
    PayerSplit,
    RolloutProblem,
    RolloutProgress,
    TechCost,
    VillageSite,
    build_rollout_problem,
    estimated_village_population,
    fiber_nodes_at_capitals,
    result_to_json,
    solve_rollout,
    todays_rule_rollout,
)
from selaras.jobs.services import job_start
from selaras.regions.models import Level, Region, VillageKind
from selaras.rollout.models import Scenario, ScenarioState

ERR_NOT_SOLVED = Msg(id="Skenario ini belum diselesaikan.", en="This scenario has not been solved yet.")
ERR_ALREADY_ADOPTED = Msg(
    id="Rencana skenario ini sudah diadopsi; tidak ada yang ditulis dua kali.",
    en="This scenario's plan has already been adopted; nothing is written twice.",
)
ERR_NO_VILLAGES = Msg(
    id="Tidak ada desa yang belum tersambung di wilayah ini.",
    en="There is no unconnected desa in this region.",
)
ERR_BAD_REGION = Msg(
    id="Skenario dibuat untuk provinsi atau kabupaten/kota.",
    en="A scenario is made for a province or a regency/city.",
)

# The planner's technologies as connectivity records them (a BTS gives the village a 4G fixed-wireless link).
AP_TECHNOLOGY = {
    "fiber": APTechnology.FIBER,
    "microwave": APTechnology.RADIO,
    "bts_4g": APTechnology.FWA_4G,
    "fwa_4g": APTechnology.FWA_4G,
    "leo": APTechnology.LEO,
}
PROGRAMME_PREFIX = "Rollout #"


class RolloutServiceError(Exception):
    def __init__(self, message: Msg | Any) -> None:
        super().__init__(str(message))
        self.message = message


def default_costs_json() -> list[dict[str, Any]]:
    return [asdict(c) for c in DEFAULT_COSTS]


def default_budgets(
    *, region: Region, years: list[int], province_idr: float, regency_idr: float
) -> dict[str, dict[str, float]]:
    """Every payer's yearly budget: the province `province_idr`, each regency of the region `regency_idr`."""
    province = region.code.split(".")[0]
    if region.level == Level.REGENCY:
        regencies = [region.code]
    else:
        regencies = list(
            Region.objects.within(province).filter(level=Level.REGENCY).values_list("code", flat=True)
        )
    budgets = {province: {str(y): float(province_idr) for y in years}}
    for code in sorted(regencies):
        budgets[code] = {str(y): float(regency_idr) for y in years}
    return budgets


@transaction.atomic
def scenario_create(
    *,
    actor: Any,
    region: Region,
    title: str,
    first_year: int,
    year_count: int,
    province_budget_idr: float,
    regency_budget_idr: float,
    fiber_max_km: float = 15.0,
    bts_min_population: float = 1500.0,
    province_share: float = 1.0,
    agreement: Agreement | None = None,
    require_all: bool = False,
    costs: list[dict[str, Any]] | None = None,
    is_sample: bool = False,
) -> Scenario:
    if region.level not in (Level.PROVINCE, Level.REGENCY):
        raise RolloutServiceError(ERR_BAD_REGION())
    years = list(range(first_year, first_year + year_count))
    return Scenario.objects.create(
        region=region,
        title=title,
        first_year=first_year,
        year_count=year_count,
        budgets=default_budgets(
            region=region, years=years, province_idr=province_budget_idr, regency_idr=regency_budget_idr
        ),
        costs=costs or default_costs_json(),
        fiber_max_km=fiber_max_km,
        bts_min_population=bts_min_population,
        province_share=province_share,
        agreement=agreement,
        require_all=require_all,
        is_sample=is_sample,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _agreement_shares(agreement: Agreement | None) -> dict[str, dict[str, float]]:
    """Regency code -> payer shares, from a village-internet agreement's province cost share (default 100%)."""
    if agreement is None or agreement.kind != Kind.VILLAGE_INTERNET:
        return {}
    parties = list(agreement.parties.select_related("region").order_by("position"))
    province = next((p for p in parties if p.region.level == Level.PROVINCE), None)
    if province is None:
        return {}
    pct = (
        agreement.obligations.filter(party=province, cost_share_pct__isnull=False)
        .values_list("cost_share_pct", flat=True)
        .first()
    )
    share = float(pct) / 100 if pct is not None else 1.0
    shares: dict[str, dict[str, float]] = {}
    for party in parties:
        if party.region.level == Level.REGENCY:
            split = {province.region_id: share, party.region_id: 1 - share}
            shares[party.region_id] = {p: s for p, s in split.items() if s > 0}
    return shares


def scenario_villages(*, scenario: Scenario) -> dict[str, dict[str, Any]]:
    """The unconnected desa of the scenario's region with what the planner needs to know about each."""
    area = scenario.region_id
    province = area.split(".")[0]
    desa = list(
        Region.objects.within(area)
        .active()
        .filter(level=Level.VILLAGE, village_kind=VillageKind.DESA)
        .order_by("code")
        .values("code", "name", "lat", "lng", "population")
    )
    live = set(
        AccessPoint.objects.filter(region__code__startswith=area + ".", status=APStatus.LIVE).values_list(
            "region_id", flat=True
        )
    )
    signal: dict[str, str] = {}
    for code, value in (
        SignalObservation.objects.filter(region__code__startswith=area + ".")
        .order_by("observed_on", "pk")
        .values_list("region_id", "signal")
    ):
        signal[code] = value  # the latest observation wins
    estimates = estimated_village_population(province)
    shares = _agreement_shares(scenario.agreement)
    villages: dict[str, dict[str, Any]] = {}
    for row in desa:
        if row["code"] in live or row["lat"] is None or row["lng"] is None:
            continue
        estimated = not row["population"]
        population = float(row["population"] or estimates.get(row["code"], 0.0))
        regency = ".".join(row["code"].split(".")[:2])
        villages[row["code"]] = {
            "name": row["name"],
            "lat": row["lat"],
            "lng": row["lng"],
            "population": round(population),
            "estimated": estimated,
            "has_4g": signal.get(row["code"]) in ("4g", "5g"),
            "payer_shares": shares.get(regency),
        }
    return villages


def scenario_problem(*, scenario: Scenario, villages: dict[str, dict[str, Any]]) -> RolloutProblem:
    """The solver instance of a scenario (raises `RolloutError` with a bilingual message on bad inputs)."""
    province = scenario.region_id.split(".")[0]
    sites = [
        VillageSite(
            code=code,
            lat=v["lat"],
            lng=v["lng"],
            population=v["population"],
            has_4g_signal=v["has_4g"],
            payer_shares=v["payer_shares"],
        )
        for code, v in villages.items()
    ]
    nodes = fiber_nodes_at_capitals(province, levels=(CoreLevel.REGENCY, CoreLevel.DISTRICT))
    budgets = {p: {int(y): float(b) for y, b in by.items()} for p, by in scenario.budgets.items()}
    return build_rollout_problem(
        sites,
        years=scenario.years,
        budgets=Budgets(by_payer=budgets),
        fiber_nodes=nodes,
        costs=tuple(TechCost(**c) for c in scenario.costs),
        rules=FeasibilityRules(
            fiber_max_km=scenario.fiber_max_km,
            bts_min_population=scenario.bts_min_population,
            bonus_per_facility=0.0,
        ),
        split=PayerSplit(province_share=scenario.province_share),
        require_all=scenario.require_all,
    )


def scenario_solve(
    *, scenario: Scenario, progress: Callable[[int, int, str], None] | None = None
) -> dict[str, Any]:
    """Build the instance from the database, solve it and today's rule, store both; returns a summary."""
    villages = scenario_villages(scenario=scenario)
    if not villages:
        raise RolloutServiceError(ERR_NO_VILLAGES())
    problem = scenario_problem(scenario=scenario, villages=villages)
    steps = [0]

    def report(p: RolloutProgress) -> None:
        steps[0] += 1
        if progress is not None:
            stage = p.stage.render("id")
            if p.objective is not None and p.upper_bound:
                stage += f" ({100 * p.objective / p.upper_bound:.2f}%)"
            progress(
                min(int(p.elapsed_s), math.ceil(scenario.time_limit_s)),
                math.ceil(scenario.time_limit_s),
                stage,
            )

    result = solve_rollout(problem, time_limit_s=scenario.time_limit_s or None, progress=report)
    today = todays_rule_rollout(problem)
    for v in villages.values():
        v.pop("lat"), v.pop("lng")
    scenario.result = result_to_json(result)
    scenario.todays_rule = result_to_json(today)
    scenario.villages = villages
    scenario.state = ScenarioState.SOLVED
    scenario.error = ""
    scenario.solved_at = timezone.now()
    scenario._change_reason = "solved"  # type: ignore[attr-defined]
    scenario.save()
    return {"status": str(result.status), "gap": result.gap, "assignments": len(result.assignments)}


@transaction.atomic
def scenario_budgets_set(*, scenario: Scenario, budgets: dict[str, dict[str, float]]) -> Scenario:
    scenario.budgets = budgets
    scenario._change_reason = "budgets"  # type: ignore[attr-defined]
    scenario.save()
    return scenario


@transaction.atomic
def scenario_solve_start(*, scenario: Scenario, actor: Any, task: Any) -> Scenario:
    """Queue the solver for a scenario (after commit); the job page and the scenario page show progress."""
    job = job_start(
        kind="rollout_solve",
        title=str(_("Solve rollout scenario: %(title)s")) % {"title": scenario.title},
        region_code=scenario.region_id,
        user=actor,
        task=task,
        scenario_id=scenario.pk,
    )
    scenario.job = job
    scenario.state = ScenarioState.SOLVING
    scenario.error = ""
    scenario._change_reason = "solve started"  # type: ignore[attr-defined]
    scenario.save()
    return scenario


def scenario_fail(*, scenario_id: int, error: str) -> None:
    scenario = Scenario.objects.get(pk=scenario_id)
    scenario.state = ScenarioState.FAILED
    scenario.error = error[:2000]
    scenario.save()


@transaction.atomic
def scenario_adopt(*, scenario: Scenario, actor: Any) -> dict[str, int]:
    """Write the plan: a planned access point per assigned village (technology, start year) in connectivity,
    and each payer's yearly spend as an obligation of the chosen agreement when it is still a draft.
    All or nothing, audited; a scenario is adopted once."""
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if scenario.state != ScenarioState.SOLVED or not scenario.result:
        raise RolloutServiceError(ERR_NOT_SOLVED())
    if scenario.adopted_at is not None:
        raise RolloutServiceError(ERR_ALREADY_ADOPTED())
    programme = f"{PROGRAMME_PREFIX}{scenario.pk} {scenario.title}"[:200]
    villages = {
        r.code: r for r in Region.objects.filter(code__in=[a["code"] for a in scenario.result["assignments"]])
    }
    already = set(AccessPoint.objects.filter(programme=programme).values_list("region_id", flat=True))
    points = 0
    for a in scenario.result["assignments"]:
        village = villages.get(a["code"])
        if village is None or a["code"] in already:
            continue
        connectivity_services.access_point_create(
            village=village,
            status=APStatus.PLANNED,
            status_since=date(int(a["year"]), 1, 1),
            facility=Facility.VILLAGE_OFFICE,
            technology=AP_TECHNOLOGY.get(a["tech"], APTechnology.LEO),
            programme=programme,
            is_sample=scenario.is_sample,
        )
        points += 1
    obligations = 0
    agreement = scenario.agreement
    if agreement is not None and agreement.status == AgreementStatus.DRAFT:
        parties: dict[str, Party] = {p.region_id: p for p in agreement.parties.all()}
        for payer, by_year in scenario.result["spend"].items():
            party = parties.get(payer)
            for year, amount in by_year.items():
                if (
                    party is None
                    or amount <= 0
                    or not agreement.starts_on.year <= int(year) <= agreement.ends_on.year
                ):
                    continue
                agreement_services.obligation_add(
                    agreement=agreement,
                    party=party,
                    year=int(year),
                    title=str(_("Rollout plan %(year)s: planned access points (scenario %(title)s)"))
                    % {"year": year, "title": scenario.title},
                    due_on=min(date(int(year), 12, 31), agreement.ends_on),
                    cost_share_idr=round(amount),
                    cost_share_pct=None,
                )
                obligations += 1
    scenario.adopted_at = timezone.now()
    scenario.adopted_by = actor if getattr(actor, "pk", None) else None
    scenario._change_reason = "adopted"  # type: ignore[attr-defined]
    scenario.save()
    return {
        "access_points": points,
        "obligations": obligations,
        "agreement_signed": int(agreement is not None and agreement.status != AgreementStatus.DRAFT),
    }
