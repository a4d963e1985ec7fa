"""Reading plan rows from the small CSV fixtures of these tests (the plans template's columns)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from selaras.core.plans.rows import Aggregation, PlanRow, Polarity

HERE = Path(__file__).resolve().parent


def load_rows(path: Path) -> list[PlanRow]:
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for number, record in enumerate(csv.DictReader(handle), start=2):
            years = {
                int(k.removeprefix("target_")): Decimal(v)
                for k, v in record.items()
                if k.startswith("target_") and v
            }
            rows.append(
                PlanRow(
                    id=record["id"],
                    kode_wilayah=record["kode_wilayah"],
                    kode=record["kode"],
                    uraian=record["uraian"],
                    indikator=record["indikator"],
                    satuan=record["satuan"],
                    polaritas=Polarity(record["polaritas"]),
                    agregasi=Aggregation(record["agregasi"]),
                    baseline=Decimal(record["baseline"]) if record["baseline"] else None,
                    targets_by_year=years,
                    lokasi=tuple(v for v in record["lokasi"].split(";") if v),
                    mendukung=record["mendukung"] or None,
                    sheet_row=number,
                )
            )
    return rows


def load_labels(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))
