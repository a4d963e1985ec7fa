"""The worker killed mid-job (issue 12: "killing the worker mid-import leaves a job that recovers").

`selaras db_worker` runs as a real process on the test database (PostgreSQL; on SQLite a file copy of the
in-memory test database) with a slow, all-or-nothing job; it is killed with SIGKILL half-way. The next worker's
start sweeps the job (its lease expired): failed with the reason, its task result failed too, nothing of the run
kept. The person who started it restarts it and a worker completes it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection
from django_tasks_db.models import DBTaskResult

from selaras.jobs.models import Job, JobStatus, StopReason
from selaras.jobs.services import job_start
from selaras.ops.models import Heartbeat
from tests.jobs.slow_tasks import slow_rows

ROOT = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 2
ROWS, DELAY = 12, 0.25  # about three seconds of work


def _environment(tmp_path: Path) -> dict[str, str]:
    """Settings of the worker processes: this database, a short lease, a heartbeat every second."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "SELARAS_DATA_DIR": str(tmp_path),
        "SELARAS_JOBS_LEASE_SECONDS": str(LEASE_SECONDS),
        "SELARAS_JOBS_HEARTBEAT_SECONDS": "1",
        "SELARAS_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        copy = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(copy) as target:
            connection.connection.backup(target)
        env["DATABASE_URL"] = f"sqlite:///{copy}"
    else:
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        env["DATABASE_URL"] = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return env


def _selaras(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 -- our own command
        [sys.executable, "-m", "selaras.cli", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return _selaras(env, "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2")


def _reader(env: dict[str, str]) -> Callable[[str], dict[str, Any]]:
    """The job and its task result as the worker left them (the ORM on PostgreSQL, the file on SQLite)."""
    if connection.vendor != "sqlite":

        def read(job_id: str) -> dict[str, Any]:
            job = Job.objects.values("status", "done", "stop_reason", "attempt", "task_result_id").get(
                pk=job_id
            )
            task = (
                DBTaskResult.objects.filter(pk=job["task_result_id"]).values_list("status", flat=True).first()
            )
            kept = Heartbeat.objects.filter(name__startswith="killed-").count()
            return {**job, "task": task, "kept": kept}

        return read
    path = env["DATABASE_URL"].removeprefix("sqlite:///")

    def read_file(job_id: str) -> dict[str, Any]:
        with sqlite3.connect(path) as db:
            status, done, reason, attempt, task_id = db.execute(
                "SELECT status, done, stop_reason, attempt, task_result_id FROM jobs_job WHERE id = ?",
                (job_id.replace("-", ""),),
            ).fetchone()
            task = db.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
                (task_id.replace("-", ""),),
            ).fetchone()
            kept = db.execute("SELECT count(*) FROM ops_heartbeat WHERE name LIKE 'killed-%'").fetchone()[0]
        return {
            "status": status,
            "done": done,
            "stop_reason": reason,
            "attempt": attempt,
            "task_result_id": task_id,
            "task": task[0] if task else None,
            "kept": kept,
        }

    return read_file


def _wait(
    read: Callable[[], dict[str, Any]], until: Callable[[dict[str, Any]], bool], seconds: float
) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        state = read()
        if until(state) or time.monotonic() > deadline:
            return state
        time.sleep(0.1)


def test_a_job_whose_worker_is_killed_fails_with_the_reason_and_completes_when_restarted(
    flushed_afterwards: None, transactional_db: None, operator: Any, tmp_path: Path
) -> None:
    started = time.monotonic()
    job = job_start(
        kind="test",
        title="slow",
        region_code="64.01",
        user=operator,
        task=slow_rows,
        rows=ROWS,
        delay=DELAY,
        marker="killed",
    )
    env = _environment(tmp_path)
    read = _reader(env)
    job_id = str(job.pk)
    worker = _worker(env)
    try:
        # Mid-job: on PostgreSQL the progress shows although the work's transaction has not committed.
        if connection.vendor == "sqlite":  # the work holds the file's write lock: progress shows at the end
            mid = _wait(lambda: read(job_id), lambda s: s["status"] == "running", 30)
            time.sleep(4 * DELAY)
        else:
            mid = _wait(lambda: read(job_id), lambda s: s["status"] == "running" and s["done"] >= 2, 30)
            assert 2 <= mid["done"] < ROWS and mid["kept"] == 0, mid
        assert mid["status"] == "running", mid
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        time.sleep(LEASE_SECONDS + 0.5)
        killed = read(job_id)
        assert (killed["status"], killed["task"]) == ("running", "RUNNING"), (
            killed
        )  # what a dead worker leaves

        worker = _worker(env)  # its start sweeps the job whose lease expired
        swept = _wait(lambda: read(job_id), lambda s: s["status"] != "running", 30)
        assert (swept["status"], swept["stop_reason"], swept["task"]) == (
            JobStatus.FAILED,
            StopReason.WORKER_LOST,
            "FAILED",
        ), swept
        assert swept["kept"] == 0  # the run's transaction rolled back

        restart = _selaras(
            env,
            "shell",
            "-c",
            "from selaras.accounts.models import User; from selaras.jobs.models import Job; "
            "from selaras.jobs.services import job_restart; "
            f"job_restart(job=Job.objects.get(pk='{job_id}'), user=User.objects.get(pk={operator.pk}))",
        )
        assert restart.wait(60) == 0, restart.stdout.read() if restart.stdout else ""
        done = _wait(lambda: read(job_id), lambda s: s["status"] == JobStatus.DONE, 30)
        assert (done["status"], done["attempt"], done["done"], done["kept"]) == (
            JobStatus.DONE,
            2,
            ROWS,
            ROWS,
        ), done
    finally:
        worker.kill()
        worker.wait(10)
    print(f"killed-worker drill on {connection.vendor}: {time.monotonic() - started:.1f} s")
