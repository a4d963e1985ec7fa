"""Pages of the planner's input layers: the province's fiber-node layer and schools and health posts per village.

Everyone signed in reads their province's layers (page, downloads, templates); the province's writers
(provincial administrators) import its fiber layer; a region's writers import facility counts for its villages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from selaras.accounts.access import Action, can, require
from selaras.regions.models import Level, Region
from selaras.regions.selectors import province_for_user
from selaras.rollout import catalogue, inputs
from selaras.rollout.forms_inputs import FacilitiesUploadForm, FiberUploadForm
from selaras.uploads.services import UploadError, upload_read
from selaras.web.fields import RupiahField, RupiahInput
from selaras.web.i18n import request_language


def _province(request: HttpRequest) -> Region:
    province = province_for_user(user=request.user)
    if province is None:
        raise Http404
    require(request.user, Action.VIEW, province.code)
    return province


def _problems(error: inputs.InputFileError | UploadError) -> list[str]:
    if isinstance(error, UploadError):
        return error.render_all(request_language())
    return error.render(request_language())


def _csv_response(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- fiber layer -----------------------------------------------------------------------------------------------


def _fiber_provinces(user: Any, province: Region) -> list[tuple[str, str]]:
    return [(province.code, province.name)] if can(user, Action.EDIT, province.code) else []


def _fiber_page(
    request: HttpRequest, province: Region, form: FiberUploadForm, problems: list[str]
) -> HttpResponse:
    layer = inputs.fiber_layer_for(province=province.code)
    context = {
        "province": province,
        "layer": layer,
        "nodes": inputs.fiber_nodes_list(province=province.code),
        "form": form,
        "problems": problems,
        "can_upload": can(request.user, Action.EDIT, province.code),
    }
    return render(request, "rollout/fiber.html", context)


@require_GET
def fiber(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    form = FiberUploadForm(provinces=_fiber_provinces(request.user, province))
    return _fiber_page(request, province, form, [])


@require_POST
def fiber_upload(request: HttpRequest) -> HttpResponse:
    """Check the whole file; replace the province's layer with it, or change nothing and name every problem."""
    province = get_object_or_404(Region, code=request.POST.get("province", "")[:20], level=Level.PROVINCE)
    require(request.user, Action.EDIT, province.code)
    form = FiberUploadForm(request.POST, request.FILES, provinces=_fiber_provinces(request.user, province))
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            nodes = inputs.fiber_layer_import(
                actor=request.user, province=province, data=upload_read(upload), file_name=upload.name
            )
        except (inputs.InputFileError, UploadError) as error:
            problems = _problems(error)
        else:
            messages.success(
                request,
                _("Fiber layer imported: %(count)s nodes replace the province's previous layer.")
                % {"count": len(nodes)},
            )
            return redirect("rollout:fiber")
    return _fiber_page(request, province, form, problems)


@require_GET
def fiber_download(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    return _csv_response(inputs.fiber_layer_csv(province=province.code), f"simpul-fiber-{province.code}.csv")


@require_GET
def fiber_template(request: HttpRequest) -> HttpResponse:
    _province(request)
    return _csv_response(inputs.fiber_template_csv(), "templat-simpul-fiber.csv")


# --- schools and health posts ----------------------------------------------------------------------------------


def _facility_regions(user: Any, province: Region) -> list[tuple[str, str]]:
    rows = Region.objects.filter(code__in=[province.code], retired_at__isnull=True) | Region.objects.within(
        province.code
    ).filter(level=Level.REGENCY, retired_at__isnull=True)
    return [(r.code, f"{r.code} {r.name}") for r in rows.order_by("code") if can(user, Action.EDIT, r.code)]


def _facilities_page(
    request: HttpRequest, province: Region, form: FacilitiesUploadForm, problems: list[str]
) -> HttpResponse:
    total, rows = inputs.facilities_list(region=province.code)
    context = {
        "province": province,
        "total": total,
        "rows": rows,
        "any_sample": any(r.is_sample for r in rows),
        "form": form,
        "problems": problems,
        "can_upload": bool(_facility_regions(request.user, province)),
    }
    return render(request, "rollout/facilities.html", context)


@require_GET
def facilities(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    form = FacilitiesUploadForm(regions=_facility_regions(request.user, province))
    return _facilities_page(request, province, form, [])


def _village_upload(
    request: HttpRequest,
    importer: Callable[..., int],
    page: Callable[[HttpRequest, Region, Any, list[str]], HttpResponse],
    saved: str,
    done: str,
) -> HttpResponse:
    """A file of per-village values for villages inside one region the user writes (facility counts, grid
    electricity): checked whole, saved all or nothing, or the page again naming every problem."""
    region = get_object_or_404(
        Region, code=request.POST.get("region", "")[:20], level__in=[Level.PROVINCE, Level.REGENCY]
    )
    require(request.user, Action.EDIT, region.code)
    province = _province(request)
    form = FacilitiesUploadForm(
        request.POST, request.FILES, regions=_facility_regions(request.user, province)
    )
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = importer(
                actor=request.user, region=region, data=upload_read(upload), file_name=upload.name
            )
        except (inputs.InputFileError, UploadError) as error:
            problems = _problems(error)
        else:
            messages.success(request, saved % {"count": count})
            return redirect(done)
    return page(request, province, form, problems)


@require_POST
def facilities_upload(request: HttpRequest) -> HttpResponse:
    return _village_upload(
        request,
        inputs.facilities_import,
        _facilities_page,
        _("Schools and health posts saved for %(count)s villages."),
        "rollout:facilities",
    )


@require_GET
def facilities_download(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    return _csv_response(inputs.facilities_csv(region=province.code), f"fasilitas-desa-{province.code}.csv")


@require_GET
def facilities_template(request: HttpRequest) -> HttpResponse:
    _province(request)
    return _csv_response(inputs.facilities_template_csv(), "templat-fasilitas-desa.csv")


# --- grid electricity ------------------------------------------------------------------------------------------


def _grid_page(
    request: HttpRequest, province: Region, form: FacilitiesUploadForm, problems: list[str]
) -> HttpResponse:
    total, off, rows = inputs.grid_power_list(region=province.code)
    context = {
        "province": province,
        "total": total,
        "off": off,
        "rows": rows,
        "any_sample": any(r.is_sample for r in rows),
        "form": form,
        "problems": problems,
        "can_upload": bool(_facility_regions(request.user, province)),
    }
    return render(request, "rollout/grid.html", context)


@require_GET
def grid(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    return _grid_page(
        request, province, FacilitiesUploadForm(regions=_facility_regions(request.user, province)), []
    )


@require_POST
def grid_upload(request: HttpRequest) -> HttpResponse:
    return _village_upload(
        request,
        inputs.grid_power_import,
        _grid_page,
        _("Grid electricity saved for %(count)s villages."),
        "rollout:grid",
    )


@require_GET
def grid_download(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    return _csv_response(inputs.grid_power_csv(region=province.code), f"listrik-desa-{province.code}.csv")


@require_GET
def grid_template(request: HttpRequest) -> HttpResponse:
    _province(request)
    return _csv_response(inputs.grid_power_template_csv(), "templat-listrik-desa.csv")


# --- service tiers and power options -----------------------------------------------------------------------------

CATALOGUE_EMPTY_ROWS = 2


# The money columns of the catalogue: typed and shown as Rupiah (RupiahField/RupiahInput, thousands separators
# in the page's language), with their labels.
CATALOGUE_MONEY = {
    "tier": {"opex_idr_per_year": _lazy("Yearly cost (Rp)")},
    "power": {"capex_idr": _lazy("Capex (Rp)"), "opex_idr_per_year": _lazy("Yearly cost (Rp)")},
}


def _catalogue_rows(post: Any, prefix: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows as typed; money read as Rupiah in the page's language (a value that does not read stays as
    typed, for the service to name its row and column)."""
    count = sum(1 for key in post if key.startswith(f"{prefix}-") and key.endswith("-id"))
    rows = [{f: post.get(f"{prefix}-{i}-{f}", "") for f in fields} for i in range(min(count, 50))]
    money = RupiahField(required=False)
    for row in rows:
        for field in CATALOGUE_MONEY[prefix]:
            try:
                amount = money.clean(row[field])
            except ValidationError:
                continue
            row[field] = "" if amount is None else str(amount)
    return rows


def _with_money_inputs(rows: list[dict[str, Any]], prefix: str, can_edit: bool) -> list[dict[str, Any]]:
    """Each row with `money`: its money columns as RupiahInput boxes."""
    out = []
    for index, row in enumerate(rows):
        boxes = {}
        for field, label in CATALOGUE_MONEY[prefix].items():
            attrs: dict[str, Any] = {"aria-label": str(label), "size": 14}
            if not can_edit:
                attrs["readonly"] = True
            value = row.get(field, "")
            boxes[field] = RupiahInput(attrs).render(
                f"{prefix}-{index}-{field}", None if value == "" else value
            )
        out.append({**row, "money": boxes})
    return out


def _catalogue_page(
    request: HttpRequest,
    province: Region,
    problems: list[str],
    typed: tuple[list[dict[str, Any]], list[dict[str, Any]]] | None = None,
) -> HttpResponse:
    tiers, power, defaults = catalogue.catalogue_for(province=province.code)
    if typed is not None:
        tiers, power = typed
    blank_tier = dict.fromkeys(catalogue.TIER_FIELDS, "")
    blank_power = dict.fromkeys(catalogue.POWER_FIELDS, "")
    can_edit = can(request.user, Action.EDIT, province.code)
    context = {
        "province": province,
        "tiers": _with_money_inputs([*tiers, *[blank_tier] * CATALOGUE_EMPTY_ROWS], "tier", can_edit),
        "power_options": _with_money_inputs(
            [*power, *[blank_power] * CATALOGUE_EMPTY_ROWS], "power", can_edit
        ),
        "defaults": defaults and typed is None,
        "problems": problems,
        "can_edit": can_edit,
    }
    return render(request, "rollout/catalogue.html", context)


@require_GET
def service_catalogue(request: HttpRequest) -> HttpResponse:
    return _catalogue_page(request, _province(request), [])


@require_POST
def service_catalogue_save(request: HttpRequest) -> HttpResponse:
    province = get_object_or_404(Region, code=request.POST.get("region", "")[:20], level=Level.PROVINCE)
    require(request.user, Action.EDIT, province.code)
    tiers = _catalogue_rows(request.POST, "tier", catalogue.TIER_FIELDS)
    power = _catalogue_rows(request.POST, "power", catalogue.POWER_FIELDS)
    try:
        catalogue.catalogue_save(province=province, actor=request.user, tiers=tiers, power_options=power)
    except catalogue.CatalogueError as error:
        lang = request_language()
        return _catalogue_page(request, province, [p.render(lang) for p in error.problems], (tiers, power))
    messages.success(request, _("Service tiers and power options saved."))
    return redirect("rollout:catalogue")
