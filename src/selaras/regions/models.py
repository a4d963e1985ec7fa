"""The official region hierarchy: national (`00`), province, regency/city, district, village."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from selaras.core.geometry import geometry_json
from selaras.core.regions_data import is_within

NATIONAL_CODE = "00"


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/city")
    DISTRICT = "district", _("District")
    VILLAGE = "village", _("Village")


class VillageKind(models.TextChoices):
    DESA = "desa", _("Desa")
    KELURAHAN = "kelurahan", _("Kelurahan")


class RegionQuerySet(models.QuerySet["Region"]):
    def within(self, code: str) -> RegionQuerySet:
        """The region `code` and everything below it."""
        return self.filter(models.Q(code=code) | models.Q(code__startswith=code + "."))

    def active(self) -> RegionQuerySet:
        return self.filter(retired_at__isnull=True)


class RegionManager(models.Manager.from_queryset(RegionQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> RegionQuerySet:
        # The compact boundary is only ever read by name (values_list); never load it with a whole region.
        return super().get_queryset().defer("boundary_json")  # type: ignore[no-any-return]


class Region(models.Model):
    """One official region, keyed by its Kemendagri code.

    Codes that disappear from a newer official list are retired, never deleted, so whatever points at them
    (accounts, plans, village records) keeps working.
    """

    code = models.CharField(_("code"), max_length=20, primary_key=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    village_kind = models.CharField(_("village kind"), max_length=10, choices=VillageKind.choices, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    # GeoJSON geometry, [lng, lat]; not in the audit trail (large, and only ever replaced by a data load).
    boundary = models.JSONField(_("boundary"), null=True, blank=True)
    # The boundary as compact JSON text with rounded coordinates, computed when the boundary is written (a region
    # load) so map responses splice it in without decoding or rounding anything; "" when there is no boundary.
    # Whoever writes `boundary` with a queryset update writes this too (`boundary_json_of`).
    boundary_json = models.TextField(_("boundary (compact)"), blank=True, default="", editable=False)
    population = models.BigIntegerField(_("population"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["boundary", "boundary_json"])

    audit_region_field = "code"
    objects = RegionManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "boundary" in update_fields:
            self.boundary_json = geometry_json(self.boundary)
        if update_fields is not None and "boundary" in update_fields:
            kwargs["update_fields"] = {*update_fields, "boundary_json"}
        super().save(*args, **kwargs)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def region_code(self) -> str:
        return self.code

    def contains(self, code: str) -> bool:
        return is_within(code, self.code)

    def ancestors(self) -> list[Region]:
        """From the province down to the parent, loaded in one query."""
        parts = self.code.split(".")
        codes = [".".join(parts[:i]) for i in range(1, len(parts))]
        by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]
