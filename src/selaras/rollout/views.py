from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from selaras.accounts.access import Action, can, require, scope
from selaras.agreements.models import Agreement, Kind
from selaras.core.numbers import NumberTextError, parse_rupiah_typed
from selaras.core.rollout import RolloutError
from selaras.ops.replica import heavy_read
from selaras.regions.models import Level, Region
from selaras.rollout import exports, forms, live_results, results, selectors, services
from selaras.rollout.forms_inputs import AdoptForm
from selaras.rollout.tasks import scenario_solve_task
from selaras.web.formatting import language
from selaras.web.i18n import error_text, request_language


@require_GET
def scenario_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, getattr(request.user, "region_code", "") or "64")
    context = {
        "scenarios": selectors.scenarios_for_user(user=request.user),
        "can_create": can(request.user, Action.EDIT, getattr(request.user, "region_code", "") or "64"),
    }
    return render(request, "rollout/list.html", context)


def _regions(user: Any) -> list[tuple[str, str]]:
    regions = Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY], retired_at__isnull=True)
    return [
        (r.code, f"{r.code} {r.name}")
        for r in scope(user, regions, Action.EDIT, field="code").order_by("code")
    ]


def _agreements(user: Any) -> list[tuple[str, str]]:
    rows = scope(user, Agreement.objects.filter(kind=Kind.VILLAGE_INTERNET), Action.VIEW_PRIVATE)
    return [(str(a.pk), a.title) for a in rows.order_by("-starts_on")[:50]]


def scenario_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.EDIT, getattr(request.user, "region_code", "") or "64")
    agreements = _agreements(request.user)
    form = forms.ScenarioForm(request.POST or None, regions=_regions(request.user), agreements=agreements)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        region = Region.objects.get(code=data["region"])
        require(request.user, Action.EDIT, region.code)
        agreement = Agreement.objects.filter(pk=data["agreement"]).first() if data["agreement"] else None
        try:
            scenario = services.scenario_create(
                actor=request.user,
                region=region,
                title=data["title"],
                first_year=data["first_year"],
                year_count=data["year_count"],
                province_budget_idr=float(data["province_budget_idr"]),
                regency_budget_idr=float(data["regency_budget_idr"]),
                fiber_max_km=data["fiber_max_km"],
                bts_min_population=data["bts_min_population"],
                bonus_per_facility=data["bonus_per_facility"],
                province_share=float(data["province_share_pct"] / Decimal(100)),
                agreement=agreement,
                require_all=data["require_all"],
                plan_live_sites=data["plan_live_sites"],
                keep_live_sites=data["keep_live_sites"],
                rule_tier=data["rule_tier"].strip(),
                costs=form.costs_json(),
            )
        except services.RolloutServiceError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Scenario created. Check the budgets, then solve it."))
            return redirect("rollout:detail", scenario_id=scenario.pk)
    return render(request, "rollout/new.html", {"form": form})


@require_GET
def scenario_detail(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id)
    solved = results.is_solved(scenario)
    names = results.payer_names(scenario.budgets)
    budget_rows = [
        (payer, names.get(payer, ""), [(y, by_year.get(str(y), 0)) for y in scenario.years])
        for payer, by_year in scenario.budgets.items()
    ]
    summary = (
        selectors.plan_summary(scenario=scenario, names=names, labels=forms.TECH_LABELS) if solved else None
    )
    if summary is not None:
        live_results.label_power(scenario=scenario, assignments=summary.assignments)
    context = {
        "scenario": scenario,
        "summary": summary,
        "live": live_results.live_summary(scenario=scenario, names=names) if solved else None,
        "budget_rows": budget_rows,
        "can_edit": can(request.user, Action.EDIT, scenario.region_id),
        "can_adopt": can(request.user, Action.DECIDE, scenario.region_id),
        **results.plan_extras(scenario=scenario, summary=summary),
    }
    return render(request, "rollout/detail.html", context)


@require_POST
def scenario_budgets(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id, action=Action.EDIT)
    budgets: dict[str, dict[str, float]] = {}
    for payer, by_year in scenario.budgets.items():
        budgets[payer] = {}
        for year in by_year:
            try:
                amount = parse_rupiah_typed(request.POST.get(f"budget-{payer}-{year}", "")[:40], language())
            except NumberTextError:
                amount = Decimal(-1)
            if amount < 0 or amount != amount.to_integral_value():
                messages.error(
                    request,
                    _("The budget of %(payer)s for %(year)s must be a whole number of rupiah, 0 or more.")
                    % {"payer": payer, "year": year},
                )
                return redirect("rollout:detail", scenario_id=scenario.pk)
            budgets[payer][year] = float(amount)
    services.scenario_budgets_set(scenario=scenario, budgets=budgets)
    messages.success(request, _("Budgets saved. Solve the scenario again to see their effect."))
    return redirect("rollout:detail", scenario_id=scenario.pk)


@require_POST
def scenario_solve(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id, action=Action.EDIT)
    try:
        services.scenario_solve_request(scenario=scenario, actor=request.user, task=scenario_solve_task)
    except (RolloutError, services.RolloutServiceError) as error:
        messages.error(request, error_text(error))
    return redirect("rollout:detail", scenario_id=scenario.pk)


@require_GET
@heavy_read
def scenario_export(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id)
    if not results.is_solved(scenario):
        messages.error(request, services.ERR_NOT_SOLVED.render(request_language()))
        return redirect("rollout:detail", scenario_id=scenario.pk)
    body = exports.plan_xlsx(scenario=scenario, summary=selectors.plan_summary(scenario=scenario))
    response = HttpResponse(body, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rollout-{scenario.pk}.xlsx"'
    return response


@require_POST
def scenario_adopt(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id)
    # Adopting commits the province: only its administrators may.
    require(request.user, Action.DECIDE, scenario.region_id)
    form = AdoptForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("rollout:detail", scenario_id=scenario.pk)
    try:
        report = services.scenario_adopt(
            scenario=scenario,
            actor=request.user,
            addendum_number=form.cleaned_data["addendum_number"],
            addendum_signed_on=form.cleaned_data["addendum_signed_on"],
        )
    except services.RolloutServiceError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _(
                "Plan adopted: %(points)s planned access points, %(tiers)s service tiers of live sites, "
                "%(obligations)s obligations."
            )
            % {
                "points": report["access_points"],
                "tiers": report["site_tiers"],
                "obligations": report["obligations"],
            },
        )
    return redirect("rollout:detail", scenario_id=scenario.pk)
