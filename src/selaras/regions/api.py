from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from selaras.accounts.access import Action, scope
from selaras.regions import selectors
from selaras.regions.models import Region


class RegionSerializer(serializers.ModelSerializer[Region]):
    class Meta:
        model = Region
        fields = [
            "code",
            "level",
            "name",
            "parent",
            "village_kind",
            "lat",
            "lng",
            "population",
            "area_km2",
            "retired_at",
        ]


class RegionDetailSerializer(RegionSerializer):
    class Meta(RegionSerializer.Meta):
        fields = [*RegionSerializer.Meta.fields, "boundary"]


class SearchHitSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    parent_name = serializers.CharField()
    score = serializers.FloatField()
    retired = serializers.BooleanField()


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("parent", str, description="Only the children of this code"),
            OpenApiParameter("level", str, description="province, regency, district or village"),
            OpenApiParameter("active", bool, description="Leave out retired codes"),
        ]
    )
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet[Region]):
    """The official region hierarchy the caller may see (their province, and `00` for national targets)."""

    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"

    def get_queryset(self) -> QuerySet[Region]:
        queryset = scope(self.request.user, Region.objects.all(), Action.VIEW, field="code")
        params = self.request.query_params
        if parent := params.get("parent"):
            queryset = queryset.filter(parent_id=parent)
        if level := params.get("level"):
            queryset = queryset.filter(level=level)
        if params.get("active") in {"1", "true"}:
            queryset = queryset.active()
        return queryset.order_by("code")

    def get_serializer_class(self) -> Any:
        return RegionDetailSerializer if self.action == "retrieve" else RegionSerializer

    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True)], responses=SearchHitSerializer(many=True)
    )
    @action(detail=False)
    def search(self, request: Request) -> Response:
        hits = selectors.region_search(user=request.user, query=request.query_params.get("q", "")[:100])
        return Response(SearchHitSerializer(hits, many=True).data)
