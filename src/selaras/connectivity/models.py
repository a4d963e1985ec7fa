"""What is there in each village, kept over time: signal observations, public internet access points with their
status history, outage reports, and the survey imports that bring them in.

Every record belongs to one village (`region`, a Region of level village) and is in the audit trail. Sample rows
(the scenario `selaras start` loads) carry `is_sample` and are labelled wherever they are shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from selaras.web.i18n import StoredFailure


class Signal(models.TextChoices):
    NONE = "none", _("No signal")
    G2 = "2g", "2G"
    G3 = "3g", "3G"
    G4 = "4g", "4G"
    G5 = "5g", "5G"


class Facility(models.TextChoices):
    VILLAGE_OFFICE = "village_office", _("Village office")
    HEALTH_POST = "health_post", _("Health post")
    SCHOOL = "school", _("School")
    VILLAGE_HALL = "village_hall", _("Village hall")
    OTHER = "other", _("Other")


class Technology(models.TextChoices):
    FIBER = "fiber", _("Fiber")
    FWA_4G = "fwa_4g", _("4G fixed wireless")
    RADIO = "radio", _("Radio link")
    VSAT = "vsat", _("GEO satellite (VSAT)")
    LEO = "leo", _("LEO satellite")


class Power(models.TextChoices):
    GRID = "grid", _("Grid")
    SOLAR = "solar", _("Solar")
    GENERATOR = "generator", _("Generator")


class APStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    INSTALLING = "installing", _("Installing")
    LIVE = "live", _("Live")
    DOWN = "down", _("Down")
    REMOVED = "removed", _("Removed")


class SignalObservation(models.Model):
    """The best cellular signal seen in a village on a date, and who says so."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    signal = models.CharField(_("signal"), max_length=4, choices=Signal.choices)
    observed_on = models.DateField(_("observed on"))
    source = models.CharField(_("source"), max_length=200)
    note = models.CharField(_("note"), max_length=500, blank=True)
    survey = models.ForeignKey(
        "SurveyImport", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_sample = models.BooleanField(_("sample"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["-observed_on", "-pk"]
        verbose_name = _("signal observation")
        verbose_name_plural = _("signal observations")

    def __str__(self) -> str:
        return f"{self.region_id} {self.get_signal_display()} {self.observed_on}"


class AccessPoint(models.Model):
    """A public internet access point in a village; `status`/`status_since` are the latest `StatusChange`."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    facility = models.CharField(_("facility"), max_length=20, choices=Facility.choices)
    technology = models.CharField(_("technology"), max_length=10, choices=Technology.choices)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    bandwidth_mbps = models.FloatField(_("bandwidth (Mbps)"), null=True, blank=True)
    power = models.CharField(_("power source"), max_length=10, choices=Power.choices, blank=True)
    programme = models.CharField(_("funding programme"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=APStatus.choices)
    status_since = models.DateField(_("status since"))
    is_sample = models.BooleanField(_("sample"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["region_id", "pk"]
        verbose_name = _("access point")
        verbose_name_plural = _("access points")

    def __str__(self) -> str:
        return f"{self.region_id} {self.get_facility_display()} ({self.get_technology_display()})"


class StatusChange(models.Model):
    """An access point entered `status` on `effective_on`: the history progress per year is counted from."""

    access_point = models.ForeignKey(AccessPoint, on_delete=models.CASCADE, related_name="changes")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    status = models.CharField(_("status"), max_length=10, choices=APStatus.choices)
    effective_on = models.DateField(_("effective on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    survey = models.ForeignKey(
        "SurveyImport", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_sample = models.BooleanField(_("sample"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["effective_on", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.access_point_id} {self.get_status_display()} {self.effective_on}"


class Outage(models.Model):
    """A reported outage of a village's access point (or of the village's connection in general)."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    access_point = models.ForeignKey(
        AccessPoint, on_delete=models.CASCADE, null=True, blank=True, related_name="outages"
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    cause = models.CharField(_("cause"), max_length=500, blank=True)
    is_sample = models.BooleanField(_("sample"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("outage")
        verbose_name_plural = _("outages")

    def __str__(self) -> str:
        return f"{self.region_id} {self.started_on}"


class ImportState(models.TextChoices):
    PREVIEW = "preview", _("Columns and values to map")
    MATCHING = "matching", _("Matching names")
    REVIEW = "review", _("Waiting for review")
    COMMITTED = "committed", _("Saved")
    FAILED = "failed", _("Failed")


class SurveyImport(StoredFailure, models.Model):
    """One uploaded survey of one regency (or the province): matched, reviewed, then saved all at once."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    file_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=100)
    source = models.CharField(_("source"), max_length=200)
    observed_on = models.DateField(_("survey date"))
    state = models.CharField(_("state"), max_length=10, choices=ImportState.choices)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    error = models.TextField(blank=True)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey import")
        verbose_name_plural = _("survey imports")

    def __str__(self) -> str:
        return self.file_name


class SurveyRow(models.Model):
    """One data row of an import: what was typed, what the matcher found, and what the operator chose.

    Working data of an import under review; what it says reaches the village records only when the import is
    saved, and that is audited there.
    """

    survey = models.ForeignKey(SurveyImport, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField()
    regency_text = models.CharField(max_length=200, blank=True)
    district_text = models.CharField(max_length=200, blank=True)
    village_text = models.CharField(max_length=200, blank=True)
    match_status = models.CharField(max_length=10)  # exact, fuzzy, ambiguous, unmatched
    score = models.PositiveSmallIntegerField(default=0)
    suggested_code = models.CharField(max_length=20, blank=True)
    candidates = models.JSONField(default=list)  # [{code, name, district_name, score}]
    notes = models.JSONField(default=list)  # [{id, en}]
    values = models.JSONField(default=dict)  # parsed data cells: signal, facility, technology, ...
    chosen_code = models.CharField(max_length=20, blank=True)
    skipped = models.BooleanField(default=False)
    confirmed = models.BooleanField(default=False)

    class Meta:
        ordering = ["row_number"]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.row_number} {self.village_text}"

    @property
    def needs_review(self) -> bool:
        return self.match_status != "exact"

    @property
    def resolved(self) -> bool:
        return self.skipped or bool(self.chosen_code)


class SurveyColumnMapping(models.Model):
    """A region's answer to "which field does this column hold?" for a header the defaults do not know,
    remembered for the region's next survey. `field` "" means the column is ignored."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    header = models.CharField(_("column (compact)"), max_length=100)
    title = models.CharField(_("column as typed"), max_length=200)
    field = models.CharField(_("field"), max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "header"], name="survey_column_once")]
        verbose_name = _("survey column mapping")
        verbose_name_plural = _("survey column mappings")

    def __str__(self) -> str:
        return f"{self.region_id} {self.title} -> {self.field or '-'}"


class SurveyValueMapping(models.Model):
    """A region's meaning for a value typed in a survey column (`outcome` as `survey.outcome_encode` writes
    it, "" = ignore the value), remembered for the region's next survey."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    field = models.CharField(_("field"), max_length=20)
    value = models.CharField(_("value (compact)"), max_length=100)
    text = models.CharField(_("value as typed"), max_length=200)
    outcome = models.CharField(_("meaning"), max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "field", "value"], name="survey_value_once")]
        verbose_name = _("survey value mapping")
        verbose_name_plural = _("survey value mappings")

    def __str__(self) -> str:
        return f"{self.region_id}: {self.text}"  # field and outcome are codes; the trail shows them labelled


class ProgressTarget(models.Model):
    """The plan indicator a region's progress page takes its yearly targets from (a row id of the region's
    approved plans, e.g. the province's RPJMD indicator "desa with free internet"). Without one, or for years the
    plan does not cover, the page shows the straight-line target and says so."""

    region = models.OneToOneField(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    indicator_key = models.CharField(_("plan indicator row id"), max_length=64)
    is_sample = models.BooleanField(_("sample"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        verbose_name = _("progress target")
        verbose_name_plural = _("progress targets")

    def __str__(self) -> str:
        return f"{self.region_id} -> {self.indicator_key}"


class SiteTier(models.Model):
    """The service tier an access point runs at in a year (its bandwidth and yearly cost), as an adopted
    rollout plan decided it or an operator recorded it. The tier is the id in the province's service
    catalogue (`selaras.rollout`), kept as text so an edited catalogue never rewrites history."""

    access_point = models.ForeignKey(AccessPoint, on_delete=models.CASCADE, related_name="tiers")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    tier = models.CharField(_("service tier"), max_length=40)
    bandwidth_mbps = models.FloatField(_("bandwidth (Mbps)"))
    opex_idr_per_year = models.FloatField(_("yearly cost (Rp)"), default=0.0)
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_sample = models.BooleanField(_("sample"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["access_point_id", "year"]
        constraints = [models.UniqueConstraint(fields=["access_point", "year"], name="site_tier_once_a_year")]
        verbose_name = _("site service tier")
        verbose_name_plural = _("site service tiers")

    def __str__(self) -> str:
        return f"{self.access_point_id} {self.year}: {self.tier}"
