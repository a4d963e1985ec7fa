"""The Django admin, for installation administrators (superusers) only, with a read-only audit trail."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from selaras.accounts.access import can_administer


class SelarasAdminSite(admin.AdminSite):
    site_header = "Selaras"
    site_title = "Selaras"

    def has_permission(self, request: HttpRequest) -> bool:
        return can_administer(request.user)


site = SelarasAdminSite(name="admin")
