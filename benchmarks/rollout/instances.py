"""Benchmark instances from the shipped village centroids (seeded, so every run sees the same instance).

Population is the regency's spread evenly over its villages, times a seeded log-normal factor (an estimate,
not data); 4G signal is likelier near the regency centre; fiber nodes sit at regency centroids, so costs grow
with the distance to them. Budgets come in two kinds:

- `tightness` (the stress cases): the province and the regency pay each village half and half; each payer's
  yearly budget is `tightness` x its share of the cheapest way to connect all its villages, spread over the
  years. At 10-30% a single fiber or microwave site costs about a regency's whole yearly budget.
- `programme` (the realistic cases), anchored in DOMAIN.md, "The real free-internet programme": Kaltim's
  "Internet Desa Gratis" paid Rp 12 billion a year for 716 villages, and the province pays the service for
  five years. `PROGRAMME_IDR_PER_VILLAGE_YEAR` spreads the Rp 12 bn over the 1,038 villages of Kaltim in the
  shipped centroids, so Kaltim's province gets exactly Rp 12 bn a year and every other province the same per
  village. "province" pays every village in full from that budget; "half" splits each village 50/50 between
  the province (same budget) and its regency, whose budget is the same per village (Rp 12 bn x its share of
  the province's villages), so twice the money in all.
"""

from __future__ import annotations

import dataclasses
import math
import random

from selaras.core.regions_data import Level, iter_official_regions
from selaras.core.rollout.model import LiveSite, PowerOption, RolloutProblem, Tier
from selaras.core.rollout.scenario import (
    Budgets,
    PayerSplit,
    VillageSite,
    build_rollout_problem,
    default_shares,
    estimated_village_population,
    fiber_nodes_at_capitals,
    nearest_node_km,
    village_options,
)

YEARS = (2026, 2027, 2028, 2029, 2030)
SPLIT = PayerSplit(province_share=0.5)
# DOMAIN.md: Rp 12 bn a year (Kaltim, 2025 programme) over Kaltim's 1,038 villages in the shipped centroids.
KALTIM_PROGRAMME_IDR_PER_YEAR = 12e9
KALTIM_VILLAGES = 1_038
PROGRAMME_IDR_PER_VILLAGE_YEAR = KALTIM_PROGRAMME_IDR_PER_YEAR / KALTIM_VILLAGES
PROGRAMME_SPLITS = {"province": PayerSplit(province_share=1.0), "half": PayerSplit(province_share=0.5)}


TIERS_2026 = (
    Tier("100", bandwidth_mbps=100, opex_idr_per_year=20e6, value=1.0),
    Tier("50", bandwidth_mbps=50, opex_idr_per_year=12e6, value=0.75),
    Tier("20", bandwidth_mbps=20, opex_idr_per_year=7e6, value=0.45),
)
POWER_2026 = (PowerOption("solar", 15e6, 1e6), PowerOption("generator", 5e6, 12e6))
KALTIM_2026_IDR_PER_YEAR = 13e9
KALTIM_DESA = 841
KALTIM_LIVE_SHARE = 802 / 841


def generate(
    province: str | None,
    *,
    seed: int = 7,
    tightness: float = 0.5,
    require_all: bool = False,
    programme: str | None = None,
    sample: float = 1.0,
) -> RolloutProblem:
    """An instance over the villages of `province` (None: all of Indonesia).

    `programme` ("province" or "half") gives programme-sized budgets instead of `tightness` ones.
    """
    rng = random.Random(seed)
    population = estimated_village_population(province)
    nodes = fiber_nodes_at_capitals(province)
    regions = [r for r in iter_official_regions(province=province) if r.level == Level.VILLAGE]
    if sample < 1:
        keep = random.Random(seed + 1)
        regions = [r for r in regions if keep.random() < sample]
    located = [
        VillageSite(r.code, r.lat, r.lng, 0.0, False)
        for r in regions
        if r.lat is not None and r.lng is not None
    ]
    distances = nearest_node_km(located, nodes)
    sites = [
        VillageSite(
            code=r.code,
            lat=r.lat,
            lng=r.lng,
            population=round(population.get(r.code, 1000.0) * rng.lognormvariate(0, 0.6)),
            has_4g_signal=rng.random() < 0.9 * math.exp(-km / 60),
            facilities=rng.randint(0, 4),
        )
        for r, km in zip(located, distances, strict=True)
    ]
    if programme is not None:
        split = PROGRAMME_SPLITS[programme]
        villages: dict[str, int] = {}
        for site in sites:
            for payer in default_shares(site.code, split):
                villages[payer] = villages.get(payer, 0) + 1
        budgets = Budgets(
            {p: dict.fromkeys(YEARS, round(PROGRAMME_IDR_PER_VILLAGE_YEAR * n)) for p, n in villages.items()}
        )
        return build_rollout_problem(
            sites, years=YEARS, budgets=budgets, fiber_nodes=nodes, split=split, require_all=require_all
        )
    need: dict[str, float] = {}
    for site, km in zip(sites, distances, strict=True):
        cheapest = min(o.capex_idr + o.opex_idr_per_year * len(YEARS) for o in village_options(site, km))
        for payer, share in default_shares(site.code, SPLIT).items():
            need[payer] = need.get(payer, 0.0) + share * cheapest
    budgets = Budgets(
        {p: {y: round(tightness * total / len(YEARS)) for y in YEARS} for p, total in need.items()}
    )
    return build_rollout_problem(
        sites, years=YEARS, budgets=budgets, fiber_nodes=nodes, split=SPLIT, require_all=require_all
    )


def generate_2026(
    province: str | None,
    *,
    seed: int = 7,
    live_share: float = KALTIM_LIVE_SHARE,
    budget_idr_per_desa_year: float = KALTIM_2026_IDR_PER_YEAR / KALTIM_DESA,
    sample: float = 1.0,
) -> RolloutProblem:
    """The 2026 decision over the desa of `province` (None: Indonesia): live sites with tiers, unconnected
    desa with technology and power, the province paying all from a budget sized per desa (see the module)."""
    base = generate(province, seed=seed, programme="province", sample=sample)
    rng = random.Random(seed + 2)
    desa = [v for v in base.villages if v.code.split(".")[-1].startswith("2")]
    live, new = [], []
    for village in desa:
        if rng.random() < live_share:
            live.append(LiveSite(village.code, village.weight, dict(village.payer_shares), tier="100"))
        else:
            # No grid power is likelier where fiber is far: LEO-only villages more than the others.
            remote = {o.tech for o in village.options} <= {"leo", "bts_4g"}
            off_grid = rng.random() < (0.7 if remote else 0.2)
            new.append(dataclasses.replace(village, grid_power=not off_grid))
    per_province: dict[str, int] = {}
    for village in desa:
        province_code = village.code.split(".")[0]
        per_province[province_code] = per_province.get(province_code, 0) + 1
    budgets = {p: dict.fromkeys(YEARS, round(budget_idr_per_desa_year * n)) for p, n in per_province.items()}
    return RolloutProblem(
        years=base.years,
        technologies=base.technologies,
        budgets_idr=budgets,
        villages=tuple(new),
        tiers=TIERS_2026,
        live_sites=tuple(live),
        power_options=POWER_2026,
        keep_live_sites=True,
    )


__all__ = ["generate", "generate_2026"]
