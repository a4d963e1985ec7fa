"""Pages of coordination meetings. Every view asks selaras.accounts.access through the selectors or services."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from selaras.accounts.access import Action, can, require
from selaras.agreements.documents import pdf_attachment
from selaras.agreements.selectors import agreements_for_user
from selaras.meetings import documents, forms, selectors, services
from selaras.meetings.models import FollowUpKind, Meeting
from selaras.ops.replica import heavy_read
from selaras.sync.models import SyncRun
from selaras.uploads.services import stored_exists, stored_open
from selaras.web.errors import ServiceError, error_messages
from selaras.web.i18n import request_language


def _form_errors(request: HttpRequest, form: Any) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def _refused(request: HttpRequest, error: ServiceError) -> None:
    for text in error_messages(error):
        messages.error(request, text)


def _back(meeting_id: int) -> HttpResponse:
    return redirect("meetings:detail", meeting_id=meeting_id)


def _submit(
    request: HttpRequest, form: Any, call: Callable[[dict[str, Any]], object], done: str, back: HttpResponse
) -> HttpResponse:
    """Check `form` and hand its data to the service `call`; the form's or the service's refusal, or `done`,
    becomes the message shown on `back`."""
    if not form.is_valid():
        _form_errors(request, form)
        return back
    try:
        call(form.cleaned_data)
    except ServiceError as error:
        _refused(request, error)
    else:
        messages.success(request, done)
    return back


def _province(user: Any) -> str:
    """The user's province (a superuser: the installation's default province)."""
    return (
        getattr(user, "province_code", "") if getattr(user, "region_id", None) else settings.DEFAULT_PROVINCE
    )


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    province = _province(request.user)
    context = {
        "meetings": list(selectors.meetings_for_user(user=request.user)),
        "may_create": can(request.user, Action.DECIDE, province),
        "owed": selectors.owed_by_region(user=request.user, today=timezone.localdate()),
        "reminders": [
            (r, selectors.reminder_text(r, today=timezone.localdate()))
            for r in selectors.reminders_for_user(user=request.user, limit=10)
        ],
        "may_send": can(request.user, Action.DECIDE, province),
        "province": province,
    }
    return render(request, "meetings/list.html", context)


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    province = _province(request.user)
    require(request.user, Action.DECIDE, province)
    form = forms.MeetingForm(request.POST or None, regions=selectors.region_choices(province_code=province))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                actor=request.user,
                province_code=province,
                title=data["title"],
                theme=data["theme"],
                date=data["date"],
                place=data["place"],
                host_code=data["host"],
            )
        except ServiceError as error:
            form.add_error(None, error.render(request_language()))
        else:
            messages.success(request, _("Meeting recorded."))
            return _back(meeting.pk)
    return render(request, "meetings/new.html", {"form": form})


def _run_choices(meeting: Meeting) -> list[tuple[int, str]]:
    return [
        (
            run.pk,
            f"#{run.pk} · {run.start_year}-{run.end_year} · {timezone.localtime(run.created_at):%Y-%m-%d %H:%M}",
        )
        for run in selectors.runs_to_compare(meeting=meeting)[:20]
    ]


def _decision_form(
    request: HttpRequest, meeting: Meeting, regions: list[Any], data: Any = None
) -> forms.DecisionForm:
    lang = request_language()
    proposals = [
        (int(i["proposal_id"]), f"{i['label']} · {i['text_en'] if lang == 'en' else i['text_id']}"[:200])
        for i in selectors.snapshot_irisan(meeting)
    ]
    codes = {r.code for r in regions}
    agreements = [
        (a.pk, a.title)
        for a in agreements_for_user(user=request.user).prefetch_related("parties").order_by("-pk")[:200]
        if all(p.region_id in codes for p in a.parties.all())
    ]
    return forms.DecisionForm(
        data, regions=regions, proposals=proposals, agreements=agreements, auto_id="decision_%s"
    )


@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    today = timezone.localdate()
    regions = selectors.region_choices(province_code=meeting.region_id)
    may_write = can(request.user, Action.DECIDE, meeting.region_id)
    views = selectors.meeting_followups(meeting=meeting, today=today)
    decisions = list(meeting.decisions.select_related("agreement", "proposal", "target_region"))
    lang = request_language()
    names = {r.code: r.name for r in regions}
    runs = _run_choices(meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "participants": list(meeting.participants.select_related("region")),
        "agenda": list(meeting.agenda.all()),
        "decisions": [
            (
                d,
                [names.get(code, code) for code in d.bound],
                selectors.decision_refers_to(d),
                [v for v in views if v.follow_up.decision_id == d.pk],
                forms.FollowUpForm(regions=regions, auto_id=f"followup{d.number}_%s") if may_write else None,
            )
            for d in decisions
        ],
        "items": [
            (
                i,
                selectors.KIND_LABELS.get(i["kind"], i["kind"]),
                i["text_en"] if lang == "en" else i["text_id"],
            )
            for i in meeting.snapshot.get("items", [])
        ],
        "carried": selectors.carried_over(meeting=meeting, today=today),
        "may_write": may_write,
        "runs": runs,
    }
    if may_write:
        context |= {
            # Several forms on one page: each gets its own element ids.
            "participant_form": forms.ParticipantForm(regions=regions, auto_id="participant_%s"),
            "agenda_form": forms.AgendaForm(auto_id="agenda_%s"),
            "attach_form": forms.AttachRunForm(runs=runs, auto_id="attach_%s"),
            "decision_form": _decision_form(request, meeting, regions),
            "signed_form": forms.SignedForm(auto_id="signed_%s"),
        }
    return render(request, "meetings/detail.html", context)


@require_POST
def participant_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id, action=Action.DECIDE)
    regions = selectors.region_choices(province_code=meeting.region_id)

    def call(data: dict[str, Any]) -> object:
        data = dict(data)
        return services.participant_add(
            actor=request.user, meeting=meeting, region_code=data.pop("region"), **data
        )

    form = forms.ParticipantForm(request.POST, regions=regions)
    return _submit(request, form, call, _("Saved."), _back(meeting.pk))


@require_POST
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id, action=Action.DECIDE)

    def call(data: dict[str, Any]) -> object:
        return services.agenda_add(actor=request.user, meeting=meeting, **data)

    return _submit(request, forms.AgendaForm(request.POST), call, _("Saved."), _back(meeting.pk))


@require_POST
def run_attach(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id, action=Action.DECIDE)

    def call(data: dict[str, Any]) -> object:
        run = SyncRun.objects.get(pk=data["run"])  # one of the choices: the province's published runs
        return services.run_attach(actor=request.user, meeting=meeting, run=run)

    form = forms.AttachRunForm(request.POST, runs=_run_choices(meeting))
    done = _("The run's findings are frozen as presented at the meeting.")
    return _submit(request, form, call, done, _back(meeting.pk))


@require_GET
def compare(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    runs = selectors.runs_to_compare(meeting=meeting)
    wanted = request.GET.get("run", "")
    run = runs.filter(pk=int(wanted)).first() if wanted.isdigit() else runs.first()
    lang = request_language()

    def text(item: Mapping[str, Any]) -> str:
        return str(item["text_en"] if lang == "en" else item["text_id"])

    result = selectors.comparison(meeting=meeting, run=run) if run is not None and meeting.snapshot else None
    context = {
        "meeting": meeting,
        "run": run,
        "runs": _run_choices(meeting),
        "kind_labels": selectors.KIND_LABELS,
        "columns": [
            (_("Closed since the meeting"), "closed", [(i, text(i)) for i in result.closed]),
            (_("Still open"), "still", [(i, text(i)) for i in result.still_open]),
            (_("New since the meeting"), "new", [(i, text(i)) for i in result.new]),
        ]
        if result
        else [],
    }
    return render(request, "meetings/compare.html", context)


@require_POST
def decision_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id, action=Action.DECIDE)
    regions = selectors.region_choices(province_code=meeting.region_id)

    def call(data: dict[str, Any]) -> object:
        proposals = meeting.sync_run.proposals if meeting.sync_run else None
        return services.decision_record(
            actor=request.user,
            meeting=meeting,
            text=data["text"],
            bound=data["bound"],
            proposal=proposals.filter(pk=data["proposal"]).first()
            if proposals and data["proposal"]
            else None,
            agreement=agreements_for_user(user=request.user).filter(pk=data["agreement"]).first()
            if data["agreement"]
            else None,
            target=services.plan_target(
                region_code=data["target_region"],
                indicator_key=data["indicator_key"],
                year=data["target_year"],
                minimum=data["target_minimum"],
            ),
            due_on=data["due_on"],
        )

    form = _decision_form(request, meeting, regions, request.POST)
    return _submit(request, form, call, _("Decision recorded."), _back(meeting.pk))


@require_POST
def followup_add(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(
        user=request.user, decision_id=decision_id, action=Action.DECIDE
    )
    regions = selectors.region_choices(province_code=decision.region_id)

    def call(data: dict[str, Any]) -> object:
        data = dict(data)
        return services.followup_add(
            actor=request.user, decision=decision, region_code=data.pop("region"), **data
        )

    form = forms.FollowUpForm(request.POST, regions=regions)
    return _submit(request, form, call, _("Saved."), _back(decision.meeting_id))


@require_GET
def followup_detail(request: HttpRequest, followup_id: int) -> HttpResponse:
    follow_up = selectors.followup_get_for_user(user=request.user, followup_id=followup_id)
    view = selectors.followup_view(follow_up, today=timezone.localdate())
    manual = follow_up.kind == FollowUpKind.MANUAL
    context = {
        "view": view,
        "follow_up": follow_up,
        "meeting": follow_up.meeting,
        "may_mark": manual and can(request.user, Action.EDIT, follow_up.region_id),
        "may_confirm": manual
        and follow_up.claimed_at is not None
        and follow_up.confirmed_at is None
        and can(request.user, Action.DECIDE, follow_up.meeting.region_id),
        "mark_form": forms.MarkDoneForm(initial={"note": follow_up.evidence_note}),
        "confirm_form": forms.ConfirmForm(),
    }
    return render(request, "meetings/followup.html", context)


@require_POST
def followup_mark_done(request: HttpRequest, followup_id: int) -> HttpResponse:
    follow_up = selectors.followup_get_for_user(user=request.user, followup_id=followup_id)
    require(request.user, Action.EDIT, follow_up.region_id)

    def call(data: dict[str, Any]) -> object:
        content, file_name = data["evidence"] or (None, "")
        return services.followup_mark_done(
            actor=request.user, follow_up=follow_up, note=data["note"], data=content, file_name=file_name
        )

    form = forms.MarkDoneForm(request.POST, request.FILES)
    back = redirect("meetings:followup", followup_id=follow_up.pk)
    return _submit(request, form, call, _("Marked done; the province confirms it."), back)


@require_POST
def followup_confirm(request: HttpRequest, followup_id: int) -> HttpResponse:
    follow_up = selectors.followup_get_for_user(user=request.user, followup_id=followup_id)
    require(request.user, Action.DECIDE, follow_up.meeting.region_id)

    def call(data: dict[str, Any]) -> object:
        return services.followup_confirm(actor=request.user, follow_up=follow_up, **data)

    back = redirect("meetings:followup", followup_id=follow_up.pk)
    return _submit(request, forms.ConfirmForm(request.POST), call, _("Saved."), back)


def _pdf_response(stored_name: str, file_name: str) -> HttpResponseBase:
    if not stored_name.startswith("meetings/") or not stored_exists(stored_name):
        raise Http404
    return pdf_attachment(stored_open(stored_name), file_name)


@require_GET
def evidence_download(request: HttpRequest, followup_id: int) -> HttpResponseBase:
    follow_up = selectors.followup_get_for_user(user=request.user, followup_id=followup_id)
    return _pdf_response(follow_up.evidence_stored_name, follow_up.evidence_file_name)


@require_POST
def signed_upload(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id, action=Action.DECIDE)

    def call(data: dict[str, Any]) -> object:
        content, file_name = data["document"]
        return services.signed_upload(actor=request.user, meeting=meeting, data=content, file_name=file_name)

    form = forms.SignedForm(request.POST, request.FILES)
    return _submit(request, form, call, _("Signed berita acara kept."), _back(meeting.pk))


def _document(
    request: HttpRequest, meeting_id: int, make: Any, suffix: str, content_type: str
) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    record = selectors.meeting_record(meeting=meeting, lang=request_language(), today=timezone.localdate())
    response = HttpResponse(make(record), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="rakorda-{meeting.pk}-{suffix}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@heavy_read
def berita_acara(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _document(request, meeting_id, documents.berita_acara_pdf, "berita-acara.pdf", documents.PDF_TYPE)


@require_GET
@heavy_read
def daftar_hadir(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _document(request, meeting_id, documents.daftar_hadir_pdf, "daftar-hadir.pdf", documents.PDF_TYPE)


@require_GET
@heavy_read
def register(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _document(
        request, meeting_id, documents.meeting_register_xlsx, "register.xlsx", documents.XLSX_TYPE
    )


@require_GET
def signed_download(request: HttpRequest, meeting_id: int) -> HttpResponseBase:
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    return _pdf_response(meeting.signed_stored_name, meeting.signed_file_name)


@require_POST
def reminders_send(request: HttpRequest) -> HttpResponse:
    """A provincial administrator makes the follow-up reminders of the province now (the daily job does too)."""
    province = (request.POST.get("region", "")[:20] or _province(request.user)).split(".", 1)[0]
    require(request.user, Action.DECIDE, province)
    report = services.reminders_refresh(today=timezone.localdate(), province=province)
    messages.success(
        request,
        _("%(created)s reminders made, %(emailed)s sent by e-mail.")
        % {"created": report.created, "emailed": report.emailed},
    )
    return redirect("meetings:list")


@require_POST
def reminders_read(request: HttpRequest) -> HttpResponse:
    services.reminders_mark_read(user=request.user)
    return redirect("meetings:list")
