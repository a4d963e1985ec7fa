"""`selaras serve [ADDR:PORT]`: Selaras for production, under gunicorn. Applies migrations (or only checks them
with --check-migrations), loads the default province's regions when missing, collects static files into
SELARAS_DATA_DIR (whitenoise serves them), then replaces itself with gunicorn. Never creates demo accounts."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from selaras.ops.prepare import installation_prepare
from selaras.ops.serve import DEFAULT_BIND, gunicorn_argv


class Command(BaseCommand):
    help = "Serve Selaras under gunicorn (workers, threads, timeouts from SELARAS_WEB_* variables)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default=DEFAULT_BIND)
        parser.add_argument(
            "--check-migrations",
            action="store_true",
            help="refuse to start when migrations are missing instead of applying them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        installation_prepare(out=self.stdout, demo=False, migrate=not options["check_migrations"])
        call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()  # nothing opened here may leak into gunicorn's forked workers
        os.environ.setdefault("SELARAS_ACCESS_LOG", "1")
        # The workers share one cache (parts of pages, request limits) unless SELARAS_CACHE_URL says otherwise.
        os.environ.setdefault("SELARAS_CACHE_URL", f"file://{settings.DATA_DIR / 'cache'}")
        os.environ["SELARAS_STATIC_COLLECTED"] = "1"
        argv = gunicorn_argv(bind=options["addrport"], environ=os.environ)
        self.stdout.write(f"Selaras: http://{options['addrport']}/ (gunicorn)")
        sys.stdout.flush()
        os.execv(argv[0], argv)  # noqa: S606 -- our own interpreter running gunicorn
