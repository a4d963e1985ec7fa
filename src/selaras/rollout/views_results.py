"""Pages that show solved plans: the plan's map data and scenarios side by side (with its workbook)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from selaras.ops.replica import heavy_read
from selaras.rollout import exports, results, selectors
from selaras.web.caching import revalidated
from selaras.web.i18n import request_language


@require_GET
@revalidated
@heavy_read
def scenario_map(request: HttpRequest, scenario_id: int) -> HttpResponse:
    """The plan's villages as GeoJSON, for the map on the scenario page (scoped like the page)."""
    scenario = selectors.scenario_get_for_user(user=request.user, scenario_id=scenario_id)
    body = json.dumps(results.plan_geojson(scenario=scenario), separators=(",", ":"))
    return HttpResponse(body, content_type="application/geo+json")


@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    raw = request.GET.getlist("s")
    comparison, error = None, ""
    try:
        comparison = results.comparison_for_user(user=request.user, raw_ids=raw)
    except results.CompareError as problem:
        error = problem.text.render(request_language()) if raw else ""
    context = {
        "comparison": comparison,
        "error": error,
        "choices": results.solved_scenarios_for_user(user=request.user),
        # ?pilih= only ticks a scenario in the picker (the scenario page links here with its own).
        "selected": {v for v in [*raw, *request.GET.getlist("pilih")] if v.isdigit()},
        "query": urlencode([("s", pk) for pk in comparison.ids]) if comparison else "",
    }
    return render(request, "rollout/compare.html", context, status=400 if error else 200)


@require_GET
@heavy_read
def compare_export(request: HttpRequest) -> HttpResponse:
    raw = request.GET.getlist("s")
    try:
        comparison = results.comparison_for_user(user=request.user, raw_ids=raw)
    except results.CompareError:  # the comparison page says what is wrong with the choice
        return redirect(reverse("rollout:compare") + "?" + urlencode([("s", v) for v in raw]))
    response = HttpResponse(exports.comparison_xlsx(comparison=comparison), content_type=exports.XLSX_TYPE)
    name = "-".join(str(pk) for pk in comparison.ids)
    response["Content-Disposition"] = f'attachment; filename="rollout-banding-{name}.xlsx"'
    return response
