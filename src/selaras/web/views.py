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
from selaras.regions.selectors import province_for_user, province_summary_cached
from selaras.web.caching import cached_part


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    province = province_for_user(user=request.user)
    today = timezone.localdate()
    # Parts by write stamp (selaras.web.caching): the province's the same for everyone allowed to see it (asked
    # only after `can`), the reminders and follow-ups only ever for this user.
    summary = province_summary_cached(province=province) if province else None
    reminders = cached_part(
        "agreement-reminders",
        request.user.pk,
        build=lambda: [(r, reminder_text(r)) for r in reminders_for_user(user=request.user, limit=5)],
        per_language=True,
    )
    connectivity, progress, sample = None, {}, False
    if province is not None and can(request.user, Action.VIEW, province.code):
        connectivity, rows = connectivity_selectors.province_progress(province=province, today=today)
        progress = {row.code: row for row in rows}
        sample = connectivity_selectors.sample_present(province=province.code)
    context = {
        "province": province,
        "summary": summary,
        "agreement_reminders": reminders,
        "connectivity": connectivity,
        "connectivity_sample": bool(connectivity) and sample,
        "regency_rows": [(row, progress.get(row.code)) for row in summary.rows] if summary else [],
        "period_end": PERIOD_END,
        "owed": cached_part(
            "owed-follow-ups",
            request.user.pk,
            today,
            build=lambda: owed_by_region(user=request.user, today=today),
        ),
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
