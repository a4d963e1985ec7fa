"""API of coordination meetings: the province's meetings with their participants, agenda, decisions and
follow-ups (status computed as on the pages); the responsible government marks a follow-up done, the province
confirms it. Access as on the pages (selaras.accounts.access, through the selectors and services)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from selaras.meetings import selectors, services
from selaras.meetings.models import AgendaItem, Decision, FollowUp, Meeting, Participant


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    responsible = serializers.CharField(source="region_id", read_only=True)
    decision_number = serializers.IntegerField(source="decision.number", read_only=True)
    status = serializers.SerializerMethodField()
    status_basis = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "meeting",
            "decision",
            "decision_number",
            "responsible",
            "kind",
            "text",
            "due_on",
            "status",
            "status_basis",
            "evidence_note",
            "evidence_file_name",
            "claimed_at",
            "confirmed_at",
        ]

    def _view(self, follow_up: FollowUp) -> selectors.FollowUpView:
        views: dict[int, selectors.FollowUpView] = self.context.setdefault("views", {})
        if follow_up.pk not in views:
            views[follow_up.pk] = selectors.followup_view(follow_up, today=timezone.localdate())
        return views[follow_up.pk]

    def get_status(self, follow_up: FollowUp) -> str:
        """done, awaiting (marked done, awaiting the province's confirmation), overdue or open."""
        return str(self._view(follow_up).state)

    def get_status_basis(self, follow_up: FollowUp) -> str:
        return self._view(follow_up).basis


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    government = serializers.CharField(source="region_id", read_only=True)

    class Meta:
        model = Participant
        fields = ["government", "name", "position", "attendance", "represented_by"]


class AgendaSerializer(serializers.ModelSerializer[AgendaItem]):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "notes"]


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    refers_to = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "number",
            "text",
            "bound",
            "proposal",
            "proposal_key",
            "agreement",
            "target_region",
            "indicator_key",
            "target_year",
            "target_minimum",
            "refers_to",
        ]

    def get_refers_to(self, decision: Decision) -> list[str]:
        return list(selectors.decision_refers_to(decision))


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    participants = ParticipantSerializer(many=True, read_only=True)
    agenda = AgendaSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)
    snapshot_run = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "region",
            "title",
            "theme",
            "date",
            "place",
            "host",
            "is_sample",
            "snapshot_run",
            "participants",
            "agenda",
            "decisions",
            "follow_ups",
        ]

    def get_snapshot_run(self, meeting: Meeting) -> int | None:
        """The synchronization run frozen as presented at the meeting."""
        run = meeting.snapshot.get("run_id")
        return int(run) if run else None


class MeetingViewSet(viewsets.ReadOnlyModelViewSet[Meeting]):
    """Coordination meetings (Rakorda) of the caller's province."""

    serializer_class = MeetingSerializer
    lookup_url_kwarg = "meeting_id"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Meeting]:
        return (
            selectors.meetings_for_user(user=self.request.user)
            .prefetch_related("participants", "agenda", "decisions__agreement", "follow_ups__decision")
            .order_by("-date", "-pk")
        )


class MarkDoneSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=2000)


class ConfirmSerializer(serializers.Serializer[Any]):
    accept = serializers.BooleanField()
    reason = serializers.CharField(max_length=200, required=False, default="")


class FollowUpViewSet(viewsets.ReadOnlyModelViewSet[FollowUp]):
    """Follow-ups of the province's meetings. `?meeting=<id>` filters by meeting, `?responsible=<code>` by the
    government that owes them."""

    serializer_class = FollowUpSerializer
    lookup_url_kwarg = "followup_id"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[FollowUp]:
        queryset = selectors.followups_for_user(user=self.request.user).order_by("meeting_id", "pk")
        meeting = self.request.query_params.get("meeting", "")
        if meeting.isdigit():
            queryset = queryset.filter(meeting_id=int(meeting))
        responsible = self.request.query_params.get("responsible", "")[:20]
        if responsible:
            queryset = queryset.filter(region_id=responsible)
        return queryset

    def get_object(self) -> FollowUp:
        return selectors.followup_get_for_user(
            user=self.request.user, followup_id=int(self.kwargs["followup_id"])
        )

    @extend_schema(request=MarkDoneSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, followup_id: str) -> Response:
        """The responsible government marks a follow-up (one the records cannot tell) done, describing its
        evidence; the evidence document is uploaded on the follow-up's page."""
        follow_up = self.get_object()
        data = MarkDoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        follow_up = services.followup_mark_done(
            actor=request.user, follow_up=follow_up, note=data.validated_data["note"]
        )
        return Response(FollowUpSerializer(follow_up).data)

    @extend_schema(request=ConfirmSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, followup_id: str) -> Response:
        """The province confirms a follow-up marked done (`accept` true) or sends it back open."""
        follow_up = self.get_object()
        data = ConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        follow_up = services.followup_confirm(
            actor=request.user,
            follow_up=follow_up,
            accept=data.validated_data["accept"],
            reason=data.validated_data["reason"],
        )
        return Response(FollowUpSerializer(follow_up).data)


def register(router: DefaultRouter) -> None:
    """Add this capability's API endpoints to the shared router (selaras/urls.py calls it)."""
    router.register("meetings/follow-ups", FollowUpViewSet, basename="meeting-follow-up")
    router.register("meetings", MeetingViewSet, basename="meeting")
