"""Jobs that recover (issue 12, item 5): a job whose worker died is stopped by the sweep (queued again once when
its work is all or nothing, else failed with the reason), and a person cancels and restarts jobs from the page and
the API. The real worker, killed mid-job, is in test_worker_killed.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from selaras.jobs.models import Job, JobStatus, StopReason
from selaras.jobs.services import job_start, jobs_sweep
from selaras.ops.scheduler import Scheduler
from selaras.planning import services as planning
from tests.conftest import IMMEDIATE_TASKS, client_for
from tests.jobs.slow_tasks import markers, slow_rows
from tests.planning.helpers import make_book, make_plan, paser_row


def _start(user: Any, capture: Any, *, region: str = "64.01", auto_retry: bool = False, **kwargs: Any) -> Job:
    values = {"rows": 3, "delay": 0.0, "marker": "m"} | kwargs
    with capture(execute=True):
        job = job_start(
            kind="test",
            title="slow",
            region_code=region,
            user=user,
            task=slow_rows,
            auto_retry=auto_retry,
            **values,
        )
    job.refresh_from_db()
    return job


def _worker_died_running(job: Job, minutes_ago: int = 5) -> None:
    """What a worker killed mid-job leaves: the job and its task result running, the lease long expired."""
    DBTaskResult.objects.filter(pk=job.task_result_id).update(status="RUNNING", started_at=timezone.now())
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def test_a_job_whose_worker_died_fails_with_the_reason_and_its_task_result_too(
    operator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(operator, django_capture_on_commit_callbacks)
    _worker_died_running(job)
    assert jobs_sweep() == {"retried": 0, "failed": 1, "cancelled": 0}
    job.refresh_from_db()
    assert (job.status, job.stop_reason) == (JobStatus.FAILED, StopReason.WORKER_LOST)
    result = DBTaskResult.objects.get(pk=job.task_result_id)
    assert result.status == "FAILED" and "WorkerLost" in result.exception_class_path


def test_a_job_whose_lease_is_fresh_is_left_running(
    operator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(operator, django_capture_on_commit_callbacks)
    _worker_died_running(job, minutes_ago=0)
    assert jobs_sweep() == {"retried": 0, "failed": 0, "cancelled": 0}
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_all_or_nothing_work_is_queued_again_once_then_fails(
    operator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(operator, django_capture_on_commit_callbacks, auto_retry=True)
    first_result = job.task_result_id
    _worker_died_running(job)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_sweep()["retried"] == 1
    job.refresh_from_db()
    assert (job.status, job.attempt) == (JobStatus.QUEUED, 2)
    assert job.task_result_id != first_result
    assert DBTaskResult.objects.get(pk=job.task_result_id).status == "READY"
    _worker_died_running(job)
    assert jobs_sweep()["failed"] == 1
    job.refresh_from_db()
    assert (job.status, job.stop_reason) == (JobStatus.FAILED, StopReason.WORKER_LOST)


def test_the_scheduler_sweeps_every_minute(operator: Any, django_capture_on_commit_callbacks: Any) -> None:
    job = _start(operator, django_capture_on_commit_callbacks)
    _worker_died_running(job)
    Scheduler(jobs=[], holder="test").tick()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_a_running_job_cancelled_stops_at_its_next_step_and_keeps_nothing(
    operator: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = IMMEDIATE_TASKS
    job = _start(operator, django_capture_on_commit_callbacks, rows=5, cancel_at=1, marker="cancel")
    assert (job.status, job.stop_reason, job.done) == (JobStatus.CANCELLED, StopReason.CANCELLED, 0)
    assert markers("cancel") == 0


def test_a_queued_job_cancelled_on_its_page_is_skipped_by_the_worker(
    operator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(operator, django_capture_on_commit_callbacks, marker="queued")
    response = client_for(operator).post(f"/tugas/{job.pk}/cancel/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    slow_rows.call(job_id=str(job.pk), **job.task_kwargs)  # the worker reaches its queued task later
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and markers("queued") == 0


def test_a_failed_job_is_started_again_from_its_page_and_completes(
    operator: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(operator, django_capture_on_commit_callbacks, marker="again")
    _worker_died_running(job)
    jobs_sweep()
    page = client_for(operator).get(f"/tugas/{job.pk}/")
    assert b'data-testid="job-restart"' in page.content
    assert "Pekerja (worker) berhenti saat tugas ini berjalan" in page.content.decode()
    english = client_for(operator).get(f"/api/v1/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["stop_reason_text"] == "The worker stopped while this job ran; nothing it did was kept."
    settings.TASKS = IMMEDIATE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(operator).post(f"/tugas/{job.pk}/restart/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempt, job.stop_reason) == (JobStatus.DONE, 2, StopReason.NONE)
    assert markers("again") == 3


def test_viewers_may_not_cancel_and_other_provinces_do_not_see_the_job(
    operator: Any, regency_viewer: Any, outsider: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(operator, django_capture_on_commit_callbacks)
    assert client_for(regency_viewer).post(f"/tugas/{job.pk}/cancel/").status_code == 403
    assert b"job-cancel" not in client_for(regency_viewer).get(f"/tugas/{job.pk}/").content
    assert client_for(outsider).post(f"/api/v1/jobs/{job.pk}/cancel/").status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED


def test_the_api_cancels_and_refuses_to_restart_a_job_that_did_not_stop(
    operator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(operator, django_capture_on_commit_callbacks)
    client = client_for(operator)
    refused = client.post(f"/api/v1/jobs/{job.pk}/restart/")
    assert refused.status_code == 400 and refused.json()["detail"]
    cancelled = client.post(f"/api/v1/jobs/{job.pk}/cancel/")
    assert cancelled.status_code == 202 and cancelled.json()["status"] == "cancelled"
    listed = client.get("/api/v1/jobs/").json()
    assert [j["id"] for j in listed["results"]] == [str(job.pk)]


def test_a_plan_import_reports_its_rows_as_it_goes(operator: Any) -> None:
    plan = make_plan()
    rows = [paser_row(id=f"PSR-{n}", indikator=f"Indikator {n}") for n in range(600)]
    check = planning.plan_import_check(plan=plan, user=operator, data=make_book(rows), file_name="r.xlsx")
    assert not check.errors
    reports: list[tuple[int, int, str]] = []
    planning.plan_import_rows(
        plan=plan, user=operator, rows=check.workbook.rows, progress=lambda *r: reports.append(r)
    )
    compared = [done for done, total, stage in reports if stage == "rows" and total == 600]
    saved = [(done, total) for done, total, stage in reports if stage == "save"]
    assert len(compared) >= 50 and compared == sorted(compared) and compared[-1] == 600
    assert saved == [(500, 600), (600, 600)]
    assert all(total > 0 for _, total, _ in reports)


def test_a_task_taken_by_a_worker_that_died_before_the_job_started_is_queued_again(
    operator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(operator, django_capture_on_commit_callbacks)
    taken = job.task_result_id
    DBTaskResult.objects.filter(pk=taken).update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_sweep()["retried"] == 1
    job.refresh_from_db()
    assert (job.status, job.attempt) == (JobStatus.QUEUED, 2) and job.task_result_id != taken
    assert DBTaskResult.objects.get(pk=taken).status == "FAILED"
