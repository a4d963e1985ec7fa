from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from selaras.accounts.access import Action, scope
from selaras.regions import selectors
from selaras.regions.models import Level, Region
from selaras.web.api_params import query, region_code_field


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


class RegionFilter(serializers.Serializer[Any]):
    parent = region_code_field("Only the children of this code")
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    active = serializers.BooleanField(required=False, default=False, help_text="Leave out retired codes")


class RegionSearch(serializers.Serializer[Any]):
    q = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True, help_text="Part of a name or code"
    )


@extend_schema_view(list=extend_schema(parameters=[RegionFilter]))
class RegionViewSet(viewsets.ReadOnlyModelViewSet[Region]):
    """The official region hierarchy the caller may see (their province, and `00` for national targets)."""

    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"

    def get_queryset(self) -> QuerySet[Region]:
        queryset = scope(self.request.user, Region.objects.all(), Action.VIEW, field="code")
        if self.action != "list":
            return queryset.order_by("code")
        params = query(self.request, RegionFilter)
        if parent := params.get("parent"):
            queryset = queryset.filter(parent_id=parent)
        if level := params.get("level"):
            queryset = queryset.filter(level=level)
        if params["active"]:
            queryset = queryset.active()
        return queryset.order_by("code")

    def get_serializer_class(self) -> Any:
        return RegionDetailSerializer if self.action == "retrieve" else RegionSerializer

    @extend_schema(parameters=[RegionSearch], responses=SearchHitSerializer(many=True))
    @action(detail=False, pagination_class=None)  # the best hits, not a paged list
    def search(self, request: Request) -> Response:
        hits = selectors.region_search(user=request.user, query=query(request, RegionSearch)["q"])
        return Response(SearchHitSerializer(hits, many=True).data)
