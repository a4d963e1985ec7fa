"""Building small plan rows in code."""

from __future__ import annotations

from decimal import Decimal

from selaras.core.plans.rows import Aggregation, PlanRow, Polarity


def row(
    id: str,
    region: str,
    *,
    kode: str = "2.16.03",
    uraian: str = "Program Aplikasi Informatika",
    indikator: str = "Persentase desa yang terlayani akses internet",
    satuan: str = "%",
    polaritas: Polarity = Polarity.POSITIVE,
    agregasi: Aggregation = Aggregation.NONE,
    baseline: str | None = None,
    targets: dict[int, str] | None = None,
    lokasi: tuple[str, ...] = (),
    mendukung: str | None = None,
) -> PlanRow:
    return PlanRow(
        id=id,
        kode_wilayah=region,
        kode=kode,
        uraian=uraian,
        indikator=indikator,
        satuan=satuan,
        polaritas=polaritas,
        agregasi=agregasi,
        baseline=Decimal(baseline) if baseline is not None else None,
        targets_by_year={year: Decimal(v) for year, v in (targets or {}).items()},
        lokasi=lokasi,
        mendukung=mendukung,
    )
