"""A labelled SAMPLE scenario for `selaras start`: national (RPJMN) targets, Kaltim's RPJMD and two
regencies' (Paser submitted, Kutai Kartanegara a draft), cascaded with `mendukung`. Every plan is flagged
`is_sample` and shown with a SAMPLE/CONTOH badge; the figures are illustrative, not official."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from selaras.core.plans.rows import Aggregation, PlanRow, Polarity
from selaras.planning import services
from selaras.planning.models import Plan, PlanKind, PlanStatus
from selaras.regions.models import NATIONAL_CODE, Region

YEARS = (2025, 2026, 2027, 2028, 2029)


def _row(
    key: str,
    region: str,
    kode: str,
    uraian: str,
    indikator: str,
    satuan: str,
    baseline: str,
    targets: tuple[str, ...],
    pagu_millions: tuple[int, ...] = (),
    *,
    agregasi: Aggregation = Aggregation.NONE,
    mendukung: str | None = None,
    lokasi: tuple[str, ...] = (),
    tipe: str = "outcome",
) -> PlanRow:
    return PlanRow(
        id=key,
        kode_wilayah=region,
        kode=kode,
        uraian=uraian,
        indikator=indikator,
        satuan=satuan,
        polaritas=Polarity.POSITIVE,
        agregasi=agregasi,
        baseline=Decimal(baseline),
        targets_by_year={y: Decimal(t) for y, t in zip(YEARS, targets, strict=True)},
        pagu_idr_by_year={y: Decimal(p) * 1_000_000 for y, p in zip(YEARS, pagu_millions, strict=False)},
        lokasi=lokasi,
        mendukung=mendukung,
        tipe=tipe,
    )


def _national() -> list[PlanRow]:
    return [
        _row(
            "RPJMN-SPBE",
            "00",
            "2.16",
            "Komunikasi dan Informatika",
            "Indeks SPBE nasional",
            "indeks",
            "2.79",
            ("3.0", "3.2", "3.4", "3.6", "3.8"),
        ),
        _row(
            "RPJMN-DESA4G",
            "00",
            "2.16",
            "Komunikasi dan Informatika",
            "Desa dengan sinyal 4G",
            "%",
            "90",
            ("92", "94", "96", "98", "100"),
        ),
    ]


def _kaltim() -> list[PlanRow]:
    return [
        _row(
            "KTM-P03-I1",
            "64",
            "2.16.03",
            "PROGRAM APLIKASI INFORMATIKA",
            "Indeks SPBE Provinsi",
            "indeks",
            "3.1",
            ("3.3", "3.5", "3.7", "3.9", "4.1"),
            (9000, 9500, 10000, 10500, 11000),
            agregasi=Aggregation.MEAN,
            mendukung="RPJMN-SPBE",
        ),
        _row(
            "KTM-P03-I2",
            "64",
            "2.16.03",
            "PROGRAM APLIKASI INFORMATIKA",
            "Desa terhubung internet",
            "%",
            "52",
            ("70", "100", "100", "100", "100"),
            (9000, 9500, 10000, 10500, 11000),
            agregasi=Aggregation.MEAN_BY_DESA,
            mendukung="RPJMN-DESA4G",
        ),
        _row(
            "KTM-K0302-I1",
            "64",
            "2.16.03.1.02",
            "Pengelolaan e-Government di Lingkup Pemerintah Daerah Provinsi",
            "Desa dengan akses internet gratis",
            "desa",
            "441",
            ("716", "841", "841", "841", "841"),
            (12000, 14100, 14100, 14100, 14100),
            agregasi=Aggregation.SUM,
            mendukung="KTM-P03-I2",
            tipe="output",
        ),
        _row(
            "KTM-P02-I1",
            "64",
            "2.20.02",
            "PROGRAM PENYELENGGARAAN STATISTIK SEKTORAL",
            "Indeks Pembangunan Statistik",
            "indeks",
            "2.4",
            ("2.6", "2.8", "3.0", "3.2", "3.4"),
            (1500, 1600, 1700, 1800, 1900),
            agregasi=Aggregation.MEAN,
        ),
    ]


def _paser() -> list[PlanRow]:
    villages = ("64.01.01.2009", "64.01.01.2010", "64.01.01.2011")
    return [
        _row(
            "PSR-P03-I1",
            "64.01",
            "2.16.03",
            "PROGRAM APLIKASI INFORMATIKA",
            "Indeks SPBE Kabupaten",
            "indeks",
            "2.6",
            ("2.8", "3.0", "3.2", "3.4", "3.6"),
            (2500, 2600, 2700, 2800, 2900),
            agregasi=Aggregation.MEAN,
            mendukung="KTM-P03-I1",
        ),
        _row(
            "PSR-K0302-I1",
            "64.01",
            "2.16.03.2.02",
            "Pengelolaan e-government Di Lingkup Pemerintah Daerah Kabupaten/Kota",
            "Perangkat daerah terhubung jaringan intra",
            "%",
            "60",
            ("70", "80", "90", "100", "100"),
            (1200, 1250, 1300, 1350, 1400),
            agregasi=Aggregation.MEAN,
            mendukung="PSR-P03-I1",
            tipe="output",
        ),
        _row(
            "PSR-S0024-I1",
            "64.01",
            "2.16.03.2.02.0024",
            "Penyelenggaraan Jaringan Intra Pemerintah Daerah Kab/Kota",
            "Desa terhubung jaringan",
            "desa",
            "90",
            ("110", "139", "139", "139", "139"),
            (800, 850, 900, 950, 1000),
            agregasi=Aggregation.SUM,
            mendukung="KTM-K0302-I1",
            lokasi=villages,
            tipe="output",
        ),
    ]


def _kukar() -> list[PlanRow]:
    return [
        _row(
            "KKR-P03-I1",
            "64.02",
            "2.16.03",
            "PROGRAM APLIKASI INFORMATIKA",
            "Indeks SPBE Kabupaten",
            "indeks",
            "2.9",
            ("3.1", "3.3", "3.5", "3.7", "3.9"),
            (4000, 4200, 4400, 4600, 4800),
            agregasi=Aggregation.MEAN,
            mendukung="KTM-P03-I1",
        ),
        _row(
            "KKR-P0202-I1",
            "64.02",
            "2.20.02",
            "PROGRAM PENYELENGGARAAN STATISTIK SEKTORAL",
            "Dataset sektoral terbit di portal Satu Data",
            "dataset",
            "120",
            ("150", "180", "210", "240", "270"),
            (600, 650, 700, 750, 800),
            agregasi=Aggregation.SUM,
            mendukung="KTM-P02-I1",
        ),
    ]


# Realization of the first year, illustrative (802 desa live at the end of 2025 is the news figure).
REALIZATION_2025 = {
    "KTM-P03-I1": "3.25",
    "KTM-K0302-I1": "802",
    "PSR-P03-I1": "2.7",
    "PSR-S0024-I1": "90",
    "KKR-P03-I1": "3.0",
}

SCENARIO = (
    (
        NATIONAL_CODE,
        PlanKind.RPJMN,
        "Kementerian Komunikasi dan Digital (CONTOH)",
        _national,
        PlanStatus.APPROVED,
    ),
    ("64", PlanKind.RPJMD, "Diskominfo Provinsi Kalimantan Timur", _kaltim, PlanStatus.APPROVED),
    ("64.01", PlanKind.RPJMD, "Diskominfo Kabupaten Paser", _paser, PlanStatus.SUBMITTED),
    ("64.02", PlanKind.RPJMD, "Diskominfo Kabupaten Kutai Kartanegara", _kukar, PlanStatus.DRAFT),
)


def ensure_sample() -> str:
    """Load the sample plans when none is there; returns a one-line description, or "" when already loaded."""
    if Plan.objects.filter(is_sample=True).exists():
        return ""
    codes = [code for code, *_ in SCENARIO]
    if Region.objects.filter(code__in=codes).count() < len(codes):
        return ""  # the regions of Kaltim are not loaded (another province installed)
    with transaction.atomic():
        for code, kind, unit, rows, status in SCENARIO:
            plan = services.plan_create(
                user=services.SYSTEM,
                region_code=code,
                kind=kind,
                start_year=YEARS[0],
                end_year=YEARS[-1],
                unit_name=unit,
                is_sample=True,
            )
            services.plan_import_rows(plan=plan, user=services.SYSTEM, rows=rows(), reason="sample data")
            for key, value in REALIZATION_2025.items():
                indicator = plan.indicators.filter(key=key).first()
                if indicator is not None:
                    services.indicator_set_realization(
                        indicator=indicator, user=services.SYSTEM, year=2025, value=Decimal(value)
                    )
            if status != PlanStatus.DRAFT:
                services.plan_submit(plan=plan, user=services.SYSTEM)
            if status == PlanStatus.APPROVED:
                services.plan_approve(plan=plan, user=services.SYSTEM)
    return "plans (SAMPLE): RPJMN targets, RPJMD of Kaltim (approved), Paser (submitted), Kutai Kartanegara (draft)"
