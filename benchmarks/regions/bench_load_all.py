"""How long `selaras regions load --all` takes (goal: under a minute), against a reference on the same machine.

The reference is the floor for the same work: reading the shipped list and inserting the same rows with one
plain `executemany` into an SQLite table of the same columns (no ORM, no audit trail). The ratio says what the
ORM, the parent links and the audit trail cost on top.

    .venv/bin/python benchmarks/regions/bench_load_all.py            # prints a table, writes results.json here
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from selaras.core.regions_data import iter_official_regions  # noqa: E402


def reference_seconds(folder: Path) -> float:
    started = time.perf_counter()
    rows = [(r.code, r.level.value, r.name, r.parent_code, r.lat, r.lng) for r in iter_official_regions()]
    connection = sqlite3.connect(folder / "reference.sqlite3")
    connection.execute(
        "create table region (code text primary key, level text, name text, parent text, lat real, lng real)"
    )
    connection.executemany("insert into region values (?, ?, ?, ?, ?, ?)", rows)
    connection.commit()
    connection.close()
    return time.perf_counter() - started


def selaras_seconds(folder: Path, *args: str) -> float:
    env = {**os.environ, "SELARAS_DATA_DIR": str(folder)}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "selaras.cli"]
    subprocess.run([*command, "migrate", "-v0"], env=env, check=True)
    started = time.perf_counter()
    subprocess.run([*command, "regions", "load", *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        reference = reference_seconds(folder)
        first = selaras_seconds(folder, "--all")
        again = selaras_seconds(folder, "--all")  # nothing changed: compare only
    results = {
        "reference_s": round(reference, 2),
        "load_all_fresh_s": round(first, 2),
        "load_all_unchanged_s": round(again, 2),
        "ratio_fresh_to_reference": round(first / reference, 1),
        "goal_s": 60,
        "load_average": os.getloadavg()[0],
    }
    for key, value in results.items():
        print(f"{key:28} {value}")
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
