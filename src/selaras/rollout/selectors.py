"""Reads of the rollout planner: scenarios a user may see, and a solved plan summed up for its page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.shortcuts import get_object_or_404

from selaras.accounts.access import Action, require, scope
from selaras.rollout.models import Scenario


def scenario_get_for_user(*, user: Any, scenario_id: int, action: Action = Action.VIEW) -> Scenario:
    """The scenario, or 404 when it does not exist or its region is outside what the user may see."""
    scenario = get_object_or_404(Scenario.objects.select_related("region", "agreement"), pk=scenario_id)
    require(user, Action.VIEW, scenario.region_id)
    require(user, action, scenario.region_id)
    return scenario


def scenarios_for_user(*, user: Any) -> list[Scenario]:
    # The list shows titles and states: the solver's results and the boundaries stay in the database (issue 12).
    listed = Scenario.objects.select_related("region").defer(
        "result", "todays_rule", "villages", "region__boundary", "region__boundary_json"
    )
    return list(scope(user, listed, Action.VIEW)[:100])


@dataclass
class YearRow:
    year: int
    villages: int = 0
    people: float = 0.0
    cumulative_villages: int = 0
    cumulative_people: float = 0.0
    today_villages: int = 0
    today_people: float = 0.0
    today_cumulative_people: float = 0.0


@dataclass
class SpendRow:
    payer: str
    name: str = ""
    by_year: list[tuple[float, float, float]] = field(default_factory=list)  # plan, today's rule, budget
    plan_total: float = 0.0
    today_total: float = 0.0


@dataclass
class PlanSummary:
    assignments: list[dict[str, Any]]
    years: list[YearRow]
    spend: list[SpendRow]
    plan_cost: float
    today_cost: float
    plan_people: float
    today_people: float
    plan_villages: int
    today_villages: int
    any_estimated: bool
    gap_pct: float
    chart: list[dict[str, float]]
    objective: float = 0.0
    today_objective: float = 0.0

    @property
    def diff_villages(self) -> int:
        return self.plan_villages - self.today_villages

    @property
    def diff_people(self) -> float:
        return self.plan_people - self.today_people

    @property
    def diff_cost(self) -> float:
        return self.plan_cost - self.today_cost

    @property
    def diff_objective(self) -> float:
        return self.objective - self.today_objective

    @property
    def chart_width(self) -> int:
        return 40 + 70 * len(self.chart)


def _total(spend: dict[str, dict[str, float]]) -> float:
    return float(sum(sum(by.values()) for by in spend.values()))


def plan_summary(
    *, scenario: Scenario, names: dict[str, str] | None = None, labels: dict[str, Any] | None = None
) -> PlanSummary:
    """The plan beside today's rule: assignments, villages and people per year, spend per payer and year."""
    villages = scenario.villages
    plan, today = scenario.result, scenario.todays_rule
    years = {y: YearRow(year=y) for y in scenario.years}
    for a in plan["assignments"]:
        row = years[int(a["year"])]
        row.villages += 1
        row.people += villages.get(a["code"], {}).get("population", 0)
    for a in today.get("assignments", []):
        row = years[int(a["year"])]
        row.today_villages += 1
        row.today_people += villages.get(a["code"], {}).get("population", 0)
    cum_v, cum_p, cum_t = 0, 0.0, 0.0
    for row in years.values():
        cum_v, cum_p, cum_t = cum_v + row.villages, cum_p + row.people, cum_t + row.today_people
        row.cumulative_villages, row.cumulative_people, row.today_cumulative_people = cum_v, cum_p, cum_t
    spend = []
    for payer in sorted(set(plan["spend"]) | set(today.get("spend", {}))):
        row_s = SpendRow(payer=payer, name=(names or {}).get(payer, ""))
        for y in scenario.years:
            p = float(plan["spend"].get(payer, {}).get(str(y), 0.0))
            t = float(today.get("spend", {}).get(payer, {}).get(str(y), 0.0))
            b = float(scenario.budgets.get(payer, {}).get(str(y), 0.0))
            row_s.by_year.append((p, t, b))
            row_s.plan_total += p
            row_s.today_total += t
        if row_s.plan_total or row_s.today_total:
            spend.append(row_s)
    assignments = sorted(
        (
            {
                **a,
                "name": villages.get(a["code"], {}).get("name", ""),
                "tech_label": (labels or {}).get(a["tech"], a["tech"]),
                **_facts(villages.get(a["code"], {})),
            }
            for a in plan["assignments"]
        ),
        key=lambda a: (a["year"], a["code"]),
    )
    top = max(
        [r.cumulative_people for r in years.values()]
        + [r.today_cumulative_people for r in years.values()]
        + [1.0]
    )
    chart = []
    for i, row in enumerate(years.values()):
        chart.append(
            {
                "year": row.year,
                "x": 40 + i * 70,
                "x_today": 70 + i * 70,
                "plan_h": 150 * row.cumulative_people / top,
                "today_h": 150 * row.today_cumulative_people / top,
                "plan_y": 170 - 150 * row.cumulative_people / top,
                "today_y": 170 - 150 * row.today_cumulative_people / top,
            }
        )
    by_served: dict[str, int] = defaultdict(int)
    for a in plan["assignments"]:
        by_served[a["tech"]] += 1
    return PlanSummary(
        assignments=assignments,
        years=list(years.values()),
        spend=spend,
        plan_cost=_total(plan["spend"]),
        today_cost=_total(today.get("spend", {})),
        plan_people=sum(r.people for r in years.values()),
        today_people=sum(r.today_people for r in years.values()),
        plan_villages=len(plan["assignments"]),
        today_villages=len(today.get("assignments", [])),
        any_estimated=any(v.get("estimated") for v in villages.values()),
        gap_pct=100 * float(plan.get("gap") or 0.0),
        chart=chart,
        objective=float(plan.get("objective") or 0.0),
        today_objective=float(today.get("objective") or 0.0),
    )


def _facts(village: dict[str, Any]) -> dict[str, Any]:
    return {
        "population": village.get("population", 0),
        "estimated": village.get("estimated", False),
        "schools": village.get("schools", 0),
        "health_posts": village.get("health_posts", 0),
    }
