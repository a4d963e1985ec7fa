"""Pages of cooperation agreements. Every view asks selaras.accounts.access through the selectors first."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from selaras.accounts.access import Action, can, require
from selaras.agreements import documents, exports, forms, selectors, services
from selaras.agreements.models import Agreement, Measure, Status
from selaras.ops.replica import heavy_read
from selaras.regions.models import Level, Region
from selaras.web.i18n import error_text


def _errors(request: HttpRequest, form: Any) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def _back(agreement_id: int) -> HttpResponse:
    return redirect("agreements:detail", agreement_id=agreement_id)


@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    agreements = list(
        selectors.agreements_for_user(user=request.user).prefetch_related("parties__region").order_by("-pk")
    )
    context = {
        "rows": [(a, a.status_on(today), Status(a.status_on(today)).label) for a in agreements],
        "may_draft": bool(_draftable_regencies(request.user)),
        "reminders": selectors.reminders_for_user(user=request.user, limit=5),
    }
    return render(request, "agreements/list.html", context)


def _draftable_regencies(user: Any) -> list[Region]:
    """Regencies the user may draft a village-internet agreement with (writes for the province or regency)."""
    province = user.province_code if getattr(user, "region_id", None) else ""
    regencies = Region.objects.filter(level=Level.REGENCY, retired_at__isnull=True)
    if province:
        regencies = regencies.filter(province_code=province)
    return [r for r in regencies.select_related("parent") if can(user, Action.EDIT, r.code)]


@require_http_methods(["GET", "POST"])
def village_internet_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.EDIT, getattr(request.user, "region_code", ""))
    regencies = _draftable_regencies(request.user)
    form = forms.VillageInternetForm(request.POST or None, regencies=regencies)
    if request.method == "POST" and form.is_valid():
        regency = Region.objects.get(code=form.cleaned_data["regency"])
        require(request.user, Action.EDIT, regency.code)
        try:
            agreement = services.agreement_village_internet_draft(
                actor=request.user,
                regency=regency,
                starts_on=form.cleaned_data["starts_on"],
                years=form.cleaned_data["years"],
            )
        except services.AgreementError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Draft agreement created."))
            return _back(agreement.pk)
    return render(request, "agreements/new.html", {"form": form})


def _party_regions(user: Any) -> list[Region]:
    """Governments the user may name as parties: the province and regencies/cities of their own province."""
    regions = Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY], retired_at__isnull=True)
    province = user.province_code if getattr(user, "region_id", None) else ""
    if province:
        regions = regions.filter(province_code=province)
    return list(regions.order_by("code"))


@require_http_methods(["GET", "POST"])
def agreement_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.EDIT, getattr(request.user, "region_code", ""))
    form = forms.AgreementForm(request.POST or None, regions=_party_regions(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            agreement = services.agreement_create(actor=request.user, party_codes=data.pop("parties"), **data)
        except services.AgreementError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Draft agreement created."))
            return _back(agreement.pk)
    return render(request, "agreements/new_general.html", {"form": form})


def _obligation_form(agreement: Agreement, user: Any, data: Any = None) -> forms.ObligationAddForm:
    parties = list(agreement.parties.select_related("region"))
    indicators = selectors.plan_indicator_choices(
        user=user, region_codes=[p.region_id for p in parties], years=agreement.years
    )
    return forms.ObligationAddForm(
        data,
        parties=[(str(p.pk), p.region.name) for p in parties],
        indicators=indicators,
        initial={"year": agreement.starts_on.year},
    )


@require_POST
def obligation_add(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, action=Action.EDIT
    )
    form = _obligation_form(agreement, request.user, request.POST)
    if not form.is_valid():
        _errors(request, form)
        return _back(agreement_id)
    data = dict(form.cleaned_data)
    party = agreement.parties.get(pk=int(data.pop("party")))
    region_code, _sep, key = data.pop("plan_indicator").partition("|")
    if key and region_code != party.region_id:
        messages.error(request, _("The indicator must come from the plans of the party that owes it."))
        return _back(agreement_id)
    data["plan_indicator_key"] = key
    try:
        services.obligation_add(agreement=agreement, party=party, **data)
    except services.AgreementError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Saved."))
    return _back(agreement_id)


def _detail_context(request: HttpRequest, agreement: Agreement) -> dict[str, Any]:
    today = timezone.localdate()
    parties = list(agreement.parties.select_related("region", "signed_by"))
    may_edit = any(can(request.user, Action.EDIT, p.region_id) for p in parties)
    state = agreement.status_on(today)
    return {
        "agreement": agreement,
        "state": state,
        "state_label": Status(state).label,
        "today": today,
        "parties": [
            (p, state == Status.DRAFT and not p.is_signed and can(request.user, Action.EDIT, p.region_id))
            for p in parties
        ],
        "views": selectors.obligation_views(agreement=agreement, today=today),
        "documents": list(agreement.documents.select_related("party__region", "obligation")),
        "amendments": list(agreement.amendments.all()),
        "may_edit": may_edit,
        "may_amend": may_edit and agreement.status != Status.DRAFT,
        "may_add_obligation": may_edit and agreement.status == Status.DRAFT,
        "may_terminate": may_edit and agreement.status != Status.TERMINATED,
    }


@require_GET
def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    context = _detail_context(request, agreement) | {
        "sign_form": forms.SignForm(initial={"signed_on": timezone.localdate()}),
        "amend_form": forms.AmendmentForm(),
        "obligation_form": _obligation_form(agreement, request.user),
        "terminate_form": forms.TerminateForm(),
    }
    return render(request, "agreements/detail.html", context)


@require_GET
def agreement_print(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    return render(request, "agreements/print.html", _detail_context(request, agreement))


@require_GET
@heavy_read
def agreement_export(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    today = timezone.localdate()
    body = exports.agreement_xlsx(
        agreement=agreement, views=selectors.obligation_views(agreement=agreement, today=today), today=today
    )
    response = HttpResponse(body, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="pks-{agreement.pk}.xlsx"'
    return response


@require_POST
def party_sign(request: HttpRequest, agreement_id: int, party_id: int) -> HttpResponse:
    party = selectors.party_get_for_user(user=request.user, agreement_id=agreement_id, party_id=party_id)
    form = forms.SignForm(request.POST, request.FILES)
    if not form.is_valid():
        _errors(request, form)
        return _back(agreement_id)
    data, file_name = form.cleaned_data["document"]
    try:
        services.party_sign(
            actor=request.user,
            party=party,
            document_number=form.cleaned_data["document_number"],
            signatory=form.cleaned_data["signatory"],
            signed_on=form.cleaned_data["signed_on"],
            data=data,
            file_name=file_name,
        )
    except services.AgreementError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Signature recorded."))
    return _back(agreement_id)


@require_POST
def amendment_add(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, action=Action.EDIT
    )
    form = forms.AmendmentForm(request.POST, request.FILES)
    if not form.is_valid():
        _errors(request, form)
        return _back(agreement_id)
    data, file_name = form.cleaned_data["document"] or (None, "")
    try:
        services.amendment_add(
            actor=request.user,
            agreement=agreement,
            number=form.cleaned_data["number"],
            signed_on=form.cleaned_data["signed_on"],
            summary=form.cleaned_data["summary"],
            new_ends_on=form.cleaned_data["new_ends_on"],
            data=data,
            file_name=file_name,
        )
    except services.AgreementError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Addendum recorded."))
    return _back(agreement_id)


@require_POST
def agreement_terminate(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, action=Action.EDIT
    )
    form = forms.TerminateForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return _back(agreement_id)
    try:
        services.agreement_terminate(agreement=agreement, reason=form.cleaned_data["reason"])
    except services.AgreementError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The agreement is terminated."))
    return _back(agreement_id)


@require_GET
def obligation_detail(request: HttpRequest, obligation_id: int) -> HttpResponse:
    obligation = selectors.obligation_get_for_user(user=request.user, obligation_id=obligation_id)
    return _obligation_page(request, obligation)


def _obligation_page(
    request: HttpRequest, obligation: Any, form: forms.ObligationForm | None = None, status: int = 200
) -> HttpResponse:
    """The obligation's page; after a refused save, with the form as the person filled it (`form`), so the
    status they chose does not jump back to the stored one."""
    agreement = obligation.agreement
    today = timezone.localdate()
    view = next(
        v
        for v in selectors.obligation_views(agreement=agreement, today=today)
        if v.obligation.pk == obligation.pk
    )
    names = selectors.village_names(obligation.village_codes) if view.coverage else {}
    context = {
        "agreement": agreement,
        "view": view,
        "obligation": obligation,
        "villages": [(v, names.get(v.village, "")) for v in view.coverage.villages] if view.coverage else [],
        "documents": list(obligation.documents.all()),
        "village_states": list(selectors.VILLAGE_STATES.items()),
        "may_edit": can(request.user, Action.EDIT, obligation.region_id),
        "form": form
        or forms.ObligationForm(
            initial={
                "status": obligation.status,
                "note": obligation.note,
                "seen": services.obligation_version(obligation),
            },
            computed=obligation.measure == Measure.VILLAGES,
        ),
    }
    return render(request, "agreements/obligation.html", context, status=status)


@require_POST
def obligation_update(request: HttpRequest, obligation_id: int) -> HttpResponse:
    obligation = selectors.obligation_get_for_user(
        user=request.user, obligation_id=obligation_id, action=Action.EDIT
    )
    form = forms.ObligationForm(request.POST, request.FILES, computed=obligation.measure == Measure.VILLAGES)
    if form.is_valid():
        data, file_name = form.cleaned_data["evidence"] or (None, "")
        try:
            services.obligation_update(
                actor=request.user,
                obligation=obligation,
                status=form.cleaned_data.get("status", ""),
                note=form.cleaned_data["note"],
                data=data,
                file_name=file_name,
                seen=form.cleaned_data.get("seen") or None,
            )
        except services.AgreementError as error:
            messages.error(request, error_text(error))
            if str(error.text) != str(services.CHANGED_MEANWHILE):  # overtaken: show what is stored now
                return _obligation_page(request, obligation, form, status=400)
        else:
            messages.success(request, _("Saved."))
    else:
        _errors(request, form)
        return _obligation_page(request, obligation, form, status=400)
    return redirect("agreements:obligation", obligation_id=obligation.pk)


@require_GET
def document_download(request: HttpRequest, document_id: int) -> HttpResponseBase:
    document = selectors.document_get_for_user(user=request.user, document_id=document_id)
    try:
        handle = documents.open_stored(document.stored_name)
    except FileNotFoundError:
        raise Http404 from None
    return documents.pdf_attachment(handle, document.file_name)


@require_GET
def monitoring(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "today": today,
        "data": selectors.monitoring_for_user(user=request.user, today=today),
        "reminders": [
            (r, selectors.reminder_text(r)) for r in selectors.reminders_for_user(user=request.user)
        ],
        "warning_days": selectors.EXPIRY_WARNING_DAYS,
        "may_draft": bool(_draftable_regencies(request.user)),
        "may_send": can(request.user, Action.DECIDE, request.user.province_code)
        if getattr(request.user, "region_id", None)
        else bool(getattr(request.user, "is_superuser", False)),
        "remind_province": getattr(request.user, "province_code", ""),
    }
    return render(request, "agreements/monitoring.html", context)


@require_POST
def reminders_send(request: HttpRequest) -> HttpResponse:
    """A provincial administrator makes the reminders of their province now (the daily command does the same)."""
    region = request.POST.get("region", "")[:20] or getattr(request.user, "region_code", "")
    province = region.split(".", 1)[0]
    require(request.user, Action.DECIDE, province)
    report = services.reminders_refresh(today=timezone.localdate(), province=province)
    messages.success(
        request,
        _("%(created)s reminders made, %(emailed)s sent by e-mail.")
        % {"created": report.created, "emailed": report.emailed},
    )
    return redirect("agreements:monitoring")


@require_POST
def reminders_read(request: HttpRequest) -> HttpResponse:
    services.reminders_mark_read(user=request.user)
    return redirect("agreements:monitoring")
