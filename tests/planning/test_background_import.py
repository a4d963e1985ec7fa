"""A large import is committed by a background task (django-tasks) while the job page shows progress; the task
checks the file again, so it stays all or nothing.

The task runs on django-tasks' ImmediateBackend here: the database worker closes the connection it is given,
which a test transaction on PostgreSQL cannot survive (tests/jobs explains; the browser tests use the real worker)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from selaras.jobs.models import Job, JobStatus
from selaras.planning.models import Indicator, Plan, PlanImport
from selaras.uploads.models import Upload
from tests.conftest import IMMEDIATE_TASKS, client_for
from tests.core.plans.test_province_workbook import FIXTURE
from tests.planning.helpers import make_book, make_plan, paser_row, upload


def test_a_large_import_runs_as_a_job(
    operator: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = IMMEDIATE_TASKS
    settings.IMPORT_INLINE_MAX_ROWS = 2
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
    assert not Upload.objects.exists()


def test_a_large_province_workbook_is_saved_by_a_job(
    province_admin: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = IMMEDIATE_TASKS
    settings.IMPORT_INLINE_MAX_ROWS = 10
    client = client_for(province_admin)
    preview = client.post(
        "/rencana/impor-provinsi/",
        {"file": SimpleUploadedFile("provinsi.xlsx", FIXTURE.read_bytes()), "kind": "rpjmd"},
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            "/rencana/impor-provinsi/", {"token": preview.context["token"], "kind": "rpjmd"}
        )
    job = Job.objects.get(kind="plan_province_import")
    assert response["Location"] == f"/tugas/{job.pk}/"
    assert Plan.objects.count() == 0
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.result == {"rows": 49, "regions": 12}
    assert Indicator.objects.count() == 49
    assert PlanImport.objects.filter(from_province=True).count() == 12
    assert not Upload.objects.exists()
