"""The scheduler: one at a time, each job once per day, each job runs its command."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django_tasks_db.models import DBTaskResult

from selaras.ops.backup import is_encrypted
from selaras.ops.heartbeats import BACKUP, SCHEDULER, WORKER
from selaras.ops.models import Heartbeat, ScheduledRun
from selaras.ops.scheduler import JOBS, ScheduledJob, Scheduler, command_job
from tests.conftest import IMMEDIATE_TASKS

pytestmark = pytest.mark.django_db

# 03:00 UTC is 11:00 WITA (Asia/Makassar): every daily job is due.
NOON = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)


def _counting_job(calls: list[str], name: str = "count") -> ScheduledJob:
    return ScheduledJob(name, time(1, 0), lambda: calls.append(name) or "counted")


def test_a_second_scheduler_runs_nothing_while_the_first_holds_the_lease() -> None:
    calls: list[str] = []
    first = Scheduler(jobs=[_counting_job(calls, "a")], holder="first")
    second = Scheduler(jobs=[_counting_job(calls, "a"), _counting_job(calls, "b")], holder="second")
    assert [r.job for r in first.tick(NOON)] == ["a"]
    assert second.tick(NOON + timedelta(minutes=1)) == []  # job b is due, but the lease is taken
    assert calls == ["a"]
    assert not Heartbeat.objects.filter(name=SCHEDULER, detail__holder="second").exists()


def test_the_second_scheduler_takes_over_when_the_first_stops_renewing() -> None:
    calls: list[str] = []
    first = Scheduler(jobs=[_counting_job(calls)], holder="first", lease=timedelta(minutes=2))
    second = Scheduler(jobs=[_counting_job(calls)], holder="second")
    first.tick(NOON)
    assert not second.acquire(NOON + timedelta(minutes=1))
    later = NOON + timedelta(days=1, minutes=3)  # the first one has not renewed its lease since
    assert [r.holder for r in second.tick(later)] == ["second"]
    assert not first.acquire(later)


def test_a_stopped_scheduler_frees_the_lease_at_once() -> None:
    first, second = Scheduler(jobs=[], holder="first"), Scheduler(jobs=[], holder="second")
    assert first.acquire(NOON)
    assert not second.acquire(NOON)
    first.release()
    assert second.acquire(NOON)


def test_a_job_runs_once_per_day_even_if_two_schedulers_both_act() -> None:
    calls: list[str] = []
    first = Scheduler(jobs=[_counting_job(calls)], holder="first")
    second = Scheduler(jobs=[_counting_job(calls)], holder="second")
    first.tick(NOON)
    first.release()  # as if the lease had been lost: the run row still guards the day
    assert second.tick(NOON + timedelta(hours=1)) == []
    assert second.tick(NOON + timedelta(days=1))[0].slot == "2026-12-05"
    assert calls == ["count", "count"]


def test_a_job_before_its_time_belongs_to_the_previous_day() -> None:
    job = ScheduledJob("early", time(13, 0), lambda: "")
    assert job.slot(NOON) == "2026-12-03"  # 11:00 WITA, before 13:00
    assert job.slot(NOON + timedelta(hours=2)) == "2026-12-04"


def test_a_failing_job_is_recorded_and_the_others_still_run() -> None:
    def broken() -> str:
        raise RuntimeError("disk full")

    calls: list[str] = []
    runs = Scheduler(jobs=[ScheduledJob("broken", time(1, 0), broken), _counting_job(calls)]).tick(NOON)
    assert [(r.job, r.ok) for r in runs] == [("broken", False), ("count", True)]
    assert "disk full" in ScheduledRun.objects.get(job="broken").output


def test_the_scheduler_records_its_heartbeat_and_queues_one_ping_for_the_worker() -> None:
    scheduler = Scheduler(jobs=[], holder="only", worker_ping_every=timedelta(minutes=2))
    scheduler.tick(NOON)
    assert Heartbeat.objects.get(name=SCHEDULER).at == NOON
    pings = DBTaskResult.objects.filter(task_path="selaras.ops.tasks.worker_heartbeat")
    assert pings.count() == 1
    pings.update(status="SUCCESSFUL", finished_at=NOON)  # as the worker leaves it
    scheduler.tick(NOON + timedelta(minutes=1))
    assert pings.count() == 1  # not due yet
    scheduler.tick(NOON + timedelta(minutes=2))
    assert list(pings.values_list("status", flat=True)) == ["READY"]  # the answered ping is not kept


def test_the_worker_running_the_ping_records_its_heartbeat(settings: Any) -> None:
    # The database worker closes the connection of the test's transaction, so the task runs on django-tasks'
    # ImmediateBackend here; deploy/ci-smoke.sh waits for this heartbeat from a real `selaras db_worker`.
    settings.TASKS = IMMEDIATE_TASKS
    Scheduler(jobs=[], holder="only").tick(NOON)
    assert Heartbeat.objects.filter(name=WORKER).exists()


def test_every_scheduled_job_runs_its_command(
    # transactional: the backup copies committed rows only. No django_db marker: a marker's database is set up
    # before `flushed_afterwards`, so its flush would come after the regions are loaded again and empty them.
    flushed_afterwards: None,
    transactional_db: None,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_PASSPHRASE_FILE = str(tmp_path / "passphrase")
    (tmp_path / "passphrase").write_text("a nightly passphrase\n")
    expired = SessionStore()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=NOON - timedelta(days=1))
    old = DBTaskResult.objects.create(
        status="SUCCESSFUL",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="selaras.ops.tasks.worker_heartbeat",
        backend_name="default",
        run_after=NOON,
        finished_at=datetime(2020, 1, 1, tzinfo=UTC),
    )
    runs = {r.job: r for r in Scheduler(jobs=JOBS, holder="all").tick()}
    assert set(runs) == {job.name for job in JOBS}
    assert all(run.ok for run in runs.values()), {r.job: r.output for r in runs.values()}
    assert "reminders created" in runs["agreement_reminders"].output
    assert "reminders created" in runs["meeting_reminders"].output
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
    assert not any(run.output.startswith("skipped") for run in runs.values())
    assert "backup written" in runs["backup"].output
    archive = Path(Heartbeat.objects.get(name=BACKUP).detail["file"])
    assert archive.parent == tmp_path / "backups" and archive.name.endswith(".tar.gz.enc")
    assert is_encrypted(archive)  # SELARAS_BACKUP_PASSPHRASE_FILE set: the nightly backup is encrypted


def test_a_command_job_passes_its_arguments_computed_when_it_runs(settings: Any) -> None:
    output = command_job("agreements_remind", "--date", lambda: "2026-12-04")()
    assert "reminders created" in output
