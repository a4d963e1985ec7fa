"""The province runs the analysis on the submitted plans; the stored run carries the planted findings."""

from typing import Any

import pytest

from selaras.jobs.models import Job, JobStatus
from selaras.sync.models import IrisanProposal, SyncRun
from selaras.sync.sample import ensure_sample
from selaras.sync.services import BAD_YEARS, NOT_A_PROVINCE, SyncError, region_facts, sync_run
from tests.conftest import IMMEDIATE_TASKS, client_for


def test_the_sample_run_finds_the_gap_the_shortfall_and_the_irisan(sample_run: SyncRun) -> None:
    report = sample_run.result_id
    assert {"id": "KTM-P02-I1", "kind": "tidak_didukung"}.items() <= report["coverage_gaps"][-1].items()
    shortfall = next(
        s for s in report["target_shortfalls"] if s["child"] == "PSR-P03-I1" and s["year"] == 2026
    )
    assert (shortfall["parent"], shortfall["expected"], shortfall["planned"]) == ("KTM-P03-I1", 3.5, 3)
    proposal = IrisanProposal.objects.get(row_a="KTM-P03-I1", row_b="PSR-P03-I1")
    assert (proposal.party_a_id, proposal.party_b_id, proposal.kind) == ("64", "64.01", "kolaborasi")
    assert "tahun bersama" in proposal.reason_id and "shared years" in proposal.reason_en.lower()


def test_it_analyses_only_submitted_plans_of_the_province(sample_run: SyncRun) -> None:
    regions = {p["region"] for p in sample_run.plans}
    assert regions == {"00", "64", "64.01"}  # Kutai Kartanegara's plan is still a draft


def test_the_sample_is_loaded_once(sample_run: SyncRun) -> None:
    assert ensure_sample() == ""
    assert SyncRun.objects.count() == 1


def test_region_facts_come_from_the_region_data(db: Any) -> None:
    facts = region_facts(province_code="64")
    assert facts["64"].desa_count == sum(f.desa_count for code, f in facts.items() if code != "64")
    assert facts["64.01"].desa_count > 0


def test_it_refuses_a_regency_and_a_bad_period(province_admin: Any) -> None:
    with pytest.raises(SyncError, match=str(NOT_A_PROVINCE)):
        sync_run(actor=province_admin, province_code="64.01", years=[2026])
    with pytest.raises(SyncError, match=str(BAD_YEARS)):
        sync_run(actor=province_admin, province_code="64", years=list(range(2020, 2040)))
    assert not SyncRun.objects.exists()


def test_the_run_button_starts_a_background_job_that_stores_the_run(
    province_admin: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.TASKS = IMMEDIATE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(province_admin).post(
            "/sinkronisasi/provinsi/64/jalankan/", {"start_year": "2025", "end_year": "2029"}
        )
    assert response.status_code == 302
    job = Job.objects.get(kind="sync_run")
    assert job.status == JobStatus.DONE, job.error
    assert SyncRun.objects.get(pk=job.result["run_id"]).region_id == "64"


def test_an_operator_cannot_start_a_run(operator: Any) -> None:
    response = client_for(operator).post("/sinkronisasi/provinsi/64/jalankan/", {})
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_the_proposals_are_in_the_audit_trail(sample_run: SyncRun) -> None:
    assert IrisanProposal.history.filter(history_type="+").count() == sample_run.proposals.count() > 0
