"""A provincial administrator uploads a newer official list; a background task loads it while the job page shows
progress.

Here the task runs on django-tasks' ImmediateBackend, in the test's own transaction: the database worker closes
the connection it is given, which a test transaction on PostgreSQL cannot survive. The real database worker
(`selaras start` runs it) carries the same upload in tests/browser/test_foundation_flows.py."""

from typing import Any

from selaras.jobs.models import Job, JobStatus
from selaras.regions.models import Region
from tests.conftest import IMMEDIATE_TASKS, client_for


def _kaltim_csv(rename: dict[str, str], drop: set[str]) -> bytes:
    lines = ["code,level,name,lat,lng"]
    for r in Region.objects.within("64").exclude(code__in=drop).order_by("code"):
        lines.append(f"{r.code},{r.level},{rename.get(r.code, r.name)},{r.lat or ''},{r.lng or ''}")
    return "\n".join(lines).encode()


def _upload(client: Any, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/wilayah/64/muat/", {"file": SimpleUploadedFile("wilayah.csv", data, "text/csv")})


def test_an_uploaded_list_is_loaded_by_the_worker_and_the_job_reports_it(
    province_admin: Any, django_capture_on_commit_callbacks: Any, settings: Any, tmp_path: Any
) -> None:
    settings.FILES_DIR = tmp_path
    settings.TASKS = IMMEDIATE_TASKS
    client = client_for(province_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, _kaltim_csv({"64.01.01.2009": "Samurangau Baru"}, {"64.01.01.2010"}))
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.error
    assert (job.result["renamed"], job.result["retired"]) == (1, 1)
    assert Region.objects.get(code="64.01.01.2009").name == "Samurangau Baru"
    status_page = client.get(f"/tugas/{job.pk}/status/")
    assert 'data-status="done"' in status_page.content.decode()


def test_a_bad_list_is_refused_before_any_job_starts(province_admin: Any) -> None:
    response = _upload(client_for(province_admin), b"code,level,name,lat,lng\n64.01,district,Paser,,\n")
    assert response.status_code == 200
    assert "tidak cocok dengan kode" in response.content.decode()
    assert not Job.objects.exists()


def test_the_bad_list_message_follows_the_language(province_admin: Any) -> None:
    client = client_for(province_admin)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = _upload(client, b"code,level,name,lat,lng\n64.01,district,Paser,,\n")
    assert "does not fit the code" in response.content.decode()
