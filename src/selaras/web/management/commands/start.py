"""`selaras start`: the embedded default in one command: database, Kaltim regions, demo accounts, worker, server."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from selaras.regions.models import Region
from selaras.regions.services import regions_load_shipped
from selaras.web.demo import DEMO_PASSWORD, demo_accounts_ensure, sample_data_ensure


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

    def handle(self, *args: Any, **options: Any) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        province = settings.DEFAULT_PROVINCE
        if not Region.objects.filter(code=province).exists():
            self.stdout.write(f"Loading the official regions of province {province}...")
            report = regions_load_shipped(province=province)
            self.stdout.write(f"  {report.created} regions, {report.boundaries} boundaries")
        accounts = demo_accounts_ensure()
        for description in sample_data_ensure():
            self.stdout.write(self.style.WARNING(f"SAMPLE data loaded: {description}"))
        self.stdout.write(
            self.style.WARNING(
                f"\nDEMO accounts (for trying Selaras only), password for all: {DEMO_PASSWORD}"
            )
        )
        for account in accounts:
            role = "installation administrator" if account.superuser else account.role.label
            self.stdout.write(f"  {account.username:<16} {role} {account.region_code or ''}")
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
