"""`selaras db_worker`: django-tasks' database worker, which first stops the jobs whose worker died (their lease
expired; selaras.jobs.services.jobs_sweep), so a worker restarted after a crash recovers them at once."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from selaras.jobs.services import jobs_sweep


class Command(db_worker.Command):
    help = "Run the background worker (stops jobs whose worker died first)"

    def handle(self, *args: Any, **options: Any) -> None:
        counts = jobs_sweep()
        if any(counts.values()):
            self.stdout.write(
                "Jobs whose worker stopped: {retried} queued again, {failed} failed, {cancelled} cancelled".format(
                    **counts
                )
            )
        super().handle(*args, **options)
