"""Reads that show a solved plan: its map (GeoJSON), its charts (inline SVG) and scenarios side by side.

Everything here starts from scenarios the caller was allowed to open (`selectors.scenario_get_for_user`) and
from what was stored when each was solved, so a page, its export and the API show the same figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

from selaras.accounts.access import Action, scope
from selaras.connectivity.exports import region_geometries
from selaras.core.i18n import Msg
from selaras.regions.models import Region
from selaras.rollout.forms import TECH_LABELS
from selaras.rollout.models import Scenario, ScenarioState
from selaras.rollout.selectors import PlanSummary, plan_summary, scenario_get_for_user
from selaras.web.errors import ServiceError

COMPARE_MIN, COMPARE_MAX = 2, 4
ERR_COMPARE_COUNT = Msg(
    id="Pilih 2 sampai 4 skenario yang sudah dihitung untuk dibandingkan.",
    en="Choose 2 to 4 solved scenarios to compare.",
)
ERR_COMPARE_NUMBER = Msg(id='"{value}" bukan nomor skenario.', en='"{value}" is not a scenario number.')
ERR_COMPARE_UNSOLVED = Msg(
    id='Skenario "{title}" belum dihitung: hitung dulu, lalu bandingkan.',
    en='The scenario "{title}" has not been solved yet: solve it first, then compare.',
)
PAYER_COLOURS = 8  # CSS classes payer-0 ... payer-7 in rollout.css
TECH_ORDER = ("fiber", "microwave", "bts_4g", "fwa_4g", "leo")


def is_solved(scenario: Scenario) -> bool:
    return scenario.state == ScenarioState.SOLVED and bool(scenario.result)


def payer_names(codes: Iterable[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=list(codes)).values_list("code", "name"))


# --- the plan's map ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendRow:
    tech: str
    label: str
    villages: int
    first_year: int
    last_year: int


def map_legend(*, scenario: Scenario) -> list[LegendRow]:
    """One row per planned technology: how many villages and in which years they start."""
    years: dict[str, list[int]] = {}
    for a in scenario.result.get("assignments", []):
        years.setdefault(a["tech"], []).append(int(a["year"]))
    order = {tech: i for i, tech in enumerate(TECH_ORDER)}
    return [
        LegendRow(tech, str(TECH_LABELS.get(tech, tech)), len(ys), min(ys), max(ys))
        for tech, ys in sorted(years.items(), key=lambda item: order.get(item[0], len(order)))
    ]


def plan_geojson(*, scenario: Scenario) -> dict[str, Any]:
    """The villages of a solved scenario as a GeoJSON FeatureCollection: each planned village with its
    technology and start year, each village left unconnected by the plan with `planned: false`. Geometry is the
    village's boundary where the region list has one, its centroid otherwise (connectivity's helper)."""
    if not is_solved(scenario):
        return {"type": "FeatureCollection", "is_sample": scenario.is_sample, "features": []}
    planned = {a["code"]: a for a in scenario.result["assignments"]}
    codes = sorted(set(scenario.villages) | set(planned))
    geometries = region_geometries(codes, centroid_fallback=True)
    features = []
    for code in codes:
        village = scenario.villages.get(code, {})
        plan = planned.get(code)
        features.append(
            {
                "type": "Feature",
                "geometry": geometries.get(code),
                "properties": {
                    "code": code,
                    "name": village.get("name", ""),
                    "planned": plan is not None,
                    "tech": plan["tech"] if plan else "",
                    "tech_label": str(TECH_LABELS.get(plan["tech"], plan["tech"])) if plan else "",
                    "year": int(plan["year"]) if plan else None,
                    "population": village.get("population", 0),
                    "estimated": bool(village.get("estimated")),
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "scenario": scenario.pk,
        "is_sample": scenario.is_sample,
        "note": _("SAMPLE: sample scenario, not an official plan") if scenario.is_sample else "",
        "years": scenario.years,
        "features": features,
    }


# --- charts -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    x: int
    y: str
    width: int
    height: str
    css: str
    title: str


@dataclass(frozen=True)
class Label:
    x: int
    y: str
    text: str
    css: str = ""


@dataclass
class Chart:
    """An inline SVG bar chart, coordinates already computed (the template only places them)."""

    width: int
    height: int
    caption: str
    bars: list[Bar] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, text)


BASE_Y, PLOT_H = 180, 150


def _h(value: float, top: float) -> float:
    return PLOT_H * value / top if top > 0 else 0.0


def _money(value: float) -> str:
    return intcomma(round(value / 1e6))


def spend_chart(*, scenario: Scenario, summary: PlanSummary) -> Chart:
    """Spend per payer and year: per year a bar for the plan and a lighter one for today's rule, each stacked
    by payer, in millions of rupiah."""
    years = scenario.years
    step = 100
    chart = Chart(
        width=60 + step * len(years),
        height=220,
        caption=_(
            "Spend per payer and year (Rp million): left bar this plan, right bar (lighter) today's rule"
        ),
    )
    plan_totals = [sum(row.by_year[i][0] for row in summary.spend) for i in range(len(years))]
    today_totals = [sum(row.by_year[i][1] for row in summary.spend) for i in range(len(years))]
    top = max([*plan_totals, *today_totals, 0.0])
    for k, row in enumerate(summary.spend):
        chart.legend.append((f"payer-{k % PAYER_COLOURS}", f"{row.payer} {row.name}".strip()))
    for i, year in enumerate(years):
        x = 40 + i * step
        for offset, kind, label, totals in (
            (0, "plan", _("this plan"), plan_totals),
            (40, "today", _("today's rule"), today_totals),
        ):
            y = float(BASE_Y)
            for k, row in enumerate(summary.spend):
                amount = row.by_year[i][0 if kind == "plan" else 1]
                height = _h(amount, top)
                if height <= 0:
                    continue
                y -= height
                chart.bars.append(
                    Bar(
                        x + offset,
                        f"{y:.1f}",
                        36,
                        f"{height:.1f}",
                        f"payer-{k % PAYER_COLOURS} {kind}",
                        f"{row.payer} {row.name}, {year}, {label}: Rp {intcomma(round(amount))}",
                    )
                )
            chart.labels.append(
                Label(x + offset + 18, f"{BASE_Y - _h(totals[i], top) - 4:.1f}", _money(totals[i]), "value")
            )
        chart.labels.append(Label(x + 38, f"{BASE_Y + 18}", str(year)))
    return chart


def villages_chart(*, summary: PlanSummary) -> Chart:
    """Villages connected in each year: this plan beside today's rule."""
    step = 80
    chart = Chart(
        width=60 + step * len(summary.years),
        height=220,
        caption=_("Villages connected per year: this plan (blue) and today's rule (grey)"),
        legend=[("plan", _("this plan")), ("today", _("today's rule"))],
    )
    top = max([r.villages for r in summary.years] + [r.today_villages for r in summary.years] + [1])
    for i, row in enumerate(summary.years):
        x = 40 + i * step
        for offset, kind, label, count in (
            (0, "plan", _("this plan"), row.villages),
            (32, "today", _("today's rule"), row.today_villages),
        ):
            height = _h(count, top)
            chart.bars.append(
                Bar(
                    x + offset,
                    f"{BASE_Y - height:.1f}",
                    28,
                    f"{height:.1f}",
                    kind,
                    f"{row.year}, {label}: {count}",
                )
            )
            chart.labels.append(Label(x + offset + 14, f"{BASE_Y - height - 4:.1f}", str(count), "value"))
        chart.labels.append(Label(x + 30, f"{BASE_Y + 18}", str(row.year)))
    return chart


def plan_extras(*, scenario: Scenario, summary: PlanSummary | None) -> dict[str, Any]:
    """What the scenario page shows besides the summary: its map's legend and its two charts."""
    if summary is None:
        return {}
    return {
        "map_legend": map_legend(scenario=scenario),
        "spend_chart": spend_chart(scenario=scenario, summary=summary),
        "villages_chart": villages_chart(summary=summary),
    }


# --- scenarios side by side -------------------------------------------------------------------------------------


class CompareError(ServiceError):
    """A comparison that cannot be made; `text` says why in both languages."""


@dataclass
class Column:
    scenario: Scenario
    summary: PlanSummary


@dataclass
class Row:
    """One measure across the scenarios: per scenario (plan, today's rule, plan minus today's rule), then each
    later scenario's plan minus the first one's. None where a measure does not apply (a payer or year the
    scenario does not have, or the gap of today's rule)."""

    label: str
    cells: list[tuple[float | None, float | None, float | None]]
    vs_first: list[float | None]
    digits: int = 0
    group: str = ""


@dataclass
class Comparison:
    columns: list[Column]
    rows: list[Row]

    @property
    def any_sample(self) -> bool:
        return any(c.scenario.is_sample for c in self.columns)

    @property
    def width(self) -> int:
        """Columns of the comparison table: the labels, three per scenario, one per later scenario."""
        return 4 * len(self.columns)

    @property
    def ids(self) -> list[int]:
        return [c.scenario.pk for c in self.columns]


def _parse_ids(raw: Sequence[str]) -> list[int]:
    ids: list[int] = []
    for value in raw:
        for part in str(value).split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or len(part) > 12:
                raise CompareError(ERR_COMPARE_NUMBER(value=part[:20]))
            if int(part) not in ids:
                ids.append(int(part))
    if not COMPARE_MIN <= len(ids) <= COMPARE_MAX:
        raise CompareError(ERR_COMPARE_COUNT())
    return ids


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _row(
    label: str, values: list[tuple[float | None, float | None]], digits: int = 0, group: str = ""
) -> Row:
    first = values[0][0]
    return Row(
        label=label,
        cells=[(p, t, _diff(p, t)) for p, t in values],
        vs_first=[_diff(p, first) for p, _t in values[1:]],
        digits=digits,
        group=group,
    )


def _per_person(cost: float, people: float) -> float | None:
    return cost / people if people else None


def comparison_for_user(*, user: Any, raw_ids: Sequence[str]) -> Comparison:
    """2-4 solved scenarios the user may see, measured side by side with their today's-rule runs.
    Raises Http404 for a scenario outside the user's sight, `CompareError` for bad input."""
    scenarios = [scenario_get_for_user(user=user, scenario_id=pk) for pk in _parse_ids(raw_ids)]
    for scenario in scenarios:
        if not is_solved(scenario):
            raise CompareError(ERR_COMPARE_UNSOLVED(title=scenario.title))
    payers = sorted({p for s in scenarios for p in (*s.result["spend"], *s.todays_rule.get("spend", {}))})
    names = payer_names(payers)
    columns = [Column(s, plan_summary(scenario=s, names=names, labels=TECH_LABELS)) for s in scenarios]
    sums = [c.summary for c in columns]
    rows = [
        _row(_("Villages connected"), [(s.plan_villages, s.today_villages) for s in sums]),
        _row(_("People served"), [(s.plan_people, s.today_people) for s in sums]),
        _row(_("Value (people-years, quality-weighted)"), [(s.objective, s.today_objective) for s in sums]),
        _row(_("Total cost (Rp)"), [(s.plan_cost, s.today_cost) for s in sums]),
        _row(
            _("Cost per person served (Rp)"),
            [
                (_per_person(s.plan_cost, s.plan_people), _per_person(s.today_cost, s.today_people))
                for s in sums
            ],
        ),
        _row(_("Gap from optimal (%)"), [(s.gap_pct, None) for s in sums], digits=2),
    ]
    for payer in payers:
        values: list[tuple[float | None, float | None]] = []
        for c in columns:
            if payer in c.scenario.budgets or payer in c.scenario.result["spend"]:
                by = {r.payer: r for r in c.summary.spend}.get(payer)
                values.append((by.plan_total, by.today_total) if by else (0.0, 0.0))
            else:
                values.append((None, None))
        rows.append(_row(f"{payer} {names.get(payer, '')}".strip(), values, group=_("Cost per payer (Rp)")))
    for year in sorted({y for c in columns for y in c.scenario.years}):
        values = []
        for c in columns:
            row = next((r for r in c.summary.years if r.year == year), None)
            values.append((row.cumulative_people, row.today_cumulative_people) if row else (None, None))
        rows.append(_row(str(year), values, group=_("People served so far, by the end of the year")))
    return Comparison(columns=columns, rows=rows)


def solved_scenarios_for_user(*, user: Any) -> list[Scenario]:
    """Solved scenarios the user may see, newest first: the choices of the comparison."""
    queryset = scope(user, Scenario.objects.select_related("region"), Action.VIEW)
    return list(queryset.filter(state=ScenarioState.SOLVED).defer("villages", "result", "todays_rule")[:100])
