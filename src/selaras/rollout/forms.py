from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from selaras.core.rollout import DEFAULT_COSTS
from selaras.web.fields import RupiahField

TECH_LABELS = {
    "fiber": _("Fiber"),
    "microwave": _("Microwave link"),
    "bts_4g": _("BTS 4G"),
    "fwa_4g": _("4G fixed wireless"),
    "leo": _("LEO satellite (Starlink with solar)"),
}


class ScenarioForm(forms.Form):
    """A scenario's inputs; the cost table is one row per technology, prefilled from the cited defaults."""

    region = forms.ChoiceField(label=_("Region"))
    title = forms.CharField(label=_("Title"), max_length=200)
    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100, initial=2026)
    year_count = forms.IntegerField(label=_("Years"), min_value=1, max_value=10, initial=5)
    province_budget_idr = RupiahField(label=_("Province budget per year (Rp)"), initial=6_000_000_000)
    regency_budget_idr = RupiahField(label=_("Each regency/city budget per year (Rp)"), initial=500_000_000)
    province_share_pct = forms.DecimalField(
        label=_("Province share of each village's cost (%)"),
        min_value=0,
        max_value=100,
        initial=100,
        help_text=_("Used where no village-internet agreement gives the shares."),
    )
    agreement = forms.ChoiceField(label=_("Village-internet agreement"), required=False)
    fiber_max_km = forms.FloatField(label=_("Fiber within (km of a fiber node)"), min_value=0, initial=15)
    bts_min_population = forms.FloatField(label=_("BTS only above population"), min_value=0, initial=1500)
    bonus_per_facility = forms.FloatField(
        label=_("Bonus per school or health post (people)"),
        min_value=0,
        initial=100,
        help_text=_("Added to a village's population for each school and health post recorded for it."),
    )
    require_all = forms.BooleanField(label=_("Every village must be connected"), required=False)
    plan_live_sites = forms.BooleanField(
        label=_("Plan the service tiers of live sites"),
        required=False,
        initial=True,
        help_text=_(
            "Sites already live run each year at a tier of the province's catalogue, paid from the budget."
        ),
    )
    keep_live_sites = forms.BooleanField(
        label=_("No live site is switched off"), required=False, initial=True
    )
    rule_tier = forms.CharField(
        label=_("Today's rule cuts every live site to tier"),
        max_length=40,
        initial="50mbps",
        help_text=_("A tier id of the catalogue (the slowest when it is not one)."),
    )

    def __init__(
        self, *args: Any, regions: list[tuple[str, str]], agreements: list[tuple[str, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        region, agreement = self.fields["region"], self.fields["agreement"]
        assert isinstance(region, forms.ChoiceField) and isinstance(agreement, forms.ChoiceField)
        region.choices = regions
        agreement.choices = [("", _("None: use the shares above")), *agreements]
        for cost in DEFAULT_COSTS:
            label = TECH_LABELS.get(cost.tech, cost.tech)
            self.fields[f"capex_{cost.tech}"] = RupiahField(
                label=_("%(tech)s: capex (Rp)") % {"tech": label}, initial=round(cost.capex_idr)
            )
            self.fields[f"capex_km_{cost.tech}"] = RupiahField(
                label=_("%(tech)s: capex per km (Rp)") % {"tech": label},
                initial=round(cost.capex_idr_per_km),
            )
            self.fields[f"opex_{cost.tech}"] = RupiahField(
                label=_("%(tech)s: opex per year (Rp)") % {"tech": label},
                initial=round(cost.opex_idr_per_year),
            )

        for name, field in self.fields.items():
            if name.startswith(("capex", "opex")):  # shown in a table without their own <label>
                field.widget.attrs["aria-label"] = str(field.label)

    def cost_fields(self) -> list[list[Any]]:
        return [
            [
                TECH_LABELS.get(c.tech, c.tech),
                self[f"capex_{c.tech}"],
                self[f"capex_km_{c.tech}"],
                self[f"opex_{c.tech}"],
            ]
            for c in DEFAULT_COSTS
        ]

    def costs_json(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "tech": c.tech,
                "quality": c.quality,
                "capex_idr": float(data[f"capex_{c.tech}"]),
                "opex_idr_per_year": float(data[f"opex_{c.tech}"]),
                "capex_idr_per_km": float(data[f"capex_km_{c.tech}"]),
                "opex_idr_per_km_year": c.opex_idr_per_km_year,
            }
            for c in DEFAULT_COSTS
        ]
