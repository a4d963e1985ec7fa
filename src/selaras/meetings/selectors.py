"""Reads of meetings, always through selaras.accounts.access: who sees a meeting, the computed status of each
follow-up, the frozen findings and their comparison with a later run, the record the documents are made from."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from selaras.accounts.access import Action, require, scope
from selaras.agreements.models import Agreement, ObligationStatus
from selaras.agreements.models import Status as AgreementStatus
from selaras.agreements.selectors import obligation_views
from selaras.core.meetings import record as rec
from selaras.core.meetings.compare import Comparison, compare_items, target_carried
from selaras.meetings.models import Decision, FollowUp, FollowUpKind, Meeting, Reminder
from selaras.planning.models import Indicator, PlanStatus
from selaras.regions.models import Region
from selaras.sync.models import IrisanProposal, ProposalChange, RunState, SyncRun

DUE_SOON_DAYS = 14


class State(StrEnum):
    DONE = "done"
    AWAITING = "awaiting"  # marked done with evidence, the province has not confirmed yet
    OVERDUE = "overdue"
    OPEN = "open"


STATE_LABELS = {
    State.DONE: gettext_lazy("Done"),
    State.AWAITING: gettext_lazy("Awaiting the province's confirmation"),
    State.OVERDUE: gettext_lazy("Overdue"),
    State.OPEN: gettext_lazy("Open"),
}
# Overdue first, then open, then awaiting confirmation, done last.
STATE_ORDER = {State.OVERDUE: 0, State.OPEN: 1, State.AWAITING: 2, State.DONE: 3}


# --- access ------------------------------------------------------------------------------------------------


def meetings_for_user(*, user: Any) -> QuerySet[Meeting]:
    return scope(user, Meeting.objects.select_related("region", "host"), Action.VIEW)


def meeting_get_for_user(*, user: Any, meeting_id: int, action: Action = Action.VIEW) -> Meeting:
    """The meeting (404 outside the user's province); `action` DECIDE for the writes (403 if not allowed)."""
    meeting = get_object_or_404(Meeting.objects.select_related("region", "host", "sync_run"), pk=meeting_id)
    require(user, Action.VIEW, meeting.region_id)
    if action != Action.VIEW:
        require(user, action, meeting.region_id)
    return meeting


def decision_get_for_user(*, user: Any, decision_id: int, action: Action = Action.VIEW) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=decision_id)
    require(user, Action.VIEW, decision.region_id)
    if action != Action.VIEW:
        require(user, action, decision.region_id)
    return decision


def followups_for_user(*, user: Any) -> QuerySet[FollowUp]:
    return scope(user, FollowUp.objects.all(), Action.VIEW, "meeting__region__code").select_related(
        "meeting", "decision", "region"
    )


def followup_get_for_user(*, user: Any, followup_id: int) -> FollowUp:
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("meeting", "decision", "region", "obligation"), pk=followup_id
    )
    require(user, Action.VIEW, follow_up.meeting.region_id)
    return follow_up


# --- computed status of a follow-up --------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpView:
    follow_up: FollowUp
    state: State
    basis: str  # what the records say (the plan row and its target, the agreement's status, ...)

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def computed(self) -> bool:
        return self.follow_up.kind != FollowUpKind.MANUAL


def _target_state(decision: Decision) -> tuple[bool, str]:
    year, minimum = decision.target_year, decision.target_minimum
    if not (decision.target_region_id and decision.indicator_key and year and minimum is not None):
        return False, ""
    rows = (
        Indicator.objects.filter(
            region_id=decision.target_region_id,
            key=decision.indicator_key,
            plan__status__in=[PlanStatus.SUBMITTED, PlanStatus.APPROVED],
            plan__start_year__lte=year,
            plan__end_year__gte=year,
        )
        .select_related("plan")
        .order_by("-plan__start_year")
    )
    for row in rows:
        planned = row.targets_by_year.get(str(year), "")
        if target_carried(row.targets_by_year, year, minimum):
            return True, _(
                "%(plan)s (%(status)s) plans %(planned)s for %(year)s (at least %(minimum)s asked)."
            ) % {
                "plan": row.plan.label,
                "status": row.plan.get_status_display(),
                "planned": planned,
                "year": year,
                "minimum": _number(minimum),
            }
    first = rows.first()
    if first is None:
        return False, _(
            "No submitted or approved plan of the region carries this indicator for %(year)s yet."
        ) % {"year": year}
    return False, _(
        "%(plan)s (%(status)s) plans %(planned)s for %(year)s; at least %(minimum)s is asked."
    ) % {
        "plan": first.plan.label,
        "status": first.plan.get_status_display(),
        "planned": first.targets_by_year.get(str(year), "-") or "-",
        "year": year,
        "minimum": _number(minimum),
    }


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _agreement_state(decision: Decision) -> tuple[bool, str]:
    # Read again: the signature may have landed after the decision was loaded.
    if decision.agreement_id is None:
        return False, _("The agreement is no longer recorded.")
    agreement = Agreement.objects.filter(pk=decision.agreement_id).first()
    if agreement is None:
        return False, _("The agreement is no longer recorded.")
    if agreement.signed_on is not None and agreement.status != AgreementStatus.DRAFT:
        return True, _("Signed by every party on %(date)s.") % {"date": agreement.signed_on.isoformat()}
    return False, _("The agreement is not signed by every party yet.")


def _coverage_state(follow_up: FollowUp, today: date) -> tuple[bool, str]:
    obligation = follow_up.obligation
    if obligation is None:
        return False, _("The coverage obligation is no longer recorded.")
    view = next(
        (
            v
            for v in obligation_views(agreement=obligation.agreement, today=today)
            if v.obligation.pk == obligation.pk
        ),
        None,
    )
    if view is None:
        return False, ""
    coverage = view.coverage
    detail = (
        _("%(live)s of %(total)s villages live.") % {"live": coverage.live_today, "total": coverage.total}
        if coverage
        else ""
    )
    return view.status == ObligationStatus.FULFILLED, detail


def _irisan_state(decision: Decision) -> tuple[bool, str]:
    proposal = None
    if decision.proposal_key:
        proposal = (
            IrisanProposal.objects.filter(
                key=decision.proposal_key, region_id=decision.region_id, run__state=RunState.PUBLISHED
            )
            .order_by("-run_id")
            .first()
        )
    proposal = proposal or decision.proposal
    if proposal is None:
        return False, _("The irisan proposal is no longer found.")
    if proposal.both_accepted:
        return True, _("Both parties accepted the irisan.")
    return False, _("Answers: %(a)s / %(b)s.") % {
        "a": proposal.get_answer_a_display(),
        "b": proposal.get_answer_b_display(),
    }


def followup_view(follow_up: FollowUp, *, today: date) -> FollowUpView:
    """The follow-up with its status computed from the records (a manual one: from its marking)."""
    decision = follow_up.decision
    kind = follow_up.kind
    done, basis = False, ""
    if kind == FollowUpKind.TARGET:
        done, basis = _target_state(decision)
    elif kind == FollowUpKind.AGREEMENT:
        done, basis = _agreement_state(decision)
    elif kind == FollowUpKind.COVERAGE:
        done, basis = _coverage_state(follow_up, today)
    elif kind == FollowUpKind.IRISAN:
        done, basis = _irisan_state(decision)
    elif follow_up.confirmed_at is not None:
        done, basis = (
            True,
            _("Confirmed by the province on %(date)s.") % {"date": follow_up.confirmed_at.date()},
        )
    elif follow_up.claimed_at is not None:
        return FollowUpView(follow_up, State.AWAITING, follow_up.evidence_note)
    if done:
        return FollowUpView(follow_up, State.DONE, basis)
    if follow_up.due_on is not None and today > follow_up.due_on:
        return FollowUpView(follow_up, State.OVERDUE, basis)
    return FollowUpView(follow_up, State.OPEN, basis)


def followup_views(follow_ups: Iterable[FollowUp], *, today: date) -> list[FollowUpView]:
    """Views sorted overdue first, then open, awaiting confirmation and done; within each by due date."""
    views = [followup_view(f, today=today) for f in follow_ups]
    return sorted(
        views,
        key=lambda v: (STATE_ORDER[v.state], v.follow_up.due_on or date.max, v.follow_up.pk),
    )


def _with_links(queryset: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    return queryset.select_related(
        "meeting",
        "decision__agreement",
        "decision__proposal",
        "decision__target_region",
        "region",
        "obligation",
    )


def owed_by_region(*, user: Any, today: date) -> list[FollowUpView]:
    """What the user's own government owes from the meetings of its province, overdue first."""
    code = getattr(user, "region_code", "")
    if not code:
        return []
    follow_ups = followups_for_user(user=user).filter(region_id=code)
    return followup_views(_with_links(follow_ups), today=today)


def meeting_followups(*, meeting: Meeting, today: date) -> list[FollowUpView]:
    return followup_views(_with_links(meeting.follow_ups.all()), today=today)


def carried_over(*, meeting: Meeting, today: date) -> list[FollowUpView]:
    """Follow-ups of the province's earlier meetings still not done: the next meeting opens with them."""
    earlier = FollowUp.objects.filter(meeting__region_id=meeting.region_id).filter(
        Q(meeting__date__lt=meeting.date) | Q(meeting__date=meeting.date, meeting_id__lt=meeting.pk)
    )
    return [v for v in followup_views(_with_links(earlier), today=today) if v.state != State.DONE]


def due_for_reminder(*, today: date, province: str = "") -> list[FollowUpView]:
    """Follow-ups not done that are overdue or due within DUE_SOON_DAYS days."""
    follow_ups = FollowUp.objects.filter(
        due_on__isnull=False, due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
    )
    if province:
        follow_ups = follow_ups.filter(meeting__region_id=province)
    return [
        v
        for v in followup_views(_with_links(follow_ups), today=today)
        if v.state in (State.OPEN, State.OVERDUE)
    ]


def reminders_for_user(*, user: Any, limit: int = 20) -> list[Reminder]:
    visible = followups_for_user(user=user).values("pk")
    return list(
        Reminder.objects.filter(user=user, read_at__isnull=True, follow_up_id__in=visible)
        .select_related("follow_up__meeting")
        .order_by("-created_at", "-pk")[:limit]
    )


def reminder_text(reminder: Reminder, *, today: date) -> str:
    follow_up = reminder.follow_up
    due = follow_up.due_on.isoformat() if follow_up.due_on else "-"
    if follow_up.due_on is not None and follow_up.due_on < today:
        template = _("Overdue follow-up of %(meeting)s: %(text)s (due %(due)s).")
    else:
        template = _("Follow-up of %(meeting)s due soon: %(text)s (due %(due)s).")
    return template % {"meeting": follow_up.meeting.title, "text": follow_up.text, "due": due}


# --- findings as presented ----------------------------------------------------------------------------------


def _row_label(rows: dict[str, dict[str, Any]], row_id: str) -> str:
    row = rows.get(row_id)
    if row is None:
        return row_id
    return f"{row['kode_wilayah']} · {row['kode']} · {row['indikator']}"


# The findings of a run, by list of the OUT.json contract: the item's kind, its key (stable across runs: the same
# rows give the same key), the row it is about, and other regions it names.
_FINDINGS: tuple[tuple[str, str, Callable[[dict[str, Any]], str], str, str], ...] = (
    ("coverage_gaps", "coverage_gap", lambda f: f"gap:{f['id']}:{f['kind']}", "id", "missing_regions"),
    (
        "target_shortfalls",
        "target_shortfall",
        lambda f: f"shortfall:{f['parent']}:{f['child']}:{f['year']}",
        "child",
        "",
    ),
    ("code_errors", "code_error", lambda f: f"code:{f['id']}:{f['code']}", "id", ""),
    ("dangling_links", "dangling_link", lambda f: f"dangling:{f['id']}:{f['mendukung']}", "id", ""),
)


def _item(
    key: str, kind: str, regions: Iterable[str], label: str, text_id: str, text_en: str
) -> dict[str, Any]:
    regions = sorted({r for r in regions if r})
    return {
        "key": key,
        "kind": kind,
        "regions": regions,
        "label": label,
        "text_id": text_id,
        "text_en": text_en,
    }


def run_items(run: SyncRun) -> list[dict[str, Any]]:
    """The findings and irisan proposals of `run`, as plain items with a key that is stable across runs and
    their text in Indonesian and English (the two reports list the same findings in the same order)."""
    rows = {r["id"]: r for r in run.rows}
    result_id, result_en = run.result_id or {}, run.result_en or {}
    items: list[dict[str, Any]] = []
    for name, kind, key_of, row_field, more_regions in _FINDINGS:
        english = result_en.get(name, [])
        for number, found in enumerate(result_id.get(name, [])):
            row_id = found[row_field]
            region = rows.get(row_id, {}).get("kode_wilayah", "")
            text_en = english[number]["reason"] if number < len(english) else found["reason"]
            regions = [region, *(found.get(more_regions, []) if more_regions else [])]
            items.append(
                _item(key_of(found), kind, regions, _row_label(rows, row_id), found["reason"], text_en)
            )
    for p in run.proposals.exclude(change=ProposalChange.VANISHED).order_by("-score", "pk"):
        label = f"{_row_label(rows, p.row_a)} ~ {_row_label(rows, p.row_b)}"
        key = f"irisan:{p.key or p.row_a + '~' + p.row_b}"
        item = _item(key, "irisan", [p.party_a_id, p.party_b_id], label, p.reason_id, p.reason_en)
        items.append(item | {"proposal_id": p.pk, "proposal_key": p.key, "answers": [p.answer_a, p.answer_b]})
    return items


KIND_LABELS = {
    "coverage_gap": gettext_lazy("Coverage gap"),
    "target_shortfall": gettext_lazy("Target shortfall"),
    "code_error": gettext_lazy("Code error"),
    "dangling_link": gettext_lazy("Dangling link"),
    "irisan": gettext_lazy("Irisan"),
}


def snapshot_irisan(meeting: Meeting) -> list[dict[str, Any]]:
    return [i for i in meeting.snapshot.get("items", []) if i["kind"] == "irisan"]


def comparison(*, meeting: Meeting, run: SyncRun) -> Comparison:
    """The frozen findings of `meeting` against `run`: what was closed since, what is new, what is still open."""
    return compare_items(meeting.snapshot.get("items", []), run_items(run))


def runs_to_compare(*, meeting: Meeting) -> QuerySet[SyncRun]:
    return SyncRun.objects.filter(region_id=meeting.region_id, state=RunState.PUBLISHED).order_by("-pk")


def region_choices(*, province_code: str) -> list[Region]:
    """The province and its regencies/cities (the governments of a meeting)."""
    return list(
        Region.objects.within(province_code)
        .active()
        .filter(level__in=["province", "regency"])
        .order_by("code")
    )


# --- the record the documents are made from -----------------------------------------------------------------


def decision_refers_to(decision: Decision) -> tuple[str, ...]:
    """What a decision points at, in the active language."""
    out: list[str] = []
    if decision.proposal_key or decision.proposal_id:
        proposal = decision.proposal
        label = proposal.reason(_lang()) if proposal is not None else decision.proposal_key
        out.append(_("Irisan: %(label)s") % {"label": label})
    if decision.agreement is not None:
        out.append(_("Agreement: %(title)s") % {"title": decision.agreement.title})
    if decision.target_region_id and decision.target_minimum is not None:
        out.append(
            _("Plan of %(region)s: %(indicator)s, %(year)s target at least %(minimum)s")
            % {
                "region": decision.target_region.name
                if decision.target_region
                else decision.target_region_id,
                "indicator": decision.indicator_name or decision.indicator_key,
                "year": decision.target_year,
                "minimum": _number(decision.target_minimum),
            }
        )
    return tuple(out)


def _lang() -> str:
    from selaras.web.i18n import request_language

    return request_language()


def _government(region: Region) -> str:
    """How a government signs: "Pemerintah Provinsi Kalimantan Timur", "Pemerintah Kabupaten Paser"."""
    if region.level == "province":
        return _("Government of the province of %(name)s") % {"name": region.name}
    return _("Government of %(name)s") % {"name": region.name}


def meeting_record(*, meeting: Meeting, lang: str, today: date) -> rec.MeetingRecord:
    """The meeting as plain data for the berita acara, daftar hadir and register, in `lang`."""
    with override(lang):
        regions = Region.objects.within(meeting.region_id).filter(level__in=["province", "regency"])
        names = {r.code: _government(r) for r in regions}
        host = meeting.host
        decisions = list(meeting.decisions.select_related("agreement", "proposal", "target_region"))
        numbers = {d.pk: d.number for d in decisions}
        return rec.MeetingRecord(
            title=meeting.title,
            theme=meeting.theme,
            date=meeting.date,
            place=meeting.place,
            host=_("Province of %(name)s") % {"name": host.name} if host.level == "province" else host.name,
            host_code=meeting.host_id,
            participants=tuple(
                rec.Participant(
                    government=names.get(p.region_id, p.region_id),
                    region_code=p.region_id,
                    name=p.name,
                    position=p.position,
                    attendance=p.attendance,
                    represented_by=p.represented_by,
                )
                for p in meeting.participants.order_by("region_id", "pk")
            ),
            agenda=tuple(rec.AgendaItem(a.order, a.title, a.notes) for a in meeting.agenda.all()),
            decisions=tuple(
                rec.Decision(
                    number=d.number,
                    text=d.text,
                    bound=tuple(names.get(code, code) for code in d.bound),
                    refers_to=decision_refers_to(d),
                )
                for d in decisions
            ),
            follow_ups=tuple(
                rec.FollowUp(
                    decision_number=numbers[v.follow_up.decision_id],
                    text=v.follow_up.text,
                    responsible=names.get(v.follow_up.region_id, v.follow_up.region_id),
                    due=v.follow_up.due_on,
                    status=v.label,
                    evidence=v.follow_up.evidence_file_name or v.basis,
                )
                for v in sorted(
                    meeting_followups(meeting=meeting, today=today),
                    key=lambda v: (numbers[v.follow_up.decision_id], v.follow_up.pk),
                )
            ),
            is_sample=meeting.is_sample,
            language=lang,
        )
