"""The plan as a workbook: assignments, spend per payer and year (plan, today's rule, budget), years."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from selaras.rollout.models import Scenario
from selaras.rollout.results import Comparison
from selaras.rollout.selectors import PlanSummary

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_xlsx(*, scenario: Scenario, summary: PlanSummary) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Plan")[:31]
    if scenario.is_sample:
        sheet.append([_("SAMPLE: sample scenario, not an official plan")])
    sheet.append([scenario.title, scenario.region.name])
    sheet.append([_("Status"), scenario.result.get("status"), _("Gap from optimal (%)"), summary.gap_pct])
    sheet.append(
        [
            _("Objective"),
            scenario.result.get("objective"),
            _("Upper bound"),
            scenario.result.get("upper_bound"),
        ]
    )
    sheet.append([])
    fiber = scenario.result.get("inputs", {}).get("fiber_layer")
    if fiber:
        sheet.append(
            [
                _("Fiber nodes"),
                fiber["nodes"],
                _("SAMPLE: nodes at regency and district capitals") if fiber["is_sample"] else fiber["file"],
            ]
        )
    sheet.append([_("Bonus per school or health post (people)"), scenario.bonus_per_facility])
    if scenario.result.get("inputs", {}).get("facilities_sample"):
        sheet.append([_("SAMPLE: the school and health post counts are sample figures")])
    sheet.append([])
    sheet.append(
        [
            _("Village code"),
            _("Village"),
            _("Technology"),
            _("Year"),
            _("Population"),
            _("Estimated"),
            _("Schools"),
            _("Health posts"),
        ]
    )
    for a in summary.assignments:
        sheet.append(
            [
                a["code"],
                a["name"],
                a["tech"],
                a["year"],
                a["population"],
                _("yes") if a["estimated"] else "",
                a["schools"],
                a["health_posts"],
            ]
        )
    spend = book.create_sheet(_("Spend")[:31])
    spend.append([_("Payer"), _("Year"), _("Plan (Rp)"), _("Today's rule (Rp)"), _("Budget (Rp)")])
    for row in summary.spend:
        for year, (plan, today, budget) in zip(scenario.years, row.by_year, strict=True):
            spend.append([row.payer, year, round(plan), round(today), round(budget)])
    years = book.create_sheet(_("Per year")[:31])
    years.append(
        [
            _("Year"),
            _("Villages (plan)"),
            _("People (plan)"),
            _("Villages (today's rule)"),
            _("People (today's rule)"),
        ]
    )
    for y in summary.years:
        years.append([y.year, y.villages, round(y.people), y.today_villages, round(y.today_people)])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def comparison_xlsx(*, comparison: Comparison) -> bytes:
    """Scenarios side by side, as on the comparison page: per scenario its plan, today's rule and their
    difference, then each later plan minus the first one's."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Comparison")[:31]
    if comparison.any_sample:
        sheet.append([_("SAMPLE: the comparison includes a sample scenario, not an official plan")])
    header: list[Any] = [""]
    sub: list[Any] = [""]
    for c in comparison.columns:
        title = f"#{c.scenario.pk} {c.scenario.title} ({c.scenario.region.name})"
        header += [f"[{_('SAMPLE')}] {title}" if c.scenario.is_sample else title, "", ""]
        sub += [_("This plan"), _("Today's rule"), _("Difference")]
    for c in comparison.columns[1:]:
        header.append(f"#{c.scenario.pk} - #{comparison.columns[0].scenario.pk}")
        sub.append(_("Plan minus the first scenario's plan"))
    sheet.append(header)
    sheet.append(sub)
    group = ""
    for row in comparison.rows:
        if row.group and row.group != group:
            group = row.group
            sheet.append([group])
        cells: list[Any] = [row.label]
        for plan, today, diff in row.cells:
            cells += [_cell(plan, row.digits), _cell(today, row.digits), _cell(diff, row.digits)]
        cells += [_cell(v, row.digits) for v in row.vs_first]
        sheet.append(cells)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits) if digits else round(value)
