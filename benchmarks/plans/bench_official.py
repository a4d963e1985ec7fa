"""Time reading a 10,000-row Renstra T-C.27 workbook against the same rows in the Selaras template.

Run: `.venv/bin/python benchmarks/plans/bench_official.py [--rows 10000] [--sheets 10] [--repeat 1]`. Prints a
table and writes `bench_official.json` next to this script.

The T-C.27 workbook is typed as offices type it (openpyxl directly, not Selaras' writers): one sheet per Kaltim
regency/city titled "DINAS KOMUNIKASI DAN INFORMATIKA <REGENCY>", a three-row merged header (Target Kinerja
Program dan Kerangka Pendanaan / Tahun 2025 / Target, Rp), a "(1) (2) ..." row, Tujuan/Sasaran merged down,
every second program with two indicator rows under a merged code, Rp as text ("Rp 1.500.000.000"), targets
typed with "%" in one row of three, village names in Lokasi on one row of five, and a JUMLAH row per sheet.
The reference is the same rows (same ids, values and village codes) in the template layout, read by the same
entry point `read_plans`; the ratio official/template is what to compare across machines.
"""

from __future__ import annotations

import argparse
import io
import json
import random
from decimal import Decimal
from pathlib import Path

from bench_workbook import _time, machine  # the same folder: run as a script, as the docstring says
from openpyxl import Workbook

from selaras.core.plans.reading import read_plans
from selaras.core.plans.rows import Aggregation, PlanRow, Polarity
from selaras.core.plans.template import write_plan_template
from selaras.core.regions_data import Level, iter_official_regions

YEARS = (2025, 2026, 2027, 2028, 2029)
PROGRAMS = ("2.16.02", "2.16.03", "2.20.02", "2.21.02")


def _rupiah(amount: int) -> str:
    return f"Rp {amount:,}".replace(",", ".")


def _regencies() -> list[tuple[str, str, list[str]]]:
    """(code, name, village names unique in the regency) for the ten Kaltim regencies and cities."""
    regions = list(iter_official_regions(province="64"))
    villages: dict[str, list[str]] = {}
    for region in regions:
        if region.level == Level.VILLAGE:
            villages.setdefault(region.code[:5], []).append(region.name)
    result = []
    for region in regions:
        if region.level == Level.REGENCY:
            names = villages.get(region.code, [])
            unique = [n for n in names if names.count(n) == 1]
            result.append((region.code, region.name, unique))
    return result


def _sheet_rows(count: int, regency: str, rng: random.Random) -> list[dict[str, object]]:
    """`count` indicator rows of one regency: program, kegiatan, sub kegiatan in turn, with their codes."""
    rows: list[dict[str, object]] = []
    pagu_by_kode: dict[str, list[int]] = {}  # Rp belongs to the program/activity: one value per code
    index = 0
    while len(rows) < count:
        program = PROGRAMS[index // 600 % len(PROGRAMS)]
        level = index % 3
        kegiatan = f"{program}.2.{index // 3 % 99 + 1:02d}"
        kode = [program, kegiatan, f"{kegiatan}.{index % 9999 + 1:04d}"][level]
        pagu = pagu_by_kode.setdefault(kode, [rng.randrange(100, 5000) * 1_000_000 for _ in YEARS])
        indicators = 2 if level == 0 and index % 2 == 0 else 1
        for second in range(indicators):
            if len(rows) == count:
                break
            percent = rng.random() < 1 / 3
            base = rng.randrange(10, 60)
            targets = [base + 5 * (i + 1) for i in range(len(YEARS))]
            rows.append(
                {
                    "kode": kode,
                    "first": second == 0,
                    "uraian": f"Uraian {kode} {regency}",
                    "indikator": f"{'Persentase' if percent else 'Jumlah'} layanan digital {index}-{second}",
                    "percent": percent,
                    "baseline": base,
                    "targets": targets,
                    "pagu": pagu,
                }
            )
        index += 1
    return rows


def _workbooks(total: int, sheets: int, rng: random.Random) -> tuple[bytes, bytes, int]:
    """The T-C.27 workbook, the template workbook of the same rows, and how many village names were typed."""
    regencies = _regencies()[:sheets]
    per_sheet = total // len(regencies)
    official = Workbook()
    official.remove(official.active)  # type: ignore[arg-type]
    plan_rows: list[PlanRow] = []
    village_names = 0
    codes_by_name = {
        (r.code[:5], r.name): r.code for r in iter_official_regions(province="64") if r.level == Level.VILLAGE
    }
    for code, name, villages in regencies:
        sheet = official.create_sheet(name.replace("Kabupaten ", "")[:31])
        sheet["A1"] = "RENCANA PROGRAM, KEGIATAN DAN PENDANAAN (T-C.27)"
        sheet["A2"] = f"DINAS KOMUNIKASI DAN INFORMATIKA {name.upper()}"
        top = [
            "Tujuan",
            "Sasaran",
            "Kode",
            "Program/Kegiatan/Sub Kegiatan",
            "Indikator Kinerja",
            "Capaian Kinerja Tahun 2024",
        ]
        for column, label in enumerate(top, start=1):
            sheet.cell(row=4, column=column, value=label)
            sheet.merge_cells(start_row=4, start_column=column, end_row=6, end_column=column)
        first_year = len(top) + 1
        sheet.cell(row=4, column=first_year, value="Target Kinerja Program dan Kerangka Pendanaan")
        for i, year in enumerate(YEARS):
            column = first_year + 2 * i
            sheet.cell(row=5, column=column, value=f"Tahun {year}")
            sheet.merge_cells(start_row=5, start_column=column, end_row=5, end_column=column + 1)
            sheet.cell(row=6, column=column, value="Target")
            sheet.cell(row=6, column=column + 1, value="Rp")
        last = first_year + 2 * len(YEARS) - 1
        sheet.merge_cells(start_row=4, start_column=first_year, end_row=4, end_column=last)
        for offset, label in enumerate(("Unit Kerja Penanggung Jawab", "Lokasi"), start=1):
            sheet.cell(row=4, column=last + offset, value=label)
            sheet.merge_cells(start_row=4, start_column=last + offset, end_row=6, end_column=last + offset)
        for column in range(1, last + 3):
            sheet.cell(row=7, column=column, value=f"({column})")
        rows = _sheet_rows(per_sheet, name, rng)
        number = 8
        goal_start = number
        for offset, row in enumerate(rows):
            lokasi: tuple[str, ...] = ()
            lokasi_text = None
            if offset % 5 == 4 and len(villages) >= 2:
                picked = rng.sample(villages, 2)
                lokasi = tuple(codes_by_name[(code, v)] for v in picked)
                lokasi_text = "; ".join(f"Desa {v}" for v in picked)
                village_names += 2
            targets = row["targets"]
            assert isinstance(targets, list)
            pagu = row["pagu"]
            assert isinstance(pagu, list)
            values: list[object] = [
                "Meningkatnya layanan pemerintahan digital" if number == goal_start else None,
                "Meningkatnya konektivitas desa" if number == goal_start else None,
                row["kode"] if row["first"] else None,
                row["uraian"] if row["first"] else None,
                row["indikator"],
                f"{row['baseline']}%" if row["percent"] else f"{row['baseline']} layanan",
            ]
            for target, amount in zip(targets, pagu, strict=True):
                shown = f"{target}%" if row["percent"] else f"{target} layanan"
                values += [shown, _rupiah(amount) if row["first"] else None]
            values += ["Dinas Komunikasi dan Informatika" if row["first"] else None, lokasi_text]
            for column, value in enumerate(values, start=1):
                if value is not None:
                    sheet.cell(row=number, column=column, value=value)
            if not row["first"]:  # the second indicator of a program: code, name and Rp merged down
                for column in (3, 4, *range(first_year + 1, last + 1, 2), last + 1):
                    sheet.merge_cells(
                        start_row=number - 1, start_column=column, end_row=number, end_column=column
                    )
            kode = str(row["kode"])
            plan_rows.append(
                PlanRow(
                    id=f"{sheet.title.replace(' ', '_')}-{number}",  # the template's ids allow no "!"
                    kode_wilayah=code,
                    kode=kode,
                    uraian=str(row["uraian"]),
                    indikator=str(row["indikator"]),
                    satuan="%" if row["percent"] else "layanan",
                    baseline=Decimal(int(row["baseline"])),  # type: ignore[call-overload]
                    targets_by_year={y: Decimal(t) for y, t in zip(YEARS, targets, strict=True)},
                    pagu_idr_by_year={y: Decimal(a) for y, a in zip(YEARS, pagu, strict=True)},
                    polaritas=Polarity.POSITIVE,
                    agregasi=Aggregation.NONE,
                    lokasi=lokasi,
                    tipe="outcome" if kode.count(".") <= 2 else "output",
                    penanggung_jawab="Dinas Komunikasi dan Informatika",
                )
            )
            number += 1
        sheet.merge_cells(start_row=goal_start, start_column=1, end_row=number - 1, end_column=1)
        sheet.merge_cells(start_row=goal_start, start_column=2, end_row=number - 1, end_column=2)
        sheet.cell(row=number, column=4, value="JUMLAH")
    buffer = io.BytesIO()
    official.save(buffer)
    template = write_plan_template(plan_rows, YEARS)
    return buffer.getvalue(), template, village_names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--sheets", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(2025)
    official, template, villages = _workbooks(args.rows, args.sheets, rng)
    official_s, read = _time(lambda: read_plans(official, filename="tc27.xlsx"), args.repeat)
    template_s, reference = _time(lambda: read_plans(template, filename="templat.xlsx"), args.repeat)
    fields = (
        "kode_wilayah",
        "kode",
        "uraian",
        "indikator",
        "satuan",
        "baseline",
        "targets_by_year",
        "pagu_idr_by_year",
        "lokasi",
        "tipe",
    )
    same = [tuple(getattr(r, f) for f in fields) for r in read.rows] == [
        tuple(getattr(r, f) for f in fields) for r in reference.rows
    ]
    measures = {
        "rows": args.rows,
        "sheets": args.sheets,
        "village_names_typed": villages,
        "official_file_kib": round(len(official) / 1024, 1),
        "template_file_kib": round(len(template) / 1024, 1),
        "read_official_wall_cpu_s": official_s,
        "read_template_wall_cpu_s": template_s,
        "ratio_official_template_cpu": round(official_s[1] / template_s[1], 2) if template_s[1] else None,
        "official_rows_read": len(read.rows),
        "official_errors": len(read.errors),
        "official_warnings": len(read.warnings),
        "template_rows_read": len(reference.rows),
        "template_errors": len(reference.errors),
        "same_rows_as_template": same,
    }
    print(f"{'measure':<32}{'value':>20}")
    for key, value in measures.items():
        print(f"{key:<32}{value!s:>20}")
    for error in [*read.errors[:3], *reference.errors[:3]]:
        print("  error:", error.render("en"))
    kinds: dict[str, int] = {}
    for warning in read.warnings:
        kinds[warning.text.msg.en[:50]] = kinds.get(warning.text.msg.en[:50], 0) + 1
    for kind, count in sorted(kinds.items(), key=lambda item: -item[1]):
        print(f"  warnings {count:>6}: {kind}...")
    output = {
        "machine": machine(),
        "repeat": args.repeat,
        **measures,
    }
    path = Path(__file__).with_name("bench_official.json")
    path.write_text(json.dumps(output, indent=2) + "\n", encoding="utf-8")
    print(f"written {path}")


if __name__ == "__main__":
    main()
