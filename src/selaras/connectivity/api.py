"""Read-only API of village connectivity: access points, signal observations, outages, current status per
village and progress per year. Everything is the caller's province only (the access module's scope)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from selaras.accounts.access import Action, require, scope, visible_region_q
from selaras.connectivity import selectors
from selaras.connectivity.models import AccessPoint, Outage, SignalObservation
from selaras.regions.selectors import province_for_user
from selaras.web.api_params import query, region_code_field
from selaras.web.caching import cached_part


class RegionParams(serializers.Serializer[Any]):
    region = region_code_field("Only records under this region code")


class RegencyParams(serializers.Serializer[Any]):
    regency = region_code_field("Only this regency/city")


REGION_PARAM = RegionParams


class AccessPointSerializer(serializers.ModelSerializer[AccessPoint]):
    class Meta:
        model = AccessPoint
        fields = [
            "id",
            "region",
            "facility",
            "technology",
            "provider",
            "bandwidth_mbps",
            "power",
            "programme",
            "status",
            "status_since",
            "is_sample",
        ]


class SignalObservationSerializer(serializers.ModelSerializer[SignalObservation]):
    class Meta:
        model = SignalObservation
        fields = ["id", "region", "signal", "observed_on", "source", "note", "is_sample"]


class OutageSerializer(serializers.ModelSerializer[Outage]):
    class Meta:
        model = Outage
        fields = ["id", "region", "access_point", "started_on", "ended_on", "cause", "is_sample"]


def _filtered(request: Request, queryset: QuerySet[Any]) -> QuerySet[Any]:
    queryset = scope(request.user, queryset, Action.VIEW)
    if region := query(request, RegionParams).get("region"):
        queryset = queryset.filter(region__code__startswith=region)
    return queryset


@extend_schema_view(list=extend_schema(parameters=[REGION_PARAM]))
class AccessPointViewSet(viewsets.ReadOnlyModelViewSet[AccessPoint]):
    """Public internet access points in villages of the caller's province."""

    serializer_class = AccessPointSerializer
    lookup_url_kwarg = "access_point_id"

    def get_queryset(self) -> QuerySet[AccessPoint]:
        return _filtered(self.request, AccessPoint.objects.order_by("region_id", "pk"))


@extend_schema_view(list=extend_schema(parameters=[REGION_PARAM]))
class SignalObservationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[SignalObservation]):
    """Cellular signal observed per village, with source and date."""

    serializer_class = SignalObservationSerializer

    def get_queryset(self) -> QuerySet[SignalObservation]:
        return _filtered(self.request, SignalObservation.objects.order_by("region_id", "observed_on", "pk"))


@extend_schema_view(list=extend_schema(parameters=[REGION_PARAM]))
class OutageViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Outage]):
    """Reported outages."""

    serializer_class = OutageSerializer

    def get_queryset(self) -> QuerySet[Outage]:
        return _filtered(self.request, Outage.objects.order_by("region_id", "started_on", "pk"))


class VillageStatusSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    district = serializers.CharField()
    regency_code = serializers.CharField()
    regency = serializers.CharField()
    status = serializers.CharField()
    technologies = serializers.ListField(child=serializers.CharField())
    signal = serializers.CharField()
    signal_on = serializers.DateField(allow_null=True)
    is_sample = serializers.BooleanField()


class VillageStatusViewSet(viewsets.ViewSet):
    """Current status per village: the best access point's status, technologies, latest signal."""

    lookup_url_kwarg = "village_code"
    lookup_value_regex = r"[0-9.]+"

    @extend_schema(
        parameters=[RegencyParams],
        responses=VillageStatusSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        province = province_for_user(user=request.user)
        if province is None:
            return Response([])
        states = selectors.village_states(
            user=request.user,
            province=province.code,
            regency=query(request, RegencyParams).get("regency", ""),
        )
        return Response(VillageStatusSerializer(states, many=True).data)

    @extend_schema(responses=VillageStatusSerializer)
    def retrieve(self, request: Request, village_code: str) -> Response:
        village = selectors.village_get_for_user(user=request.user, code=village_code)

        def build() -> dict[str, Any] | None:
            states = selectors.village_states(
                user=request.user, province=village.province_code, regency=village.code[:5]
            )
            found = next((s for s in states if s.code == village.code), None)
            return None if found is None else dict(VillageStatusSerializer(found).data)

        # After the access check, per the villages the user may see: by write stamp (selaras.web.caching).
        seen = str(visible_region_q(request.user, "code"))
        data = cached_part("api-village", village.code, seen, build=build, per_language=True)
        if data is None:
            raise Http404
        return Response(data)


class ProgressYearSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    desa_live = serializers.IntegerField(allow_null=True)
    kelurahan_live = serializers.IntegerField(allow_null=True)
    desa_target = serializers.IntegerField(allow_null=True)
    target_from_plan = serializers.BooleanField()


class ProgressSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    desa_total = serializers.IntegerField()
    kelurahan_total = serializers.IntegerField()
    years = ProgressYearSerializer(many=True)


class ProgressViewSet(viewsets.ViewSet):
    """Desa (and separately kelurahan) with a live public access point, per year, against the target path;
    the province first, then each regency/city."""

    @extend_schema(responses=ProgressSerializer(many=True))
    def list(self, request: Request) -> Response:
        province = province_for_user(user=request.user)
        if province is None:
            return Response([])
        require(request.user, Action.VIEW, province.code)
        today = timezone.localdate()

        def build() -> list[Any]:
            total, rows = selectors.province_progress(province=province, today=today)
            return list(ProgressSerializer([total, *rows], many=True).data)

        # The same for everyone who may see the province (checked above): by write stamp (selaras.web.caching).
        return Response(cached_part("api-progress", province.code, today, build=build, per_language=True))


def register(router: DefaultRouter) -> None:
    """Add this capability's API endpoints to the shared router (selaras/urls.py calls it)."""
    router.register("connectivity/access-points", AccessPointViewSet, basename="connectivity-access-point")
    router.register("connectivity/signals", SignalObservationViewSet, basename="connectivity-signal")
    router.register("connectivity/outages", OutageViewSet, basename="connectivity-outage")
    router.register("connectivity/villages", VillageStatusViewSet, basename="connectivity-village")
    router.register("connectivity/progress", ProgressViewSet, basename="connectivity-progress")
