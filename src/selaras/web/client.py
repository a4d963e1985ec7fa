"""Who is asking: the visitor's network address, for the sign-in throttle (django-axes) and the public pages' limit
per address (selaras.public.traffic)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """Behind `SELARAS_PROXY_COUNT` proxies (with `SELARAS_BEHIND_PROXY=1`), the address the nearest of them
    wrote into X-Forwarded-For (entries further left are whatever the visitor sent, never trusted); otherwise the
    connection's own address."""
    count = settings.PROXY_COUNT if settings.BEHIND_PROXY else 0
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    # None when unknown (a request made in code, as Django's force_login does): axes stores it as no address.
    return request.META.get("REMOTE_ADDR") or None
