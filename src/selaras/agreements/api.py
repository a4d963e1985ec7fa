"""Read-only API of cooperation agreements: the agreements a user sees (parties' regions, see models.py), with
parties, obligations and their computed status and fulfilment."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers, viewsets
from rest_framework.routers import DefaultRouter

from selaras.agreements import selectors
from selaras.agreements.models import Agreement, Obligation, Party


class PartySerializer(serializers.ModelSerializer[Party]):
    name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Party
        fields = ["id", "region", "name", "position", "document_number", "signatory", "signed_on"]


class ObligationSerializer(serializers.ModelSerializer[Obligation]):
    party_region = serializers.CharField(source="region_id", read_only=True)
    status = serializers.SerializerMethodField()
    villages_total = serializers.SerializerMethodField()
    villages_live_today = serializers.SerializerMethodField()
    villages_fulfilled = serializers.SerializerMethodField()

    class Meta:
        model = Obligation
        fields = [
            "id",
            "agreement",
            "party_region",
            "year",
            "title",
            "measure",
            "indicator",
            "indicator_target",
            "cost_share_idr",
            "cost_share_pct",
            "due_on",
            "status",
            "villages_total",
            "villages_live_today",
            "villages_fulfilled",
            "note",
        ]

    def _view(self, obligation: Obligation) -> selectors.ObligationView:
        views: dict[int, selectors.ObligationView] = self.context.setdefault("views", {})
        if obligation.pk not in views:
            agreement = obligation.agreement
            for view in selectors.obligation_views(agreement=agreement, today=timezone.localdate()):
                views[view.obligation.pk] = view
        return views[obligation.pk]

    def get_status(self, obligation: Obligation) -> str:
        return self._view(obligation).status

    def get_villages_total(self, obligation: Obligation) -> int | None:
        c = self._view(obligation).coverage
        return c.total if c else None

    def get_villages_live_today(self, obligation: Obligation) -> int | None:
        c = self._view(obligation).coverage
        return c.live_today if c else None

    def get_villages_fulfilled(self, obligation: Obligation) -> int | None:
        c = self._view(obligation).coverage
        return c.fulfilled if c else None


class AgreementSerializer(serializers.ModelSerializer[Agreement]):
    parties = PartySerializer(many=True, read_only=True)
    current_status = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "title",
            "kind",
            "scope",
            "starts_on",
            "ends_on",
            "status",
            "current_status",
            "signed_on",
            "is_sample",
            "parties",
        ]

    def get_current_status(self, agreement: Agreement) -> str:
        return agreement.status_on(timezone.localdate())


class AgreementViewSet(viewsets.ReadOnlyModelViewSet[Agreement]):
    """Cooperation agreements of which one of the caller's regions is a party (province admins: all of their
    province's)."""

    serializer_class = AgreementSerializer
    lookup_url_kwarg = "agreement_id"

    def get_queryset(self) -> QuerySet[Agreement]:
        return (
            selectors.agreements_for_user(user=self.request.user)
            .prefetch_related("parties__region")
            .order_by("pk")
        )


class ObligationViewSet(viewsets.ReadOnlyModelViewSet[Obligation]):
    """Obligations of the agreements the caller sees, with their status (coverage computed from connectivity
    records). Filter with `?agreement=<id>`."""

    serializer_class = ObligationSerializer
    lookup_url_kwarg = "obligation_id"

    def get_queryset(self) -> QuerySet[Obligation]:
        visible = selectors.agreements_for_user(user=self.request.user).values("pk")
        queryset = Obligation.objects.filter(agreement_id__in=visible).select_related(
            "agreement", "party__region"
        )
        agreement = self.request.query_params.get("agreement", "")
        if agreement.isdigit():
            queryset = queryset.filter(agreement_id=int(agreement))
        return queryset.order_by("agreement_id", "year", "pk")


def register(router: DefaultRouter) -> None:
    router.register("agreements", AgreementViewSet, basename="agreement")
    router.register("agreement-obligations", ObligationViewSet, basename="agreement-obligation")


__all__: list[Any] = ["register"]
