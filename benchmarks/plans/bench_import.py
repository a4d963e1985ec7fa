"""Time the plans import through the Django service (check + preview, then save) for 10,000 rows, on SQLite.

Run: `.venv/bin/python benchmarks/plans/bench_import.py [--rows 10000]`. Uses a throw-away data folder,
migrates it, loads Kaltim's official regions, imports a generated workbook for Kutai Kartanegara (64.02) into a
five-year plan, then re-imports the plan's own export (the round trip, which must change nothing) and a copy
with one row in ten changed. Prints a table and writes `bench_import.json` next to this script.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
HERE = Path(__file__).resolve().parent


def _time(action: Callable[[], T]) -> tuple[tuple[float, float], T]:
    start, start_cpu = time.perf_counter(), time.process_time()
    result = action()
    return (round(time.perf_counter() - start, 2), round(time.process_time() - start_cpu, 2)), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    os.environ["SELARAS_DATA_DIR"] = tempfile.mkdtemp(prefix="selaras-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selaras.settings")
    import django

    django.setup()
    from dataclasses import replace
    from decimal import Decimal

    from django.core.management import call_command

    from selaras.core.plans.template import write_plan_template
    from selaras.planning import services
    from selaras.planning.models import Indicator
    from selaras.regions.models import Region
    from selaras.regions.services import regions_load_shipped

    sys.path.insert(0, str(HERE))
    import bench_workbook

    call_command("migrate", verbosity=0)
    regions_load_shipped(province="64")
    villages = list(Region.objects.filter(level="village").within("64.02").values_list("code", flat=True))
    rng = random.Random(2025)
    rows = [
        replace(row, lokasi=tuple(rng.sample(villages, 2))) for row in bench_workbook._rows(args.rows, rng)
    ]
    data = bench_workbook._operator_workbook(rows, rng)
    plan = services.plan_create(
        user=services.SYSTEM, region_code="64.02", kind="rpjmd", start_year=2025, end_year=2029
    )
    results: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_1min": round(os.getloadavg()[0], 2),
        },
        "rows": args.rows,
        "file_kib": round(len(data) / 1024, 1),
    }
    (wall_cpu, check) = _time(lambda: services.plan_import_check(plan=plan, user=services.SYSTEM, data=data))
    results["first_import_check_and_preview_wall_cpu_s"] = wall_cpu
    results["errors"] = len(check.errors)
    (wall_cpu, report) = _time(
        lambda: services.plan_import_rows(plan=plan, user=services.SYSTEM, rows=check.workbook.rows)
    )
    results["first_import_save_wall_cpu_s"] = wall_cpu
    results["created"] = report.created
    results["indicators_in_db"] = Indicator.objects.filter(plan=plan).count()
    results["audit_records"] = Indicator.history.count()
    (wall_cpu, exported) = _time(
        lambda: write_plan_template(services.plan_rows(plan=plan), plan.years, region_code=plan.region_id)
    )
    results["export_as_template_wall_cpu_s"] = wall_cpu
    (wall_cpu, again) = _time(
        lambda: services.plan_import_check(plan=plan, user=services.SYSTEM, data=exported)
    )
    results["round_trip_check_wall_cpu_s"] = wall_cpu
    results["round_trip_changes_anything"] = again.changes_anything or bool(again.errors)
    history_before = Indicator.history.count()
    services.plan_import_rows(plan=plan, user=services.SYSTEM, rows=again.workbook.rows)
    results["round_trip_new_audit_records"] = Indicator.history.count() - history_before
    changed = [
        replace(row, targets_by_year={**row.targets_by_year, 2029: Decimal(999)}) if i % 10 == 0 else row
        for i, row in enumerate(again.workbook.rows)
    ]
    (wall_cpu, report) = _time(
        lambda: services.plan_import_rows(plan=plan, user=services.SYSTEM, rows=changed)
    )
    results["update_one_in_ten_save_wall_cpu_s"] = wall_cpu
    results["updated"] = report.updated
    for key, value in results.items():
        print(f"{key:48} {value}")
    (HERE / "bench_import.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
