"""The worker's heartbeat: the scheduler enqueues this small task; the worker running it proves the whole path
(queue in the database, a live worker) works."""

from __future__ import annotations

from django_tasks import task

from selaras.ops.heartbeats import WORKER, heartbeat_record


@task()
def worker_heartbeat() -> None:
    heartbeat_record(name=WORKER)
