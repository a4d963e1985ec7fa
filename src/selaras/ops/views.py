"""/healthz for monitoring: no sign-in, JSON, 200 when every part is healthy, 503 naming the parts that are not.
It reveals ages and part names only, never data (access: public, like the sign-in page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from selaras.ops.health import health_report


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report.as_json(), status=200 if report.ok else 503)
