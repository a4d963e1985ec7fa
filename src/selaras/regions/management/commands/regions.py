from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from selaras.core.regions_data import parse_region_list
from selaras.regions.services import regions_load, regions_load_shipped


class Command(BaseCommand):
    help = "Load the official region list: the shipped one, or a newer CSV with the same columns."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="add, rename and retire codes to match the list")
        load.add_argument("--all", action="store_true", help="all of Indonesia instead of one province")
        load.add_argument(
            "--province", default=settings.DEFAULT_PROVINCE, help="province code (default: %(default)s)"
        )
        load.add_argument("--file", type=Path, help="a newer official list (CSV: code,level,name,lat,lng)")

    def handle(self, *args: Any, **options: Any) -> None:
        province = None if options["all"] else options["province"]
        started = time.perf_counter()

        def progress(done: int, total: int, stage: str) -> None:
            if options["verbosity"] and sys.stdout.isatty():
                self.stdout.write(f"\r{stage}: {done}/{total}   ", ending="")

        if options["file"]:
            rows, errors = parse_region_list(
                options["file"].read_bytes(), province=province, file_name=options["file"].name
            )
            if errors:
                raise CommandError("\n".join(str(e) for e in errors))
            report = regions_load(
                rows=rows, scope=province, reason=f"regions load {options['file'].name}", progress=progress
            )
        else:
            report = regions_load_shipped(province=province, progress=progress)
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{k} {v}" for k, v in report.as_dict().items())
        self.stdout.write(
            f"\nRegions {'of Indonesia' if province is None else province} loaded in {seconds:.1f} s: {summary}"
        )
