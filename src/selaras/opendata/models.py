"""What a province publishes as open data, and how it is described and pushed to a data portal.

Publishing is a decision of the province's administrators (`Action.DECIDE`): nothing is public until they choose
it, except the labelled sample scenario of the demo, which the sample loader publishes (`published_by` empty,
`is_sample` set). Each dataset key is fixed (see `selaras.opendata.datasets`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DatasetKey(models.TextChoices):
    VILLAGE_CONNECTIVITY = "village-connectivity", _("Village connectivity status")
    CONNECTIVITY_PROGRESS = "connectivity-progress", _("Village internet progress per regency and year")
    PLAN_TARGETS = "plan-targets", _("Approved plan indicators and targets")
    AGREEMENTS = "agreements", _("Signed agreements and obligations")


class DatasetPublication(models.Model):
    """One province's decision about one dataset: published or not, since when, by whom."""

    province = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    key = models.CharField(_("dataset"), max_length=40, choices=DatasetKey.choices)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    # Set when the sample loader published it for the demo (no person chose it).
    is_sample = models.BooleanField(_("sample"), default=False)
    # When the data last pushed to the province's CKAN portal last changed (set by the push, selaras.opendata.ckan).
    data_modified_at = models.DateTimeField(_("data last modified"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    audit_region_field = "province"

    class Meta:
        ordering = ["province", "key"]
        constraints = [
            models.UniqueConstraint(fields=["province", "key"], name="opendata_publication_once"),
        ]
        verbose_name = _("dataset publication")
        verbose_name_plural = _("dataset publications")

    def __str__(self) -> str:
        return f"{self.province_id} {self.get_key_display()}"


class SampleRows(models.TextChoices):
    LABELLED = "labelled", _("Include, labelled CONTOH")
    EXCLUDED = "excluded", _("Exclude")


class PortalSettings(models.Model):
    """How a province's open data is described (publisher, contact, licence) and where it is pushed (CKAN).

    The CKAN API key is stored encrypted (`selaras.opendata.secrets`) and never shown back.
    """

    province = models.OneToOneField(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    publisher_name = models.CharField(_("producing office (walidata)"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail of the office"), blank=True)
    licence_url = models.URLField(_("licence"), blank=True)
    sample_rows = models.CharField(
        _("sample rows"), max_length=10, choices=SampleRows.choices, default=SampleRows.LABELLED
    )
    ckan_url = models.URLField(_("CKAN portal address"), blank=True)
    ckan_organization = models.CharField(_("CKAN organization"), max_length=100, blank=True)
    ckan_api_key_encrypted = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["ckan_api_key_encrypted"])

    audit_region_field = "province"

    class Meta:
        verbose_name = _("open data settings")
        verbose_name_plural = _("open data settings")

    def __str__(self) -> str:
        return f"{self.province_id}"

    @property
    def has_ckan_key(self) -> bool:
        return bool(self.ckan_api_key_encrypted)
