"""Plans (issue 3): periods per region, the nomenclature master, plan elements with indicators, workflow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from selaras.regions.models import NATIONAL_CODE


class NomenclatureVersion(models.Model):
    """One loaded official list (a decree), or the shipped partial seed."""

    decree = models.CharField(_("decree"), max_length=200)
    is_partial = models.BooleanField(_("partial list"), default=False)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entries = models.PositiveIntegerField(_("entries"), default=0)
    retired = models.PositiveIntegerField(_("codes retired"), default=0)

    class Meta:
        ordering = ["-loaded_at", "-pk"]
        verbose_name = _("nomenclature version")

    def __str__(self) -> str:
        return self.decree


class Nomenclature(models.Model):
    """A program, kegiatan or sub kegiatan code. Codes missing from a newer list are retired, never deleted."""

    code = models.CharField(_("code"), max_length=24, unique=True)
    urusan = models.CharField(_("urusan"), max_length=5, db_index=True)
    level = models.CharField(_("level"), max_length=12)
    tier = models.CharField(_("tier"), max_length=16)
    name = models.CharField(_("name"), max_length=500)
    version = models.ForeignKey(NomenclatureVersion, on_delete=models.PROTECT, related_name="codes")
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_by = models.ForeignKey(
        NomenclatureVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="retired_codes"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("nomenclature code")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PlanKind(models.TextChoices):
    RPJMN = "rpjmn", "RPJMN"
    RPJMD = "rpjmd", "RPJMD"
    RENSTRA = "renstra", "Renstra"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Plan(models.Model):
    """A region's plan for one period (e.g. RPJMD 2025-2029); national targets live under region `00`."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(_("kind"), max_length=10, choices=PlanKind.choices, default=PlanKind.RPJMD)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    unit_name = models.CharField(_("responsible agency"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    audit_region_field = "region"

    class Meta:
        ordering = ["region_id", "-start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "start_year"], name="plan_one_per_region_period"
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="plan_years"
            ),
        ]
        verbose_name = _("plan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_year}-{self.end_year} {self.region_id}"

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.start_year, self.end_year + 1))

    @property
    def label(self) -> str:
        return f"{self.get_kind_display()} {self.start_year}-{self.end_year}"

    @property
    def is_national(self) -> bool:
        return self.region_id == NATIONAL_CODE

    @property
    def is_public(self) -> bool:
        """Submitted and approved plans are read by the whole province; national targets by everyone."""
        return self.is_national or self.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED)

    @property
    def is_locked(self) -> bool:
        return self.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED)


class PlanElement(models.Model):
    """A program, kegiatan or sub kegiatan of a plan; its pagu per year belongs to it, not to an indicator."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="elements")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kode = models.CharField(_("code"), max_length=24)
    level = models.CharField(_("level"), max_length=12)
    uraian = models.CharField(_("description"), max_length=500)
    pagu_by_year = models.JSONField(_("pagu per year"), default=dict)  # {"2025": "1500000"}, rupiah
    history = HistoricalRecords()
    audit_region_field = "region"

    class Meta:
        ordering = ["kode"]
        constraints = [models.UniqueConstraint(fields=["plan", "kode"], name="element_code_once_per_plan")]
        verbose_name = _("plan element")

    def __str__(self) -> str:
        return f"{self.kode} {self.uraian}"


class Indicator(models.Model):
    """One indicator row of a plan element: the row of the `Program` sheet, keyed by the region's `id`."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    element = models.ForeignKey(PlanElement, on_delete=models.CASCADE, related_name="indicators")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(_("row id"), max_length=64)
    position = models.PositiveIntegerField(default=0)
    uraian = models.CharField(_("description"), max_length=500)
    indikator = models.CharField(_("indicator"), max_length=500)
    satuan = models.CharField(_("unit"), max_length=60, blank=True)
    polaritas = models.CharField(_("polarity"), max_length=8)
    agregasi = models.CharField(_("aggregation"), max_length=24)
    tipe = models.CharField(_("type"), max_length=8, default="outcome")
    baseline = models.CharField(_("baseline"), max_length=40, blank=True)  # a decimal as text, "" when none
    targets_by_year = models.JSONField(_("targets per year"), default=dict)  # {"2025": "3.25"}
    realization_by_year = models.JSONField(_("realization per year"), default=dict)
    lokasi = models.JSONField(_("locations"), default=list)  # village codes
    penanggung_jawab = models.CharField(_("responsible unit"), max_length=200, blank=True)
    # `mendukung`: the key of the indicator this one supports, in this plan or a higher one (the province's,
    # the national targets); resolved when read, so re-importing either plan never leaves a stale link.
    supports_key = models.CharField(_("supports"), max_length=64, blank=True)
    history = HistoricalRecords()
    audit_region_field = "region"

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="indicator_key_once_per_plan")]
        verbose_name = _("indicator")

    def __str__(self) -> str:
        return f"{self.key}: {self.indikator}"


class PlanImport(models.Model):
    """One import into a plan, so its region sees what came in, from where and by whom. A province-wide
    workbook leaves one per region it touched (`from_province`); the rows themselves are in the audit trail."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="imports")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    from_province = models.BooleanField(_("from the province's workbook"), default=False)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("new rows"), default=0)
    updated = models.PositiveIntegerField(_("changed rows"), default=0)
    removed = models.PositiveIntegerField(_("removed rows"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)
    audit_region_field = "region"

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("plan import")

    def __str__(self) -> str:
        return f"{self.plan} {self.imported_at:%Y-%m-%d}"
