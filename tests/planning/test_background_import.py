"""A large import is committed by a background task (django-tasks) while the job page shows progress; the task
checks the file again, so it stays all or nothing.

The task runs on django-tasks' ImmediateBackend here: the database worker closes the connection it is given,
which a test transaction on PostgreSQL cannot survive (tests/jobs explains; the browser tests use the real worker)."""

from __future__ import annotations

from typing import Any

from selaras.jobs.models import Job, JobStatus
from selaras.planning import services
from selaras.planning.models import Indicator
from tests.conftest import client_for
from tests.planning.helpers import make_book, make_plan, paser_row, upload


def test_a_large_import_runs_as_a_job(
    operator: Any, monkeypatch: Any, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.FILES_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 2)
    plan = make_plan()
    client = client_for(operator)
    rows = [paser_row(id=f"PSR-{n}", indikator=f"Indikator {n}") for n in range(3)]
    preview = upload(client, plan, make_book(rows))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/rencana/{plan.pk}/impor/", {"token": preview.context["token"]})
    job = Job.objects.get(kind="plan_import")
    assert response["Location"] == f"/tugas/{job.pk}/"
    assert Indicator.objects.count() == 0  # nothing is saved in the request itself
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.result["created"] == 3
    assert Indicator.objects.count() == 3
    assert not list(tmp_path.glob("plan-imports/*"))
