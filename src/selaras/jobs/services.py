"""Starting background jobs, reporting their progress, and keeping them recoverable.

A running job holds a lease: while its work runs, a thread of the worker (on its own database connection, so
outside the work's transaction) renews `heartbeat_at` every `JOBS_HEARTBEAT_SECONDS` and writes the latest
progress. `jobs_sweep` (the scheduler every minute, each worker when it starts) stops the jobs whose lease is
older than `JOBS_LEASE_SECONDS`: their worker died. Work that is all or nothing (`auto_retry`) is enqueued once
more; other work fails with the reason. A person may cancel a queued or running job (a running one stops at its
next progress report and its transaction rolls back) and restart a failed or cancelled one.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from selaras.accounts.access import Action, can, require
from selaras.jobs.models import Job, JobStatus, StopReason
from selaras.web.errors import ServiceError
from selaras.web.i18n import failure_record

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

# The lease thread writes progress at most this often (a report per row must not become a write per row).
PROGRESS_WRITE_GAP_SECONDS = 0.5


class JobCancelled(Exception):
    """Raised at a progress report of a job someone cancelled: the work's transaction rolls back."""

    def __init__(self) -> None:
        super().__init__("cancelled by a user")


class WorkerLost(Exception):
    """Recorded on the task result of a job whose worker stopped while it ran."""


def job_start(
    *, kind: str, title: str, region_code: str, user: Any, task: Any, auto_retry: bool = False, **kwargs: Any
) -> Job:
    """Record a job and enqueue `task(job_id=..., **kwargs)` once the surrounding transaction commits.

    `auto_retry`: the work is all or nothing (one transaction), so when its worker dies it is enqueued again
    (`JOBS_AUTO_RETRIES` times) instead of failing."""
    job = Job.objects.create(
        kind=kind,
        title=title,
        region_id=region_code,
        created_by=user if getattr(user, "pk", None) else None,
        task_path=task.module_path,
        task_kwargs=kwargs,
        auto_retry=auto_retry,
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: Any) -> None:
    job = Job.objects.get(pk=job_id)
    result = import_string(job.task_path).enqueue(job_id=str(job.pk), **job.task_kwargs)
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))


class _Lease:
    """The worker's side of a running job: a thread on its own database connection renews the lease, writes the
    latest progress (visible to the job page although the work's transaction has not committed) and notices a
    cancel."""

    def __init__(self, job_id: str, attempt: int) -> None:
        self.job_id, self.attempt = job_id, attempt
        self.every = max(float(settings.JOBS_HEARTBEAT_SECONDS), 0.1)
        self.cancelled = threading.Event()
        self.latest: tuple[int, int, str] | None = None
        self._changed = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"job-lease-{job_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._changed.set()
        self._thread.join()

    def report(self, done: int, total: int, stage: str) -> None:
        self.latest = (done, total, stage)
        self._changed.set()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                self._changed.wait(self.every)
                self._changed.clear()
                if self._stop.is_set():
                    break
                self._write()
                self._stop.wait(PROGRESS_WRITE_GAP_SECONDS)
        finally:
            connections.close_all()  # this thread's own connections

    def _write(self) -> None:
        values: dict[str, Any] = {"heartbeat_at": timezone.now()}
        if self.latest is not None:
            done, total, stage = self.latest
            values |= {"done": done, "total": total, "stage": stage[:100]}
        try:
            mine = Job.objects.filter(pk=self.job_id, attempt=self.attempt, status=JobStatus.RUNNING)
            mine.update(**values)
            if mine.filter(cancel_requested=True).exists():
                self.cancelled.set()
        except DatabaseError:  # SQLite: the work's transaction holds the write lock; try again next beat
            logger.warning("job %s: could not renew its lease", self.job_id, exc_info=True)


def job_reporter(job_id: str, attempt: int | None = None) -> Progress:
    """A progress callback for work run inside a transaction of its caller (tests, inline runs): writes
    done/total/stage and the lease on the same connection, and raises `JobCancelled` when a cancel was asked."""
    mine = (
        Job.objects.filter(pk=job_id) if attempt is None else Job.objects.filter(pk=job_id, attempt=attempt)
    )

    def report(done: int, total: int, stage: str) -> None:
        mine.update(done=done, total=total, stage=stage[:100], heartbeat_at=timezone.now())
        if mine.filter(cancel_requested=True).exists():
            raise JobCancelled

    return report


def job_run(job_id: str, work: Callable[[Progress], dict[str, Any]]) -> None:
    """Run `work(progress)` for a job, recording its result, its failure or its cancel; used inside task
    functions. A job that is no longer queued (cancelled, or taken by another run) is skipped."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now(), done=0, total=0, stage="", error=""
    )
    if not claimed:
        logger.info("job %s is no longer queued; skipped", job_id)
        return
    attempt = Job.objects.filter(pk=job_id).values_list("attempt", flat=True).get()
    mine = Job.objects.filter(pk=job_id, attempt=attempt)
    # Inside a caller's transaction (tests, inline runs) a second connection could not see the job: report on
    # this one. In a worker, the lease thread reports outside the work's transaction.
    lease = None if connection.in_atomic_block else _Lease(job_id, attempt)
    if lease is None:
        progress = job_reporter(job_id, attempt)
    else:
        lease.start()

        def progress(done: int, total: int, stage: str) -> None:
            lease.report(done, total, stage)
            if lease.cancelled.is_set():
                raise JobCancelled

    try:
        result = work(progress)
    except JobCancelled:
        mine.update(status=JobStatus.CANCELLED, stop_reason=StopReason.CANCELLED, cancel_requested=False)
        logger.info("job %s cancelled", job_id)
        return
    except Exception as error:  # the job page must show any failure, then the worker logs it
        mine.update(status=JobStatus.FAILED, error=failure_record(error))
        logger.exception("job %s failed", job_id)
        raise
    finally:
        if lease is not None:
            lease.stop()
    final: dict[str, Any] = {}
    if lease is not None and lease.latest is not None:  # a report the lease thread had no time to write
        final = dict(zip(("done", "total", "stage"), lease.latest, strict=True))
    mine.update(status=JobStatus.DONE, result=result, **final)


# --- cancel and restart ----------------------------------------------------------------------------------------

NOT_CANCELLABLE = _("Only a queued or running job can be cancelled.")
NOT_RESTARTABLE = _("Only a failed or cancelled job can be started again.")


def _started_by(user: Any, job: Job) -> bool:
    return job.created_by_id is not None and job.created_by_id == getattr(user, "pk", None)


def may_control_job(user: Any, job: Job) -> bool:
    """Whether the job page offers cancel and restart to `user` (the rule of `require_job_control`)."""
    return can(user, Action.VIEW_PRIVATE, job.region_id) and (
        _started_by(user, job) or can(user, Action.EDIT, job.region_id)
    )


def require_job_control(user: Any, job: Job) -> None:
    """Cancelling or restarting: whoever started the job, and whoever edits its region (its operators, the
    province's administrators). Out of sight 404, else 403 (selaras.accounts.access)."""
    require(user, Action.VIEW_PRIVATE, job.region_id)
    if not _started_by(user, job):
        require(user, Action.EDIT, job.region_id)


def job_cancel(*, job: Job, user: Any) -> Job:
    """A queued job is cancelled at once (its worker will skip it); a running one at its next progress report,
    and its work's transaction rolls back."""
    require_job_control(user, job)
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status == JobStatus.QUEUED:
            job.status, job.stop_reason = JobStatus.CANCELLED, StopReason.CANCELLED
            job.save(update_fields=["status", "stop_reason", "updated_at"])
        elif job.status == JobStatus.RUNNING and not job.cancel_requested:
            job.cancel_requested = True
            job.save(update_fields=["cancel_requested", "updated_at"])
        else:
            raise ServiceError(NOT_CANCELLABLE)
    return job


def job_restart(*, job: Job, user: Any) -> Job:
    """Queue a failed or cancelled job again, with the same work; the same job page follows it."""
    require_job_control(user, job)
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if not job.can_restart:
            raise ServiceError(NOT_RESTARTABLE)
        _requeue(job)
    return job


def _requeue(job: Job) -> None:
    """Inside a transaction holding the job's row: a new attempt, enqueued when the transaction commits."""
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED,
        attempt=F("attempt") + 1,
        done=0,
        total=0,
        stage="",
        error="",
        result={},
        heartbeat_at=None,
        cancel_requested=False,
        stop_reason=StopReason.NONE,
    )
    job.refresh_from_db()
    transaction.on_commit(lambda: _enqueue(job.pk))


# --- the sweep -------------------------------------------------------------------------------------------------


def _lease_expired(before: datetime) -> Q:
    return Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=before) | Q(heartbeat_at__isnull=True, updated_at__lt=before)
    )


def jobs_sweep(now: datetime | None = None) -> dict[str, int]:
    """Stop the running jobs whose worker stopped renewing their lease: re-queue all-or-nothing work (at most
    `JOBS_AUTO_RETRIES` times), finish a job whose cancel was asked, fail the others with the reason. Their task
    results are marked failed too, so neither stays "running"."""
    now = now or timezone.now()
    expired = _lease_expired(now - timedelta(seconds=settings.JOBS_LEASE_SECONDS))
    counts = {"retried": 0, "failed": 0, "cancelled": 0}
    for job_id in Job.objects.filter(expired).values_list("pk", flat=True):
        with transaction.atomic():
            job = Job.objects.select_for_update().filter(expired, pk=job_id).first()
            if job is None:
                continue  # renewed meanwhile, or swept by another process
            _task_result_lost(job.task_result_id)
            if job.cancel_requested:
                Job.objects.filter(pk=job.pk).update(
                    status=JobStatus.CANCELLED, stop_reason=StopReason.CANCELLED, cancel_requested=False
                )
                counts["cancelled"] += 1
            elif job.auto_retry and job.task_path and job.attempt <= settings.JOBS_AUTO_RETRIES:
                _requeue(job)
                counts["retried"] += 1
            else:
                Job.objects.filter(pk=job.pk).update(
                    status=JobStatus.FAILED, stop_reason=StopReason.WORKER_LOST
                )
                counts["failed"] += 1
        logger.warning("job %s: its worker stopped while it ran (lease expired)", job_id)
    counts["retried"] += _sweep_claimed_never_started(now - timedelta(seconds=settings.JOBS_LEASE_SECONDS))
    return counts


def _sweep_claimed_never_started(before: datetime) -> int:
    """A worker that died between taking a job's task and starting the job leaves the job queued and its task
    "running" with nobody on it: the task result fails and the job (none of its work ran) is queued again."""
    from django_tasks_db.models import DBTaskResult

    stuck = {
        str(pk)
        for pk in DBTaskResult.objects.filter(status="RUNNING", started_at__lt=before).values_list(
            "pk", flat=True
        )
    }
    requeued = 0
    for job_id in Job.objects.filter(status=JobStatus.QUEUED, task_result_id__in=stuck).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            job = Job.objects.select_for_update().filter(pk=job_id, status=JobStatus.QUEUED).first()
            if job is None or job.task_result_id not in stuck:
                continue
            _task_result_lost(job.task_result_id)
            _requeue(job)
            requeued += 1
        logger.warning("job %s: its worker stopped before it started; queued again", job_id)
    return requeued


def _task_result_lost(task_result_id: str) -> None:
    """The database backend's row of the task leaves "running" (django-tasks never does it for a dead worker)."""
    try:
        pk = uuid.UUID(task_result_id)
    except ValueError:
        return  # not run by the database backend
    from django_tasks_db.models import DBTaskResult  # the backend's model (only with that backend installed)

    result = DBTaskResult.objects.filter(pk=pk, status="RUNNING").first()
    if result is not None:
        result.set_failed(WorkerLost("the worker stopped while this task ran (job lease expired)"))
