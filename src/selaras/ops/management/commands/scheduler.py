"""`selaras scheduler [--once]`: run the daily jobs (backup, pruning, session clean-up, agreement reminders) and
the worker's heartbeat. Start exactly one per installation; a second one waits (see selaras.ops.scheduler)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from selaras.ops.scheduler import JOBS, Scheduler


class Command(BaseCommand):
    help = "Run scheduled jobs (one scheduler per installation; a second one waits for the first's lease)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one round, then exit (for cron or a test)")
        parser.add_argument("--interval", type=float, default=30, help="seconds between rounds (30)")

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = Scheduler()
        if options["once"]:
            runs = scheduler.tick()
            for run in runs:
                self.stdout.write(f"{run.job} ({run.slot}): {'ok' if run.ok else 'FAILED'}\n{run.output}")
            scheduler.release()
            return
        for job in JOBS:
            self.stdout.write(f"  {job.name:<24} daily at {job.daily_at:%H:%M}")
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        scheduler.run_forever(interval_seconds=options["interval"], stop=stop)
