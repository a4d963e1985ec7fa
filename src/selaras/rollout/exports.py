"""The plan as a workbook: assignments, spend per payer and year (plan, today's rule, budget), years."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from selaras.rollout.models import Scenario
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
    sheet.append(
        [_("Village code"), _("Village"), _("Technology"), _("Year"), _("Population"), _("Estimated")]
    )
    for a in summary.assignments:
        sheet.append(
            [a["code"], a["name"], a["tech"], a["year"], a["population"], _("yes") if a["estimated"] else ""]
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
