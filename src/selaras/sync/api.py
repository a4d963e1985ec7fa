from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from selaras.sync import selectors, services
from selaras.sync.models import IrisanProposal, RunState, SyncRun
from selaras.web.api_params import region_code_field
from selaras.web.i18n import error_text, request_language


class SyncRunSerializer(serializers.ModelSerializer[SyncRun]):
    result = serializers.SerializerMethodField()

    class Meta:
        model = SyncRun
        fields = [
            "id",
            "region",
            "start_year",
            "end_year",
            "plans",
            "created_at",
            "is_sample",
            "state",
            "changes",
            "result",
        ]

    def get_result(self, run: SyncRun) -> dict[str, Any]:
        """The analysis in the OUT.json contract of `selaras sync analyze` (docs/sync-analyze.md)."""
        return run.result(request_language())


class ProposalSerializer(serializers.ModelSerializer[IrisanProposal]):
    reason = serializers.SerializerMethodField()
    is_sample = serializers.BooleanField(source="run.is_sample", read_only=True)
    # Plain strings ("pending", "accepted", "rejected"): one shared enum would name the same choices twice.
    answer_a = serializers.CharField(read_only=True)
    answer_b = serializers.CharField(read_only=True)

    class Meta:
        model = IrisanProposal
        fields = [
            "id",
            "run",
            "row_a",
            "row_b",
            "party_a",
            "party_b",
            "kind",
            "key",
            "change",
            "score",
            "reason",
            "answer_a",
            "answer_a_reason",
            "answer_b",
            "answer_b_reason",
            "agreement",
            "is_sample",
        ]

    def get_reason(self, proposal: IrisanProposal) -> str:
        return proposal.reason(request_language())


class AnswerSerializer(serializers.Serializer[Any]):
    answer = serializers.ChoiceField(choices=["accepted", "rejected"])
    reason = serializers.CharField()


class RunStartSerializer(serializers.Serializer[Any]):
    region = region_code_field("The province code; the caller's province when left out.")
    # Bounded here as in the service, so a huge range is refused before any list of years is made.
    start_year = serializers.IntegerField(min_value=2000, max_value=2100)
    end_year = serializers.IntegerField(min_value=2000, max_value=2100)
    confirm_changes = serializers.BooleanField(
        default=False,
        help_text="Publish the run even when it changes decided proposals (otherwise 409 lists them).",
    )


class SyncRunViewSet(viewsets.ReadOnlyModelViewSet[SyncRun]):
    """Synchronization runs of the caller's province (latest first)."""

    serializer_class = SyncRunSerializer
    lookup_url_kwarg = "run_id"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[SyncRun]:
        return selectors.run_list_for_user(user=self.request.user)

    @extend_schema(request=RunStartSerializer, responses={201: SyncRunSerializer, 409: None})
    @action(detail=False, methods=["post"])
    def start(self, request: Request) -> Response:
        """Run the analysis now. Answers are carried over; a run that would change a decided proposal is kept
        pending and answered 409 with those changes, unless `confirm_changes` is true."""
        data = RunStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        region = values.get("region") or str(getattr(request.user, "region_code", "") or "").split(".")[0]
        try:
            run = services.sync_run(
                actor=request.user,
                province_code=region,
                years=range(values["start_year"], values["end_year"] + 1),
                confirm=values["confirm_changes"],
            )
        except services.SyncError as error:
            raise ValidationError({"detail": error_text(error)}) from error
        if run.state == RunState.PENDING:
            _previous, _before, diff = services.run_diff(run=run)
            changes = [
                {"key": c.key, "change": str(c.change), "kind_after": c.kind_after}
                for c in diff.decided_changes
            ]
            body = {"detail": str(services.CONFIRM_CHANGES), "run": run.pk, "decided_changes": changes}
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(SyncRunSerializer(run).data, status=status.HTTP_201_CREATED)


class ProposalViewSet(viewsets.ReadOnlyModelViewSet[IrisanProposal]):
    """Irisan proposals of the caller's province; each party answers its side."""

    serializer_class = ProposalSerializer
    lookup_url_kwarg = "proposal_id"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[IrisanProposal]:
        return selectors.proposal_list_for_user(user=self.request.user)

    def get_object(self) -> IrisanProposal:
        return selectors.proposal_get_for_user(
            user=self.request.user, proposal_id=int(self.kwargs["proposal_id"])
        )

    @extend_schema(request=AnswerSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, proposal_id: str) -> Response:
        """Accept or reject the proposal for the caller's party, with a reason."""
        proposal = self.get_object()
        services.proposal_require_party(user=request.user, proposal=proposal)
        data = AnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            proposal = services.proposal_answer(
                user=request.user,
                proposal=proposal,
                answer=data.validated_data["answer"],
                reason=data.validated_data["reason"],
            )
        except services.SyncError as error:
            raise ValidationError({"detail": error_text(error)}) from error
        return Response(ProposalSerializer(proposal).data)


def register(router: DefaultRouter) -> None:
    """Add this capability's API endpoints to the shared router (selaras/urls.py calls it)."""
    router.register("sync/runs", SyncRunViewSet, basename="sync-run")
    router.register("sync/proposals", ProposalViewSet, basename="sync-proposal")
