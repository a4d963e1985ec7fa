"""A background job that fails on a library's exception shows what it means in the page's language, never the
library's own words ("File is not a zip file", "'utf-8' codec can't decode ..."); its traceback stays in the
log."""

from __future__ import annotations

import zipfile
from typing import Any

import pytest

from selaras.jobs.models import Job
from selaras.jobs.services import job_run
from tests.conftest import client_for

FAILURES: dict[str, tuple[BaseException, str, str]] = {
    "a workbook that is not a zip": (
        zipfile.BadZipFile("File is not a zip file"),
        "bukan .xlsx yang sah; simpan ulang sebagai Excel Workbook (.xlsx)",
        "is not a valid .xlsx file; save it again as Excel Workbook (.xlsx)",
    ),
    "text that does not decode": (
        UnicodeDecodeError("charmap", b"\x81", 0, 1, "character maps to <undefined>"),
        "Simpan ulang sebagai CSV UTF-8",
        "Save it again as CSV UTF-8",
    ),
    "anything else": (
        RuntimeError("division by zero in module foo"),
        "kesalahan yang tidak terduga",
        "unexpected error",
    ),
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_failed_job_says_what_went_wrong_in_each_language_without_the_library_text(
    operator: Any, failure: str
) -> None:
    error, indonesian, english = FAILURES[failure]
    job = Job.objects.create(kind="test", title="gagal", region_id="64.01", created_by=operator)

    def work(progress: Any) -> dict[str, Any]:
        raise error

    with pytest.raises(type(error)):
        job_run(str(job.pk), work)
    client = client_for(operator)
    page = client.get(f"/tugas/{job.pk}/").content.decode()
    assert indonesian in page
    assert str(error) not in page and "codec" not in page
    english_api = client.get(f"/api/v1/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english in english_api["error"]
    assert str(error) not in english_api["error"]
