from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from selaras.accounts.access import Action, require
from selaras.jobs.models import Job


def _job_for_user(request: HttpRequest, job_id: str) -> Job:
    job = get_object_or_404(Job, pk=job_id)
    require(request.user, Action.VIEW_PRIVATE, job.region_id)
    return job


@require_GET
def detail(request: HttpRequest, job_id: str) -> HttpResponse:
    return render(request, "jobs/detail.html", {"job": _job_for_user(request, job_id)})


@require_GET
def status(request: HttpRequest, job_id: str) -> HttpResponse:
    return render(request, "jobs/_status.html", {"job": _job_for_user(request, job_id)})
