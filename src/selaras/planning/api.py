from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from selaras.planning import selectors, services
from selaras.planning.models import Nomenclature, Plan


class PlanSerializer(serializers.ModelSerializer[Plan]):
    class Meta:
        model = Plan
        fields = [
            "id",
            "region",
            "kind",
            "start_year",
            "end_year",
            "unit_name",
            "status",
            "status_reason",
            "status_changed_at",
            "is_sample",
        ]


class PlanRowSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    kode_wilayah = serializers.CharField()
    kode = serializers.CharField()
    uraian = serializers.CharField()
    indikator = serializers.CharField()
    satuan = serializers.CharField()
    polaritas = serializers.CharField()
    agregasi = serializers.CharField()
    tipe = serializers.CharField()
    baseline = serializers.DecimalField(
        max_digits=30, decimal_places=6, allow_null=True, coerce_to_string=True
    )
    targets_by_year = serializers.DictField(child=serializers.CharField())
    pagu_idr_by_year = serializers.DictField(child=serializers.CharField())
    lokasi = serializers.ListField(child=serializers.CharField())
    mendukung = serializers.CharField(allow_null=True)
    penanggung_jawab = serializers.CharField()


class NomenclatureSerializer(serializers.ModelSerializer[Nomenclature]):
    decree = serializers.CharField(source="version.decree")
    partial = serializers.BooleanField(source="version.is_partial")

    class Meta:
        model = Nomenclature
        fields = ["code", "urusan", "level", "tier", "name", "retired_at", "decree", "partial"]


class PlanViewSet(viewsets.ReadOnlyModelViewSet[Plan]):
    """Plans the caller may read: drafts of their own region (all of the province for its administrators),
    the province's submitted and approved plans, and national targets."""

    serializer_class = PlanSerializer
    lookup_url_kwarg = "plan_id"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Plan]:
        return selectors.plan_list_for_user(user=self.request.user)

    def get_object(self) -> Plan:
        return selectors.plan_get_for_user(user=self.request.user, plan_id=int(self.kwargs["plan_id"]))

    @extend_schema(responses=PlanRowSerializer(many=True))
    @action(detail=True, pagination_class=None)  # every row of the plan, as the import sheet has them
    def rows(self, request: Request, plan_id: str) -> Response:
        """The plan's indicator rows, shaped like the import sheet `Program`."""
        plan = self.get_object()
        rows = [
            {
                **row.__dict__,
                "targets_by_year": {str(y): str(v) for y, v in row.targets_by_year.items()},
                "pagu_idr_by_year": {str(y): str(v) for y, v in row.pagu_idr_by_year.items()},
                "lokasi": list(row.lokasi),
            }
            for row in services.plan_rows(plan=plan)
        ]
        return Response(PlanRowSerializer(rows, many=True).data)


class NomenclatureViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Nomenclature]):
    """The nomenclature master (retired codes flagged by `retired_at`)."""

    serializer_class = NomenclatureSerializer
    queryset = Nomenclature.objects.select_related("version").order_by("code")


def register(router: DefaultRouter) -> None:
    """Add this capability's API endpoints to the shared router (selaras/urls.py calls it)."""
    router.register("plans", PlanViewSet, basename="plan")
    router.register("nomenclature", NomenclatureViewSet, basename="nomenclature")
