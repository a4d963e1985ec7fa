"""Time reading and checking a generated plans workbook, and the writers, on this machine.

Run: `.venv/bin/python benchmarks/plans/bench_workbook.py [--rows 10000] [--repeat 1]`. Prints a table and
writes `bench_workbook.json` next to this script. The workbook is built like a region's: five years, one in
five numbers typed as Indonesian text, links to earlier rows, village lists; checked with a full context.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from openpyxl import Workbook

from selaras.core.plans.rows import Aggregation, PlanRow, Polarity
from selaras.core.plans.tables import write_renstra_table, write_rpjmd_table
from selaras.core.plans.template import write_plan_template
from selaras.core.plans.workbook import ImportContext, read_plan_workbook, template_headers

T = TypeVar("T")
YEARS = (2025, 2026, 2027, 2028, 2029)
REGION = "64.02"


def _rows(count: int, rng: random.Random) -> list[PlanRow]:
    rows: list[PlanRow] = []
    pagu_by_kode: dict[str, dict[int, Decimal]] = {}  # pagu belongs to the element, same on all its rows
    for index in range(count):
        level = index % 3  # program, kegiatan, sub kegiatan in turn
        program = f"2.16.{index // 300 % 90 + 2:02d}"
        kode = [
            program,
            f"{program}.2.{index % 90 + 1:02d}",
            f"{program}.2.{index % 90 + 1:02d}.{index % 10_000:04d}",
        ][level]
        pagu = pagu_by_kode.setdefault(kode, {y: Decimal(rng.randrange(1, 10**6) * 1000) for y in YEARS})
        rows.append(
            PlanRow(
                id=f"KKR-{index:05d}",
                kode_wilayah=REGION,
                kode=kode,
                uraian=f"Uraian {kode} untuk baris {index}",
                indikator=f"Persentase layanan digital {index}",
                satuan=rng.choice(["%", "indeks", "desa", "dokumen"]),
                polaritas=rng.choice(list(Polarity)),
                agregasi=rng.choice(list(Aggregation)),
                baseline=Decimal(rng.randrange(1000)) / 10,
                targets_by_year={y: Decimal(rng.randrange(1000)) / 10 for y in YEARS},
                pagu_idr_by_year=dict(pagu) if level else {},
                lokasi=(f"{REGION}.0{rng.randrange(1, 5)}.2{rng.randrange(100):03d}", f"{REGION}.05.2001"),
                mendukung=f"KKR-{rng.randrange(index):05d}" if index else None,
                tipe="outcome" if level == 0 else "output",
                penanggung_jawab="Diskominfo Kukar",
                sheet_row=index + 2,
            )
        )
    return rows


def _indonesian(value: Decimal) -> str:
    whole, _, fraction = f"{value:,f}".partition(".")
    return whole.replace(",", ".") + ("," + fraction if fraction else "")


def _operator_workbook(rows: list[PlanRow], rng: random.Random) -> bytes:
    """The workbook an operator would upload: written by openpyxl directly (not by our writer), with one in
    five numbers typed as Indonesian text (1.500.000 / 3,25)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Program")
    headers = template_headers(YEARS)
    sheet.append(list(headers))
    for row in rows:
        values: dict[str, object] = {
            "id": row.id,
            "kode_wilayah": row.kode_wilayah,
            "kode": row.kode,
            "uraian": row.uraian,
            "indikator": row.indikator,
            "satuan": row.satuan,
            "polaritas": row.polaritas.value,
            "agregasi": row.agregasi.value,
            "baseline": row.baseline,
            "lokasi": ";".join(row.lokasi),
            "mendukung": row.mendukung,
            "tipe": row.tipe,
            "penanggung_jawab": row.penanggung_jawab,
        }
        for year in YEARS:
            values[f"target_{year}"] = row.targets_by_year.get(year)
            values[f"pagu_{year}"] = row.pagu_idr_by_year.get(year)
        sheet.append(
            [
                _indonesian(v) if isinstance(v, Decimal) and rng.random() < 0.2 else v
                for v in (values.get(name) for name in headers)
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _time(action: Callable[[], T], repeat: int) -> tuple[tuple[float, float], T]:
    """Median wall-clock and CPU seconds of `repeat` runs, and the last result.

    CPU time is reported too because the machine's two cores are shared: wall time grows with other load.
    """
    walls, cpus = [], []
    for _ in range(max(1, repeat)):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return (round(statistics.median(walls), 2), round(statistics.median(cpus), 2)), result


def machine() -> dict[str, object]:
    """What the timings ran on, for the JSON next to each benchmark."""
    return {
        "python": platform.python_version(),
        "processor": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(2025)
    rows = _rows(args.rows, rng)
    data = _operator_workbook(rows, rng)
    villages = frozenset(code for row in rows for code in row.lokasi)
    context = ImportContext(
        allowed_region_codes=frozenset({REGION}),
        known_region_codes=frozenset({"00", "64", REGION}),
        known_village_codes=villages,
        period_years=YEARS,
    )
    read_s, result = _time(lambda: read_plan_workbook(data, context=context), args.repeat)
    errors = [e.render("en") for e in result.errors]
    rows_as_generated = result.rows == tuple(rows)
    write_s, exported = _time(
        lambda: write_plan_template(result.rows, YEARS, region_code=REGION), args.repeat
    )
    reread = read_plan_workbook(exported, context=context)
    round_trip_unchanged = not reread.errors and reread.rows == result.rows
    rpjmd_s, _ = _time(lambda: write_rpjmd_table(rows, years=YEARS, region_name="Kukar", unit_name="Dkis"), 1)
    renstra_s, _ = _time(
        lambda: write_renstra_table(rows, years=YEARS, region_name="Kukar", unit_name="Dkis"), 1
    )
    measures = {
        "rows": args.rows,
        "file_kib": round(len(data) / 1024, 1),
        "read_and_check_wall_cpu_s": read_s,
        "rows_read": len(result.rows),
        "errors": len(errors),
        "rows_as_generated": rows_as_generated,
        "write_template_wall_cpu_s": write_s,
        "round_trip_unchanged": round_trip_unchanged,
        "write_rpjmd_table_wall_cpu_s": rpjmd_s,
        "write_renstra_table_wall_cpu_s": renstra_s,
    }
    print(f"{'measure':<32}{'value':>16}")
    for key, value in measures.items():
        print(f"{key:<32}{value!s:>16}")
    if errors:
        print("first errors:", *errors[:5], sep="\n  ")
    output = {
        "machine": machine(),
        "repeat": args.repeat,
        **measures,
    }
    path = Path(__file__).with_name("bench_workbook.json")
    path.write_text(json.dumps(output, indent=2) + "\n", encoding="utf-8")
    print(f"written {path}")


if __name__ == "__main__":
    main()
