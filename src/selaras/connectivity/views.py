from __future__ import annotations

import os
import re
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from selaras.accounts.access import Action, can, require, visible_region_q
from selaras.connectivity import exports, forms, selectors, services
from selaras.connectivity.models import (
    AccessPoint,
    APStatus,
    Facility,
    ImportState,
    Power,
    Signal,
    SurveyImport,
    SurveyRow,
    Technology,
)
from selaras.connectivity.progress import PERIOD_END, PERIOD_START, village_status
from selaras.connectivity.survey import (
    FIELDS,
    Outcome,
    SurveyPreview,
    outcome_choices,
    outcome_encode,
)
from selaras.connectivity.survey import shown_errors as survey_errors
from selaras.connectivity.tasks import survey_match_task
from selaras.jobs.services import job_start
from selaras.ops.replica import heavy_read
from selaras.regions.models import Region
from selaras.regions.selectors import province_for_user
from selaras.uploads.services import upload_table
from selaras.web.caching import cached_part, revalidated
from selaras.web.errors import ServiceError
from selaras.web.i18n import request_language

# Optional tile URL template (e.g. an intranet tile server); the map works without one. Using it needs the
# server's origin in the CSP img-src (settings.py).
BASEMAP_URL = os.environ.get("SELARAS_BASEMAP_URL", "")

SAMPLE_NOTE = gettext_lazy(
    "SAMPLE: the number of connected desa per regency is the reported figure of August and November 2025 "
    "(news), and 802 of 841 desa at the end of 2025 (news; how the last 130 spread over the regencies is "
    "assumed); which villages they are, and every date and detail, is sample data."
)


def _province(request: HttpRequest) -> Region:
    province = province_for_user(user=request.user)
    if province is None:
        raise Http404
    require(request.user, Action.VIEW, province.code)
    return province


def _has_sample(states: list[selectors.VillageState]) -> bool:
    return any(s.is_sample for s in states)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    total, rows = selectors.province_progress(province=province)
    may_link = can(request.user, Action.EDIT, province.code)
    context = {
        "province": province,
        "total": total,
        "rows": rows,
        "target": cached_part(
            "plan-targets",
            province.code,
            total.desa_total,
            build=lambda: selectors.plan_targets_for(region_code=province.code, desa_total=total.desa_total),
        ),
        "may_link": may_link,
        "target_choices": cached_part(
            "target-choices", province.code, build=lambda: services.target_indicator_choices(region=province)
        )
        if may_link
        else [],
        "years": list(range(PERIOD_START, PERIOD_END + 1)),
        "period_start": PERIOD_START,
        "period_end": PERIOD_END,
        "has_sample": selectors.sample_present(province=province.code),
        "sample_note": SAMPLE_NOTE,
        "can_upload": bool(_upload_regions(request.user, province)),
    }
    return render(request, "connectivity/home.html", context)


@require_POST
def progress_target(request: HttpRequest) -> HttpResponse:
    """Link a region's progress (the province's, from its page) to one indicator of its approved plans, or
    unlink it."""
    region = get_object_or_404(Region, code=request.POST.get("region", "")[:20])
    require(request.user, Action.EDIT, region.code)
    try:
        services.progress_target_set(
            region=region, indicator_key=request.POST.get("indicator", "")[:64], actor=request.user
        )
    except services.ConnectivityError as error:
        for problem in error.messages:
            messages.error(request, problem.render(request_language()))
    else:
        messages.success(request, _("Saved."))
    return redirect("connectivity:home")


MAP_STATUSES = [
    ("live", gettext_lazy("Live")),
    ("down", gettext_lazy("Down")),
    ("installing", gettext_lazy("Installing")),
    ("planned", gettext_lazy("Planned")),
    ("none", gettext_lazy("No access point")),
]


@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    context = {
        "province": province,
        "regencies": selectors.regencies_of(province=province.code),
        "statuses": MAP_STATUSES,
        "technologies": Technology.choices,
        "basemap_url": BASEMAP_URL,
        "has_sample": selectors.sample_present(province=province.code),
        "sample_note": SAMPLE_NOTE,
    }
    return render(request, "connectivity/map.html", context)


REGENCY_CODE = re.compile(r"\d{2}\.\d{2}")
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}


@require_GET
@revalidated
@heavy_read
def export(request: HttpRequest, export_kind: str) -> HttpResponse:
    if export_kind not in EXPORT_TYPES:
        raise Http404
    province = _province(request)
    regency = request.GET.get("kabupaten", "")
    if not REGENCY_CODE.fullmatch(regency) or not regency.startswith(province.code + "."):
        regency = ""  # the whole province

    def build() -> bytes:
        states = selectors.village_states(user=request.user, province=province.code, regency=regency)
        note = str(SAMPLE_NOTE) if _has_sample(states) else ""
        if export_kind == "csv":
            return exports.as_csv(states)
        if export_kind == "xlsx":
            return exports.as_xlsx(states, note or _("Current connectivity status per village"))
        return exports.as_geojson(states, note)

    # By write stamp (selaras.web.caching), after the access check, per the villages the user may see.
    seen = str(visible_region_q(request.user, "code"))
    body = cached_part(
        "connectivity-export", export_kind, province.code, regency, seen, build=build, per_language=True
    )
    response = HttpResponse(body, content_type=EXPORT_TYPES[export_kind])
    name = f"konektivitas-{regency or province.code}.{export_kind}"
    if request.GET.get("unduh", "1") != "0":
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def village(request: HttpRequest, village_code: str) -> HttpResponse:
    place = selectors.village_get_for_user(user=request.user, code=village_code)
    may_edit = can(request.user, Action.EDIT, place.code)

    def build() -> dict[str, Any]:
        return {
            "points": selectors.village_access_points(village=place),
            "timeline": selectors.village_timeline(village=place),
            "latest_signal": selectors.village_latest_signal(village=place),
            "ancestors": place.ancestors(),
        }

    # The same for everyone who may see the village (checked above): by write stamp (selaras.web.caching).
    parts = cached_part("village-page", place.code, build=build, per_language=True)
    points, timeline = parts["points"], parts["timeline"]
    status = village_status(p.status for p in points)
    context: dict[str, Any] = {
        **parts,
        "village": place,
        "status": status,
        "status_label": dict(MAP_STATUSES)[status],
        "may_edit": may_edit,
        "has_sample": any(e.is_sample for e in timeline) or any(p.is_sample for p in points),
        "sample_note": SAMPLE_NOTE,
    }
    if may_edit:
        context |= {
            "signal_form": forms.SignalForm(prefix="s"),
            "point_form": forms.AccessPointForm(prefix="p"),
            "outage_form": forms.OutageForm(prefix="o", village_code=place.code),
            "status_form": forms.StatusForm(prefix="st"),
        }
    return render(request, "connectivity/village.html", context)


RECORD_KINDS = ("sinyal", "titik", "gangguan")


@require_POST
def village_record(request: HttpRequest, village_code: str, record_kind: str) -> HttpResponse:
    if record_kind not in RECORD_KINDS:
        raise Http404
    place = selectors.village_get_for_user(user=request.user, code=village_code, action=Action.EDIT)
    if record_kind == "sinyal":
        form: Any = forms.SignalForm(request.POST, prefix="s")
        if form.is_valid():
            services.signal_record(village=place, **form.cleaned_data)
    elif record_kind == "titik":
        form = forms.AccessPointForm(request.POST, prefix="p")
        if form.is_valid():
            data = form.cleaned_data
            services.access_point_create(village=place, **data)
    else:
        form = forms.OutageForm(request.POST, prefix="o", village_code=place.code)
        if form.is_valid():
            services.outage_report(village=place, **form.cleaned_data)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("connectivity:village", village_code=place.code)
    messages.success(request, _("Saved."))
    return redirect("connectivity:village", village_code=place.code)


@require_POST
def access_point_status(request: HttpRequest, access_point_id: int) -> HttpResponse:
    point = get_object_or_404(AccessPoint, pk=access_point_id)
    require(request.user, Action.EDIT, point.region_id)
    form = forms.StatusForm(request.POST, prefix="st")
    if form.is_valid():
        services.access_point_status_set(access_point=point, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
    return redirect("connectivity:village", village_code=point.region_id)


def _upload_regions(user: Any, province: Region) -> list[tuple[str, str]]:
    """Regions the user may import a survey for: their province (province administrators) and regencies."""
    choices = []
    if can(user, Action.EDIT, province.code):
        choices.append((province.code, province.name))
    regencies = cached_part(
        "regencies", province.code, build=lambda: selectors.regencies_of(province=province.code)
    )
    for regency in regencies:
        if can(user, Action.EDIT, regency.code):
            choices.append((regency.code, regency.name))
    return choices


def _imports_page(request: HttpRequest, form: forms.SurveyUploadForm, problems: list[str]) -> HttpResponse:
    context = {
        "form": form,
        "problems": problems,
        "surveys": selectors.surveys_for_user(user=request.user),
        "can_upload": bool(getattr(form.fields["region"], "choices", [])),
    }
    return render(request, "connectivity/imports.html", context)


@require_GET
def imports(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    form = forms.SurveyUploadForm(regions=_upload_regions(request.user, province))
    return _imports_page(request, form, [])


@require_POST
def import_upload(request: HttpRequest) -> HttpResponse:
    """Check the whole file, then match its names (in the background when it is large)."""
    region = get_object_or_404(Region, code=request.POST.get("region", "")[:20])
    require(request.user, Action.EDIT, region.code)
    province = _province(request)
    form = forms.SurveyUploadForm(
        request.POST, request.FILES, regions=_upload_regions(request.user, province)
    )
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.survey_upload(
                user=request.user,
                region=region,
                file_name=upload.name,
                data=upload_table(upload),
                source=form.cleaned_data["source"],
                observed_on=form.cleaned_data["observed_on"],
                start_job=_survey_match_job(request.user),
            )
        except ServiceError as error:
            problems = survey_errors(list(error.texts), request_language())
        else:
            return redirect("connectivity:import_detail", survey_id=result.survey.pk)
    return _imports_page(request, form, problems)


def _with_notes(rows: list[SurveyRow]) -> list[SurveyRow]:
    lang = "en" if request_language().startswith("en") else "id"
    for row in rows:
        row.shown_notes = [n.get(lang, "") for n in row.notes]  # type: ignore[attr-defined]
    return rows


# A review page shows this many rows of each kind; a very large import is decided in turns (fuzzy rows can be
# accepted all at once) and saved when every row is decided.
SHOWN_REVIEW_ROWS = 500
SHOWN_EXACT_ROWS = 200


FIELD_LABELS = {
    "signal": gettext_lazy("Signal"),
    "facility": gettext_lazy("Facility"),
    "technology": gettext_lazy("Technology"),
    "provider": gettext_lazy("Provider"),
    "bandwidth": gettext_lazy("Bandwidth (Mbps)"),
    "power": gettext_lazy("Power"),
    "status": gettext_lazy("Access point status"),
    "since": gettext_lazy("Since (date)"),
    "programme": gettext_lazy("Programme"),
    "note": gettext_lazy("Note"),
}
VALUE_LABELS: dict[str, Any] = {
    "signal": dict(Signal.choices),
    "facility": dict(Facility.choices),
    "technology": dict(Technology.choices),
    "power": dict(Power.choices),
    "status": dict(APStatus.choices),
}


def _outcome_label(outcome: Outcome) -> str:
    if not outcome:
        return _("ignore this value")
    return " + ".join(f"{FIELD_LABELS[name]}: {VALUE_LABELS[name][value]}" for name, value in outcome)


def _mapping_context(survey: SurveyImport) -> dict[str, Any]:
    """The preview's column and value tables, with the choices each select offers."""
    try:
        preview: SurveyPreview = services.survey_preview_get(survey=survey)
    except services.ConnectivityError as error:
        return {"mapping_error": error.messages[0].render(request_language())}
    fields = [(name, FIELD_LABELS[name]) for name in FIELDS]
    values = [
        {
            "plan": value,
            "name": f"val.{value.field}.{value.key}",
            "chosen": "-" if value.outcome == () else outcome_encode(value.outcome or ()),
            "field_label": FIELD_LABELS[value.field],
            "choices": [(outcome_encode(o), _outcome_label(o)) for o in outcome_choices(value.field)],
        }
        for value in preview.values
    ]
    return {
        "columns": [
            {"plan": c, "name": f"col.{c.key}", "chosen": "-" if c.field == "" else c.field or ""}
            for c in preview.columns
        ],
        "fields": fields,
        "values": values,
        "open_count": len(preview.open_columns) + len(preview.open_values),
    }


def _review_context(request: HttpRequest, survey: SurveyImport) -> dict[str, Any]:
    rows = list(survey.rows.all())
    counts = {s: sum(r.match_status == s for r in rows) for s in ("exact", "fuzzy", "ambiguous", "unmatched")}
    review = [r for r in rows if r.needs_review]
    review.sort(key=lambda r: (r.resolved, r.row_number))  # undecided rows first
    exact = [r for r in rows if not r.needs_review]
    return {
        "survey": survey,
        "review_rows": _with_notes(review[:SHOWN_REVIEW_ROWS]),
        "review_total": len(review),
        "exact_rows": exact[:SHOWN_EXACT_ROWS],
        "exact_total": len(exact),
        "counts": counts,
        "undecided": sum(not r.resolved for r in rows),
        "may_edit": _may_resolve(request, survey),
        "may_map": can(request.user, Action.EDIT, survey.region_id)
        and survey.state in (ImportState.PREVIEW, ImportState.REVIEW),
        "villages": selectors.villages_for_choice(region=survey.region)
        if survey.state == ImportState.REVIEW
        else [],
        **(_mapping_context(survey) if survey.state in (ImportState.PREVIEW, ImportState.REVIEW) else {}),
    }


def _may_resolve(request: HttpRequest, survey: SurveyImport) -> bool:
    return can(request.user, Action.EDIT, survey.region_id) and survey.state == ImportState.REVIEW


@require_GET
def import_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get_for_user(user=request.user, survey_id=survey_id)
    return render(request, "connectivity/import_detail.html", _review_context(request, survey))


def _survey_match_job(user: Any) -> Any:
    def start(survey: SurveyImport) -> Any:
        return job_start(
            kind="connectivity_survey_match",
            title=_("Match survey names: %(name)s") % {"name": survey.file_name},
            region_code=survey.region_id,
            user=user,
            task=survey_match_task,
            auto_retry=True,  # rows are kept in one transaction at the end: a worker that dies keeps nothing
            survey_id=survey.pk,
        )

    return start


@require_POST
def import_mapping(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The preview's answers: which field each column holds and what each value means."""
    survey = selectors.survey_get_for_user(user=request.user, survey_id=survey_id, action=Action.EDIT)
    columns: dict[str, str] = {}
    values: dict[tuple[str, str], str] = {}
    for key in request.POST:
        choice = request.POST.get(key, "")
        parts = key.split(".", 2)
        if not choice:
            continue  # "choose": not decided yet
        if len(parts) == 2 and parts[0] == "col":
            columns[parts[1]] = "" if choice == "-" else choice
        elif len(parts) == 3 and parts[0] == "val":
            values[(parts[1], parts[2])] = "" if choice == "-" else choice
    lang = request_language()
    try:
        result = services.survey_mapping_save(
            user=request.user,
            survey=survey,
            columns=columns,
            values=values,
            start_job=_survey_match_job(request.user),
        )
    except services.ConnectivityError as problem:
        for line in survey_errors(problem.messages, lang):
            messages.error(request, line)
    else:
        for text in result.still_open:
            messages.warning(request, text.render(lang))
    return redirect("connectivity:import_detail", survey_id=survey.pk)


@require_POST
def import_resolve(request: HttpRequest, survey_id: int, row_id: int) -> HttpResponse:
    survey = selectors.survey_get_for_user(user=request.user, survey_id=survey_id, action=Action.EDIT)
    row = get_object_or_404(SurveyRow, pk=row_id, survey=survey)
    error = ""
    try:
        services.survey_row_resolve(
            survey=survey,
            row=row,
            decision=request.POST.get("decision", ""),
            code=request.POST.get("other", "").strip() or request.POST.get("code", ""),
        )
    except services.ConnectivityError as problem:
        error = problem.messages[0].render(request_language())
    if getattr(request, "htmx", False):
        context = {
            "survey": survey,
            "row": _with_notes([row])[0],
            "row_error": error,
            "may_edit": _may_resolve(request, survey),
            "oob_undecided": selectors.survey_undecided(survey=survey),
        }
        return render(request, "connectivity/_review_row.html", context)
    if error:
        messages.error(request, error)
    return redirect("connectivity:import_detail", survey_id=survey.pk)


@require_POST
def import_accept_suggestions(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get_for_user(user=request.user, survey_id=survey_id, action=Action.EDIT)
    try:
        count = services.survey_confirm_suggestions(survey=survey)
    except services.ConnectivityError as problem:
        messages.error(request, problem.messages[0].render(request_language()))
    else:
        messages.success(request, _("%(count)s suggestions accepted.") % {"count": count})
    return redirect("connectivity:import_detail", survey_id=survey.pk)


@require_POST
def import_commit(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get_for_user(user=request.user, survey_id=survey_id, action=Action.EDIT)
    try:
        report = services.survey_commit(survey=survey, user=request.user)
    except services.ConnectivityError as problem:
        messages.error(request, problem.messages[0].render(request_language()))
        return redirect("connectivity:import_detail", survey_id=survey.pk)
    messages.success(
        request,
        _("Saved: %(signals)s signal observations, %(new)s new access points, %(changes)s status changes.")
        % {"signals": report.signals, "new": report.access_points_new, "changes": report.status_changes},
    )
    return redirect("connectivity:import_detail", survey_id=survey.pk)
