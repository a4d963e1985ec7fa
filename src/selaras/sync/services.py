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
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from selaras.accounts.access import Action, can, require
from selaras.agreements.services import AgreementError, agreement_draft_from_parties
from selaras.core.alignment import RegionFacts, SyncProblem, analyze_sync, result_to_dict
from selaras.core.alignment.labels import value_label
from selaras.core.alignment.rerun import ProposalState, RerunDiff, proposal_key, rerun_diff
from selaras.core.plans.rows import PlanRow
from selaras.planning.models import Plan, PlanKind, PlanStatus
from selaras.planning.services import plan_rows
from selaras.regions.models import NATIONAL_CODE, Region
from selaras.sync.models import Answer, IrisanProposal, ProposalChange, RunState, SyncRun
from selaras.web.errors import ServiceError

NOT_A_PROVINCE = _("Synchronization runs for a province only.")
BAD_YEARS = _("Choose a period of one to ten years between 2000 and 2100.")
REASON_REQUIRED = _("Give a reason for your answer.")
BAD_ANSWER = _("Answer with accept or reject.")
NOT_A_PARTY = _("Only the two parties of this proposal answer it.")
NOT_BOTH_ACCEPTED = _("Both parties must accept the proposal before a draft agreement is opened.")
NOT_CURRENT = _(
    "This proposal belongs to an earlier run or has vanished from the latest one: answer it on the latest report."
)
NOT_PENDING = _("This run is already published.")
STALE_RUN = _("A newer run was published since this one: run the analysis again.")
CONFIRM_CHANGES = _(
    "This run would change decided proposals: check what would change, then confirm to publish it."
)
ANSWER_FIELDS = (
    "answer",
    "answer_reason",
    "answer_by",
)  # per side: answer_a, answer_a_reason, answer_a_by, ...


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
def sync_run(
    *, actor: Any, province_code: str, years: Sequence[int], is_sample: bool = False, confirm: bool = False
) -> SyncRun:
    """Analyse the submitted/approved plans of `province_code` (and the national rows) for `years`, and store
    the result with one proposal per irisan candidate. `actor` None is Selaras itself (the sample loader).

    The answers, their reasons and the draft agreements of the previous run's proposals are carried over
    (`_publish`). When that would change a decided proposal and `confirm` is False, the run is stored as
    `pending` and not shown as the province's report until `sync_run_confirm`."""
    province = Region.objects.filter(code=province_code, level="province").first()
    if province is None:
        raise SyncError(str(NOT_A_PROVINCE))
    if actor is not None:
        require(actor, Action.DECIDE, province_code)
    if len(years) > 101:  # checked before the years are listed: a range of 10**18 years would fill the memory
        raise SyncError(str(BAD_YEARS))
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
        state=RunState.PENDING,
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
            key=proposal_key(str(c.type), c.a, c.b),
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
    _publish(run, actor=actor, confirmed=confirm)
    return run


def _previous_proposals(previous: SyncRun | None) -> list[IrisanProposal]:
    """The proposals a new run compares with, locked so no answer lands while they are carried over. A vanished
    one is compared only while it holds a decision."""
    if previous is None:
        return []
    locked = IrisanProposal.objects.select_for_update().filter(run=previous).order_by("pk")
    return [p for p in locked if p.change != ProposalChange.VANISHED or p.decided]


def _state(proposal: IrisanProposal) -> ProposalState:
    return ProposalState(key=proposal.key, reason=proposal.reason_id, decided=proposal.decided)


def _latest_published(province_code: str) -> SyncRun | None:
    return SyncRun.objects.filter(region_id=province_code, state=RunState.PUBLISHED).first()


def run_diff(*, run: SyncRun, lock: bool = False) -> tuple[SyncRun | None, list[IrisanProposal], RerunDiff]:
    """The published run `run` would replace, its proposals, and what `run` would do to them."""
    previous = _latest_published(run.region_id)
    if previous is not None and previous.pk == run.pk:
        previous = None
    if lock:
        before = _previous_proposals(previous)
    elif previous is not None:
        before = [p for p in previous.proposals.all() if p.change != ProposalChange.VANISHED or p.decided]
    else:
        before = []
    current = run.proposals.exclude(change=ProposalChange.VANISHED)
    return previous, before, rerun_diff([_state(p) for p in before], [_state(p) for p in current])


def _carry(source: IrisanProposal, target: IrisanProposal) -> None:
    """Copy the answers and the draft agreement of `source` onto `target` (the same key, maybe sides swapped)."""
    sides = ("a", "b") if source.row_a == target.row_a else ("b", "a")
    for from_side, to_side in zip(sides, ("a", "b"), strict=True):
        for name in ANSWER_FIELDS:
            field = name.replace("answer", f"answer_{from_side}", 1)
            setattr(target, name.replace("answer", f"answer_{to_side}", 1), getattr(source, field))
    target.agreement_id = source.agreement_id


def _publish(run: SyncRun, *, actor: Any, confirmed: bool | str) -> RerunDiff | None:
    """Carry the previous run's decisions over to `run` and publish it, unless it would change a decided
    proposal and `confirmed` is neither True nor the fingerprint of those very changes: then it stays pending.
    Returns the comparison, or None when the run stays pending."""
    # One publication at a time per province (the province's row is the lock), so two runs finishing together
    # cannot both carry over from the same previous run.
    Region.objects.select_for_update().filter(code=run.region_id).first()
    latest = _latest_published(run.region_id)
    if latest is not None and latest.pk > run.pk:
        raise SyncError(str(STALE_RUN))
    previous, before, diff = run_diff(run=run, lock=True)
    if diff.decided_changes and confirmed is not True and confirmed != diff.fingerprint:
        return None
    by_key = {p.key: p for p in before}
    user = actor if getattr(actor, "pk", None) else None
    current = list(run.proposals.all())
    for proposal in current:
        proposal.change = diff.change_of(proposal.key) if previous is not None else ProposalChange.NONE
        if proposal.key in by_key:
            _carry(by_key[proposal.key], proposal)
    fields = ["change", "agreement"] + [
        f"answer_{side}{rest}" for side in "ab" for rest in ("", "_reason", "_by")
    ]
    bulk_update_with_history(
        current,
        IrisanProposal,
        fields,
        batch_size=500,
        default_user=user,
        default_change_reason=f"carried over from run {previous.pk}" if previous else "synchronization run",
    )
    vanished = []
    for key in sorted(diff.vanished):
        old = by_key[key]
        copy = IrisanProposal(
            run=run,
            region_id=old.region_id,
            row_a=old.row_a,
            row_b=old.row_b,
            party_a_id=old.party_a_id,
            party_b_id=old.party_b_id,
            kind=old.kind,
            key=key,
            change=ProposalChange.VANISHED,
            score=old.score,
            reason_id=old.reason_id,
            reason_en=old.reason_en,
        )
        _carry(old, copy)
        vanished.append(copy)
    bulk_create_with_history(
        vanished, IrisanProposal, batch_size=500, default_user=user, default_change_reason="vanished"
    )
    run.state = RunState.PUBLISHED
    run.changes = {
        "previous": previous.pk if previous else None,
        "new": len(diff.new) if previous else 0,
        "kept": len(diff.kept),
        "vanished": len(diff.vanished),
        "decided_changes": [
            {"key": c.key, "change": str(c.change), "kind_after": c.kind_after} for c in diff.decided_changes
        ],
    }
    run.save(update_fields=["state", "changes"])
    return diff


@transaction.atomic
def sync_run_confirm(*, actor: Any, run: SyncRun, fingerprint: str | bool) -> SyncRun:
    """Publish a pending run after a provincial administrator saw what it changes. `fingerprint` is the one
    shown to them (`RerunDiff.fingerprint`); when the decisions changed since, the run stays pending."""
    require(actor, Action.DECIDE, run.region_id)
    run = SyncRun.objects.select_for_update().get(pk=run.pk)
    if run.state != RunState.PENDING:
        raise SyncError(str(NOT_PENDING))
    if _publish(run, actor=actor, confirmed=fingerprint) is None:
        raise SyncError(str(CONFIRM_CHANGES))
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


def _lock_current(proposal: IrisanProposal) -> IrisanProposal:
    """`proposal` read again under a row lock; refused when it is not a live proposal of the latest run."""
    locked = IrisanProposal.objects.select_for_update().select_related("run").get(pk=proposal.pk)
    latest = _latest_published(locked.region_id)
    if latest is None or latest.pk != locked.run_id or locked.change == ProposalChange.VANISHED:
        raise SyncError(str(NOT_CURRENT))
    return locked


@transaction.atomic
def proposal_answer(*, user: Any, proposal: IrisanProposal, answer: str, reason: str) -> IrisanProposal:
    """Record the answer of `user`'s party; 403 for a reader who is not a party writer.

    The row is locked and only this side's fields are written, so two parties answering at once both land."""
    side = proposal_require_party(user=user, proposal=proposal)
    if answer not in (Answer.ACCEPTED, Answer.REJECTED):
        raise SyncError(str(BAD_ANSWER))
    if not reason.strip():
        raise SyncError(str(REASON_REQUIRED))
    locked = _lock_current(proposal)
    setattr(locked, f"answer_{side}", answer)
    setattr(locked, f"answer_{side}_reason", reason.strip()[:2000])
    setattr(locked, f"answer_{side}_by", user)
    locked.save(update_fields=[f"answer_{side}", f"answer_{side}_reason", f"answer_{side}_by"])
    return locked


def _row(run: SyncRun, key: str) -> dict[str, Any]:
    return next((r for r in run.rows if r["id"] == key), {"id": key, "uraian": key, "indikator": ""})


@transaction.atomic
def proposal_open_agreement(*, user: Any, proposal: IrisanProposal) -> IrisanProposal:
    """Open (once) a draft cooperation agreement between the parties of an irisan both accepted."""
    proposal_require_party(user=user, proposal=proposal)
    proposal = _lock_current(proposal)
    if proposal.agreement_id:
        return proposal
    if not proposal.both_accepted:
        raise SyncError(str(NOT_BOTH_ACCEPTED))
    run = proposal.run
    rows = []
    # The draft covers the analysed plan period: each party's obligation in every year of it.
    for year in range(run.start_year, run.end_year + 1):
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
    a, b = _row(run, proposal.row_a)["uraian"], _row(run, proposal.row_b)["uraian"]
    # Both sides often name the program alike; the title says it once.
    program = a if a.strip().casefold() == b.strip().casefold() else f"{a} / {b}"
    title = f"Irisan {value_label(proposal.kind, 'id')}: {program}"[:200]
    reference = f"Sinkronisasi {run.start_year}-{run.end_year}: {proposal.row_a} / {proposal.row_b}"
    try:
        agreement = agreement_draft_from_parties(
            actor=user,
            parties=[proposal.party_a_id, proposal.party_b_id],
            title=title,
            rows=rows,
            source_reference=reference[:200],
        )
    except AgreementError as error:
        raise SyncError(list(error.texts)) from error
    proposal.agreement = agreement
    proposal.save(update_fields=["agreement"])
    return proposal
