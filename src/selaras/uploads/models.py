"""An uploaded file kept between its preview and its commit: bound to the person who sent it, expiring."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Upload(models.Model):
    """The file itself lives in Django's default storage under `stored_name` (a random name); the token in the
    preview form finds it again only for the same user, until `expires_at`. `problems` keeps what the check
    found, so the user can download the file with those problems marked."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=50)
    region_code = models.CharField(max_length=40, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=255)
    size_bytes = models.PositiveBigIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self) -> str:
        return self.file_name
