"""Time the one table reader (`selaras.core.tables.read_table`) on generated office-style tables.

Run: `.venv/bin/python benchmarks/tables/bench_read.py [--rows 10000 80000]`. For each row count it writes a
T-C.27-like sheet (two title rows, a two-row merged header, a "(1) (2) ..." row, 12 columns with targets and Rp
per year as text and numbers, a JUMLAH row) as xlsx (openpyxl, write-only) and as csv (cp1252, semicolons),
(one target in four a number formatted as a percentage), then reads it with `read_table` and prints wall and CPU seconds. Writes `bench_read.json` next to this script.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import platform
import time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.cell_range import CellRange

from selaras.core.tables import Column, FileLimits, read_table

HERE = Path(__file__).resolve().parent
YEARS = (2025, 2026, 2027)
COLUMNS = [
    Column("kode", ("kode",), required=True),
    Column("uraian", ("program*", "uraian"), required=True),
    Column("indikator", ("indikator*",)),
    Column("satuan", ("satuan",)),
    *[
        c
        for y in YEARS
        for c in (
            Column(f"target_{y}", (f"tahun {y} / target", f"target kinerja {y} / target"), kind="percent"),
            Column(f"rp_{y}", (f"tahun {y} / rp", f"target kinerja {y} / rp"), kind="rupiah"),
        )
    ],
    Column("lokasi", ("lokasi",)),
    Column("opd", ("perangkat daerah*", "opd")),
]
HEAD_TOP = ["Kode", "Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja", "Satuan"]
HEAD_TOP += [f"Tahun {y}" for y in YEARS for _ in (0, 1)] + ["Lokasi", "Perangkat Daerah Penanggung Jawab"]
HEAD_LOW = [None] * 4 + ["Target", "Rp"] * len(YEARS) + [None, None]


def _row(n: int) -> list[object]:
    values: list[object] = [
        f"2.16.{n // 100:02}.2.{n % 100:02}",
        f"Kegiatan contoh nomor {n}",
        "Jumlah desa terhubung",
        "desa",
    ]
    for y in YEARS:
        values += [
            f"{(n + y) % 100},5 %" if n % 2 else (n + y) % 100,
            f"Rp {(n % 97 + 1) * 1_000_000:,}".replace(",", ".") if n % 3 else (n % 97 + 1) * 1_000_000,
        ]
    return [*values, "Kabupaten Contoh", "Dinas Kominfo"]


def xlsx(rows: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("T-C.27")
    sheet.append(["TABEL T-C.27 RENCANA PROGRAM, KEGIATAN DAN PENDANAAN (CONTOH)"])
    sheet.append(["KABUPATEN CONTOH"])
    sheet.append(HEAD_TOP)
    sheet.append(HEAD_LOW)
    sheet.append([f"({i})" for i in range(1, len(HEAD_TOP) + 1)])
    for n in range(rows):
        values = _row(n)
        if n % 4 == 0:  # a target typed as 75% in Excel: 0.75 formatted as a percentage
            cell = WriteOnlyCell(sheet, value=((n + YEARS[0]) % 100) / 100)
            cell.number_format = "0%"
            values[4] = cell
        sheet.append(values)
    sheet.append(["JUMLAH", None, None, None, None, 123])
    for index, _label in enumerate(HEAD_TOP, start=1):
        if HEAD_LOW[index - 1] is None:
            sheet.merged_cells.ranges.add(CellRange(min_col=index, min_row=3, max_col=index, max_row=4))
    for offset in range(len(YEARS)):
        sheet.merged_cells.ranges.add(
            CellRange(min_col=5 + 2 * offset, min_row=3, max_col=6 + 2 * offset, max_row=3)
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def text(rows: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["TABEL T-C.27 (CONTOH)"])
    writer.writerow([f"{a} / {b}" if b else a for a, b in zip(HEAD_TOP, HEAD_LOW, strict=True)])
    for n in range(rows):
        writer.writerow(_row(n))
    return buffer.getvalue().encode("cp1252")


def _time(data: bytes, name: str) -> dict[str, object]:
    limits = FileLimits(
        max_file_bytes=200 * 2**20, max_uncompressed_bytes=400 * 2**20, max_text_bytes=200 * 2**20
    )
    start, cpu = time.perf_counter(), time.process_time()
    table = read_table(data, name, COLUMNS, limits=limits)
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    return {
        "file": name,
        "bytes": len(data),
        "rows": len(table.rows),
        "errors": len(table.errors),
        "skipped": len(table.skipped),
        "wall_s": round(wall, 2),
        "cpu_s": round(used, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 80_000])
    args = parser.parse_args()
    results = []
    for rows in args.rows:
        for maker, suffix in ((xlsx, "xlsx"), (text, "csv")):
            result = _time(maker(rows), f"tc27-{rows}.{suffix}")
            results.append(result)
            print(json.dumps(result))
    (HERE / "bench_read.json").write_text(
        json.dumps(
            {"machine": platform.platform(), "python": platform.python_version(), "results": results},
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
