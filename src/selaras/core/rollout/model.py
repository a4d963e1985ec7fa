"""The rollout problem and its plan, as frozen dataclasses, and their JSON contract.

Instance JSON (issue 7): `horizon_years` (a list of consecutive calendar years), `technologies` [{id,
quality in (0, 1]}], `budgets` {payer: {year: rupiah}},
`require_all` (bool), `villages` [{code, weight, payer_shares {payer: share, summing to 1}, options [{tech,
capex, opex}]}]. Capex is paid once in the start year, opex every year from the start year on. A year
missing from a payer's budget has a budget of 0.

Issue 15 adds, all optional (an instance without them parses and solves exactly as before):
`tiers` [{id, bandwidth_mbps, opex (rupiah per year), value in (0, 1]}]; `live_sites` [{code, weight,
payer_shares, tier (its tier today), tiers (the tier ids it may run at; default all)}]; `keep_live_sites`
(default true: no live site is switched off); `power_options` [{id, capex, opex}]; and on each village
`grid_power` (default true): a village without grid power needs exactly one power option on top of its
technology (its capex in the start year, its opex every year from then on). See docs/rollout-instance.md.

Plan JSON: {status: optimal|feasible|infeasible, objective, upper_bound, gap, assignments [{code, tech,
year, power}], spend {payer: {year: rupiah}}, min_budget_factor, min_budget_factor_bound, live_site_tiers
[{code, year, tier or null}], marginal_value_idr {payer: {year: objective per extra Rp 1 billion}},
keep_live_sites_cost_idr}.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from selaras.core.i18n import Msg, Text

SHARE_TOLERANCE = 1e-6

ERR_NOT_AN_OBJECT = Msg(id="Instans harus berupa objek JSON.", en="The instance must be a JSON object.")
ERR_MISSING_KEY = Msg(id="Kunci '{key}' tidak ada di {where}.", en="Key '{key}' is missing from {where}.")
ERR_YEARS = Msg(
    id="horizon_years harus berupa daftar tahun berurutan, misalnya [2026, 2027, 2028].",
    en="horizon_years must be a list of consecutive years, for example [2026, 2027, 2028].",
)
ERR_QUALITY = Msg(
    id="Kualitas teknologi '{tech}' harus di antara 0 (tidak termasuk) dan 1.",
    en="Technology '{tech}' must have a quality in (0, 1].",
)
ERR_DUPLICATE_TECH = Msg(id="Teknologi '{tech}' disebut dua kali.", en="Technology '{tech}' is listed twice.")
ERR_DUPLICATE_VILLAGE = Msg(id="Desa '{code}' disebut dua kali.", en="Village '{code}' is listed twice.")
ERR_UNKNOWN_TECH = Msg(
    id="Desa '{code}' memakai teknologi '{tech}' yang tidak ada di daftar teknologi.",
    en="Village '{code}' uses technology '{tech}', which is not in the technology list.",
)
ERR_SHARES = Msg(
    id="Porsi pembayar desa '{code}' berjumlah {total}, seharusnya 1.",
    en="The payer shares of village '{code}' sum to {total}, not 1.",
)
ERR_UNKNOWN_PAYER = Msg(
    id="Desa '{code}' dibayar oleh '{payer}', yang tidak punya anggaran.",
    en="Village '{code}' is paid by '{payer}', who has no budget.",
)
ERR_NEGATIVE = Msg(
    id="Nilai '{field}' di {where} tidak boleh negatif atau tak hingga.",
    en="Value '{field}' in {where} must be finite and not negative.",
)
ERR_YEAR_OUTSIDE = Msg(
    id="Anggaran '{payer}' menyebut tahun {year} di luar horizon.",
    en="The budget of '{payer}' names year {year}, outside the horizon.",
)
ERR_TIER_VALUE = Msg(
    id="Nilai tingkat layanan '{tier}' harus di antara 0 (tidak termasuk) dan 1.",
    en="Service tier '{tier}' must have a value in (0, 1].",
)
ERR_DUPLICATE_TIER = Msg(
    id="Tingkat layanan '{tier}' disebut dua kali.", en="Service tier '{tier}' is listed twice."
)
ERR_DUPLICATE_POWER = Msg(
    id="Pilihan daya '{power}' disebut dua kali.", en="Power option '{power}' is listed twice."
)
ERR_DUPLICATE_SITE = Msg(
    id="Lokasi aktif '{code}' disebut dua kali (atau juga sebagai desa baru).",
    en="Live site '{code}' is listed twice (or also as a new village).",
)
ERR_UNKNOWN_TIER = Msg(
    id="Lokasi aktif '{code}': tingkat layanan '{tier}' di '{field}' tidak ada di daftar tiers.",
    en="Live site '{code}': service tier '{tier}' in '{field}' is not in the tiers list.",
)
ERR_NO_TIERS = Msg(
    id="Ada live_sites tetapi daftar tiers kosong.",
    en="There are live_sites but the tiers list is empty.",
)
ERR_NO_POWER = Msg(
    id="Desa '{code}' tidak punya listrik PLN (grid_power false), tetapi power_options kosong.",
    en="Village '{code}' has no grid power (grid_power false), but power_options is empty.",
)
ERR_UNKNOWN_RULE_TIER = Msg(
    id="Tingkat layanan '{tier}' untuk aturan saat ini tidak ada di daftar tiers.",
    en="Service tier '{tier}' for today's rule is not in the tiers list.",
)
ERR_NOT_A_LIST = Msg(id="'{key}' harus berupa daftar.", en="'{key}' must be a list.")
ERR_NOT_A_BOOL = Msg(
    id="'{key}' di {where} harus true atau false.", en="'{key}' in {where} must be true or false."
)
ERR_NO_OPTIONS = Msg(
    id="Desa '{code}' tidak punya pilihan teknologi, padahal semua desa wajib tersambung.",
    en="Village '{code}' has no technology option, yet every village must be connected.",
)


class RolloutError(ValueError):
    """An instance that breaks the contract; `text` renders in Indonesian or English."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.render("en"))
        self.text = text


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"


@dataclass(frozen=True)
class Technology:
    id: str
    quality: float


@dataclass(frozen=True)
class Option:
    """One way to connect one village: capex paid in the start year, opex every year from then on."""

    tech: str
    capex_idr: float
    opex_idr_per_year: float


@dataclass(frozen=True)
class Village:
    """An unconnected village. Without `grid_power` it needs one of the problem's power options as well."""

    code: str
    weight: float
    payer_shares: Mapping[str, float]
    options: tuple[Option, ...]
    grid_power: bool = True


@dataclass(frozen=True)
class Tier:
    """A service tier of a live site: its bandwidth, what it costs a year, and its served value per year
    (like a technology's quality: the share of a full link's usefulness, in (0, 1])."""

    id: str
    bandwidth_mbps: float
    opex_idr_per_year: float
    value: float


@dataclass(frozen=True)
class LiveSite:
    """A site already running at `tier`; each year the plan runs it at one of `allowed_tiers` (empty: all),
    or switches it off when the problem allows. Its tier's opex is paid by `payer_shares`."""

    code: str
    weight: float
    payer_shares: Mapping[str, float]
    tier: str
    allowed_tiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class PowerOption:
    """Off-grid power (solar, generator): capex in the start year, opex every year from then on."""

    id: str
    capex_idr: float
    opex_idr_per_year: float


@dataclass(frozen=True)
class RolloutProblem:
    """Which live site runs at which tier each year, and which village gets which option (and power) in which
    year, under each payer's yearly budget (rupiah).

    Assumptions: a live site's tier may change every year at no cost beyond its opex; `keep_live_sites`
    (only meaningful with live sites) forbids switching a live site off in any year.
    """

    years: tuple[int, ...]
    technologies: tuple[Technology, ...]
    budgets_idr: Mapping[str, Mapping[int, float]]
    villages: tuple[Village, ...]
    require_all: bool = False
    tiers: tuple[Tier, ...] = ()
    live_sites: tuple[LiveSite, ...] = ()
    power_options: tuple[PowerOption, ...] = ()
    keep_live_sites: bool = True

    def budget_idr(self, payer: str, year: int) -> float:
        return self.budgets_idr.get(payer, {}).get(year, 0.0)

    def scaled(self, factor: float) -> RolloutProblem:
        """The same problem with every budget multiplied by `factor`."""
        budgets = {p: {y: b * factor for y, b in by_year.items()} for p, by_year in self.budgets_idr.items()}
        return dataclasses.replace(self, budgets_idr=budgets)

    def site_tiers(self, site: LiveSite) -> tuple[Tier, ...]:
        """The tiers `site` may run at, in the order of `tiers`."""
        allowed = set(site.allowed_tiers)
        return tuple(t for t in self.tiers if not allowed or t.id in allowed)


@dataclass(frozen=True)
class Assignment:
    code: str
    tech: str
    year: int
    power: str | None = None


@dataclass(frozen=True)
class LiveTier:
    """The tier a live site runs at in `year`; None when it is switched off."""

    code: str
    year: int
    tier: str | None


@dataclass(frozen=True)
class RolloutResult:
    """A plan and how good it is.

    `objective` is the sum of weight x quality x years served; `upper_bound` is proven (LP relaxation or MIP
    dual bound), so `gap` = (upper_bound - objective) / upper_bound is the most the plan can be from optimal.
    When `require_all` cannot be met, status is infeasible and the plan, objective and bound are those for the
    budgets multiplied by `min_budget_factor`; no complete plan exists below `min_budget_factor_bound`. A
    `min_budget_factor_bound` of 1 or less means no complete plan was found but none is ruled out either.
    A `require_all` instance with `min_budget_factor` None has a village no payer with money can fund.
    Under `keep_live_sites` the live sites are required the same way.

    `live_site_tiers` has one entry per live site and year. `marginal_value_idr[payer][year]` is how much
    the objective would grow per extra Rp 1 billion of that budget, from the LP relaxation's duals (a
    first-order estimate, valid for small changes; empty when unknown). `keep_live_sites_cost_idr` is the
    money the no-switch-off rule commits over the horizon: every live site at its cheapest allowed tier every
    year (0 without the rule or without live sites).
    """

    status: Status
    objective: float
    upper_bound: float
    gap: float
    assignments: tuple[Assignment, ...]
    spend_idr: Mapping[str, Mapping[int, float]]
    min_budget_factor: float | None = None
    min_budget_factor_bound: float | None = None
    method: str = ""
    solve_seconds: float = 0.0
    live_site_tiers: tuple[LiveTier, ...] = ()
    marginal_value_idr: Mapping[str, Mapping[int, float]] = dataclasses.field(default_factory=dict)
    keep_live_sites_cost_idr: float = 0.0


def _require(obj: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise RolloutError(ERR_MISSING_KEY(key=key, where=where))
    return obj[key]


def _amount(value: Any, field: str, where: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise RolloutError(ERR_NEGATIVE(field=field, where=where)) from None
    if not math.isfinite(number) or number < 0:
        raise RolloutError(ERR_NEGATIVE(field=field, where=where))
    return number


def validate_problem(problem: RolloutProblem) -> None:
    """Raise `RolloutError` when the problem breaks the contract (see the module docstring)."""
    years = problem.years
    if not years or any(b - a != 1 for a, b in itertools.pairwise(years)):
        raise RolloutError(ERR_YEARS())
    techs: set[str] = set()
    for tech in problem.technologies:
        if tech.id in techs:
            raise RolloutError(ERR_DUPLICATE_TECH(tech=tech.id))
        if not 0 < tech.quality <= 1:
            raise RolloutError(ERR_QUALITY(tech=tech.id))
        techs.add(tech.id)
    for payer, by_year in problem.budgets_idr.items():
        for year, amount in by_year.items():
            if year not in years:
                raise RolloutError(ERR_YEAR_OUTSIDE(payer=payer, year=year))
            _amount(amount, str(year), f"budgets.{payer}")
    codes: set[str] = set()
    for village in problem.villages:
        if village.code in codes:
            raise RolloutError(ERR_DUPLICATE_VILLAGE(code=village.code))
        codes.add(village.code)
        _amount(village.weight, "weight", village.code)
        _check_shares(village.code, village.payer_shares, problem.budgets_idr)
        for option in village.options:
            if option.tech not in techs:
                raise RolloutError(ERR_UNKNOWN_TECH(code=village.code, tech=option.tech))
            _amount(option.capex_idr, "capex", village.code)
            _amount(option.opex_idr_per_year, "opex", village.code)
        if problem.require_all and not village.options:
            raise RolloutError(ERR_NO_OPTIONS(code=village.code))
        if not village.grid_power and not problem.power_options:
            raise RolloutError(ERR_NO_POWER(code=village.code))
    _validate_live(problem, codes)


def _check_shares(code: str, shares: Mapping[str, float], budgets: Mapping[str, Any]) -> None:
    total = sum(shares.values())
    if abs(total - 1) > SHARE_TOLERANCE or any(s < 0 for s in shares.values()):
        raise RolloutError(ERR_SHARES(code=code, total=round(total, 6)))
    for payer in shares:
        if payer not in budgets:
            raise RolloutError(ERR_UNKNOWN_PAYER(code=code, payer=payer))


def _validate_live(problem: RolloutProblem, village_codes: set[str]) -> None:
    """Tiers, power options and live sites (issue 15)."""
    tier_ids: set[str] = set()
    for tier in problem.tiers:
        if tier.id in tier_ids:
            raise RolloutError(ERR_DUPLICATE_TIER(tier=tier.id))
        if not 0 < tier.value <= 1:
            raise RolloutError(ERR_TIER_VALUE(tier=tier.id))
        _amount(tier.opex_idr_per_year, "opex", f"tiers.{tier.id}")
        _amount(tier.bandwidth_mbps, "bandwidth_mbps", f"tiers.{tier.id}")
        tier_ids.add(tier.id)
    power_ids: set[str] = set()
    for power in problem.power_options:
        if power.id in power_ids:
            raise RolloutError(ERR_DUPLICATE_POWER(power=power.id))
        _amount(power.capex_idr, "capex", f"power_options.{power.id}")
        _amount(power.opex_idr_per_year, "opex", f"power_options.{power.id}")
        power_ids.add(power.id)
    if problem.live_sites and not problem.tiers:
        raise RolloutError(ERR_NO_TIERS())
    seen = set(village_codes)
    for site in problem.live_sites:
        if site.code in seen:
            raise RolloutError(ERR_DUPLICATE_SITE(code=site.code))
        seen.add(site.code)
        _amount(site.weight, "weight", site.code)
        _check_shares(site.code, site.payer_shares, problem.budgets_idr)
        if site.tier not in tier_ids:
            raise RolloutError(ERR_UNKNOWN_TIER(code=site.code, tier=site.tier, field="tier"))
        for tier_id in site.allowed_tiers:
            if tier_id not in tier_ids:
                raise RolloutError(ERR_UNKNOWN_TIER(code=site.code, tier=tier_id, field="tiers"))


def keep_live_sites_cost_idr(problem: RolloutProblem) -> float:
    """What the no-switch-off rule commits over the horizon: each live site at its cheapest allowed tier
    every year (0 when the rule is off)."""
    if not problem.keep_live_sites:
        return 0.0
    per_year = sum(
        min((t.opex_idr_per_year for t in problem.site_tiers(site)), default=0.0)
        for site in problem.live_sites
    )
    return per_year * len(problem.years)


def _number(value: Any, field: str, where: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise RolloutError(ERR_NEGATIVE(field=field, where=where)) from None


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        raise RolloutError(ERR_NOT_A_LIST(key=key))
    return value


def _flag(data: Mapping[str, Any], key: str, where: str, *, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise RolloutError(ERR_NOT_A_BOOL(key=key, where=where))
    return value


def _shares(raw: Mapping[str, Any], code: str) -> dict[str, float]:
    shares = _require(raw, "payer_shares", code)
    if not isinstance(shares, Mapping):
        raise RolloutError(ERR_SHARES(code=code, total="?"))
    return {str(p): _number(s, "payer_shares", code) for p, s in shares.items()}


def _live_site(raw: Mapping[str, Any]) -> LiveSite:
    code = str(_require(raw, "code", "live_sites"))
    allowed = raw.get("tiers") or []
    if not isinstance(allowed, list):
        raise RolloutError(ERR_NOT_A_LIST(key=f"live_sites.{code}.tiers"))
    return LiveSite(
        code=code,
        weight=_amount(_require(raw, "weight", code), "weight", code),
        payer_shares=_shares(raw, code),
        tier=str(_require(raw, "tier", code)),
        allowed_tiers=tuple(str(t) for t in allowed),
    )


def problem_from_json(data: Any) -> RolloutProblem:
    """Parse and validate an instance in the JSON contract; raises `RolloutError` with a bilingual message."""
    if not isinstance(data, Mapping):
        raise RolloutError(ERR_NOT_AN_OBJECT())
    raw_years = _require(data, "horizon_years", "instance")
    if not isinstance(raw_years, list) or not all(isinstance(y, int) for y in raw_years):
        raise RolloutError(ERR_YEARS())
    technologies = tuple(
        Technology(
            id=str(_require(t, "id", "technologies")), quality=float(_require(t, "quality", "technologies"))
        )
        for t in _require(data, "technologies", "instance")
    )
    budgets: dict[str, dict[int, float]] = {}
    for payer, by_year in _require(data, "budgets", "instance").items():
        budgets[str(payer)] = {}
        for year, amount in by_year.items():
            try:
                year_int = int(year)
            except ValueError:
                raise RolloutError(ERR_YEARS()) from None
            budgets[str(payer)][year_int] = _amount(amount, str(year), f"budgets.{payer}")
    villages = []
    for raw in _require(data, "villages", "instance"):
        code = str(_require(raw, "code", "villages"))
        options = tuple(
            Option(
                tech=str(_require(o, "tech", code)),
                capex_idr=_amount(_require(o, "capex", code), "capex", code),
                opex_idr_per_year=_amount(_require(o, "opex", code), "opex", code),
            )
            for o in _require(raw, "options", code)
        )
        villages.append(
            Village(
                code=code,
                weight=_amount(_require(raw, "weight", code), "weight", code),
                payer_shares=_shares(raw, code),
                options=options,
                grid_power=_flag(raw, "grid_power", code, default=True),
            )
        )
    live_sites = tuple(_live_site(raw) for raw in _list(data, "live_sites"))
    problem = RolloutProblem(
        years=tuple(raw_years),
        technologies=technologies,
        budgets_idr=budgets,
        villages=tuple(villages),
        require_all=bool(data.get("require_all", False)),
        tiers=tuple(
            Tier(
                id=str(_require(t, "id", "tiers")),
                bandwidth_mbps=_amount(_require(t, "bandwidth_mbps", "tiers"), "bandwidth_mbps", "tiers"),
                opex_idr_per_year=_amount(_require(t, "opex", "tiers"), "opex", "tiers"),
                value=_number(_require(t, "value", "tiers"), "value", "tiers"),
            )
            for t in _list(data, "tiers")
        ),
        live_sites=live_sites,
        power_options=tuple(
            PowerOption(
                id=str(_require(o, "id", "power_options")),
                capex_idr=_amount(_require(o, "capex", "power_options"), "capex", "power_options"),
                opex_idr_per_year=_amount(_require(o, "opex", "power_options"), "opex", "power_options"),
            )
            for o in _list(data, "power_options")
        ),
        keep_live_sites=_flag(data, "keep_live_sites", "instance", default=True),
    )
    validate_problem(problem)
    return problem


def problem_to_json(problem: RolloutProblem) -> dict[str, Any]:
    """The instance in the JSON contract (years as string keys, as JSON requires)."""
    data: dict[str, Any] = {
        "horizon_years": list(problem.years),
        "technologies": [{"id": t.id, "quality": t.quality} for t in problem.technologies],
        "budgets": {p: {str(y): b for y, b in sorted(by.items())} for p, by in problem.budgets_idr.items()},
        "require_all": problem.require_all,
        "villages": [
            {
                "code": v.code,
                "weight": v.weight,
                "payer_shares": dict(v.payer_shares),
                "options": [
                    {"tech": o.tech, "capex": o.capex_idr, "opex": o.opex_idr_per_year} for o in v.options
                ],
            }
            | ({} if v.grid_power else {"grid_power": False})
            for v in problem.villages
        ],
    }
    # Issue 15's keys only when used, so an old instance writes back exactly as it was read.
    if problem.tiers:
        data["tiers"] = [
            {"id": t.id, "bandwidth_mbps": t.bandwidth_mbps, "opex": t.opex_idr_per_year, "value": t.value}
            for t in problem.tiers
        ]
    if problem.live_sites:
        data["live_sites"] = [
            {"code": s.code, "weight": s.weight, "payer_shares": dict(s.payer_shares), "tier": s.tier}
            | ({"tiers": list(s.allowed_tiers)} if s.allowed_tiers else {})
            for s in problem.live_sites
        ]
        data["keep_live_sites"] = problem.keep_live_sites
    if problem.power_options:
        data["power_options"] = [
            {"id": o.id, "capex": o.capex_idr, "opex": o.opex_idr_per_year} for o in problem.power_options
        ]
    return data


def result_to_json(result: RolloutResult) -> dict[str, Any]:
    """The plan in the JSON contract, plus `method` and `solve_seconds` for the record."""
    return {
        "status": str(result.status),
        "objective": result.objective,
        "upper_bound": result.upper_bound,
        "gap": result.gap,
        "assignments": [
            {"code": a.code, "tech": a.tech, "year": a.year, "power": a.power} for a in result.assignments
        ],
        "spend": {p: {str(y): v for y, v in sorted(by.items())} for p, by in result.spend_idr.items()},
        "min_budget_factor": result.min_budget_factor,
        "min_budget_factor_bound": result.min_budget_factor_bound,
        "method": result.method,
        "solve_seconds": result.solve_seconds,
        "live_site_tiers": [{"code": t.code, "year": t.year, "tier": t.tier} for t in result.live_site_tiers],
        "marginal_value_idr": {
            p: {str(y): v for y, v in sorted(by.items())} for p, by in result.marginal_value_idr.items()
        },
        "keep_live_sites_cost_idr": result.keep_live_sites_cost_idr,
    }
