"""A new run keeps every party's answer, reason and draft agreement; it marks new and vanished proposals, and
asks the province to confirm before it changes a decided proposal."""

from typing import Any

import pytest

from selaras.jobs.models import Job
from selaras.planning.models import Plan, PlanStatus
from selaras.sync.models import Answer, IrisanProposal, ProposalChange, RunState, SyncRun
from selaras.sync.services import (
    CONFIRM_CHANGES,
    NOT_CURRENT,
    STALE_RUN,
    SyncError,
    proposal_answer,
    proposal_open_agreement,
    run_diff,
    sync_run,
    sync_run_confirm,
)
from tests.conftest import IMMEDIATE_TASKS, client_for

YEARS = list(range(2025, 2030))


def _proposal(run: SyncRun) -> IrisanProposal:
    return run.proposals.get(row_a="KTM-P03-I1", row_b="PSR-P03-I1")


def _decide(run: SyncRun, operator: Any, province_admin: Any) -> IrisanProposal:
    proposal = _proposal(run)
    proposal_answer(user=operator, proposal=proposal, answer="accepted", reason="Sepakat berbagi")
    proposal_answer(user=province_admin, proposal=proposal, answer="accepted", reason="Setuju")
    return proposal_open_agreement(user=province_admin, proposal=proposal)


def _paser_withdraws() -> None:
    Plan.objects.filter(region_id="64.01").update(status=PlanStatus.DRAFT)


def test_a_second_run_keeps_every_answer_reason_and_agreement(
    sample_run: SyncRun, operator: Any, province_admin: Any
) -> None:
    decided = _decide(sample_run, operator, province_admin)
    other = sample_run.proposals.exclude(pk=decided.pk).filter(party_b_id="64.01").first()
    assert other is not None
    proposal_answer(user=operator, proposal=other, answer="rejected", reason="Sudah ada program")

    run = sync_run(actor=province_admin, province_code="64", years=YEARS)

    assert run.state == RunState.PUBLISHED
    kept = _proposal(run)
    assert (kept.answer_a, kept.answer_a_reason, kept.answer_a_by) == (
        Answer.ACCEPTED,
        "Setuju",
        province_admin,
    )
    assert (kept.answer_b, kept.answer_b_reason, kept.answer_b_by) == (
        Answer.ACCEPTED,
        "Sepakat berbagi",
        operator,
    )
    assert kept.agreement_id == decided.agreement_id is not None
    again = run.proposals.get(key=other.key)
    assert (again.answer_b, again.answer_b_reason) == (Answer.REJECTED, "Sudah ada program")
    assert {p.change for p in run.proposals.all()} == {ProposalChange.KEPT}
    assert run.changes == {
        "previous": sample_run.pk,
        "new": 0,
        "kept": sample_run.proposals.count(),
        "vanished": 0,
        "decided_changes": [],
    }


def test_a_run_that_would_change_a_decided_proposal_waits_for_confirmation(
    sample_run: SyncRun, operator: Any, province_admin: Any
) -> None:
    decided = _decide(sample_run, operator, province_admin)
    _paser_withdraws()

    run = sync_run(actor=province_admin, province_code="64", years=YEARS)

    assert run.state == RunState.PENDING
    page = client_for(province_admin).get("/sinkronisasi/provinsi/64/").content.decode()
    assert f"/sinkronisasi/jalan/{run.pk}/" in page  # the report is still the published run, with a pointer
    _previous, _before, diff = run_diff(run=run)
    assert [(c.key, str(c.change)) for c in diff.decided_changes] == [(decided.key, "vanishes")]
    with pytest.raises(SyncError, match=str(CONFIRM_CHANGES)):
        sync_run_confirm(actor=province_admin, run=run, fingerprint="not-what-was-shown")
    sync_run_confirm(actor=province_admin, run=run, fingerprint=diff.fingerprint)

    run.refresh_from_db()
    assert run.state == RunState.PUBLISHED and run.changes["vanished"] >= 1
    vanished = run.proposals.get(key=decided.key)
    assert vanished.change == ProposalChange.VANISHED
    assert (vanished.answer_b_reason, vanished.agreement_id) == ("Sepakat berbagi", decided.agreement_id)


def test_a_vanished_decided_proposal_is_listed_on_the_report_and_no_longer_answered(
    sample_run: SyncRun, operator: Any, province_admin: Any
) -> None:
    decided = _decide(sample_run, operator, province_admin)
    _paser_withdraws()
    run = sync_run(actor=province_admin, province_code="64", years=YEARS, confirm=True)

    page = client_for(operator).get("/sinkronisasi/wilayah/64.01/").content.decode()
    listed = page.split('data-testid="irisan-vanished"')[1]
    assert "PSR-P03-I1" in listed and "Sepakat berbagi" in listed
    assert 'data-testid="answer-form"' not in listed
    vanished = run.proposals.get(key=decided.key)
    with pytest.raises(SyncError, match=str(NOT_CURRENT)):
        proposal_answer(user=operator, proposal=vanished, answer="rejected", reason="Berubah pikiran")


def test_new_proposals_are_marked_on_the_report(
    sample_run: SyncRun, operator: Any, province_admin: Any
) -> None:
    IrisanProposal.objects.filter(run=sample_run, key=_proposal(sample_run).key).delete()
    run = sync_run(actor=province_admin, province_code="64", years=YEARS)
    assert _proposal(run).change == ProposalChange.NEW and run.changes["new"] == 1
    page = client_for(operator).get("/sinkronisasi/provinsi/64/").content.decode()
    assert page.count('data-testid="proposal-new"') == 1


def test_the_run_page_shows_what_would_change_and_publishes_on_confirmation(
    sample_run: SyncRun,
    operator: Any,
    province_admin: Any,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    settings.TASKS = IMMEDIATE_TASKS
    _decide(sample_run, operator, province_admin)
    _paser_withdraws()
    client = client_for(province_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/sinkronisasi/provinsi/64/jalankan/", {"start_year": "2025", "end_year": "2029"})
    job = Job.objects.get(kind="sync_run")
    run = SyncRun.objects.get(pk=job.result["run_id"])
    assert job.result["url"] == f"/sinkronisasi/jalan/{run.pk}/"
    assert f'href="{job.result["url"]}"' in client.get(f"/tugas/{job.pk}/").content.decode()

    page = client.get(job.result["url"]).content.decode()
    assert 'data-testid="run-pending"' in page and 'data-change="vanishes"' in page
    assert "Sepakat berbagi" in page  # the decision that would change, with its reason
    fingerprint = page.split('name="fingerprint" value="')[1].split('"')[0]
    assert client_for(operator).post(f"/sinkronisasi/jalan/{run.pk}/konfirmasi/").status_code == 403

    response = client.post(f"/sinkronisasi/jalan/{run.pk}/konfirmasi/", {"fingerprint": fingerprint})
    assert response.url == "/sinkronisasi/provinsi/64/"
    run.refresh_from_db()
    assert run.state == RunState.PUBLISHED


def test_the_task_page_of_a_run_without_changes_links_to_the_report(
    sample_run: SyncRun, province_admin: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.TASKS = IMMEDIATE_TASKS
    client = client_for(province_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/sinkronisasi/provinsi/64/jalankan/", {"start_year": "2025", "end_year": "2029"})
    job = Job.objects.get(kind="sync_run")
    page = client.get(f"/tugas/{job.pk}/").content.decode()
    assert 'data-testid="job-result-link"' in page and 'href="/sinkronisasi/provinsi/64/"' in page
    # The page ends with the result in words and a link that says where it leads, not with raw keys.
    assert "Analisis selesai" in page and "celah cakupan" in page and "Buka laporan sinkronisasi" in page
    for raw in ("run_id", "coverage_gaps", "<dt>state</dt>"):
        assert raw not in page


def test_an_older_pending_run_cannot_be_published_over_a_newer_one(
    sample_run: SyncRun, operator: Any, province_admin: Any
) -> None:
    _decide(sample_run, operator, province_admin)
    _paser_withdraws()
    pending = sync_run(actor=province_admin, province_code="64", years=YEARS)
    sync_run(actor=province_admin, province_code="64", years=YEARS, confirm=True)
    with pytest.raises(SyncError, match=str(STALE_RUN)):
        sync_run_confirm(actor=province_admin, run=pending, fingerprint=True)


def test_two_parties_answering_at_once_both_land(
    sample_run: SyncRun, operator: Any, province_admin: Any
) -> None:
    seen_by_operator, seen_by_province = _proposal(sample_run), _proposal(sample_run)  # both pages open
    proposal_answer(user=operator, proposal=seen_by_operator, answer="accepted", reason="Sepakat")
    proposal_answer(user=province_admin, proposal=seen_by_province, answer="rejected", reason="Tidak")
    stored = _proposal(sample_run)
    assert (stored.answer_a, stored.answer_b) == (Answer.REJECTED, Answer.ACCEPTED)


def test_a_proposal_of_an_earlier_run_is_no_longer_answered(
    sample_run: SyncRun, operator: Any, province_admin: Any
) -> None:
    old = _proposal(sample_run)
    sync_run(actor=province_admin, province_code="64", years=YEARS)
    response = client_for(operator).post(
        f"/sinkronisasi/usulan/{old.pk}/jawab/", {"answer": "accepted", "reason": "Sepakat"}
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.answer_b == Answer.PENDING


def test_the_api_runs_only_with_the_explicit_flag_when_decisions_would_change(
    sample_run: SyncRun, operator: Any, province_admin: Any
) -> None:
    decided = _decide(sample_run, operator, province_admin)
    _paser_withdraws()
    client = client_for(province_admin)
    body = {"start_year": 2025, "end_year": 2029}
    refused = client.post("/api/v1/sync/runs/start/", body, content_type="application/json")
    assert refused.status_code == 409
    assert refused.json()["decided_changes"] == [{"key": decided.key, "change": "vanishes", "kind_after": ""}]
    assert SyncRun.objects.filter(state=RunState.PUBLISHED).count() == 1
    confirmed = client.post(
        "/api/v1/sync/runs/start/", {**body, "confirm_changes": True}, content_type="application/json"
    )
    assert confirmed.status_code == 201 and confirmed.json()["state"] == "published"
    proposals = client.get("/api/v1/sync/proposals/", {"page_size": 500}).json()["results"]
    assert any(p["key"] == decided.key and p["change"] == "vanished" for p in proposals)
