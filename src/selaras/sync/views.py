from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from selaras.accounts.access import Action, can, require
from selaras.core.alignment import write_report_xlsx
from selaras.core.plans.rows import PlanRow
from selaras.core.regions_data import is_within
from selaras.jobs.services import job_start
from selaras.ops.replica import heavy_read
from selaras.regions.models import Region
from selaras.sync import selectors, services
from selaras.sync.models import Answer, IrisanProposal, ProposalChange, RunState, SyncRun
from selaras.sync.tasks import sync_run_task
from selaras.web.i18n import error_text, request_language

REPORT_PROPOSALS = 300
BAD_YEAR = _("The first and last year must be whole numbers.")
CHANGE_LABELS = {
    "vanishes": _("vanishes: the rows no longer make this irisan"),
    "type_changes": _("changes type"),
    "reason_changes": _("kept with its answers, on another reason"),
}


def _province(code: str) -> str:
    return code.split(".")[0]


def _proposal_rows(request: HttpRequest, proposals: Any, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "p": p,
            "reason": p.reason(lang),
            "side": services.answering_side(user=request.user, proposal=p),
        }
        for p in proposals
    ]


def _context(request: HttpRequest, run: SyncRun | None, province: Region) -> dict[str, Any]:
    names = selectors.region_names(province_code=province.code)
    context: dict[str, Any] = {"province": province, "run": run, "names": names, "Answer": Answer}
    context["can_run"] = can(request.user, Action.DECIDE, province.code)
    if run is None:
        return context
    lang = request_language()
    regencies = sorted(
        {r["kode_wilayah"] for r in run.rows if r["kode_wilayah"].count(".") == 1}
        | set(c for c in names if c.count(".") == 1)
    )
    context.update(
        report=run.result(lang),
        regencies=regencies,
        regency_names=[(code, names.get(code, code)) for code in regencies],
        matrix=selectors.matrix(run=run, regencies=regencies),
        rows={r["id"]: r for r in run.rows},
        proposals=_proposal_rows(
            request, run.proposals.exclude(change=ProposalChange.VANISHED).select_related("agreement"), lang
        ),
        vanished=_proposal_rows(
            request, run.proposals.filter(change=ProposalChange.VANISHED).select_related("agreement"), lang
        ),
        changes=run.changes,
    )
    return context


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    code = getattr(request.user, "region_code", "") or ""
    if not code:
        raise Http404
    return redirect("sync:report", region_code=_province(code))


@require_GET
@login_required
def report(request: HttpRequest, region_code: str) -> HttpResponse:
    run = selectors.run_latest(user=request.user, province_code=region_code)
    province = Region.objects.filter(code=region_code, level="province").first()
    if province is None:
        raise Http404
    context = _context(request, run, province)
    context["pending_run"] = selectors.run_pending(run=run, province_code=region_code)
    if len(context.get("proposals", [])) > REPORT_PROPOSALS:
        # The best-scored ones; each region's page and the xlsx list them all (a page must stay usable).
        context["proposals_total"] = len(context["proposals"])
        context["proposals"] = context["proposals"][:REPORT_PROPOSALS]
    return render(request, "sync/report.html", context)


@require_GET
@login_required
def print_view(request: HttpRequest, region_code: str) -> HttpResponse:
    run = selectors.run_latest(user=request.user, province_code=region_code)
    province = Region.objects.filter(code=region_code, level="province").first()
    if province is None or run is None:
        raise Http404
    return render(request, "sync/print.html", _context(request, run, province))


@require_GET
@login_required
def region(request: HttpRequest, region_code: str) -> HttpResponse:
    require(request.user, Action.VIEW, region_code)
    place = Region.objects.filter(code=region_code).first()
    province = Region.objects.filter(code=_province(region_code), level="province").first()
    if place is None or province is None:
        raise Http404
    run = selectors.run_latest(user=request.user, province_code=province.code)
    context = _context(request, run, province)
    context["place"] = place
    if run is not None:
        context["part"] = selectors.report_for_region(
            report=context["report"], rows=run.rows, code=region_code
        )
        for name in ("proposals", "vanished"):
            context[name] = [
                item
                for item in context[name]
                if is_within(item["p"].party_a_id, region_code)
                or is_within(item["p"].party_b_id, region_code)
            ]
    return render(request, "sync/region.html", context)


@require_POST
@login_required
def start(request: HttpRequest, region_code: str) -> HttpResponse:
    require(request.user, Action.DECIDE, region_code)
    province = Region.objects.filter(code=region_code, level="province").first()
    if province is None:
        raise Http404
    try:
        first, last = int(request.POST.get("start_year", "2025")), int(request.POST.get("end_year", "2029"))
    except ValueError:
        messages.error(request, BAD_YEAR)
        return redirect("sync:report", region_code=region_code)
    if not (2000 <= first <= last <= 2100 and last - first < 10):
        messages.error(request, services.BAD_YEARS)
        return redirect("sync:report", region_code=region_code)
    job = job_start(
        kind="sync_run",
        title=_("Synchronization analysis for %(name)s") % {"name": province.name},
        region_code=province.code,
        user=request.user,
        task=sync_run_task,
        province_code=province.code,
        years=list(range(first, last + 1)),
        user_id=request.user.pk,
    )
    return redirect("jobs:detail", job_id=job.pk)


def _decided_changes(run: SyncRun, lang: str) -> tuple[list[dict[str, Any]], str]:
    """The decided proposals a run changes (pending: would change), with their answers before the run."""
    if run.state == RunState.PENDING:
        _previous, before, diff = services.run_diff(run=run)
        changes = [
            {
                "key": c.key,
                "change": str(c.change),
                "kind_after": c.kind_after,
                "reason_after": c.reason_after,
            }
            for c in diff.decided_changes
        ]
        fingerprint = diff.fingerprint
    else:
        changes = run.changes.get("decided_changes", [])
        keys = [c["key"] for c in changes]
        before = list(IrisanProposal.objects.filter(run_id=run.changes.get("previous"), key__in=keys))
        fingerprint = ""
    by_key = {p.key: p for p in before}
    return [
        {
            **c,
            "p": by_key[c["key"]],
            "reason": by_key[c["key"]].reason(lang),
            "label": CHANGE_LABELS[c["change"]],
        }
        for c in changes
        if c["key"] in by_key
    ], fingerprint


@require_GET
@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """One run: what it changed (or, awaiting confirmation, would change) in the decided proposals."""
    run = selectors.run_get_for_user(user=request.user, run_id=run_id)
    decided, fingerprint = _decided_changes(run, request_language())
    context = {
        "run": run,
        "decided": decided,
        "fingerprint": fingerprint,
        "can_run": can(request.user, Action.DECIDE, run.region_id),
        "pending": run.state == RunState.PENDING,
    }
    return render(request, "sync/run.html", context)


@require_POST
@login_required
def run_confirm(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_get_for_user(user=request.user, run_id=run_id)
    try:
        services.sync_run_confirm(
            actor=request.user, run=run, fingerprint=request.POST.get("fingerprint", "")
        )
    except services.SyncError as error:
        messages.error(request, error_text(error))
        return redirect("sync:run", run_id=run.pk)
    messages.success(request, _("The run is published; the answers were carried over."))
    return redirect("sync:report", region_code=run.region_id)


@require_GET
@login_required
@heavy_read
def export(request: HttpRequest, region_code: str) -> HttpResponse:
    run = selectors.run_latest(user=request.user, province_code=region_code)
    if run is None:
        raise Http404
    rows = [
        PlanRow(
            id=r["id"],
            kode_wilayah=r["kode_wilayah"],
            kode=r["kode"],
            uraian=r["uraian"],
            indikator=r["indikator"],
            mendukung=r["mendukung"],
        )
        for r in run.rows
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.xlsx"
        write_report_xlsx(run.result(request_language()), rows, path)
        data = path.read_bytes()
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sample = "-CONTOH" if run.is_sample else ""
    name = f"sinkronisasi-{region_code}-{run.start_year}-{run.end_year}{sample}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _back(proposal: IrisanProposal, request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target.startswith("/sinkronisasi/") and "//" not in target:
        return redirect(target)
    return redirect("sync:report", region_code=proposal.region_id)


@require_POST
@login_required
def answer(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    try:
        services.proposal_answer(
            user=request.user,
            proposal=proposal,
            answer=request.POST.get("answer", ""),
            reason=request.POST.get("reason", ""),
        )
    except services.SyncError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your answer was recorded."))
    return _back(proposal, request)


@require_POST
@login_required
def open_agreement(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    try:
        proposal = services.proposal_open_agreement(user=request.user, proposal=proposal)
    except services.SyncError as error:
        messages.error(request, error_text(error))
        return _back(proposal, request)
    return redirect("agreements:detail", proposal.agreement_id)
