"""A rollout scenario: the province's (or a regency's) inputs to the planner and the plan it got back.

The inputs (years, budgets per payer and year, cost table, feasibility rules, payer split or agreement) are
edited by people; the villages are read from the database when the scenario is solved, and the plan, today's
rule for the same instance and the village facts used are stored with the result so the page shows exactly
what was solved.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ScenarioState(models.TextChoices):
    DRAFT = "draft", _("Not solved yet")
    SOLVING = "solving", _("Solving")
    SOLVED = "solved", _("Solved")
    FAILED = "failed", _("Failed")


class Scenario(models.Model):
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    title = models.CharField(_("title"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    year_count = models.PositiveSmallIntegerField(_("years"), default=5)
    # {payer region code: {year as string: rupiah}}
    budgets = models.JSONField(_("budgets"), default=dict)
    # [{tech, quality, capex_idr, opex_idr_per_year, capex_idr_per_km, opex_idr_per_km_year}]
    costs = models.JSONField(_("cost table"), default=list)
    fiber_max_km = models.FloatField(_("fiber within (km of a fiber node)"), default=15.0)
    bts_min_population = models.FloatField(_("BTS only above population"), default=1500.0)
    province_share = models.FloatField(_("province share of the cost"), default=1.0)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village-internet agreement"),
    )
    require_all = models.BooleanField(_("every village must be connected"), default=False)
    time_limit_s = models.FloatField(_("time limit (s)"), default=10.0)
    state = models.CharField(_("state"), max_length=10, choices=ScenarioState.choices, default="draft")
    error = models.TextField(blank=True)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The solver's plan (its JSON contract), today's rule on the same instance, and the villages used:
    # {code: {name, population, estimated, has_4g, payer_shares}}
    result = models.JSONField(default=dict, blank=True)
    todays_rule = models.JSONField(default=dict, blank=True)
    villages = models.JSONField(default=dict, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_sample = models.BooleanField(_("sample"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["result", "todays_rule", "villages"])

    audit_region_field = "region"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rollout scenario")
        verbose_name_plural = _("rollout scenarios")

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.first_year + self.year_count))
