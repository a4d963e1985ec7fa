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

import math
import random

from selaras.core.regions_data import Level, iter_official_regions
from selaras.core.rollout.model import RolloutProblem
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


def generate(
    province: str | None,
    *,
    seed: int = 7,
    tightness: float = 0.5,
    require_all: bool = False,
    programme: str | None = None,
) -> RolloutProblem:
    """An instance over the villages of `province` (None: all of Indonesia).

    `programme` ("province" or "half") gives programme-sized budgets instead of `tightness` ones.
    """
    rng = random.Random(seed)
    population = estimated_village_population(province)
    nodes = fiber_nodes_at_capitals(province)
    regions = [r for r in iter_official_regions(province=province) if r.level == Level.VILLAGE]
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
