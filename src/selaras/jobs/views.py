from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from selaras.accounts.access import Action, require
from selaras.jobs import services
from selaras.jobs.models import Job
from selaras.web.errors import ServiceError
from selaras.web.i18n import request_language


def _job_for_user(request: HttpRequest, job_id: str) -> Job:
    job = get_object_or_404(Job, pk=job_id)
    require(request.user, Action.VIEW_PRIVATE, job.region_id)
    return job


def _context(request: HttpRequest, job: Job) -> dict[str, object]:
    return {"job": job, "may_control": services.may_control_job(request.user, job)}


@require_GET
def detail(request: HttpRequest, job_id: str) -> HttpResponse:
    return render(request, "jobs/detail.html", _context(request, _job_for_user(request, job_id)))


@require_GET
def status(request: HttpRequest, job_id: str) -> HttpResponse:
    return render(request, "jobs/_status.html", _context(request, _job_for_user(request, job_id)))


@require_POST
def cancel(request: HttpRequest, job_id: str) -> HttpResponse:
    job = get_object_or_404(Job, pk=job_id)
    try:
        job = services.job_cancel(job=job, user=request.user)
        if job.cancel_requested:
            messages.success(
                request, _("Cancel asked for: the job stops at its next step and keeps nothing.")
            )
        else:
            messages.success(request, _("The job is cancelled."))
    except ServiceError as error:
        messages.error(request, error.render(request_language()))
    return redirect("jobs:detail", job_id=job.pk)


@require_POST
def restart(request: HttpRequest, job_id: str) -> HttpResponse:
    job = get_object_or_404(Job, pk=job_id)
    try:
        services.job_restart(job=job, user=request.user)
        messages.success(request, _("The job is queued again."))
    except ServiceError as error:
        messages.error(request, error.render(request_language()))
    return redirect("jobs:detail", job_id=job.pk)
