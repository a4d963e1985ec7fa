"""Accounts: every user belongs to one region and has one role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("Provincial administrator")
    PROVINCE_VIEWER = "province_viewer", _("Provincial viewer")
    REGENCY_OPERATOR = "regency_operator", _("Regency/city operator")
    REGENCY_VIEWER = "regency_viewer", _("Regency/city viewer")


PROVINCE_ROLES = frozenset({Role.PROVINCE_ADMIN, Role.PROVINCE_VIEWER})
WRITING_ROLES = frozenset({Role.PROVINCE_ADMIN, Role.REGENCY_OPERATOR})


class User(AbstractUser):
    """A person working for one government. Superusers install and run Selaras; everyone else has a region."""

    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("region"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    audit_region_field = "region"

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A new password, from any path (the account pages, the Django admin, `selaras changepassword`),
        revokes the user's API tokens: whoever changes a password because it leaked expects every key made with
        it to stop working too."""
        password_set = self._password is not None  # set_password() since the last save
        super().save(*args, **kwargs)
        if password_set:
            ApiToken.objects.filter(user=self).delete()

    @property
    def region_code(self) -> str:
        return self.region_id or ""

    @property
    def province_code(self) -> str:
        return self.region_code.split(".", 1)[0]


class ApiToken(models.Model):
    """An API key of one user, kept only as its SHA-256 digest: the key itself is shown once, when it is made
    (on /saya/), and cannot be read back from the database."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"API token of {self.user_id} ({self.created:%Y-%m-%d})"
