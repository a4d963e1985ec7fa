"""Writes of meetings. Each service takes the actor and asks selaras.accounts.access itself (None is Selaras
itself: the sample loader), so pages, the API and commands cannot skip the check."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selaras.accounts.access import Action, require
from selaras.agreements.models import Agreement, Measure
from selaras.agreements.services import ReminderReport, reminders_email
from selaras.core.regions_data import is_within
from selaras.meetings import selectors
from selaras.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    FollowUp,
    FollowUpKind,
    Meeting,
    Participant,
    Reminder,
)
from selaras.planning.models import Indicator
from selaras.regions.models import Region
from selaras.sync.models import IrisanProposal, RunState, SyncRun
from selaras.uploads.services import stored_delete, stored_save
from selaras.web.errors import ServiceError

NOT_A_PROVINCE = _("A meeting belongs to a province: choose a province.")
NOT_IN_PROVINCE = _("%(code)s is not the province or one of its regencies/cities.")
REQUIRED = _("%(field)s is required.")
RUN_OF_ANOTHER_PROVINCE = _("The synchronization run must be a published run of the meeting's province.")
PROPOSAL_NOT_PRESENTED = _(
    "The irisan proposal must be one of those presented at the meeting (attach the run first)."
)
AGREEMENT_OUTSIDE = _("The agreement must be one between governments of the meeting's province.")
INCOMPLETE_TARGET = _(
    "A plan row to change needs its region, indicator row id, year and minimum target, all four."
)
UNKNOWN_INDICATOR = _("%(region)s has no plan row with the id %(key)s.")
NO_BOUND = _("Name at least one government bound by the decision.")
COMPUTED_FOLLOW_UP = _("This follow-up's status is computed from the records; it cannot be marked by hand.")
NOT_CLAIMED = _("The responsible government has not marked this follow-up done yet.")
EVIDENCE_REQUIRED = _("Attach the evidence document (PDF) or describe the evidence.")
BAD_ATTENDANCE = _("Attendance must be present, represented or absent.")


class MeetingError(ServiceError, ValueError):
    """Refused; `str(error)` is the message for the user (in the active language)."""


def _check(actor: Any, action: Action, region_code: str) -> None:
    if actor is not None:
        require(actor, action, region_code)


def _in_province(code: str, province: str) -> Region:
    region: Region | None = Region.objects.filter(
        code=code, level__in=["province", "regency"], retired_at__isnull=True
    ).first()
    if region is None or not is_within(code, province):
        raise MeetingError(str(NOT_IN_PROVINCE) % {"code": code})
    return region


def _required(value: str, field: Any) -> str:
    value = (value or "").strip()
    if not value:
        raise MeetingError(str(REQUIRED) % {"field": field})
    return value


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    province_code: str,
    title: str,
    date: date,
    place: str,
    host_code: str,
    theme: str = "",
    is_sample: bool = False,
) -> Meeting:
    """A new meeting of `province_code`, hosted by the province or one of its regencies/cities."""
    province = Region.objects.filter(code=province_code, level="province").first()
    if province is None:
        raise MeetingError(str(NOT_A_PROVINCE))
    _check(actor, Action.DECIDE, province.code)
    host = _in_province(host_code, province.code)
    return Meeting.objects.create(
        region=province,
        title=_required(title, _("Name")),
        theme=theme.strip(),
        date=date,
        place=_required(place, _("Place")),
        host=host,
        is_sample=is_sample,
        created_by=_actor(actor),
    )


@transaction.atomic
def participant_add(
    *,
    actor: Any,
    meeting: Meeting,
    region_code: str,
    name: str,
    position: str,
    attendance: str = Attendance.PRESENT,
    represented_by: str = "",
) -> Participant:
    _check(actor, Action.DECIDE, meeting.region_id)
    region = _in_province(region_code, meeting.region_id)
    if attendance not in Attendance.values:
        raise MeetingError(str(BAD_ATTENDANCE))
    return Participant.objects.create(
        meeting=meeting,
        region=region,
        name=_required(name, _("Name")),
        position=_required(position, _("Position")),
        attendance=attendance,
        represented_by=represented_by.strip() if attendance == Attendance.REPRESENTED else "",
    )


@transaction.atomic
def agenda_add(*, actor: Any, meeting: Meeting, title: str, notes: str = "") -> AgendaItem:
    _check(actor, Action.DECIDE, meeting.region_id)
    last = meeting.agenda.aggregate(last=Max("order"))["last"] or 0
    return AgendaItem.objects.create(
        meeting=meeting,
        region_id=meeting.region_id,
        order=last + 1,
        title=_required(title, _("Agenda item")),
        notes=notes.strip(),
    )


@transaction.atomic
def run_attach(*, actor: Any, meeting: Meeting, run: SyncRun) -> Meeting:
    """Freeze `run`'s findings and irisan proposals in the meeting, as they were presented. Attaching another
    run later replaces the frozen snapshot (the history keeps the earlier one)."""
    _check(actor, Action.DECIDE, meeting.region_id)
    if run.region_id != meeting.region_id or run.state != RunState.PUBLISHED:
        raise MeetingError(str(RUN_OF_ANOTHER_PROVINCE))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.sync_run = run
    meeting.snapshot = {
        "run_id": run.pk,
        "run_at": run.created_at.isoformat(),
        "start_year": run.start_year,
        "end_year": run.end_year,
        "is_sample": run.is_sample,
        "items": selectors.run_items(run),
    }
    meeting._change_reason = f"synchronization run {run.pk} attached"  # type: ignore[attr-defined]
    meeting.save()
    return meeting


@dataclass(frozen=True)
class PlanTarget:
    """A plan row a decision asks to change: `region_code`'s indicator `indicator_key` plans at least
    `minimum` in `year`."""

    region_code: str
    indicator_key: str
    year: int
    minimum: Decimal


def plan_target(
    *, region_code: str, indicator_key: str, year: int | None, minimum: Decimal | None
) -> PlanTarget | None:
    """The plan row a decision asks to change, from fields that are all empty (no plan row: None) or all given;
    MeetingError when only some are."""
    fields = (region_code, indicator_key.strip(), year, minimum)
    if all(v in (None, "") for v in fields):
        return None
    if region_code == "" or not indicator_key.strip() or year is None or minimum is None:
        raise MeetingError(str(INCOMPLETE_TARGET))
    return PlanTarget(region_code, indicator_key.strip(), year, minimum)


def _decision_number(meeting: Meeting) -> int:
    return (meeting.decisions.aggregate(last=Max("number"))["last"] or 0) + 1


def _most_local(codes: Sequence[str]) -> str:
    return max(codes, key=lambda c: (c.count("."), c))


@transaction.atomic
def decision_record(
    *,
    actor: Any,
    meeting: Meeting,
    text: str,
    bound: Sequence[str],
    proposal: IrisanProposal | None = None,
    agreement: Agreement | None = None,
    target: PlanTarget | None = None,
    due_on: date | None = None,
) -> Decision:
    """Record a kesepakatan with what it points at, and the follow-ups whose status the records tell:
    the irisan pursued (by its non-provincial party), the agreement signed (by its most local party), the
    village coverage of a village-internet agreement (by the party owing it), the plan target (by its region)."""
    _check(actor, Action.DECIDE, meeting.region_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    text = _required(text, _("Decision"))
    bound_regions = [_in_province(code, meeting.region_id) for code in dict.fromkeys(bound)]
    if not bound_regions:
        raise MeetingError(str(NO_BOUND))
    if proposal is not None:
        presented = {i.get("proposal_key") or "" for i in selectors.snapshot_irisan(meeting)} | {
            str(i.get("proposal_id")) for i in selectors.snapshot_irisan(meeting)
        }
        if proposal.region_id != meeting.region_id or not (
            (proposal.key and proposal.key in presented) or str(proposal.pk) in presented
        ):
            raise MeetingError(str(PROPOSAL_NOT_PRESENTED))
    if agreement is not None:
        parties = list(agreement.parties.values_list("region_id", flat=True))
        if not parties or not all(is_within(code, meeting.region_id) for code in parties):
            raise MeetingError(str(AGREEMENT_OUTSIDE))
    indicator_name = ""
    if target is not None:
        _in_province(target.region_code, meeting.region_id)
        if not target.indicator_key.strip():
            raise MeetingError(str(INCOMPLETE_TARGET))
        row = (
            Indicator.objects.filter(region_id=target.region_code, key=target.indicator_key.strip())
            .order_by("-plan__start_year")
            .first()
        )
        if row is None:
            raise MeetingError(
                str(UNKNOWN_INDICATOR) % {"region": target.region_code, "key": target.indicator_key}
            )
        indicator_name = row.indikator
    decision = Decision.objects.create(
        meeting=meeting,
        region_id=meeting.region_id,
        number=_decision_number(meeting),
        text=text,
        bound=[r.code for r in bound_regions],
        proposal=proposal,
        proposal_key=proposal.key if proposal is not None else "",
        agreement=agreement,
        target_region_id=target.region_code if target else None,
        indicator_key=target.indicator_key.strip() if target else "",
        indicator_name=indicator_name[:500],
        target_year=target.year if target else None,
        target_minimum=target.minimum if target else None,
    )
    _derived_follow_ups(decision, due_on)
    return decision


def _derived_follow_ups(decision: Decision, due_on: date | None) -> None:
    def add(kind: str, region_code: str, text: str, due: date | None, **links: Any) -> None:
        FollowUp.objects.create(
            decision=decision,
            meeting_id=decision.meeting_id,
            region_id=region_code,
            kind=kind,
            text=text[:500],
            due_on=due,
            **links,
        )

    proposal, agreement = decision.proposal, decision.agreement
    if proposal is not None:
        add(
            FollowUpKind.IRISAN,
            _most_local([proposal.party_a_id, proposal.party_b_id]),
            str(_("Pursue the irisan with the other party: answer the proposal and draft the agreement.")),
            due_on,
        )
    if agreement is not None:
        add(
            FollowUpKind.AGREEMENT,
            agreement.region_id,
            str(_("Sign the agreement “%(title)s”.")) % {"title": agreement.title},
            due_on,
        )
        coverage = (
            agreement.obligations.filter(measure=Measure.VILLAGES, year__gte=decision.meeting.date.year)
            .order_by("year", "pk")
            .first()
        )
        if coverage is not None:
            add(
                FollowUpKind.COVERAGE,
                coverage.region_id,
                str(_("Village coverage of “%(title)s”: %(obligation)s"))
                % {"title": agreement.title, "obligation": coverage.title},
                coverage.due_on,
                obligation=coverage,
            )
    if decision.target_region_id:
        add(
            FollowUpKind.TARGET,
            decision.target_region_id,
            str(_("Raise the %(year)s target of “%(indicator)s” to at least %(minimum)s in the plan."))
            % {
                "year": decision.target_year,
                "indicator": decision.indicator_name or decision.indicator_key,
                "minimum": format(Decimal(decision.target_minimum or 0).normalize(), "f"),
            },
            due_on,
        )


@transaction.atomic
def followup_add(
    *, actor: Any, decision: Decision, region_code: str, text: str, due_on: date | None
) -> FollowUp:
    """A follow-up the records cannot tell: the responsible government marks it done with evidence."""
    _check(actor, Action.DECIDE, decision.region_id)
    region = _in_province(region_code, decision.region_id)
    return FollowUp.objects.create(
        decision=decision,
        meeting_id=decision.meeting_id,
        region=region,
        kind=FollowUpKind.MANUAL,
        text=_required(text, _("Follow-up"))[:500],
        due_on=due_on,
    )


@transaction.atomic
def followup_mark_done(
    *, actor: Any, follow_up: FollowUp, note: str, data: bytes | None = None, file_name: str = ""
) -> FollowUp:
    """The responsible government marks a manual follow-up done, with its evidence; the province confirms."""
    _check(actor, Action.EDIT, follow_up.region_id)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.kind != FollowUpKind.MANUAL:
        raise MeetingError(str(COMPUTED_FOLLOW_UP))
    if data is None and not note.strip():
        raise MeetingError(str(EVIDENCE_REQUIRED))
    old = follow_up.evidence_stored_name
    if data is not None:
        follow_up.evidence_stored_name = stored_save(data, folder="meetings", suffix=".pdf")
        follow_up.evidence_file_name = (file_name or "bukti.pdf")[:255]
    follow_up.evidence_note = note.strip()
    follow_up.claimed_at = timezone.now()
    follow_up.claimed_by = _actor(actor)
    follow_up.confirmed_at = None
    follow_up.confirmed_by = None
    follow_up.save()
    if data is not None and old:
        transaction.on_commit(lambda: stored_delete(old))
    return follow_up


@transaction.atomic
def followup_confirm(*, actor: Any, follow_up: FollowUp, accept: bool, reason: str = "") -> FollowUp:
    """The province confirms a follow-up marked done (or sends it back open, with its reason)."""
    _check(actor, Action.DECIDE, follow_up.meeting.region_id)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.kind != FollowUpKind.MANUAL:
        raise MeetingError(str(COMPUTED_FOLLOW_UP))
    if follow_up.claimed_at is None:
        raise MeetingError(str(NOT_CLAIMED))
    if accept:
        follow_up.confirmed_at = timezone.now()
        follow_up.confirmed_by = _actor(actor)
    else:
        follow_up.claimed_at = None
        follow_up.claimed_by = None
        follow_up._change_reason = f"sent back: {reason}"[:100]  # type: ignore[attr-defined]
    follow_up.save()
    return follow_up


@transaction.atomic
def signed_upload(*, actor: Any, meeting: Meeting, data: bytes, file_name: str) -> Meeting:
    """Keep the signed berita acara (a checked PDF); a new upload replaces the previous one."""
    _check(actor, Action.DECIDE, meeting.region_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    old = meeting.signed_stored_name
    meeting.signed_stored_name = stored_save(data, folder="meetings", suffix=".pdf")
    meeting.signed_file_name = (file_name or "berita-acara.pdf")[:255]
    meeting.signed_sha256 = hashlib.sha256(data).hexdigest()
    meeting._change_reason = "signed berita acara uploaded"  # type: ignore[attr-defined]
    meeting.save()
    if old:
        transaction.on_commit(lambda: stored_delete(old))
    return meeting


# --- reminders -----------------------------------------------------------------------------------------------


def reminders_refresh(*, today: date, province: str = "") -> ReminderReport:
    """In-app reminders, to the responsible government's users, of follow-ups due within
    selectors.DUE_SOON_DAYS days or overdue; each made once per state. E-mailed when SMTP is set."""
    from selaras.accounts.models import User

    views = selectors.due_for_reminder(today=today, province=province)
    codes = {v.follow_up.region_id for v in views}
    users: dict[str, list[Any]] = {}
    for user in User.objects.filter(is_active=True, region_id__in=codes).order_by("pk"):
        users.setdefault(user.region_code, []).append(user)
    created: list[Reminder] = []
    for view in views:
        key = f"followup:{view.follow_up.pk}:{view.state}"
        for user in users.get(view.follow_up.region_id, []):
            reminder, made = Reminder.objects.get_or_create(
                user=user, key=key, defaults={"follow_up": view.follow_up}
            )
            if made:
                created.append(reminder)
    return ReminderReport(
        len(created), reminders_email(created, text_of=lambda r: selectors.reminder_text(r, today=today))
    )


def reminders_mark_read(*, user: Any) -> int:
    return Reminder.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
