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

from selaras.web.i18n import StoredFailure


class ScenarioState(models.TextChoices):
    DRAFT = "draft", _("Not solved yet")
    SOLVING = "solving", _("Solving")
    SOLVED = "solved", _("Solved")
    FAILED = "failed", _("Failed")


class Scenario(StoredFailure, models.Model):
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
    # People-equivalents each school or health post of a village adds to its weight (the bonus).
    bonus_per_facility = models.FloatField(_("bonus per school or health post (people)"), default=100.0)
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
    # Sites already live are part of the plan (issue 15): each runs at a service tier of the province's
    # catalogue year by year; `keep_live_sites` is the province's promise that none is switched off.
    plan_live_sites = models.BooleanField(_("plan the service tiers of live sites"), default=True)
    keep_live_sites = models.BooleanField(_("no live site is switched off"), default=True)
    rule_tier = models.CharField(_("today's rule cuts every site to tier"), max_length=40, default="50mbps")
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


class FiberNode(models.Model):
    """A fiber node (point of presence) of a province's imported layer; fiber is feasible within the scenario's
    distance of the nearest one. A province without an imported layer plans with sample nodes at its regency
    and district capitals (never stored: `selaras.core.rollout.fiber_nodes_at_capitals`)."""

    region = models.ForeignKey(  # the province whose layer it belongs to
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=200)
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)  # the imported file's name
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_sample = models.BooleanField(_("sample"), default=False)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["region", "name", "pk"]
        verbose_name = _("fiber node")
        verbose_name_plural = _("fiber nodes")

    def __str__(self) -> str:
        return self.name


class VillageFacilities(models.Model):
    """How many schools and health posts a village has: each adds the scenario's bonus to the village's weight."""

    village = models.OneToOneField(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    schools = models.PositiveIntegerField(_("schools"), default=0)
    health_posts = models.PositiveIntegerField(_("health posts"), default=0)
    source = models.CharField(_("source"), max_length=255, blank=True)
    is_sample = models.BooleanField(_("sample"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    audit_region_field = "village"

    class Meta:
        ordering = ["village"]
        verbose_name = _("village facilities")
        verbose_name_plural = _("village facilities")

    def __str__(self) -> str:
        return f"{self.village_id}: {self.schools} / {self.health_posts}"

    @property
    def total(self) -> int:
        return self.schools + self.health_posts


class VillagePower(models.Model):
    """Whether a village has grid electricity; a village without needs a power option (solar, generator) on top
    of its connection, which the planner chooses. Villages with no record count as on the grid."""

    village = models.OneToOneField(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    grid_power = models.BooleanField(_("grid electricity"), default=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    is_sample = models.BooleanField(_("sample"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    audit_region_field = "village"

    class Meta:
        ordering = ["village"]
        verbose_name = _("village electricity")
        verbose_name_plural = _("village electricity")

    def __str__(self) -> str:
        return f"{self.village_id}: {'grid' if self.grid_power else 'no grid'}"


class ServiceCatalogue(models.Model):
    """A province's editable service tiers of live sites and power options of new sites (the planner's
    inputs; `selaras.rollout.catalogue` has the defaults and their sources). A province without one plans
    with the defaults.

    tiers: [{id, name, bandwidth_mbps, opex_idr_per_year, value}]
    power_options: [{id, name, capex_idr, opex_idr_per_year}]
    """

    region = models.OneToOneField(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    tiers = models.JSONField(_("service tiers"), default=list)
    power_options = models.JSONField(_("power options"), default=list)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        verbose_name = _("service catalogue")
        verbose_name_plural = _("service catalogues")

    def __str__(self) -> str:
        return f"{self.region_id}: {len(self.tiers)} tiers, {len(self.power_options)} power options"
