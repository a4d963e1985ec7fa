"""Starting background jobs and reporting their progress."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

from selaras.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)


def job_start(*, kind: str, title: str, region_code: str, user: Any, task: Any, **kwargs: Any) -> Job:
    """Record a job and enqueue `task(job_id=..., **kwargs)` once the surrounding transaction commits."""
    job = Job.objects.create(
        kind=kind, title=title, region_id=region_code, created_by=user if getattr(user, "pk", None) else None
    )

    def enqueue() -> None:
        result = task.enqueue(job_id=str(job.pk), **kwargs)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def job_reporter(job_id: str) -> Callable[[int, int, str], None]:
    """A progress callback for services: writes done/total/stage to the job row."""

    def report(done: int, total: int, stage: str) -> None:
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.RUNNING, done=done, total=total, stage=stage[:100]
        )

    return report


def job_run(job_id: str, work: Callable[[Callable[[int, int, str], None]], dict[str, Any]]) -> None:
    """Run `work(progress)` for a job, recording its result or its failure; used inside task functions."""
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING)
    try:
        result = work(job_reporter(job_id))
    except Exception as error:  # the job page must show any failure, then the worker logs it
        Job.objects.filter(pk=job_id).update(status=JobStatus.FAILED, error=str(error)[:2000])
        logger.exception("job %s failed", job_id)
        raise
    Job.objects.filter(pk=job_id).update(status=JobStatus.DONE, result=result)
