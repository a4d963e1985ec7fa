"""Writes of the rollout planner: create a scenario, solve it (in a background job), adopt its plan.

A scenario is turned into a solver instance here, from the database: the unconnected desa of its region (no
live public access point), their population (imported, else estimated and marked so), 4G signal from the latest
signal observation, and sample fiber nodes at regency and district capitals. The solver itself is
`selaras.core.rollout`; this module never touches its internals.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from selaras.agreements import services as agreement_services
from selaras.agreements.models import Agreement, Kind
from selaras.agreements.models import Status as AgreementStatus
from selaras.connectivity import services as connectivity_services
from selaras.connectivity.models import AccessPoint, APStatus, Facility, SignalObservation, SiteTier
from selaras.connectivity.models import Power as APPower
from selaras.connectivity.models import Technology as APTechnology
from selaras.core.i18n import Msg
from selaras.core.numbers import format_percent
from selaras.core.rollout import (
    DEFAULT_COSTS,
    Budgets,
    FeasibilityRules,
    LiveSite,
    PayerSplit,
    PowerOption,
    RolloutProblem,
    RolloutProgress,
    TechCost,
    Tier,
    VillageSite,
    build_rollout_problem,
    estimated_village_population,
    result_to_json,
    solve_rollout,
    todays_rule,
    todays_rule_rollout,
)
from selaras.core.rollout.scenario import default_shares
from selaras.jobs.services import job_start
from selaras.regions.models import Level, Region, VillageKind
from selaras.rollout import catalogue, inputs
from selaras.rollout.models import Scenario, ScenarioState
from selaras.web.errors import ServiceError

ERR_NOT_SOLVED = Msg(id="Skenario ini belum diselesaikan.", en="This scenario has not been solved yet.")
ERR_ALREADY_ADOPTED = Msg(
    id="Rencana skenario ini sudah diadopsi; tidak ada yang ditulis dua kali.",
    en="This scenario's plan has already been adopted; nothing is written twice.",
)
ERR_NO_VILLAGES = Msg(
    id="Tidak ada desa yang belum tersambung di wilayah ini.",
    en="There is no unconnected desa in this region.",
)
ERR_ADDENDUM_NEEDED = Msg(
    id="Perjanjian sudah ditandatangani: kewajiban baru hanya lewat adendum. Isi nomor dan tanggal adendum.",
    en="The agreement is signed: new obligations come only by addendum. Give the addendum's number and date.",
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
# The planner's power options as connectivity records them.
AP_POWER = {"solar": APPower.SOLAR, "generator": APPower.GENERATOR}


class RolloutServiceError(ServiceError):
    def __init__(self, message: Msg | Any) -> None:
        super().__init__(message)
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
    bonus_per_facility: float = 100.0,
    plan_live_sites: bool = True,
    keep_live_sites: bool = True,
    rule_tier: str = "50mbps",
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
        bonus_per_facility=bonus_per_facility,
        province_share=province_share,
        agreement=agreement,
        require_all=require_all,
        plan_live_sites=plan_live_sites,
        keep_live_sites=keep_live_sites,
        rule_tier=rule_tier or "50mbps",
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
            shares[party.region_id] = default_shares(party.region_id, PayerSplit(province_share=share))
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
    facilities = inputs.facilities_for(codes=[row["code"] for row in desa])
    power = inputs.grid_power_for(codes=[row["code"] for row in desa if row["code"] not in live])
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
            "grid_power": power[row["code"]].grid_power if row["code"] in power else True,
            "grid_sample": power[row["code"]].is_sample if row["code"] in power else False,
            **_facility_facts(facilities.get(row["code"])),
        }
    return villages


def _tier_of(bandwidth: float | None, tiers: list[dict[str, Any]]) -> str:
    """The catalogue tier an access point's recorded bandwidth runs at: the fastest tier not above it (the
    slowest when it is below all of them), the fastest when no bandwidth is recorded."""
    if bandwidth is None:
        return str(tiers[0]["id"])
    fitting = [t for t in tiers if float(t["bandwidth_mbps"]) <= bandwidth + 1e-9]
    return str((fitting[0] if fitting else tiers[-1])["id"])


def scenario_live_sites(*, scenario: Scenario, tiers: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The live sites of the scenario's region: one per desa with a live access point (its first), with the
    tier it runs at before the plan's first year (the latest recorded `SiteTier`, else the tier of its recorded
    bandwidth), its people and payer shares like an unconnected village's."""
    area = scenario.region_id
    points: dict[str, AccessPoint] = {}
    for point in AccessPoint.objects.filter(
        region__code__startswith=area + ".", status=APStatus.LIVE, region__village_kind=VillageKind.DESA
    ).order_by("pk"):
        points.setdefault(point.region_id, point)
    known = {str(t["id"]) for t in tiers}
    recorded: dict[int, str] = {}
    for point_id, tier in (
        SiteTier.objects.filter(
            access_point_id__in=[p.pk for p in points.values()], year__lt=scenario.first_year
        )
        .order_by("year")
        .values_list("access_point_id", "tier")
    ):
        if tier in known:
            recorded[point_id] = tier  # the latest year wins
    regions = {
        r["code"]: r
        for r in Region.objects.filter(code__in=list(points)).values("code", "name", "population")
    }
    estimates = estimated_village_population(area.split(".")[0])
    shares = _agreement_shares(scenario.agreement)
    facilities = inputs.facilities_for(codes=list(points))
    sites: dict[str, dict[str, Any]] = {}
    for code, point in sorted(points.items()):
        region = regions.get(code, {})
        regency = ".".join(code.split(".")[:2])
        sites[code] = {
            "name": region.get("name", ""),
            "population": round(float(region.get("population") or estimates.get(code, 0.0))),
            "estimated": not region.get("population"),
            "access_point": point.pk,
            "technology": point.technology,
            "tier": recorded.get(point.pk) or _tier_of(point.bandwidth_mbps, tiers),
            "payer_shares": shares.get(regency) or default_shares(code, PayerSplit(scenario.province_share)),
            "is_sample": point.is_sample,
            **_facility_facts(facilities.get(code)),
        }
    return sites


def _facility_facts(record: Any) -> dict[str, Any]:
    """Schools and health posts of a village (none when nothing is recorded), and whether they are sample."""
    if record is None:
        return {"schools": 0, "health_posts": 0, "facilities": 0, "facilities_sample": False}
    return {
        "schools": record.schools,
        "health_posts": record.health_posts,
        "facilities": record.total,
        "facilities_sample": record.is_sample,
    }


def scenario_problem(
    *,
    scenario: Scenario,
    villages: dict[str, dict[str, Any]],
    fiber_layer: inputs.FiberLayer | None = None,
    live_sites: dict[str, dict[str, Any]] | None = None,
) -> RolloutProblem:
    """The solver instance of a scenario (raises `RolloutError` with a bilingual message on bad inputs).

    Fiber is measured from the province's imported fiber layer, else from SAMPLE nodes at its regency and
    district capitals; each village weighs its population plus the scenario's bonus per school or health post.
    Villages without grid electricity need a power option of the province's catalogue; `live_sites` (from
    `scenario_live_sites`) run at its service tiers, none switched off when the scenario keeps them.
    """
    province = scenario.region_id.split(".")[0]
    layer = fiber_layer or inputs.fiber_layer_for(province=province)
    sites = [
        VillageSite(
            code=code,
            lat=v["lat"],
            lng=v["lng"],
            population=v["population"],
            has_4g_signal=v["has_4g"],
            facilities=int(v.get("facilities", 0)),
            payer_shares=v["payer_shares"],
        )
        for code, v in villages.items()
    ]
    budgets = {p: {int(y): float(b) for y, b in by.items()} for p, by in scenario.budgets.items()}
    problem = build_rollout_problem(
        sites,
        years=scenario.years,
        budgets=Budgets(by_payer=budgets),
        fiber_nodes=layer.nodes,
        costs=tuple(TechCost(**c) for c in scenario.costs),
        rules=FeasibilityRules(
            fiber_max_km=scenario.fiber_max_km,
            bts_min_population=scenario.bts_min_population,
            bonus_per_facility=scenario.bonus_per_facility,
        ),
        split=PayerSplit(province_share=scenario.province_share),
        require_all=scenario.require_all,
    )
    tiers, power_options, _defaults = catalogue.catalogue_for(province=province)
    grid = {code: bool(v.get("grid_power", True)) for code, v in villages.items()}
    sites = live_sites or {}
    return dataclasses.replace(
        problem,
        villages=tuple(dataclasses.replace(v, grid_power=grid.get(v.code, True)) for v in problem.villages),
        tiers=tuple(
            Tier(str(t["id"]), float(t["bandwidth_mbps"]), float(t["opex_idr_per_year"]), float(t["value"]))
            for t in tiers
        )
        if sites
        else (),
        live_sites=tuple(
            LiveSite(
                code=code,
                weight=site["population"] + scenario.bonus_per_facility * site.get("facilities", 0),
                payer_shares=site["payer_shares"],
                tier=site["tier"],
            )
            for code, site in sites.items()
        ),
        power_options=tuple(
            PowerOption(str(p["id"]), float(p["capex_idr"]), float(p["opex_idr_per_year"]))
            for p in power_options
        )
        if not all(grid.values())
        else (),
        keep_live_sites=scenario.keep_live_sites,
    )


def scenario_solve(
    *, scenario: Scenario, progress: Callable[[int, int, str], None] | None = None
) -> dict[str, Any]:
    """Build the instance from the database, solve it and today's rule, store both; returns a summary."""
    started = time.monotonic()  # the page tells how long the whole solve took, not only the solver's limit
    villages = scenario_villages(scenario=scenario)
    province = scenario.region_id.split(".")[0]
    tiers, power_options, defaults = catalogue.catalogue_for(province=province)
    sites = scenario_live_sites(scenario=scenario, tiers=tiers) if scenario.plan_live_sites else {}
    if not villages and not sites:
        raise RolloutServiceError(ERR_NO_VILLAGES())
    layer = inputs.fiber_layer_for(province=province)
    problem = scenario_problem(scenario=scenario, villages=villages, fiber_layer=layer, live_sites=sites)
    steps = [0]

    def report(p: RolloutProgress) -> None:
        steps[0] += 1
        if progress is not None:
            stage = p.stage.render("id")
            if p.objective is not None and p.upper_bound:
                stage += f" ({format_percent(100 * p.objective / p.upper_bound, 'id', 2)})"
            progress(
                min(int(p.elapsed_s), math.ceil(scenario.time_limit_s)),
                math.ceil(scenario.time_limit_s),
                stage,
            )

    result = solve_rollout(problem, time_limit_s=scenario.time_limit_s or None, progress=report)
    today = todays_rule_rollout(problem)
    rule_tier = _rule_tier(scenario, problem)
    cut = todays_rule(problem, rule_tier) if rule_tier is not None else None
    for v in villages.values():
        v.pop("lat"), v.pop("lng")
    # What adoption needs per village: who pays what share, and the cost of the option (and power) chosen.
    options = {v.code: (dict(v.payer_shares), {o.tech: o for o in v.options}) for v in problem.villages}
    powers = {p.id: p for p in problem.power_options}
    for a in result.assignments:
        shares, by_tech = options[a.code]
        option = by_tech[a.tech]
        power = powers.get(a.power) if a.power else None
        villages[a.code] |= {
            "payer_shares": shares,
            "capex_idr": option.capex_idr + (power.capex_idr if power else 0.0),
            "opex_idr_per_year": option.opex_idr_per_year + (power.opex_idr_per_year if power else 0.0),
        }
    scenario.result = result_to_json(result) | {
        "took_s": round(time.monotonic() - started, 1),
        "inputs": {
            "fiber_layer": layer.metadata(),
            "bonus_per_facility": scenario.bonus_per_facility,
            "villages_with_facilities": sum(1 for v in villages.values() if v["facilities"]),
            "facilities_sample": any(v["facilities_sample"] for v in villages.values()),
            "population_estimated": sum(1 for v in villages.values() if v["estimated"]),
            "tiers": tiers if sites else [],
            "power_options": power_options,
            "catalogue_defaults": defaults,
            "villages_off_grid": sum(1 for v in villages.values() if not v["grid_power"]),
            "grid_sample": any(v["grid_sample"] for v in villages.values()),
        },
        "live_sites": sites,
        "cut_rule": {"tier": rule_tier, "plan": result_to_json(cut)} if cut is not None else {},
    }
    solved = {
        "result": scenario.result,
        "todays_rule": result_to_json(today),
        "villages": villages,
        "state": ScenarioState.SOLVED,
        "error": "",
        "solved_at": timezone.now(),
    }
    # The solve took a while: budgets or a title saved meanwhile stay, only the solver's fields are written.
    with transaction.atomic():
        fresh = Scenario.objects.select_for_update().get(pk=scenario.pk)
        for name, value in solved.items():
            setattr(fresh, name, value)
            setattr(scenario, name, value)
        fresh._change_reason = "solved"  # type: ignore[attr-defined]
        fresh.save()
    return {
        "status": str(result.status),
        "gap": result.gap,
        "assignments": len(result.assignments),
        "live_sites": len(sites),
    }


def _rule_tier(scenario: Scenario, problem: RolloutProblem) -> str | None:
    """The tier today's rule cuts every live site to: the scenario's, else the slowest (None without tiers)."""
    ids = [t.id for t in problem.tiers]
    if not ids or not problem.live_sites:
        return None
    return (
        scenario.rule_tier
        if scenario.rule_tier in ids
        else min(problem.tiers, key=lambda t: t.bandwidth_mbps).id
    )


@transaction.atomic
def scenario_budgets_set(*, scenario: Scenario, budgets: dict[str, dict[str, float]]) -> Scenario:
    """Replace the budgets; the row is read again under a lock so a solve finishing meanwhile is kept."""
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
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
    fresh = Scenario.objects.select_for_update().get(pk=scenario.pk)
    for target in (fresh, scenario):  # the caller's copy shows the new state too
        target.job, target.state, target.error = job, ScenarioState.SOLVING, ""
    fresh._change_reason = "solve started"  # type: ignore[attr-defined]
    fresh.save()
    return fresh


def scenario_solve_request(*, scenario: Scenario, actor: Any, task: Any) -> Scenario:
    """Check the scenario builds into a valid instance, then queue its solve job (the page and the API both
    come here). Raises `RolloutServiceError` or `RolloutError` (bilingual) and queues nothing on bad inputs."""
    villages = scenario_villages(scenario=scenario)
    tiers, _power, _defaults = catalogue.catalogue_for(province=scenario.region_id.split(".")[0])
    sites = scenario_live_sites(scenario=scenario, tiers=tiers) if scenario.plan_live_sites else {}
    if not villages and not sites:
        raise RolloutServiceError(ERR_NO_VILLAGES())
    # refuse a bad scenario before queueing
    scenario_problem(scenario=scenario, villages=villages, live_sites=sites)
    return scenario_solve_start(scenario=scenario, actor=actor, task=task)


@transaction.atomic
def scenario_fail(*, scenario_id: int, error: str) -> None:
    scenario = Scenario.objects.select_for_update().get(pk=scenario_id)
    scenario.state = ScenarioState.FAILED
    scenario.error = error[:2000]
    scenario.save()


def _payer_shares(scenario: Scenario, code: str) -> dict[str, float]:
    stored = scenario.villages.get(code, {}).get("payer_shares")
    return dict(stored) if stored else default_shares(code, PayerSplit(scenario.province_share))


def adoption_obligations(
    *, scenario: Scenario, agreement: Agreement
) -> list[agreement_services.NewObligation]:
    """The village-coverage obligations a solved plan gives `agreement`: one per payer that is a party and year.

    Each covers the planned desa of the agreement's regencies (of the whole plan when no regency is a party)
    that start that year and for which the payer pays, to be live by the end of that year; a year in which the payer starts none covers its desa started before
    (their service goes on). Its cost share is the payer's planned spend on those desa that year (capex of the
    ones starting, opex of all running), from the option costs stored when the plan was solved; a plan solved
    before those were stored falls back to the payer's whole planned spend that year.
    """
    parties = {p.region_id: p for p in agreement.parties.select_related("region")}
    areas = [code for code, p in parties.items() if p.region.level != Level.PROVINCE]
    started: dict[str, int] = {}
    for a in scenario.result["assignments"]:
        if not areas or any(a["code"].startswith(area + ".") for area in areas):
            started[a["code"]] = int(a["year"])
    shares = {code: _payer_shares(scenario, code) for code in started}
    rows = []
    for payer in sorted(parties):
        paid = {code: year for code, year in started.items() if shares[code].get(payer, 0) > 0}
        for year in scenario.years:
            if not agreement.starts_on.year <= year <= agreement.ends_on.year:
                continue
            running = sorted(code for code, start in paid.items() if start <= year)
            new = [code for code in running if paid[code] == year]
            if not running:
                continue
            amount = 0.0
            for code in running:
                village = scenario.villages.get(code, {})
                if "opex_idr_per_year" not in village:
                    amount = float(scenario.result["spend"].get(payer, {}).get(str(year), 0.0))
                    break
                share = shares[code].get(payer, 0.0)
                amount += share * (
                    village["opex_idr_per_year"] + (village["capex_idr"] if paid[code] == year else 0)
                )
            if amount <= 0:
                continue
            codes = new or running
            title = (
                _("Rollout plan %(year)s: %(count)s desa newly live (scenario %(title)s)")
                if new
                else _("Rollout plan %(year)s: service goes on in %(count)s desa (scenario %(title)s)")
            )
            rows.append(
                agreement_services.NewObligation(
                    party_code=payer,
                    year=year,
                    title=str(title) % {"year": year, "count": len(codes), "title": scenario.title},
                    village_codes=tuple(codes),
                    live_by=date(year, 12, 31),
                    due_on=date(year, 12, 31),
                    cost_share_idr=round(amount),
                )
            )
    return rows + _live_site_obligations(scenario=scenario, agreement=agreement, areas=areas, payers=parties)


def _live_site_obligations(
    *, scenario: Scenario, agreement: Agreement, areas: list[str], payers: Any
) -> list[agreement_services.NewObligation]:
    """One obligation per payer that is a party and year: keep the plan's live sites (of the agreement's
    regencies) running at their planned tiers, its cost share the payer's share of those tiers' yearly cost."""
    sites = scenario.result.get("live_sites") or {}
    tiers = {str(t["id"]): t for t in scenario.result.get("inputs", {}).get("tiers", [])}
    running: dict[int, dict[str, str]] = {}
    for entry in scenario.result.get("live_site_tiers", []):
        code, tier = entry["code"], entry["tier"]
        if tier is None or code not in sites or (areas and not any(code.startswith(a + ".") for a in areas)):
            continue
        running.setdefault(int(entry["year"]), {})[code] = str(tier)
    rows = []
    for payer in sorted(payers):
        for year in scenario.years:
            if not agreement.starts_on.year <= year <= agreement.ends_on.year:
                continue
            mine = {
                code: tier
                for code, tier in running.get(year, {}).items()
                if sites[code]["payer_shares"].get(payer, 0) > 0
            }
            amount = sum(
                sites[code]["payer_shares"][payer] * float(tiers.get(tier, {}).get("opex_idr_per_year", 0.0))
                for code, tier in mine.items()
            )
            if not mine or amount <= 0:
                continue
            counts = ", ".join(
                f"{sum(1 for t in mine.values() if t == tier)} x {tiers.get(tier, {}).get('name', tier)}"
                for tier in sorted(
                    set(mine.values()), key=lambda t: -float(tiers.get(t, {}).get("bandwidth_mbps", 0))
                )
            )
            title = _(
                "Rollout plan %(year)s: %(count)s live sites kept running (%(tiers)s; scenario %(title)s)"
            )
            rows.append(
                agreement_services.NewObligation(
                    party_code=payer,
                    year=year,
                    title=str(title)
                    % {"year": year, "count": len(mine), "tiers": counts, "title": scenario.title},
                    village_codes=tuple(sorted(mine)),
                    live_by=date(year, 12, 31),
                    due_on=date(year, 12, 31),
                    cost_share_idr=round(amount),
                )
            )
    return rows


def _write_site_tiers(*, scenario: Scenario, actor: Any, programme: str) -> int:
    """The plan's tier of each live site and year, into connectivity (`SiteTier`, audited); a year it is
    switched off gets no row. Rows of those years that an earlier adoption wrote are replaced. New rows are
    written in bulk (a province adopts hundreds of sites over several years)."""
    sites = scenario.result.get("live_sites") or {}
    tiers = {str(t["id"]): t for t in scenario.result.get("inputs", {}).get("tiers", [])}
    points = {p.pk: p for p in AccessPoint.objects.filter(pk__in=[s["access_point"] for s in sites.values()])}
    existing = {
        (r.access_point_id, r.year): r for r in SiteTier.objects.filter(access_point_id__in=list(points))
    }
    user = actor if getattr(actor, "pk", None) else None
    new: list[SiteTier] = []
    written = 0
    for entry in scenario.result.get("live_site_tiers", []):
        site = sites.get(entry["code"])
        point = points.get(site["access_point"]) if site else None
        if point is None:
            continue
        record = existing.get((point.pk, int(entry["year"])))
        if entry["tier"] is None:
            if record is not None:
                record._change_reason = "switched off by the adopted plan"  # type: ignore[attr-defined]
                record._history_user = user  # type: ignore[attr-defined]
                record.delete()
            continue
        tier = tiers.get(str(entry["tier"]), {})
        fields = {
            "tier": str(entry["tier"]),
            "bandwidth_mbps": float(tier.get("bandwidth_mbps", 0.0)),
            "opex_idr_per_year": float(tier.get("opex_idr_per_year", 0.0)),
            "source": programme,
            "is_sample": scenario.is_sample,
        }
        written += 1
        if record is None:
            new.append(
                SiteTier(access_point=point, region_id=point.region_id, year=int(entry["year"]), **fields)
            )
            continue
        for name, value in fields.items():
            setattr(record, name, value)
        record._change_reason = "adopted"  # type: ignore[attr-defined]
        record._history_user = user  # type: ignore[attr-defined]
        record.save()
    bulk_create_with_history(
        new, SiteTier, batch_size=500, default_user=user, default_change_reason="adopted"
    )
    return written


@transaction.atomic
def scenario_adopt(
    *,
    scenario: Scenario,
    actor: Any,
    addendum_number: str = "",
    addendum_signed_on: date | None = None,
) -> dict[str, int]:
    """Write the plan: a planned access point per assigned village (technology, power, start year) and the
    service tier of each live site per year (`SiteTier`) in connectivity, and, per payer that is a party of the chosen agreement and year, a village-coverage obligation (tracked
    against the connectivity records): added directly to a draft, by a numbered, dated addendum to a signed
    agreement. All or nothing, audited; a scenario is adopted once."""
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if scenario.state != ScenarioState.SOLVED or not scenario.result:
        raise RolloutServiceError(ERR_NOT_SOLVED())
    if scenario.adopted_at is not None:
        raise RolloutServiceError(ERR_ALREADY_ADOPTED())
    agreement = scenario.agreement
    rows = adoption_obligations(scenario=scenario, agreement=agreement) if agreement is not None else []
    amendment = None
    try:
        if agreement is not None and rows and agreement.status == AgreementStatus.DRAFT:
            agreement_services.obligations_add(agreement=agreement, rows=rows)
        elif agreement is not None and rows:
            if not addendum_number.strip() or addendum_signed_on is None:
                raise RolloutServiceError(ERR_ADDENDUM_NEEDED())
            amendment = agreement_services.amendment_add_with_obligations(
                actor=actor,
                agreement=agreement,
                number=addendum_number,
                signed_on=addendum_signed_on,
                summary=str(_("Adds the obligations of rollout scenario %(title)s (%(count)s obligations)."))
                % {"title": scenario.title, "count": len(rows)},
                rows=rows,
            )
    except agreement_services.AgreementError as error:
        raise RolloutServiceError(list(error.texts)) from error
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
            power=AP_POWER.get(a.get("power") or "", APPower.GRID if a.get("power") is None else ""),
            programme=programme,
            is_sample=scenario.is_sample,
        )
        points += 1
    tiers_written = _write_site_tiers(scenario=scenario, actor=actor, programme=programme)
    scenario.adopted_at = timezone.now()
    scenario.adopted_by = actor if getattr(actor, "pk", None) else None
    scenario._change_reason = (  # type: ignore[attr-defined]
        f"adopted (addendum {amendment.number})" if amendment is not None else "adopted"
    )
    scenario.save()
    return {
        "access_points": points,
        "site_tiers": tiers_written,
        "obligations": len(rows) if agreement is not None else 0,
        "addendum": amendment.pk if amendment is not None else 0,
        "agreement_signed": int(agreement is not None and agreement.status != AgreementStatus.DRAFT),
    }
