"""A test-only background task whose work is slow and all or nothing: it writes one marker row per step inside
one transaction, reporting progress after each, so a test can kill its worker, cancel it or watch its progress
mid-way, and check that nothing of an interrupted run was kept."""

from __future__ import annotations

import time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from selaras.jobs.services import job_run
from selaras.ops.models import Heartbeat


@task()
def slow_rows(*, job_id: str, rows: int, delay: float, marker: str, cancel_at: int = -1) -> None:
    """`cancel_at`: after that many rows, ask for a cancel as a person would (tests of cooperative cancel)."""
    from selaras.jobs.models import Job

    def work(progress: Any) -> dict[str, Any]:
        with transaction.atomic():
            for step in range(rows):
                Heartbeat.objects.create(name=f"{marker}-{step}", at=timezone.now())
                if step == cancel_at:
                    Job.objects.filter(pk=job_id).update(cancel_requested=True)
                progress(step + 1, rows, "rows")
                time.sleep(delay)
        return {"rows": rows}

    job_run(job_id, work)


def markers(marker: str) -> int:
    return Heartbeat.objects.filter(name__startswith=f"{marker}-").count()
