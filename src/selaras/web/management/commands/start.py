"""`selaras start`: the embedded default in one command: database, Kaltim regions, demo accounts, worker, server.

Demo accounts and sample data are made unless SELARAS_DEMO=0, --no-demo or production settings
(SELARAS_HTTPS=1); production runs `selaras serve` (gunicorn) instead of the development server used here."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from selaras.ops.prepare import installation_prepare


class Command(BaseCommand):
    help = (
        "Prepare the database (migrations, regions, demo accounts), start the task worker and the web server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the background task worker"
        )
        parser.add_argument("--prepare-only", action="store_true", help="prepare the database, then exit")
        parser.add_argument(
            "--no-demo", action="store_true", help="no demo accounts and no sample data (also SELARAS_DEMO=0)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        installation_prepare(out=self.stdout, demo=settings.DEMO and not options["no_demo"])
        if options["prepare_only"]:
            return
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(
                [sys.executable, "-m", "selaras.cli", "db_worker", "--no-startup-delay"]
            )
        self.stdout.write(
            self.style.SUCCESS(f"\nSelaras: http://{options['addrport']}/  (Ctrl+C stops it)\n")
        )
        try:
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
