"""The flow of issue 13, at the service level: the province records the Rakorda, attaches the synchronization
run, records three decisions; Kukar sees what it owes, raises its target, and the follow-up turns done by
itself once the plan is submitted."""

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from selaras.agreements import documents
from selaras.agreements import services as agreement_services
from selaras.meetings import documents as documents_pdf
from selaras.meetings import selectors, services
from selaras.meetings.models import FollowUpKind
from selaras.meetings.selectors import State
from selaras.planning import services as planning_services
from selaras.planning.models import Plan
from tests.meetings.test_documents import pages_text

TODAY = date(2025, 6, 1)


def _raise_kukar_target(operator: Any, value: str) -> Plan:
    plan = Plan.objects.get(region_id="64.02", is_sample=True)
    rows = [
        replace(r, targets_by_year={**r.targets_by_year, 2027: Decimal(value)}) if r.id == "KKR-P03-I1" else r
        for r in planning_services.plan_rows(plan=plan)
    ]
    planning_services.plan_import_rows(plan=plan, user=operator, rows=rows, reason="Rakorda")
    return plan


def test_the_rakorda_flow_turns_kukars_target_follow_up_done_when_its_plan_is_submitted(
    sample_run: Any, meeting: Any, kukar_agreement: Any, province_admin: Any, other_operator: Any
) -> None:
    services.participant_add(
        actor=province_admin,
        meeting=meeting,
        region_code="64.02",
        name="Kadis Kominfo Kukar",
        position="Kepala Dinas",
    )
    services.agenda_add(actor=province_admin, meeting=meeting, title="Hasil sinkronisasi program")
    meeting = services.run_attach(actor=province_admin, meeting=meeting, run=sample_run)
    assert meeting.snapshot["run_id"] == sample_run.pk
    proposal = sample_run.proposals.filter(party_b_id="64.02").first() or sample_run.proposals.first()
    assert proposal is not None

    irisan = services.decision_record(
        actor=province_admin,
        meeting=meeting,
        text="Irisan SPBE ditindaklanjuti bersama",
        bound=["64", proposal.party_b_id],
        proposal=proposal,
        due_on=date(2025, 9, 30),
    )
    for party in kukar_agreement.parties.all():
        agreement_services.party_sign(
            actor=None,
            party=party,
            document_number=f"PKS/{party.region_id}",
            signatory="Kepala Dinas",
            signed_on=date(2025, 5, 15),
            data=documents.minimal_pdf("PKS"),
            file_name="pks.pdf",
        )
    pks = services.decision_record(
        actor=province_admin,
        meeting=meeting,
        text="PKS Satu Data ditandatangani",
        bound=["64", "64.02"],
        agreement=kukar_agreement,
    )
    target = services.decision_record(
        actor=province_admin,
        meeting=meeting,
        text="Kukar menaikkan target Indeks SPBE 2027 menjadi paling sedikit 3,6",
        bound=["64.02"],
        target=services.PlanTarget("64.02", "KKR-P03-I1", 2027, Decimal("3.6")),
        due_on=date(2025, 12, 31),
    )
    assert [d.number for d in (irisan, pks, target)] == [1, 2, 3]
    pks_view = selectors.followup_view(pks.follow_ups.get(kind=FollowUpKind.AGREEMENT), today=TODAY)
    assert pks_view.state == State.DONE, pks_view.basis

    owed = selectors.owed_by_region(user=other_operator, today=TODAY)
    target_view = next(v for v in owed if v.follow_up.kind == FollowUpKind.TARGET)
    assert target_view.state == State.OPEN

    plan = _raise_kukar_target(other_operator, "3.6")
    assert selectors.followup_view(target_view.follow_up, today=TODAY).state == State.OPEN  # still a draft
    planning_services.plan_submit(plan=plan, user=other_operator)
    assert selectors.followup_view(target_view.follow_up, today=TODAY).state == State.DONE

    record = selectors.meeting_record(meeting=meeting, lang="id", today=TODAY)
    assert [d.number for d in record.decisions] == [1, 2, 3]
    assert record.participants[0].government == "Pemerintah Kabupaten Kutai Kartanegara"


def test_a_target_below_the_minimum_leaves_the_follow_up_open_and_overdue_after_its_due_date(
    sample_run: Any, meeting: Any, province_admin: Any, other_operator: Any
) -> None:
    decision = services.decision_record(
        actor=province_admin,
        meeting=meeting,
        text="Kukar menaikkan target",
        bound=["64.02"],
        target=services.PlanTarget("64.02", "KKR-P03-I1", 2027, Decimal("3.6")),
        due_on=date(2025, 12, 31),
    )
    plan = _raise_kukar_target(other_operator, "3.55")
    planning_services.plan_submit(plan=plan, user=other_operator)
    follow_up = decision.follow_ups.get()
    assert selectors.followup_view(follow_up, today=TODAY).state == State.OPEN
    assert selectors.followup_view(follow_up, today=date(2026, 1, 2)).state == State.OVERDUE


def test_the_frozen_findings_stay_as_presented_and_compare_with_a_later_run(
    sample_run: Any, meeting: Any, province_admin: Any
) -> None:
    meeting = services.run_attach(actor=province_admin, meeting=meeting, run=sample_run)
    frozen = list(meeting.snapshot["items"])
    assert frozen
    later = type(sample_run).objects.create(
        region_id="64",
        start_year=2025,
        end_year=2029,
        rows=sample_run.rows,
        result_id={**sample_run.result_id, "coverage_gaps": []},
        result_en={**sample_run.result_en, "coverage_gaps": []},
    )
    result = selectors.comparison(meeting=meeting, run=later)
    gaps = [i for i in frozen if i["kind"] == "coverage_gap"]
    assert [i["key"] for i in result.closed] == [
        i["key"] for i in gaps + [i for i in frozen if i["kind"] == "irisan"]
    ]
    assert result.new == ()
    meeting.refresh_from_db()
    assert meeting.snapshot["items"] == frozen


def test_a_manual_follow_up_is_done_only_once_the_province_confirms_the_evidence(
    meeting: Any, province_admin: Any, other_operator: Any, operator: Any
) -> None:
    decision = services.decision_record(
        actor=province_admin, meeting=meeting, text="Menyusun SOP CSIRT", bound=["64.02"]
    )
    follow_up = services.followup_add(
        actor=province_admin,
        decision=decision,
        region_code="64.02",
        text="SOP CSIRT ditetapkan",
        due_on=date(2025, 8, 1),
    )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.followup_mark_done(actor=operator, follow_up=follow_up, note="bukan urusan kami")
    services.followup_mark_done(
        actor=other_operator,
        follow_up=follow_up,
        note="SK Bupati",
        data=documents.minimal_pdf("SK"),
        file_name="sk.pdf",
    )
    follow_up.refresh_from_db()
    assert selectors.followup_view(follow_up, today=TODAY).state == State.AWAITING
    with pytest.raises(PermissionDenied):
        services.followup_confirm(actor=other_operator, follow_up=follow_up, accept=True)
    services.followup_confirm(actor=province_admin, follow_up=follow_up, accept=True)
    follow_up.refresh_from_db()
    assert selectors.followup_view(follow_up, today=TODAY).state == State.DONE
    assert follow_up.history.count() == 3


def test_a_computed_follow_up_cannot_be_marked_by_hand(
    sample_run: Any, meeting: Any, province_admin: Any, other_operator: Any
) -> None:
    decision = services.decision_record(
        actor=province_admin,
        meeting=meeting,
        text="Target",
        bound=["64.02"],
        target=services.PlanTarget("64.02", "KKR-P03-I1", 2027, Decimal("3.6")),
    )
    with pytest.raises(services.MeetingError, match=re.escape(str(services.COMPUTED_FOLLOW_UP))):
        services.followup_mark_done(actor=other_operator, follow_up=decision.follow_ups.get(), note="sudah")


def test_an_unknown_plan_row_is_refused_naming_it(sample_run: Any, meeting: Any, province_admin: Any) -> None:
    with pytest.raises(services.MeetingError, match="NOPE"):
        services.decision_record(
            actor=province_admin,
            meeting=meeting,
            text="Target",
            bound=["64.02"],
            target=services.PlanTarget("64.02", "NOPE", 2027, Decimal("3.6")),
        )
    assert meeting.decisions.count() == 0


def test_only_the_provinces_administrators_record_a_meeting(operator: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=operator,
            province_code="64",
            title="x",
            date=date(2025, 5, 15),
            place="y",
            host_code="64.01",
        )


def test_reminders_go_to_the_responsible_government_once(
    meeting: Any, province_admin: Any, other_operator: Any, operator: Any
) -> None:
    decision = services.decision_record(actor=province_admin, meeting=meeting, text="SOP", bound=["64.02"])
    services.followup_add(
        actor=province_admin, decision=decision, region_code="64.02", text="SOP", due_on=date(2025, 6, 10)
    )
    report = services.reminders_refresh(today=TODAY)
    again = services.reminders_refresh(today=TODAY)
    assert (report.created, again.created) == (1, 0)
    assert selectors.reminders_for_user(user=other_operator)
    assert selectors.reminders_for_user(user=operator) == []
    assert services.reminders_refresh(today=date(2025, 6, 11)).created == 1  # now overdue


def test_the_next_meeting_opens_with_last_years_open_follow_ups(meeting: Any, province_admin: Any) -> None:
    decision = services.decision_record(actor=province_admin, meeting=meeting, text="SOP", bound=["64.02"])
    services.followup_add(
        actor=province_admin, decision=decision, region_code="64.02", text="SOP", due_on=None
    )
    next_year = services.meeting_create(
        actor=province_admin,
        province_code="64",
        title="Rakorda 2026",
        date=date(2026, 5, 20),
        place="Samarinda",
        host_code="64",
    )
    assert [v.follow_up.text for v in selectors.carried_over(meeting=next_year, today=TODAY)] == ["SOP"]


def test_the_sample_rakorda_loads_once_labelled_contoh_with_kukars_target_open(
    db: Any, other_operator: Any
) -> None:
    from selaras.agreements.sample import ensure_sample as agreements_sample
    from selaras.meetings.models import Meeting
    from selaras.meetings.sample import ensure_sample
    from selaras.planning.sample import ensure_sample as plans_sample
    from selaras.sync.sample import ensure_sample as sync_sample

    plans_sample()
    agreements_sample()
    sync_sample()
    assert ensure_sample()
    assert ensure_sample() == ""
    meeting = Meeting.objects.get(is_sample=True)
    assert (meeting.date, meeting.place, meeting.host_id) == (date(2025, 5, 15), "Tenggarong", "64.02")
    assert meeting.title.startswith("[CONTOH]") and meeting.snapshot["is_sample"]
    assert meeting.decisions.count() == 4
    owed = selectors.owed_by_region(user=other_operator, today=date(2026, 1, 5))
    assert (owed[0].follow_up.kind, owed[0].state) == (FollowUpKind.TARGET, State.OVERDUE)
    record = selectors.meeting_record(meeting=meeting, lang="id", today=date(2026, 1, 5))
    text = " ".join(pages_text(documents_pdf.berita_acara_pdf(record)))
    assert "CONTOH" in text and "Tenggarong" in text and len(record.participants) == 11


def test_the_reminder_command_reports_what_it_made(
    meeting: Any, province_admin: Any, other_operator: Any
) -> None:
    from io import StringIO

    from django.core.management import call_command

    decision = services.decision_record(actor=province_admin, meeting=meeting, text="SOP", bound=["64.02"])
    services.followup_add(
        actor=province_admin, decision=decision, region_code="64.02", text="SOP", due_on=date(2025, 6, 10)
    )
    out = StringIO()
    call_command("meetings_remind", "--date", "2025-06-01", stdout=out)
    assert out.getvalue().strip() == "1 reminders created, 0 e-mailed"
