"""Build a rollout instance from plain village rows, a cost table and feasibility rules.

Default costs are EDITABLE DEFAULTS derived from the cost anchors in docs/DOMAIN.md, never hard truths:

- fiber: capex US$7,050 per km to the nearest fiber node (midpoint of US$5,000-9,100, Giga open cost model,
  model default); opex Rp 16.8 million a year of service (Kaltim Rp 12 bn / 716 villages, news, derived)
  plus US$100 per km of maintenance (Giga, model default).
- microwave: capex US$15,000 + US$1,300 per km (US$15-80 thousand for 0-50 km, pytal / pobis, model
  default); opex Rp 16.8 million a year (Kaltim average).
- bts_4g: capex Rp 2.14 bn, opex Rp 25.8 million a month (BAKTI, 5,618 sites, news, derived).
- fwa_4g (4G fixed wireless): capex Rp 5 million for the router (an assumption, no anchor); opex Rp 16.8
  million a year (Kaltim average).
- leo (Starlink with solar): capex Rp 7.8 million kit (news, May 2024) + Rp 15 million solar (assumption);
  opex business 1 TB Rp 3 million a month (news, May 2024).

Dollars convert at Rp 16,000 (assumption). Qualities (share of a fiber link's usefulness) are assumptions too.
Feasibility: fiber within `fiber_max_km` of a fiber node, microwave within `microwave_max_km`, 4G fixed
wireless only where 4G signal is recorded, a BTS only above `bts_min_population`, LEO everywhere.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from selaras.core.regions_data import Level, OfficialRegion, iter_official_regions, iter_population_area
from selaras.core.rollout.model import Option, RolloutProblem, Technology, Village, validate_problem

IDR_PER_USD = 16_000.0
EARTH_RADIUS_KM = 6371.0
# The province's rule today (DOMAIN.md, news Aug 2025): fiber, else 4G fixed wireless, else Starlink.
TODAYS_RULE = ("fiber", "fwa_4g", "leo")


@dataclass(frozen=True)
class TechCost:
    """One technology's cost: capex = fixed + per km to the nearest fiber node; opex likewise, per year."""

    tech: str
    quality: float
    capex_idr: float
    opex_idr_per_year: float
    capex_idr_per_km: float = 0.0
    opex_idr_per_km_year: float = 0.0


KALTIM_AVERAGE_SERVICE_IDR = 12e9 / 716
DEFAULT_COSTS: tuple[TechCost, ...] = (
    TechCost(
        "fiber",
        quality=1.0,
        capex_idr=0.0,
        opex_idr_per_year=KALTIM_AVERAGE_SERVICE_IDR,
        capex_idr_per_km=7_050 * IDR_PER_USD,
        opex_idr_per_km_year=100 * IDR_PER_USD,
    ),
    TechCost(
        "microwave",
        quality=0.8,
        capex_idr=15_000 * IDR_PER_USD,
        opex_idr_per_year=KALTIM_AVERAGE_SERVICE_IDR,
        capex_idr_per_km=1_300 * IDR_PER_USD,
    ),
    TechCost("bts_4g", quality=0.9, capex_idr=12.045e12 / 5_618, opex_idr_per_year=144.9e9 / 5_618 * 12),
    TechCost("fwa_4g", quality=0.6, capex_idr=5e6, opex_idr_per_year=KALTIM_AVERAGE_SERVICE_IDR),
    TechCost("leo", quality=0.5, capex_idr=7.8e6 + 15e6, opex_idr_per_year=3e6 * 12),
)


@dataclass(frozen=True)
class FeasibilityRules:
    fiber_max_km: float = 15.0
    microwave_max_km: float = 50.0
    bts_min_population: float = 1_500.0
    bonus_per_facility: float = 100.0


@dataclass(frozen=True)
class VillageSite:
    """An unconnected village as the app knows it. `facilities` counts schools and health posts."""

    code: str
    lat: float
    lng: float
    population: float
    has_4g_signal: bool
    facilities: int = 0
    payer_shares: Mapping[str, float] | None = None


@dataclass(frozen=True)
class FiberNode:
    lat: float
    lng: float
    label: str = ""


@dataclass(frozen=True)
class PayerSplit:
    """Who pays a village by default: the province its `province_share`, the village's regency the rest."""

    province_share: float = 1.0


@dataclass(frozen=True)
class Budgets:
    """Yearly budget per payer (rupiah); a payer or year missing here has none."""

    by_payer: Mapping[str, Mapping[int, float]] = field(default_factory=dict)


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def nearest_node_km(sites: Sequence[VillageSite], nodes: Sequence[FiberNode]) -> list[float]:
    """Great-circle distance from each site to its nearest node (inf without nodes), vectorised over nodes."""
    if not nodes:
        return [math.inf] * len(sites)
    node_lat = np.radians([n.lat for n in nodes])
    node_lng = np.radians([n.lng for n in nodes])
    distances = []
    for site in sites:
        lat, lng = math.radians(site.lat), math.radians(site.lng)
        a = (
            np.sin((node_lat - lat) / 2) ** 2
            + math.cos(lat) * np.cos(node_lat) * np.sin((node_lng - lng) / 2) ** 2
        )
        distances.append(float(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a.min()))))
    return distances


def village_options(
    site: VillageSite,
    distance_km: float,
    costs: Sequence[TechCost] = DEFAULT_COSTS,
    rules: FeasibilityRules = FeasibilityRules(),
) -> tuple[Option, ...]:
    """The technologies `rules` allow at `site`, priced from `costs` and the distance to the nearest node."""
    allowed = {
        "fiber": distance_km <= rules.fiber_max_km,
        "microwave": distance_km <= rules.microwave_max_km,
        "fwa_4g": site.has_4g_signal,
        "bts_4g": site.population >= rules.bts_min_population,
    }
    # A technology without a rule (LEO, or one the user adds) is allowed everywhere.
    km = distance_km if math.isfinite(distance_km) else 0.0
    return tuple(
        Option(
            tech=c.tech,
            capex_idr=c.capex_idr + c.capex_idr_per_km * km,
            opex_idr_per_year=c.opex_idr_per_year + c.opex_idr_per_km_year * km,
        )
        for c in costs
        if allowed.get(c.tech, True)
    )


def default_shares(code: str, split: PayerSplit) -> dict[str, float]:
    """Province (`64`) pays `province_share`, regency (`64.01`) the rest; zero shares are left out."""
    province, regency = code.split(".")[0], ".".join(code.split(".")[:2])
    shares = {province: split.province_share, regency: 1 - split.province_share}
    return {p: s for p, s in shares.items() if s > 0}


def build_rollout_problem(
    sites: Iterable[VillageSite],
    *,
    years: Sequence[int],
    budgets: Budgets,
    fiber_nodes: Sequence[FiberNode],
    costs: Sequence[TechCost] = DEFAULT_COSTS,
    rules: FeasibilityRules = FeasibilityRules(),
    split: PayerSplit = PayerSplit(),
    require_all: bool = False,
) -> RolloutProblem:
    """The rollout instance for `sites`: weight = population + bonus per school or health post.

    Each site's options follow `village_options`; its payers are its own `payer_shares` or `default_shares`.
    Raises `RolloutError` when the result breaks the contract (for example a payer without a budget).
    """
    site_list = list(sites)
    villages = tuple(
        Village(
            code=site.code,
            weight=site.population + rules.bonus_per_facility * site.facilities,
            payer_shares=dict(site.payer_shares) if site.payer_shares else default_shares(site.code, split),
            options=village_options(site, distance_km, costs, rules),
        )
        for site, distance_km in zip(site_list, nearest_node_km(site_list, fiber_nodes), strict=True)
    )
    problem = RolloutProblem(
        years=tuple(years),
        technologies=tuple(Technology(c.tech, c.quality) for c in costs),
        budgets_idr={p: dict(by_year) for p, by_year in budgets.by_payer.items()},
        villages=villages,
        require_all=require_all,
    )
    validate_problem(problem)
    return problem


@functools.lru_cache(maxsize=4)
def _official_regions(province: str | None) -> tuple[OfficialRegion, ...]:
    """The shipped official regions of `province` (all when None), read once: the file never changes while a
    process runs, and reading it costs a few tenths of a second on every page that builds a scenario."""
    return tuple(iter_official_regions(province=province))


def fiber_nodes_at_capitals(
    province: str | None = "64", levels: Sequence[Level] = (Level.REGENCY,)
) -> list[FiberNode]:
    """Sample fiber nodes at regency (and, if asked, district) centroids: stand-ins for their capitals."""
    return [
        FiberNode(r.lat, r.lng, r.code)
        for r in _official_regions(province)
        if r.level in levels and r.lat is not None and r.lng is not None
    ]


def estimated_village_population(province: str | None = "64") -> dict[str, float]:
    """Village population ESTIMATED as its regency's population spread evenly over the regency's villages.

    The shipped data has no village population; the app must mark these figures as estimates.
    """
    villages = [r.code for r in _official_regions(province) if r.level == Level.VILLAGE]
    per_regency = Counter(".".join(c.split(".")[:2]) for c in villages)
    population = {row.code: row.population for row in iter_population_area() if row.population}
    return {
        code: population.get(".".join(code.split(".")[:2]), 0) / per_regency[".".join(code.split(".")[:2])]
        for code in villages
    }
