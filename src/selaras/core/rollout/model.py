"""The rollout problem and its plan, as frozen dataclasses, and their JSON contract.

Instance JSON (issue 7): `horizon_years` (a list of consecutive calendar years), `technologies` [{id,
quality in (0, 1]}], `budgets` {payer: {year: rupiah}},
`require_all` (bool), `villages` [{code, weight, payer_shares {payer: share, summing to 1}, options [{tech,
capex, opex}]}]. Capex is paid once in the start year, opex every year from the start year on. A year
missing from a payer's budget has a budget of 0.

Plan JSON: {status: optimal|feasible|infeasible, objective, upper_bound, gap, assignments [{code, tech,
year}], spend {payer: {year: rupiah}}, min_budget_factor, min_budget_factor_bound}.
"""

from __future__ import annotations

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
    code: str
    weight: float
    payer_shares: Mapping[str, float]
    options: tuple[Option, ...]


@dataclass(frozen=True)
class RolloutProblem:
    """Which village gets which option in which year, under each payer's yearly budget (rupiah)."""

    years: tuple[int, ...]
    technologies: tuple[Technology, ...]
    budgets_idr: Mapping[str, Mapping[int, float]]
    villages: tuple[Village, ...]
    require_all: bool = False

    def budget_idr(self, payer: str, year: int) -> float:
        return self.budgets_idr.get(payer, {}).get(year, 0.0)

    def scaled(self, factor: float) -> RolloutProblem:
        """The same problem with every budget multiplied by `factor`."""
        budgets = {p: {y: b * factor for y, b in by_year.items()} for p, by_year in self.budgets_idr.items()}
        return RolloutProblem(self.years, self.technologies, budgets, self.villages, self.require_all)


@dataclass(frozen=True)
class Assignment:
    code: str
    tech: str
    year: int


@dataclass(frozen=True)
class RolloutResult:
    """A plan and how good it is.

    `objective` is the sum of weight x quality x years served; `upper_bound` is proven (LP relaxation or MIP
    dual bound), so `gap` = (upper_bound - objective) / upper_bound is the most the plan can be from optimal.
    When `require_all` cannot be met, status is infeasible and the plan, objective and bound are those for the
    budgets multiplied by `min_budget_factor`; no complete plan exists below `min_budget_factor_bound`. A
    `min_budget_factor_bound` of 1 or less means no complete plan was found but none is ruled out either.
    A `require_all` instance with `min_budget_factor` None has a village no payer with money can fund.
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
        total = sum(village.payer_shares.values())
        if abs(total - 1) > SHARE_TOLERANCE or any(s < 0 for s in village.payer_shares.values()):
            raise RolloutError(ERR_SHARES(code=village.code, total=round(total, 6)))
        for payer in village.payer_shares:
            if payer not in problem.budgets_idr:
                raise RolloutError(ERR_UNKNOWN_PAYER(code=village.code, payer=payer))
        for option in village.options:
            if option.tech not in techs:
                raise RolloutError(ERR_UNKNOWN_TECH(code=village.code, tech=option.tech))
            _amount(option.capex_idr, "capex", village.code)
            _amount(option.opex_idr_per_year, "opex", village.code)
        if problem.require_all and not village.options:
            raise RolloutError(ERR_NO_OPTIONS(code=village.code))


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
        shares = {str(p): float(s) for p, s in _require(raw, "payer_shares", code).items()}
        villages.append(
            Village(
                code=code,
                weight=_amount(_require(raw, "weight", code), "weight", code),
                payer_shares=shares,
                options=options,
            )
        )
    problem = RolloutProblem(
        years=tuple(raw_years),
        technologies=technologies,
        budgets_idr=budgets,
        villages=tuple(villages),
        require_all=bool(data.get("require_all", False)),
    )
    validate_problem(problem)
    return problem


def problem_to_json(problem: RolloutProblem) -> dict[str, Any]:
    """The instance in the JSON contract (years as string keys, as JSON requires)."""
    return {
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
            for v in problem.villages
        ],
    }


def result_to_json(result: RolloutResult) -> dict[str, Any]:
    """The plan in the JSON contract, plus `method` and `solve_seconds` for the record."""
    return {
        "status": str(result.status),
        "objective": result.objective,
        "upper_bound": result.upper_bound,
        "gap": result.gap,
        "assignments": [{"code": a.code, "tech": a.tech, "year": a.year} for a in result.assignments],
        "spend": {p: {str(y): v for y, v in sorted(by.items())} for p, by in result.spend_idr.items()},
        "min_budget_factor": result.min_budget_factor,
        "min_budget_factor_bound": result.min_budget_factor_bound,
        "method": result.method,
        "solve_seconds": result.solve_seconds,
    }
