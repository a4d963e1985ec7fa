"""Writes of the synchronization app: run the analysis on a province's plans, answer proposals, open a draft
agreement from an accepted irisan."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from selaras.accounts.access import Action, can, require
from selaras.agreements.services import AgreementError, agreement_draft_from_parties
from selaras.core.alignment import RegionFacts, SyncProblem, analyze_sync, result_to_dict
from selaras.core.plans.rows import PlanRow
from selaras.planning.models import Plan, PlanKind, PlanStatus
from selaras.planning.services import plan_rows
from selaras.regions.models import NATIONAL_CODE, Region
from selaras.sync.models import Answer, IrisanProposal, SyncRun
from selaras.web.errors import ServiceError

NOT_A_PROVINCE = _("Synchronization runs for a province only.")
BAD_YEARS = _("Choose a period of one to ten years between 2000 and 2100.")
REASON_REQUIRED = _("Give a reason for your answer.")
BAD_ANSWER = _("Answer with accept or reject.")
NOT_A_PARTY = _("Only the two parties of this proposal answer it.")
NOT_BOTH_ACCEPTED = _("Both parties must accept the proposal before a draft agreement is opened.")


class SyncError(ServiceError, ValueError):
    """A refused request, with a message for the user."""


def _plans(province_code: str, years: Sequence[int]) -> list[Plan]:
    first, last = min(years), max(years)
    in_province = Q(region_id=province_code) | Q(region__code__startswith=province_code + ".")
    plans = (
        Plan.objects.filter(
            start_year__lte=last, end_year__gte=first, kind__in=[PlanKind.RPJMN, PlanKind.RPJMD]
        )
        .filter(
            Q(region_id=NATIONAL_CODE)
            | in_province & Q(status__in=[PlanStatus.SUBMITTED, PlanStatus.APPROVED])
        )
        .select_related("region")
        .order_by("region_id", "-start_year")
    )
    chosen: dict[str, Plan] = {}
    for plan in plans:  # the latest plan of each region
        chosen.setdefault(plan.region_id, plan)
    return list(chosen.values())


def region_facts(*, province_code: str) -> dict[str, RegionFacts]:
    """Desa counts and population of the province and its regencies/cities, from the region data."""
    desa: Counter[str] = Counter()
    villages = Region.objects.filter(
        province_code=province_code, level="village", village_kind="desa", retired_at__isnull=True
    ).values_list("code", flat=True)
    for code in villages:
        desa[".".join(code.split(".")[:2])] += 1
        desa[province_code] += 1
    regions = Region.objects.filter(province_code=province_code, level__in=["province", "regency"]).filter(
        retired_at__isnull=True
    )
    return {r.code: RegionFacts(desa_count=desa[r.code], population=r.population) for r in regions}


def _snapshot(row: PlanRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "kode_wilayah": row.kode_wilayah,
        "kode": row.kode,
        "uraian": row.uraian,
        "indikator": row.indikator,
        "satuan": row.satuan,
        "mendukung": row.mendukung,
        "targets": {str(y): str(v) for y, v in sorted(row.targets_by_year.items())},
    }


@transaction.atomic
def sync_run(*, actor: Any, province_code: str, years: Sequence[int], is_sample: bool = False) -> SyncRun:
    """Analyse the submitted/approved plans of `province_code` (and the national rows) for `years`, and store
    the result with one proposal per irisan candidate. `actor` None is Selaras itself (the sample loader)."""
    province = Region.objects.filter(code=province_code, level="province").first()
    if province is None:
        raise SyncError(str(NOT_A_PROVINCE))
    if actor is not None:
        require(actor, Action.DECIDE, province_code)
    years = sorted(set(years))
    if not years or len(years) > 10 or years[0] < 2000 or years[-1] > 2100:
        raise SyncError(str(BAD_YEARS))
    plans = _plans(province_code, years)
    rows: list[PlanRow] = [row for plan in plans for row in plan_rows(plan=plan)]
    problem = SyncProblem(
        rows=tuple(rows), region_facts_by_code=region_facts(province_code=province_code), years=tuple(years)
    )
    result = analyze_sync(problem)
    run = SyncRun.objects.create(
        region=province,
        start_year=years[0],
        end_year=years[-1],
        plans=[{"id": p.pk, "region": p.region_id, "label": p.label, "status": p.status} for p in plans],
        rows=[_snapshot(r) for r in rows],
        result_id=result_to_dict(result, "id"),
        result_en=result_to_dict(result, "en"),
        created_by=actor if getattr(actor, "pk", None) else None,
        is_sample=is_sample,
    )
    region_of = {r.id: r.kode_wilayah for r in rows}
    proposals = [
        IrisanProposal(
            run=run,
            region=province,
            row_a=c.a,
            row_b=c.b,
            party_a_id=region_of[c.a],
            party_b_id=region_of[c.b],
            kind=str(c.type),
            score=c.score,
            reason_id=c.render_reason("id"),
            reason_en=c.render_reason("en"),
        )
        for c in result.irisan
        if region_of[c.a] != NATIONAL_CODE and region_of[c.b] != NATIONAL_CODE
    ]
    bulk_create_with_history(
        proposals,
        IrisanProposal,
        batch_size=500,
        default_user=run.created_by,
        default_change_reason="synchronization run",
    )
    return run


def answering_side(*, user: Any, proposal: IrisanProposal) -> str | None:
    """ "a" or "b": the party `user` answers for (their own region; a superuser the first pending side)."""
    if user.is_superuser:
        return "a" if proposal.answer_a == Answer.PENDING else "b"
    for side, code in (("a", proposal.party_a_id), ("b", proposal.party_b_id)):
        if user.region_code == code and can(user, Action.EDIT, code):
            return side
    return None


def proposal_require_party(*, user: Any, proposal: IrisanProposal) -> str:
    """The side `user` writes for; 404 when they may not read the province, 403 for other readers."""
    require(user, Action.VIEW, proposal.region_id)
    side = answering_side(user=user, proposal=proposal)
    if side is None:
        raise PermissionDenied(str(NOT_A_PARTY))
    return side


def proposal_answer(*, user: Any, proposal: IrisanProposal, answer: str, reason: str) -> IrisanProposal:
    """Record the answer of `user`'s party; 403 for a reader who is not a party writer."""
    side = proposal_require_party(user=user, proposal=proposal)
    if answer not in (Answer.ACCEPTED, Answer.REJECTED):
        raise SyncError(str(BAD_ANSWER))
    if not reason.strip():
        raise SyncError(str(REASON_REQUIRED))
    setattr(proposal, f"answer_{side}", answer)
    setattr(proposal, f"answer_{side}_reason", reason.strip()[:2000])
    setattr(proposal, f"answer_{side}_by", user)
    proposal.save()
    return proposal


def _row(run: SyncRun, key: str) -> dict[str, Any]:
    return next((r for r in run.rows if r["id"] == key), {"id": key, "uraian": key, "indikator": ""})


def proposal_open_agreement(*, user: Any, proposal: IrisanProposal) -> IrisanProposal:
    """Open (once) a draft cooperation agreement between the parties of an irisan both accepted."""
    proposal_require_party(user=user, proposal=proposal)
    if proposal.agreement_id:
        return proposal
    if not proposal.both_accepted:
        raise SyncError(str(NOT_BOTH_ACCEPTED))
    run = proposal.run
    year = run.start_year
    rows = []
    for key, party in ((proposal.row_a, proposal.party_a_id), (proposal.row_b, proposal.party_b_id)):
        row = _row(run, key)
        rows.append(
            {
                "party_code": party,
                "year": year,
                "title": f"{row['uraian']} ({key})"[:200],
                "indicator": row.get("indikator", "")[:200],
                "plan_indicator_key": key,
            }
        )
    a, b = _row(run, proposal.row_a), _row(run, proposal.row_b)
    title = f"Irisan {proposal.kind}: {a['uraian']} / {b['uraian']}"[:200]
    try:
        agreement = agreement_draft_from_parties(
            actor=user, parties=[proposal.party_a_id, proposal.party_b_id], title=title, rows=rows
        )
    except AgreementError as error:
        raise SyncError(str(error)) from error
    proposal.agreement = agreement
    proposal.save()
    return proposal
