from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from selaras.accounts.access import Action, can, require
from selaras.core.numbers import NumberTextError, parse_number_text
from selaras.core.plans.chart import target_realization_svg
from selaras.core.plans.nomenclature import read_nomenclature_list
from selaras.core.plans.tables import OfficialTable, renstra_table, rpjmd_table, table_xlsx
from selaras.core.plans.template import build_template, write_plan_template
from selaras.jobs.services import job_start
from selaras.ops.replica import heavy_read
from selaras.planning import selectors, services
from selaras.planning.forms import (
    NomenclatureForm,
    PlanForm,
    ProvinceUploadForm,
    RealizationForm,
    ReasonForm,
    UploadForm,
)
from selaras.planning.models import Nomenclature, NomenclatureVersion, Plan, PlanKind, PlanStatus
from selaras.planning.tasks import plan_import_file, province_import_file
from selaras.regions.models import NATIONAL_CODE, Region
from selaras.uploads.services import (
    UploadError,
    import_in_background,
    problem_context,
    table_limits,
    upload_discard,
    upload_get,
    upload_keep,
    upload_open,
    upload_set_problems,
    upload_table,
)
from selaras.web.errors import ServiceError
from selaras.web.i18n import request_language

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 300


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _own_region(request: HttpRequest) -> str:
    user: Any = request.user
    return str(user.region_code or NATIONAL_CODE)


def _file_stem(plan: Plan) -> str:
    return f"{plan.kind}-{plan.region_id.replace('.', '')}-{plan.start_year}-{plan.end_year}"


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    plans = selectors.plan_list_for_user(user=user)
    own = user.region_code or NATIONAL_CODE
    return render(
        request,
        "planning/list.html",
        {
            "plans": plans,
            "can_create": can(request.user, Action.EDIT, own),
            "can_import_province": can(request.user, Action.DECIDE, services.province_of(user)),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require(user, Action.EDIT, user.region_code or NATIONAL_CODE)
    form = PlanForm(request.POST or None, initial={"region": user.region_code})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not Region.objects.filter(code=data["region"]).exists():
            raise Http404
        try:
            plan = services.plan_create(
                user=request.user,
                region_code=data["region"],
                kind=data["kind"],
                start_year=data["start_year"],
                end_year=data["end_year"],
                unit_name=data["unit_name"],
            )
        except services.PlanError as error:
            form.add_error(None, error.render(request_language()))
        else:
            return redirect("planning:detail", plan_id=plan.pk)
    return render(request, "planning/create.html", {"form": form})


def _plan_context(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    user = request.user
    return {
        "plan": plan,
        "years": plan.years,
        "can_edit": can(user, Action.EDIT, plan.region_id),
        "can_decide": can(user, Action.DECIDE, plan.region_id),
        "status": PlanStatus,
    }


@require_GET
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    tree = selectors.plan_tree(plan=plan, user=request.user)
    imports = selectors.plan_imports(plan=plan)
    context = _plan_context(request, plan) | {"tree": tree, "reason_form": ReasonForm(), "imports": imports}
    return render(request, "planning/detail.html", context)


@require_GET
def plan_grid(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    tree = selectors.plan_tree(plan=plan, user=request.user)
    totals = selectors.plan_totals(plan=plan, tree=tree)
    return render(
        request, "planning/grid.html", _plan_context(request, plan) | {"tree": tree, "totals": totals}
    )


@require_GET
def plan_chart(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    charts = []
    for view in selectors.plan_tree(plan=plan, user=request.user):
        for item in view.indicators:
            svg = target_realization_svg(
                plan.years,
                item.targets,
                item.realizations,
                title=f"{view.element.kode} {item.indicator.indikator}",
                target_label=_("Target"),
                realization_label=_("Realization"),
            )
            charts.append({"element": view.element, "item": item, "svg": svg})
    context = _plan_context(request, plan) | {"charts": charts, "form": RealizationForm()}
    return render(request, "planning/chart.html", context)


@require_POST
def realization_set(request: HttpRequest, plan_id: int, indicator_id: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    require(request.user, Action.EDIT, plan.region_id)
    indicator = selectors.indicator_get_for_user(user=request.user, plan=plan, indicator_id=indicator_id)
    form = RealizationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a year and a number."))
        return redirect("planning:chart", plan_id=plan.pk)
    raw = form.cleaned_data["value"].strip()
    try:
        value: Decimal | None = parse_number_text(raw) if raw else None
        services.indicator_set_realization(
            indicator=indicator, user=request.user, year=form.cleaned_data["year"], value=value
        )
    except NumberTextError as error:
        messages.error(request, error.text.render(request_language()))
    except services.PlanError as error:
        messages.error(request, error.render(request_language()))
    else:
        messages.success(request, _("Realization saved."))
    return redirect("planning:chart", plan_id=plan.pk)


def _workflow(request: HttpRequest, plan_id: int, step: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    reason = request.POST.get("reason", "")[:2000]
    try:
        if step == "submit":
            services.plan_submit(plan=plan, user=request.user)
            messages.success(request, _("The plan was submitted to the province."))
        elif step == "approve":
            services.plan_approve(plan=plan, user=request.user)
            messages.success(request, _("The plan was approved and is now locked."))
        elif step == "reject":
            services.plan_reject(plan=plan, user=request.user, reason=reason)
            messages.success(request, _("The plan was sent back to its region."))
        else:
            services.plan_unlock(plan=plan, user=request.user, reason=reason)
            messages.success(request, _("The plan was unlocked; its region can change it again."))
    except services.PlanError as error:
        messages.error(request, error.render(request_language()))
    return redirect("planning:detail", plan_id=plan.pk)


@require_POST
def plan_submit(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _workflow(request, plan_id, "submit")


@require_POST
def plan_approve(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _workflow(request, plan_id, "approve")


@require_POST
def plan_reject(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _workflow(request, plan_id, "reject")


@require_POST
def plan_unlock(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _workflow(request, plan_id, "unlock")


PLAN_PURPOSE = "plans"


@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Upload -> check -> preview of what would change -> commit (all or nothing; large files in the
    background). The upload is kept between preview and commit by the upload module."""
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    require(request.user, Action.EDIT, plan.region_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = _plan_context(request, plan) | {"form": form, "problems": [], "check": None}
    try:
        if request.method == "POST" and "token" in request.POST:
            return _import_commit(request, plan, request.POST["token"], context)
        if request.method == "POST" and form.is_valid():
            _import_preview(request, plan, form, context)
    except ServiceError as error:
        context["problems"] = error.render_all(request_language())
    return render(request, "planning/import.html", context)


def _keep(
    request: HttpRequest,
    data: bytes,
    file_name: str,
    purpose: str,
    region_code: str,
    check: Any,
    context: dict[str, Any],
) -> str:
    """Keep the upload with its problems (for the commit and the marked-up download); the problems grouped
    into `context`. Returns the preview token."""
    problems = services.import_problems(check)
    kept = upload_keep(
        user=request.user,
        data=data,
        file_name=file_name,
        purpose=purpose,
        region_code=region_code,
        problems=problems,
    )
    context |= problem_context(problems, request_language(), token=kept.token)
    context["problems"] = [p.render(request_language()) for p in problems if p.is_error]
    return kept.token


def _import_preview(request: HttpRequest, plan: Plan, form: UploadForm, context: dict[str, Any]) -> None:
    upload = form.cleaned_data["file"]
    data = upload_table(upload)
    remove_missing = form.cleaned_data["remove_missing"]
    check = services.plan_import_check(
        plan=plan, user=request.user, data=data, remove_missing=remove_missing, file_name=upload.name
    )
    token = _keep(request, data, upload.name, PLAN_PURPOSE, plan.region_id, check, context)
    context["remove_missing"] = remove_missing
    context["check"] = check
    if check.ok and check.changes_anything:
        context["token"] = token
    context["shown_changes"] = [c for c in check.changes if c.kind != "unchanged"][:PREVIEW_ROWS]
    context["counts"] = {
        "new": check.count("new"),
        "changed": check.count("changed"),
        "unchanged": check.count("unchanged"),
        "elements": len(check.element_changes),
        "removed": len(check.removed),
    }


def _import_commit(request: HttpRequest, plan: Plan, token: str, context: dict[str, Any]) -> HttpResponse:
    kept = upload_get(token, request.user, purpose=PLAN_PURPOSE)
    data = upload_open(token, request.user, purpose=PLAN_PURPOSE)
    remove_missing = request.POST.get("remove_missing") == "1"
    check = services.plan_import_check(
        plan=plan, user=request.user, data=data, remove_missing=remove_missing, file_name=kept.file_name
    )
    if check.errors:
        problems = services.import_problems(check)
        upload_set_problems(token, request.user, problems)
        context |= problem_context(problems, request_language(), token=token)
        context["problems"] = [p.render(request_language()) for p in problems if p.is_error]
        return render(request, "planning/import.html", context)
    if import_in_background(len(check.workbook.rows)):
        job = job_start(
            kind="plan_import",
            title=_("Import %(count)s plan rows into %(plan)s")
            % {"count": len(check.workbook.rows), "plan": plan},
            # National targets' jobs belong to the province that entered them (a job page is private).
            region_code=plan.region_id if plan.region_id != NATIONAL_CODE else _own_region(request),
            user=request.user,
            task=plan_import_file,
            auto_retry=True,  # one transaction: a worker that dies keeps nothing
            plan_id=plan.pk,
            token=token,
            user_id=request.user.pk,
            remove_missing=remove_missing,
            rows=len(check.workbook.rows),
        )
        return redirect("jobs:detail", job_id=job.pk)
    report = services.plan_import_rows(
        plan=plan,
        user=request.user,
        rows=check.workbook.rows,
        remove_missing=remove_missing,
        file_name=kept.file_name,
        warnings=len(check.warnings),
    )
    upload_discard(token, request.user)
    messages.success(
        request,
        _(
            "Imported: %(created)s new rows, %(updated)s changed, %(unchanged)s unchanged, %(removed)s removed."
        )
        % report.as_dict(),
    )
    return redirect("planning:detail", plan_id=plan.pk)


PROVINCE_PURPOSE = "plans_province"


@require_http_methods(["GET", "POST"])
def province_import(request: HttpRequest) -> HttpResponse:
    """The province's workbook: upload -> check -> preview per region -> commit into every region's plan (all
    or nothing; large files in the background). Provincial administrators only."""
    province = services.require_province_import(request.user)
    form = ProvinceUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "refusals": []}
    lang = request_language()
    try:
        if request.method == "POST" and "token" in request.POST:
            return _province_commit(request, province, context)
        if request.method == "POST" and form.is_valid():
            _province_preview(request, province, form, context)
    except ServiceError as error:
        context["refusals"] = error.render_all(lang)
    return render(request, "planning/province_import.html", context)


def _province_preview(
    request: HttpRequest, province: str, form: ProvinceUploadForm, context: dict[str, Any]
) -> None:
    upload = form.cleaned_data["file"]
    data = upload_table(upload)
    kind, remove_missing = form.cleaned_data["kind"], form.cleaned_data["remove_missing"]
    check = services.province_import_check(
        user=request.user, data=data, kind=kind, remove_missing=remove_missing, file_name=upload.name
    )
    token = _keep(request, data, upload.name, PROVINCE_PURPOSE, province, check, context)
    context |= {"kind": kind, "remove_missing": remove_missing, "regions": _region_rows(check)}
    if check.ok and any(part.check.changes_anything for part in check.regions):
        context["token"] = token


def _region_rows(check: services.ProvinceImportCheck) -> list[dict[str, Any]]:
    return [
        {
            "code": part.region_code,
            "name": part.region_name,
            "kind": PlanKind(part.kind).label,
            "plan": part.plan,
            "new": part.check.count("new"),
            "changed": part.check.count("changed"),
            "unchanged": part.check.count("unchanged"),
            "removed": len(part.check.removed),
            "warnings": len(part.warnings),
        }
        for part in check.regions
    ]


def _province_commit(request: HttpRequest, province: str, context: dict[str, Any]) -> HttpResponse:
    token = request.POST["token"]
    kept = upload_get(token, request.user, purpose=PROVINCE_PURPOSE)
    data = upload_open(token, request.user, purpose=PROVINCE_PURPOSE)
    kind = request.POST.get("kind", PlanKind.RPJMD)
    if kind not in (PlanKind.RPJMD, PlanKind.RENSTRA):
        raise Http404
    remove_missing = request.POST.get("remove_missing") == "1"
    check = services.province_import_check(
        user=request.user, data=data, kind=kind, remove_missing=remove_missing, file_name=kept.file_name
    )
    if check.ok and import_in_background(check.row_count):
        job = job_start(
            kind="plan_province_import",
            title=_("Import %(count)s plan rows of the province's workbook") % {"count": check.row_count},
            region_code=province,
            user=request.user,
            task=province_import_file,
            auto_retry=True,  # one transaction: a worker that dies keeps nothing
            token=token,
            user_id=request.user.pk,
            kind_of_plan=kind,
            remove_missing=remove_missing,
            rows=check.row_count,
        )
        return redirect("jobs:detail", job_id=job.pk)
    if check.ok:
        check = services.province_import_commit(
            user=request.user, data=data, kind=kind, remove_missing=remove_missing, file_name=kept.file_name
        )
    if not check.ok:
        problems = services.import_problems(check)
        upload_set_problems(token, request.user, problems)
        context |= problem_context(problems, request_language(), token=token)
        return render(request, "planning/province_import.html", context)
    upload_discard(token, request.user)
    messages.success(
        request,
        _("Imported %(rows)s rows into the plans of %(regions)s regions.")
        % {"rows": check.row_count, "regions": len(check.regions)},
    )
    return redirect("planning:list")


@require_GET
def plan_template(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    return _xlsx(build_template(plan.years, region_code=plan.region_id), f"templat-{_file_stem(plan)}.xlsx")


@require_GET
@heavy_read
def plan_export_rows(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The plan's rows in the import template: edit and import again (importing it unchanged changes nothing)."""
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    data = write_plan_template(services.plan_rows(plan=plan), plan.years, region_code=plan.region_id)
    return _xlsx(data, f"program-{_file_stem(plan)}.xlsx")


def _official(plan: Plan, which: str) -> OfficialTable:
    rows = services.plan_rows(plan=plan)
    region = plan.region
    unit = plan.unit_name or f"Diskominfo {region.name}"
    label = f"{plan.label} (DATA CONTOH, bukan rencana resmi)" if plan.is_sample else plan.label
    if which == "rpjmd":
        return rpjmd_table(
            rows, years=plan.years, region_name=region.name, unit_name=unit, period_label=label
        )
    codes = {code for row in rows for code in row.lokasi}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return renstra_table(
        rows,
        years=plan.years,
        region_name=region.name,
        unit_name=unit,
        period_label=label,
        village_names=names,
    )


@require_GET
@heavy_read
def plan_export_table(request: HttpRequest, plan_id: int, table: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    if table not in ("rpjmd", "renstra"):
        raise Http404
    return _xlsx(table_xlsx(_official(plan, table)), f"{table}-{_file_stem(plan)}.xlsx")


def _cell(value: object) -> tuple[str, bool]:
    """A table cell as shown on the printable page: numbers in Indonesian format (1.500.000, 3,25)."""
    if isinstance(value, bool) or value is None:
        return ("", False)
    if isinstance(value, int | float):
        text = f"{value:,.4f}".rstrip("0").rstrip(".")
        return (text.replace(",", "_").replace(".", ",").replace("_", "."), True)
    return (str(value), False)


@require_GET
def plan_print_table(request: HttpRequest, plan_id: int, table: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    if table not in ("rpjmd", "renstra"):
        raise Http404
    official = _official(plan, table)
    body = [
        (index in official.headings, [_cell(v) for v in row + [None] * (official.width - len(row))])
        for index, row in enumerate(official.body)
    ]
    return render(
        request, "planning/print.html", {"plan": plan, "table": official, "body": body, "which": table}
    )


@require_GET
def nomenclature_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100].strip()
    codes = Nomenclature.objects.select_related("version").order_by("code")
    if query:
        codes = codes.filter(code__startswith=query) | codes.filter(name__icontains=query)
    return render(
        request,
        "planning/nomenclature.html",
        {
            "codes": codes[:500],
            "query": query,
            "versions": NomenclatureVersion.objects.all()[:10],
            "can_load": can(request.user, Action.ADMINISTER, NATIONAL_CODE),
        },
    )


@require_http_methods(["GET", "POST"])
def nomenclature_load(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.ADMINISTER, NATIONAL_CODE):
        raise PermissionDenied
    form = NomenclatureForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = upload_table(upload)
        except UploadError as error:
            problems = error.render_all(request_language())
        else:
            entries, errors = read_nomenclature_list(data, file_name=upload.name, limits=table_limits())
            problems = [e.render(request_language()) for e in errors]
            if not problems:
                report = services.nomenclature_load(
                    entries=entries, decree=form.cleaned_data["decree"], user=request.user
                )
                messages.success(
                    request,
                    _("Loaded: %(added)s new codes, %(renamed)s renamed, %(retired)s retired.")
                    % {"added": report.added, "renamed": report.renamed, "retired": report.retired},
                )
                return redirect("planning:nomenclature")
    return render(request, "planning/nomenclature_load.html", {"form": form, "problems": problems})
