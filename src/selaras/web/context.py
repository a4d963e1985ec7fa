from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from selaras import __version__
from selaras.accounts.access import Action, can


def selaras(request: HttpRequest) -> dict[str, Any]:
    # Error pages for requests refused before authentication (a bad Host header) have no user.
    user = getattr(request, "user", None)
    province = user.province_code if getattr(user, "region_id", None) else settings.DEFAULT_PROVINCE
    return {
        "selaras_version": __version__,
        "home_province": province,
        "can_manage_accounts": can(user, Action.MANAGE_ACCOUNTS, province),
        "can_read_audit": can(user, Action.READ_AUDIT, province),
        "can_administer": bool(getattr(user, "is_superuser", False)),
    }
