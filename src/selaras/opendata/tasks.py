from __future__ import annotations

from typing import Any

from django_tasks import task

from selaras.jobs.services import job_run
from selaras.opendata import ckan


@task()
def ckan_push_task(*, job_id: str, province_code: str, base_url: str) -> None:
    """Push the province's published datasets to its CKAN portal (selaras.opendata.ckan)."""

    def work(progress: Any) -> dict[str, Any]:
        return ckan.push(province_code=province_code, base_url=base_url, progress=progress)

    job_run(job_id, work)
