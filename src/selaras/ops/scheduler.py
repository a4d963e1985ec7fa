"""The scheduler: one process (`selaras scheduler`) runs the installation's daily jobs, keeps the worker's
heartbeat going and, every minute, recovers background jobs whose worker died (selaras.jobs.services).

Two guards keep work from running twice when someone starts a second scheduler (a second VM, a restarted
container whose old copy still runs):
- a lease row in the database, held by one scheduler and renewed every tick; another scheduler waits until it
  expires (crash: at most `lease` later);
- a run row per job and due day, unique, inserted before the job runs: even two schedulers that both believe they
  hold the lease cannot run the same job for the same day.
A job whose time passed while no scheduler ran (a reboot at night) runs once when a scheduler next ticks.
"""

from __future__ import annotations

import io
import logging
import os
import socket
import threading
import time as time_module
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from selaras.ops.heartbeats import SCHEDULER, heartbeat_record
from selaras.ops.models import ScheduledRun, SchedulerLease

logger = logging.getLogger("selaras.scheduler")

LEASE_NAME = "scheduler"
SKIPPED = "skipped: this installation has no `selaras {command}` command"


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    daily_at: time  # local time (SELARAS_TIME_ZONE)
    run: Callable[[], str]  # does the work, returns what it printed

    def slot(self, now: datetime) -> str:
        """The due day this moment belongs to: today once `daily_at` has passed, else yesterday."""
        local = timezone.localtime(now)
        day = local.date() if local.time() >= self.daily_at else local.date() - timedelta(days=1)
        return day.isoformat()


def command_job(command: str, *args: str | Callable[[], str]) -> Callable[[], str]:
    """Run `selaras <command> <args>` (arguments may be computed at run time) and return its output. A command
    this installation does not have is skipped and says so."""

    def run() -> str:
        if command not in get_commands():
            return SKIPPED.format(command=command)
        out = io.StringIO()
        call_command(command, *[a() if callable(a) else a for a in args], stdout=out, stderr=out)
        return out.getvalue()

    return run


def _backup_path() -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    suffix = ".tar.gz.enc" if settings.BACKUP_PASSPHRASE_FILE else ".tar.gz"
    return str(settings.BACKUP_DIR / f"selaras-{stamp}{suffix}")


def _backup() -> str:
    """`selaras backup` into SELARAS_BACKUP_DIR, encrypted when SELARAS_BACKUP_PASSPHRASE_FILE is set; the
    command records the backup heartbeat itself (selaras.ops.backup)."""
    encrypt = (
        ("--passphrase-file", settings.BACKUP_PASSPHRASE_FILE) if settings.BACKUP_PASSPHRASE_FILE else ()
    )
    return command_job("backup", "--out", _backup_path, *encrypt)()


def _prune_task_results() -> str:
    output = command_job(
        "prune_db_task_results", "--queue-name", "*", "--min-age-days", str(settings.TASK_RESULT_DAYS)
    )()
    cutoff = timezone.now() - timedelta(days=settings.TASK_RESULT_DAYS)
    deleted, _ = ScheduledRun.objects.filter(started_at__lt=cutoff).delete()
    return f"{output}{deleted} old scheduled runs deleted\n"


JOBS = [
    ScheduledJob("backup", time(1, 30), _backup),
    ScheduledJob("prune_task_results", time(2, 30), _prune_task_results),
    # Expired import previews: the upload module's command (issue 11).
    ScheduledJob("prune_import_previews", time(2, 40), command_job("uploads_prune")),
    ScheduledJob("clear_sessions", time(2, 50), command_job("clearsessions")),
    ScheduledJob("agreement_reminders", time(6, 0), command_job("agreements_remind")),
    ScheduledJob("meeting_reminders", time(6, 10), command_job("meetings_remind")),
]


def _default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Scheduler:
    def __init__(
        self,
        *,
        jobs: list[ScheduledJob] | None = None,
        holder: str | None = None,
        lease: timedelta = timedelta(minutes=2),
        worker_ping_every: timedelta = timedelta(minutes=2),
        sweep_every: timedelta = timedelta(minutes=1),
    ) -> None:
        self.jobs = JOBS if jobs is None else jobs
        self.holder = holder or _default_holder()
        self.lease = lease
        self.worker_ping_every = worker_ping_every
        self._last_ping: datetime | None = None
        self.sweep_every = sweep_every
        self._last_sweep: datetime | None = None

    def acquire(self, now: datetime | None = None) -> bool:
        """Take or renew the lease; False while another scheduler holds it."""
        now = now or timezone.now()
        mine_or_free = Q(holder=self.holder) | Q(expires_at__lt=now)
        expires = now + self.lease
        if SchedulerLease.objects.filter(mine_or_free, name=LEASE_NAME).update(
            holder=self.holder, expires_at=expires
        ):
            return True
        try:
            with transaction.atomic():
                SchedulerLease.objects.create(name=LEASE_NAME, holder=self.holder, expires_at=expires)
        except IntegrityError:
            return False
        return True

    def release(self) -> None:
        SchedulerLease.objects.filter(name=LEASE_NAME, holder=self.holder).delete()

    def tick(self, now: datetime | None = None) -> list[ScheduledRun]:
        """One round: if this scheduler holds the lease, ping the worker and run every job that is due."""
        now = now or timezone.now()
        started = time_module.monotonic()
        if not self.acquire(now):
            return []
        heartbeat_record(name=SCHEDULER, at=now, detail={"holder": self.holder})
        if self._last_ping is None or now - self._last_ping >= self.worker_ping_every:
            self._ping_worker()
            self._last_ping = now
        if self._last_sweep is None or now - self._last_sweep >= self.sweep_every:
            self._sweep_jobs(now)
            self._last_sweep = now
        runs = []
        for job in self.jobs:
            run = self._run(job, job.slot(now))
            if run is not None:
                runs.append(run)
                elapsed = timedelta(seconds=time_module.monotonic() - started)
                if not self.acquire(
                    now + elapsed
                ):  # a long job outlived the lease; another scheduler took over
                    break
        return runs

    def _ping_worker(self) -> None:
        from django_tasks_db.models import DBTaskResult

        from selaras.ops.tasks import worker_heartbeat

        # Keep one ping in the results table, not one every two minutes.
        if "django_tasks_db" in settings.TASKS["default"]["BACKEND"]:
            DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path, status="SUCCESSFUL").delete()
        worker_heartbeat.enqueue()

    def _sweep_jobs(self, now: datetime) -> None:
        """Background jobs whose worker died: queued again or failed (selaras.jobs.services.jobs_sweep)."""
        from selaras.jobs.services import jobs_sweep

        try:
            counts = jobs_sweep(now)
        except Exception:  # the daily jobs must still run
            logger.exception("sweeping background jobs failed")
            return
        if any(counts.values()):
            logger.warning("background jobs whose worker stopped: %s", counts)

    def _run(self, job: ScheduledJob, slot: str) -> ScheduledRun | None:
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(
                    job=job.name, slot=slot, holder=self.holder, started_at=timezone.now()
                )
        except IntegrityError:
            return None  # already run (or running) for this day
        logger.info("scheduled job %s (%s) started", job.name, slot)
        try:
            run.output, run.ok = job.run(), True
        except Exception:  # one failing job must not stop the others; its run row keeps the traceback
            run.output, run.ok = traceback.format_exc(), False
            logger.exception("scheduled job %s (%s) failed", job.name, slot)
        run.output = run.output[-20000:]
        run.finished_at = timezone.now()
        run.save(update_fields=["output", "ok", "finished_at"])
        logger.info("scheduled job %s (%s) finished, ok=%s", job.name, slot, run.ok)
        return run

    def run_forever(self, *, interval_seconds: float = 30, stop: threading.Event | None = None) -> None:
        stop = stop or threading.Event()
        logger.info("scheduler %s started", self.holder)
        try:
            while not stop.is_set():
                self.tick()
                stop.wait(interval_seconds)
        finally:
            self.release()
            logger.info("scheduler %s stopped", self.holder)
