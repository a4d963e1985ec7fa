"""The province dashboard and the error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from selaras.accounts.access import Action, can
from selaras.agreements.selectors import reminder_text, reminders_for_user
from selaras.connectivity import selectors as connectivity_selectors
from selaras.connectivity.progress import PERIOD_END
from selaras.meetings.selectors import owed_by_region
from selaras.regions.selectors import province_for_user, province_summary


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    province = province_for_user(user=request.user)
    summary = province_summary(province=province) if province else None
    reminders = [(r, reminder_text(r)) for r in reminders_for_user(user=request.user, limit=5)]
    connectivity, progress = None, {}
    if province is not None and can(request.user, Action.VIEW, province.code):
        connectivity, rows = connectivity_selectors.progress_for_province(province=province)
        progress = {row.code: row for row in rows}
    context = {
        "province": province,
        "summary": summary,
        "agreement_reminders": reminders,
        "connectivity": connectivity,
        "connectivity_sample": bool(connectivity)
        and connectivity_selectors.sample_present(province=province.code),
        "regency_rows": [(row, progress.get(row.code)) for row in summary.rows] if summary else [],
        "period_end": PERIOD_END,
        "owed": owed_by_region(user=request.user, today=timezone.localdate()),
    }
    return render(request, "web/dashboard.html", context)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"status": 404}, status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"status": 403}, status=403)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"status": 400}, status=400)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "web/error.html", {"status": 500}, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/error.html", {"status": 403, "csrf": True}, status=403)
