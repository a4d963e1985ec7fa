"""API of background jobs: the jobs a user may see (their region's private work), one job's progress, and cancel
and restart, with the same access checks as the job page (selaras.jobs.services.require_job_control)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from selaras.accounts.access import Action, require, scope
from selaras.accounts.api_permissions import SignedIn
from selaras.jobs import services
from selaras.jobs.models import Job


class JobSerializer(serializers.ModelSerializer[Job]):
    stop_reason_text = serializers.CharField(source="get_stop_reason_display", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    error = serializers.CharField(source="error_shown", read_only=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "region",
            "status",
            "done",
            "total",
            "percent",
            "stage",
            "result",
            "error",
            "attempt",
            "heartbeat_at",
            "cancel_requested",
            "stop_reason",
            "stop_reason_text",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class JobPermission(SignedIn):
    def has_object_permission(self, request: Request, view: Any, obj: Job) -> bool:
        require(request.user, Action.VIEW_PRIVATE, obj.region_id)
        if view.action in ("cancel", "restart"):
            services.require_job_control(request.user, obj)
        return True


class JobViewSet(viewsets.ReadOnlyModelViewSet[Job]):
    """Background jobs of the regions whose private work the caller sees, newest first. Poll a job for its
    progress (`done`/`total`, `stage`) and `status`: queued, running, done, failed or cancelled."""

    serializer_class = JobSerializer
    permission_classes = [JobPermission]
    lookup_url_kwarg = "job_id"
    lookup_value_regex = r"[0-9a-fA-F-]{36}"

    def get_queryset(self) -> QuerySet[Job]:
        return scope(self.request.user, Job.objects.all(), Action.VIEW_PRIVATE)

    @extend_schema(request=None, responses={202: JobSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, job_id: str) -> Response:
        """Cancel a queued job at once, a running one at its next step (nothing it did is kept): whoever
        started it and the region's editors. 400 with the reason for a job already finished."""
        job = services.job_cancel(job=self.get_object(), user=request.user)
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: JobSerializer})
    @action(detail=True, methods=["post"])
    def restart(self, request: Request, job_id: str) -> Response:
        """Queue a failed or cancelled job again with the same work: whoever started it and the region's
        editors. 400 with the reason for a job that is not failed or cancelled."""
        job = services.job_restart(job=self.get_object(), user=request.user)
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


def register(router: DefaultRouter) -> None:
    """Add this capability's API endpoints to the shared router (selaras/urls.py calls it)."""
    router.register("jobs", JobViewSet, basename="job")
