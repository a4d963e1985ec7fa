"""API of the rollout planner: the scenarios a user may see (inputs, state, gap), a solved scenario's plan and
spend beside today's rule, and the two actions of the page: solve (queues the same background job) and adopt.
Same selectors, services and access checks as the pages; errors are JSON with the message in the request's
language (Accept-Language)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from selaras.accounts.access import Action, require, scope
from selaras.accounts.api_permissions import SignedIn
from selaras.core.rollout import RolloutError
from selaras.regions.selectors import province_for_user
from selaras.rollout import catalogue, live_results, results, selectors, services
from selaras.rollout.forms import TECH_LABELS
from selaras.rollout.models import FiberNode, Scenario, VillageFacilities, VillagePower
from selaras.rollout.tasks import scenario_solve_task
from selaras.web.api_params import query, region_code_field
from selaras.web.i18n import error_text, request_language


class Conflict(APIException):
    """The scenario is not in a state for this (not solved yet, already adopted)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class ScenarioPermission(SignedIn):
    """Everyone in the province reads a scenario; its region's writers solve it; adopting commits the province,
    so only the province's editors may (as on the page). Asks the access module (404 out of sight, 403)."""

    def has_object_permission(self, request: Request, view: Any, obj: Scenario) -> bool:
        require(request.user, Action.VIEW, obj.region_id)
        if view.action == "solve":
            require(request.user, Action.EDIT, obj.region_id)
        elif view.action == "adopt":
            require(request.user, Action.DECIDE, obj.region_id)
        return True


class ScenarioSerializer(serializers.ModelSerializer[Scenario]):
    region_name = serializers.CharField(source="region.name", read_only=True)
    years = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    error = serializers.CharField(source="error_shown", read_only=True)
    status = serializers.SerializerMethodField()
    gap = serializers.SerializerMethodField()
    objective = serializers.SerializerMethodField()
    upper_bound = serializers.SerializerMethodField()

    class Meta:
        model = Scenario
        fields = [
            "id",
            "title",
            "region",
            "region_name",
            "first_year",
            "year_count",
            "years",
            "budgets",
            "costs",
            "fiber_max_km",
            "bts_min_population",
            "province_share",
            "agreement",
            "require_all",
            "plan_live_sites",
            "keep_live_sites",
            "rule_tier",
            "time_limit_s",
            "state",
            "error",
            "job",
            "status",
            "gap",
            "objective",
            "upper_bound",
            "solved_at",
            "adopted_at",
            "is_sample",
        ]

    def get_status(self, scenario: Scenario) -> str | None:
        return scenario.result.get("status") if results.is_solved(scenario) else None

    def get_gap(self, scenario: Scenario) -> float | None:
        return scenario.result.get("gap") if results.is_solved(scenario) else None

    def get_objective(self, scenario: Scenario) -> float | None:
        return scenario.result.get("objective") if results.is_solved(scenario) else None

    def get_upper_bound(self, scenario: Scenario) -> float | None:
        return scenario.result.get("upper_bound") if results.is_solved(scenario) else None


class AssignmentSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    tech = serializers.CharField()
    tech_label = serializers.CharField()
    year = serializers.IntegerField()
    population = serializers.IntegerField()
    estimated = serializers.BooleanField()
    power = serializers.CharField(allow_null=True, required=False, help_text="Power option; null on the grid")


class LiveTierSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    year = serializers.IntegerField()
    tier = serializers.CharField(allow_null=True, help_text="null: switched off that year")


class LiveSitesSerializer(serializers.Serializer[Any]):
    """Issue 15: the sites already live, their tier per year, today's rule (every site cut to one tier),
    the value of Rp 1 billion more per payer and year, and the unconnected desa the budget cannot afford."""

    tiers = serializers.ListField(child=serializers.DictField())
    live_site_tiers = LiveTierSerializer(many=True)
    keep_live_sites = serializers.BooleanField()
    keep_live_sites_cost_idr = serializers.FloatField()
    rule_tier = serializers.CharField()
    rule_live_site_tiers = LiveTierSerializer(many=True)
    rule_villages = serializers.IntegerField()
    rule_people = serializers.FloatField()
    rule_cost_idr = serializers.FloatField()
    site_cost_idr = serializers.ListField(child=serializers.FloatField())
    rule_site_cost_idr = serializers.ListField(child=serializers.FloatField())
    marginal_value_idr = serializers.DictField(
        child=serializers.DictField(child=serializers.FloatField(allow_null=True)),
        help_text="{payer: {year: value gained per extra Rp 1 billion}}",
    )
    unaffordable = serializers.ListField(child=serializers.DictField())


class RuleRunSerializer(serializers.Serializer[Any]):
    villages = serializers.IntegerField()
    people = serializers.FloatField()
    objective = serializers.FloatField()
    cost_idr = serializers.FloatField()
    spend = serializers.DictField(child=serializers.DictField(child=serializers.FloatField()))


class AdoptSerializer(serializers.Serializer[Any]):
    """As the page's adoption form: an addendum is needed only when the agreement is already signed."""

    addendum_number = serializers.CharField(required=False, allow_blank=True, max_length=120)
    addendum_signed_on = serializers.DateField(required=False, allow_null=True)


class RolloutPlanSerializer(serializers.Serializer[Any]):
    scenario = serializers.IntegerField()
    title = serializers.CharField()
    is_sample = serializers.BooleanField()
    status = serializers.CharField()
    gap = serializers.FloatField()
    objective = serializers.FloatField()
    upper_bound = serializers.FloatField(allow_null=True)
    min_budget_factor = serializers.FloatField(allow_null=True)
    assignments = AssignmentSerializer(many=True)
    plan = RuleRunSerializer()
    todays_rule = RuleRunSerializer()
    live_sites = LiveSitesSerializer(allow_null=True)


class ComparedCellSerializer(serializers.Serializer[Any]):
    plan = serializers.FloatField(allow_null=True)
    todays_rule = serializers.FloatField(allow_null=True)
    difference = serializers.FloatField(allow_null=True)


class ComparedRowSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()
    group = serializers.CharField()
    cells = ComparedCellSerializer(many=True)
    vs_first = serializers.ListField(child=serializers.FloatField(allow_null=True))


class ComparedScenarioSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    region = serializers.CharField()
    is_sample = serializers.BooleanField()


class ComparisonSerializer(serializers.Serializer[Any]):
    scenarios = ComparedScenarioSerializer(many=True)
    rows = ComparedRowSerializer(many=True)


def _comparison(comparison: results.Comparison) -> dict[str, Any]:
    return {
        "scenarios": [
            {"id": s.pk, "title": s.title, "region": s.region_id, "is_sample": s.is_sample}
            for s in (c.scenario for c in comparison.columns)
        ],
        "rows": [
            {
                "label": str(row.label),
                "group": str(row.group),
                "cells": [{"plan": p, "todays_rule": t, "difference": d} for p, t, d in row.cells],
                "vs_first": row.vs_first,
            }
            for row in comparison.rows
        ],
    }


def _plan(scenario: Scenario) -> dict[str, Any]:
    summary = selectors.plan_summary(scenario=scenario, labels=TECH_LABELS)
    result, today = scenario.result, scenario.todays_rule
    return {
        "scenario": scenario.pk,
        "title": scenario.title,
        "is_sample": scenario.is_sample,
        "status": result.get("status"),
        "gap": float(result.get("gap") or 0.0),
        "objective": summary.objective,
        "upper_bound": result.get("upper_bound"),
        "min_budget_factor": result.get("min_budget_factor"),
        "assignments": [{**a, "tech_label": str(a["tech_label"])} for a in summary.assignments],
        "plan": {
            "villages": summary.plan_villages,
            "people": summary.plan_people,
            "objective": summary.objective,
            "cost_idr": summary.plan_cost,
            "spend": result.get("spend", {}),
        },
        "todays_rule": {
            "villages": summary.today_villages,
            "people": summary.today_people,
            "objective": summary.today_objective,
            "cost_idr": summary.today_cost,
            "spend": today.get("spend", {}),
        },
        "live_sites": _live_sites(scenario),
    }


def _live_sites(scenario: Scenario) -> dict[str, Any] | None:
    live = live_results.live_summary(scenario=scenario)
    if live is None:
        return None
    result = scenario.result
    rule = result.get("cut_rule") or {}
    return {
        "tiers": live.tiers,
        "live_site_tiers": result.get("live_site_tiers", []),
        "keep_live_sites": scenario.keep_live_sites,
        "keep_live_sites_cost_idr": live.keep_cost,
        "rule_tier": live.rule_tier,
        "rule_live_site_tiers": (rule.get("plan") or {}).get("live_site_tiers", []),
        "rule_villages": live.rule_villages,
        "rule_people": live.rule_people,
        "rule_cost_idr": live.rule_cost,
        "site_cost_idr": live.site_cost,
        "rule_site_cost_idr": live.rule_site_cost,
        "marginal_value_idr": result.get("marginal_value_idr") or {},
        "unaffordable": live.unaffordable,
    }


class ScenarioViewSet(viewsets.ReadOnlyModelViewSet[Scenario]):
    """Rollout scenarios of the caller's province (newest first), with their inputs and state."""

    serializer_class = ScenarioSerializer
    permission_classes = [ScenarioPermission]
    lookup_url_kwarg = "scenario_id"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Scenario]:
        return scope(self.request.user, Scenario.objects.select_related("region"), Action.VIEW).defer(
            "villages", "todays_rule"
        )

    def get_object(self) -> Scenario:
        scenario = selectors.scenario_get_for_user(
            user=self.request.user, scenario_id=int(self.kwargs["scenario_id"])
        )
        self.check_object_permissions(self.request, scenario)
        return scenario

    @extend_schema(responses=RolloutPlanSerializer)
    @action(detail=True)
    def plan(self, request: Request, scenario_id: str) -> Response:
        """The solved plan: each village's technology, power and start year (with name and population, estimated
        or not), spend per payer and year, and the same figures for today's rule; with live sites, their tier
        per year beside today's rule cutting every site to one tier, the value of Rp 1 billion more per payer
        and year, and the desa the budget cannot afford. 409 when not solved yet."""
        scenario = self.get_object()
        if not results.is_solved(scenario):
            raise Conflict(services.ERR_NOT_SOLVED.render(request_language()))
        return Response(RolloutPlanSerializer(_plan(scenario)).data)

    @extend_schema(
        parameters=[OpenApiParameter("s", int, many=True, description="2-4 scenario ids")],
        responses=ComparisonSerializer,
    )
    @action(detail=False)
    def compare(self, request: Request) -> Response:
        """2-4 solved scenarios side by side (`?s=1&s=2`), each with its today's-rule run, as on the page:
        per measure, per scenario (plan, today's rule, difference) and each later plan minus the first one's.
        400 with the reason for a bad choice; 404 for a scenario out of sight."""
        try:
            comparison = results.comparison_for_user(
                user=request.user, raw_ids=request.query_params.getlist("s")
            )
        except results.CompareError as error:
            raise ValidationError({"detail": error.text.render(request_language())}) from error
        return Response(ComparisonSerializer(_comparison(comparison)).data)

    @extend_schema(request=None, responses={202: ScenarioSerializer})
    @action(detail=True, methods=["post"])
    def solve(self, request: Request, scenario_id: str) -> Response:
        """Queue the solver for the scenario (the page's background job); poll the scenario's `state` and
        `job`. 400 with the reason when the scenario cannot be built into an instance."""
        scenario = self.get_object()
        try:
            services.scenario_solve_request(scenario=scenario, actor=request.user, task=scenario_solve_task)
        except (RolloutError, services.RolloutServiceError) as error:
            raise ValidationError({"detail": error_text(error)}) from error
        return Response(ScenarioSerializer(scenario).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=AdoptSerializer,
        responses=inline_serializer(
            "RolloutAdoptReport",
            {
                "access_points": serializers.IntegerField(),
                "site_tiers": serializers.IntegerField(help_text="Service tiers of live sites written"),
                "obligations": serializers.IntegerField(),
                "addendum": serializers.IntegerField(help_text="The addendum's id; 0 when none was needed"),
                "agreement_signed": serializers.BooleanField(),
            },
        ),
    )
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, scenario_id: str) -> Response:
        """Adopt the plan (province editors only): planned access points and live sites' service tiers per year
        in connectivity and each payer's
        obligations in the scenario's agreement (a signed one needs the addendum's number and date).
        409 when not solved or already adopted, 400 with the reason for anything else refused."""
        scenario = self.get_object()
        data = AdoptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            report = services.scenario_adopt(scenario=scenario, actor=request.user, **data.validated_data)
        except services.RolloutServiceError as error:
            if getattr(error.message, "msg", None) in (services.ERR_NOT_SOLVED, services.ERR_ALREADY_ADOPTED):
                raise Conflict(error_text(error)) from error
            raise ValidationError({"detail": error_text(error)}) from error
        return Response({**report, "agreement_signed": bool(report["agreement_signed"])})


class FiberNodeSerializer(serializers.ModelSerializer[FiberNode]):
    class Meta:
        model = FiberNode
        fields = ["id", "region", "name", "lat", "lng", "operator", "source", "imported_at", "is_sample"]


class FiberNodeViewSet(viewsets.ReadOnlyModelViewSet[FiberNode]):
    """The imported fiber-node layers of the caller's province (empty: scenarios plan with SAMPLE nodes at the
    regency and district capitals). Imports are made on the page /rollout/fiber/."""

    serializer_class = FiberNodeSerializer
    permission_classes = [SignedIn]
    lookup_url_kwarg = "node_id"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[FiberNode]:
        return scope(self.request.user, FiberNode.objects.all(), Action.VIEW)


class VillageFacilitiesSerializer(serializers.ModelSerializer[VillageFacilities]):
    village_name = serializers.CharField(source="village.name", read_only=True)

    class Meta:
        model = VillageFacilities
        fields = ["village", "village_name", "schools", "health_posts", "source", "updated_at", "is_sample"]


class RegionParams(serializers.Serializer[Any]):
    region = region_code_field("Only villages under this region code")


@extend_schema_view(list=extend_schema(parameters=[RegionParams]))
class VillageFacilitiesViewSet(viewsets.ReadOnlyModelViewSet[VillageFacilities]):
    """Schools and health posts per village of the caller's province (`?region=64.01` narrows it); each adds
    the scenario's bonus to the village's weight. Imports are made on the page /rollout/fasilitas/."""

    serializer_class = VillageFacilitiesSerializer
    permission_classes = [SignedIn]
    lookup_field = "village"
    lookup_url_kwarg = "facility_village"
    lookup_value_regex = r"[0-9.]+"

    def get_queryset(self) -> QuerySet[VillageFacilities]:
        rows = scope(self.request.user, VillageFacilities.objects.select_related("village"), Action.VIEW)
        region = query(self.request, RegionParams).get("region", "") if self.action == "list" else ""
        return rows.filter(village__code__startswith=region + ".") if region else rows


class VillagePowerSerializer(serializers.ModelSerializer[VillagePower]):
    village_name = serializers.CharField(source="village.name", read_only=True)

    class Meta:
        model = VillagePower
        fields = ["village", "village_name", "grid_power", "source", "updated_at", "is_sample"]


@extend_schema_view(list=extend_schema(parameters=[RegionParams]))
class VillagePowerViewSet(viewsets.ReadOnlyModelViewSet[VillagePower]):
    """Grid electricity per village of the caller's province (`?region=64.01` narrows it); a village without
    needs a power option in a plan, and one with no record counts as on the grid. Imports are made on the page
    /rollout/listrik/."""

    serializer_class = VillagePowerSerializer
    permission_classes = [SignedIn]
    lookup_field = "village"
    lookup_url_kwarg = "power_village"
    lookup_value_regex = r"[0-9.]+"

    def get_queryset(self) -> QuerySet[VillagePower]:
        rows = scope(self.request.user, VillagePower.objects.select_related("village"), Action.VIEW)
        region = query(self.request, RegionParams).get("region", "") if self.action == "list" else ""
        return rows.filter(village__code__startswith=region + ".") if region else rows


class CatalogueSerializer(serializers.Serializer[Any]):
    province = serializers.CharField()
    defaults = serializers.BooleanField(help_text="true: the province has not edited the defaults")
    tiers = serializers.ListField(child=serializers.DictField())
    power_options = serializers.ListField(child=serializers.DictField())


class CatalogueViewSet(viewsets.ViewSet):
    """The service tiers of live sites and power options of new sites the caller's province plans with (edited
    on the page /rollout/layanan/): a list of one, the caller's province (empty without one)."""

    permission_classes = [SignedIn]

    @extend_schema(responses=CatalogueSerializer(many=True))
    def list(self, request: Request) -> Response:
        province = province_for_user(user=request.user)
        if province is None:
            return Response([])
        require(request.user, Action.VIEW, province.code)
        tiers, power, defaults = catalogue.catalogue_for(province=province.code)
        data = {"province": province.code, "defaults": defaults, "tiers": tiers, "power_options": power}
        return Response(CatalogueSerializer([data], many=True).data)


def register(router: DefaultRouter) -> None:
    """Add this capability's API endpoints to the shared router (selaras/urls.py calls it)."""
    router.register("rollout/scenarios", ScenarioViewSet, basename="rollout-scenario")
    router.register("rollout/fiber-nodes", FiberNodeViewSet, basename="rollout-fiber-node")
    router.register("rollout/facilities", VillageFacilitiesViewSet, basename="rollout-facilities")
    router.register("rollout/grid-power", VillagePowerViewSet, basename="rollout-grid-power")
    router.register("rollout/catalogue", CatalogueViewSet, basename="rollout-catalogue")
