"""The plain row every plan analysis works on: one indicator of one program, kegiatan or sub kegiatan.

This mirrors the plans template (sheet `Program`): `id, kode_wilayah, kode, uraian, indikator, satuan,
polaritas, agregasi, baseline, target_<year>..., pagu_<year>..., lokasi, mendukung`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Polarity(StrEnum):
    POSITIVE = "positif"  # higher is better
    NEGATIVE = "negatif"  # lower is better


class Aggregation(StrEnum):
    SUM = "jumlah"
    MEAN_BY_DESA = "rata_bobot_desa"
    MEAN_BY_POPULATION = "rata_bobot_penduduk"
    MEAN = "rata"
    NONE = "tidak"


NATIONAL_REGION_CODE = "00"


@dataclass(frozen=True)
class PlanRow:
    """One indicator row of a plan.

    `id` is the row's stable key chosen by its region; `mendukung` is the `id` of the row it supports.
    `kode_wilayah` is `00` (national, RPJMN), a province code (`64`) or a regency/city code (`64.01`).
    `targets_by_year` and `pagu_idr_by_year` hold only the years the row fills.
    `sheet_row` is the 1-based worksheet row it came from, for error messages (0 when not from a sheet).
    """

    id: str
    kode_wilayah: str
    kode: str
    uraian: str
    indikator: str
    satuan: str = ""
    polaritas: Polarity = Polarity.POSITIVE
    agregasi: Aggregation = Aggregation.NONE
    baseline: Decimal | None = None
    targets_by_year: dict[int, Decimal] = field(default_factory=dict)
    pagu_idr_by_year: dict[int, Decimal] = field(default_factory=dict)
    lokasi: tuple[str, ...] = ()
    mendukung: str | None = None
    tipe: str = "outcome"  # outcome or output
    penanggung_jawab: str = ""  # responsible unit (perangkat daerah / unit kerja)
    sheet_row: int = 0

    @property
    def is_national(self) -> bool:
        return self.kode_wilayah == NATIONAL_REGION_CODE

    @property
    def is_province(self) -> bool:
        return "." not in self.kode_wilayah and not self.is_national

    @property
    def is_regency(self) -> bool:
        return self.kode_wilayah.count(".") == 1
