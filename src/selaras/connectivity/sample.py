"""The labelled sample scenario `selaras start` loads: Kaltim's free village internet as reported up to the end
of 2025 (see docs DOMAIN.md).

Reported figures (news): connected desa per regency in August 2025 (441 of 841) and November 2025 (672 of 841),
and 802 of 841 desa live at the end of 2025. The end-2025 split per regency is not reported: the sample assumes the
39 desa left lie mostly where the province put its 2026 new sites first (Kutai Barat, Mahakam Ulu, Paser, Berau,
Kutai Timur) and 2 in Kutai Kartanegara (`LEFT_END_2025`). The villages' histories follow those milestones, so the progress page counts 441 in
August, 672 in November and 802 at the end of the year. WHICH villages they are, their technologies, providers,
dates and signal are sample data, drawn with a fixed seed; every record is marked `is_sample` and shown with a
SAMPLE badge. The 39 desa left have a planned access point of the 2026 programme (no fiber reaches them); the
2026 rollout scenario decides when and how they connect.

The province's progress is linked to its RPJMD indicator "Desa dengan akses internet gratis" (row KTM-K0302-I1
of the sample plans: 716 for 2025, all 841 after), so the target line is the plan's.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from selaras.connectivity.models import (
    AccessPoint,
    APStatus,
    Facility,
    Power,
    ProgressTarget,
    Signal,
    SignalObservation,
    StatusChange,
    Technology,
)
from selaras.regions.models import Level, Region

REPORTED_AUG_2025 = {
    "64.03": 58,  # Berau
    "64.07": 64,  # Kutai Barat
    "64.02": 117,  # Kutai Kartanegara
    "64.08": 85,  # Kutai Timur
    "64.11": 4,  # Mahakam Ulu
    "64.01": 90,  # Paser
    "64.09": 23,  # Penajam Paser Utara
}
REPORTED_NOV_2025 = {
    "64.03": 96,
    "64.07": 102,
    "64.02": 187,
    "64.08": 135,
    "64.11": 20,
    "64.01": 103,
    "64.09": 29,
}
REPORTED_END_2025 = 802  # of 841 desa (news, Jan 2026)
# ASSUMED: where the 39 desa not live at the end of 2025 lie (not reported per regency).
LEFT_END_2025 = {"64.07": 19, "64.01": 9, "64.11": 7, "64.02": 2, "64.03": 1, "64.08": 1}
AUG_2025 = date(2025, 8, 29)
NOV_2025 = date(2025, 11, 18)
END_2025 = date(2025, 12, 31)
TARGET_INDICATOR = "KTM-K0302-I1"  # the sample RPJMD's "Desa dengan akses internet gratis" (selaras.planning)
PROGRAMME = "Internet Desa Gratis 2025 (Pemprov Kaltim) [CONTOH]"
PROGRAMME_2026 = "Internet Desa Gratis 2026 (Pemprov Kaltim) [CONTOH]"
SOURCE = "Skenario contoh (jumlah per kabupaten: laporan Agustus dan November 2025, 802 desa akhir 2025)"
SEED = 2025
# The programme's providers and desa served in November 2025 (news) with their technology; the sample draws
# each live desa's provider with these weights.
PROVIDERS = (
    ("Telkom WMS [CONTOH]", Technology.FIBER, 147),
    ("Telkomsel IndiHome [CONTOH]", Technology.FIBER, 152),
    ("Telkomsel Orbit [CONTOH]", Technology.FWA_4G, 131),
    ("Comtelindo WMS [CONTOH]", Technology.FIBER, 84),
    ("Telkomsat Starlink [CONTOH]", Technology.LEO, 78),
    ("Icon+ [CONTOH]", Technology.FIBER, 48),
    ("Bestcamp Starlink [CONTOH]", Technology.LEO, 32),
)
BANDWIDTH_MBPS = 100.0  # the programme's service: up to 100 Mbps


def _provider(rng: random.Random) -> tuple[str, str]:
    pick = rng.randrange(sum(weight for *_x, weight in PROVIDERS))
    for name, technology, weight in PROVIDERS:
        if pick < weight:
            return name, technology
        pick -= weight
    return PROVIDERS[-1][0], PROVIDERS[-1][1]


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _went_live(rng: random.Random, regency: str, rank: int) -> date:
    """The day a desa went live: the first `REPORTED_AUG_2025` of its regency by August, the next ones by
    November, the rest by the end of the year."""
    if rank < REPORTED_AUG_2025.get(regency, 0):
        return _day(rng, date(2025, 2, 3), AUG_2025)
    if rank < REPORTED_NOV_2025.get(regency, 0):
        return _day(rng, date(2025, 9, 1), NOV_2025)
    return _day(rng, NOV_2025 + timedelta(days=1), END_2025)


@transaction.atomic
def ensure_sample() -> str:
    """Load the sample scenario once; returns a one-line description, or "" when it is already there."""
    if AccessPoint.objects.filter(is_sample=True).exists():
        return ""
    villages = Region.objects.within("64").active().filter(level=Level.VILLAGE, village_kind="desa")
    by_regency: dict[str, list[str]] = {}
    for code in villages.order_by("code").values_list("code", flat=True):
        by_regency.setdefault(code[:5], []).append(code)
    if not by_regency:
        return ""
    rng = random.Random(SEED)  # noqa: S311 -- a repeatable sample, not a secret
    points: list[AccessPoint] = []
    history: list[list[tuple[str, date]]] = []
    signals: list[SignalObservation] = []
    for regency, codes in sorted(by_regency.items()):
        order = rng.sample(codes, len(codes))  # who went live first; the last LEFT_END_2025 are still waiting
        live = order[: max(0, len(codes) - LEFT_END_2025.get(regency, 0))]
        for rank, code in enumerate(live):
            provider, technology = _provider(rng)
            went_live = _went_live(rng, regency, rank)
            planned = _day(rng, date(2025, 1, 6), min(went_live - timedelta(days=14), date(2025, 2, 28)))
            installing = _day(rng, planned + timedelta(days=3), went_live - timedelta(days=3))
            steps = [
                (APStatus.PLANNED, planned),
                (APStatus.INSTALLING, installing),
                (APStatus.LIVE, went_live),
            ]
            points.append(
                AccessPoint(
                    region_id=code,
                    facility=Facility.VILLAGE_OFFICE,
                    technology=technology,
                    provider=provider,
                    bandwidth_mbps=BANDWIDTH_MBPS,
                    power=Power.SOLAR if technology == Technology.LEO else Power.GRID,
                    programme=PROGRAMME,
                    status=APStatus.LIVE,
                    status_since=went_live,
                    is_sample=True,
                )
            )
            history.append(steps)
        live_set = set(live)
        for code in codes:
            waiting = code not in live_set
            if waiting:  # planned in the 2026 programme, with no technology decided beyond "no fiber"
                planned = _day(rng, date(2026, 1, 5), date(2026, 2, 27))
                points.append(
                    AccessPoint(
                        region_id=code,
                        facility=Facility.VILLAGE_OFFICE,
                        technology=Technology.LEO,
                        provider="",
                        programme=PROGRAMME_2026,
                        status=APStatus.PLANNED,
                        status_since=planned,
                        is_sample=True,
                    )
                )
                history.append([(APStatus.PLANNED, planned)])
            signal = (
                Signal.NONE
                if waiting or rng.random() < 0.15
                else rng.choice([Signal.G4, Signal.G4, Signal.G3])
            )
            signals.append(
                SignalObservation(
                    region_id=code,
                    signal=signal,
                    observed_on=_day(rng, date(2024, 10, 1), date(2024, 12, 20)),
                    source=SOURCE,
                    is_sample=True,
                )
            )
    reason = "sample scenario"
    created = bulk_create_with_history(points, AccessPoint, default_change_reason=reason)
    if any(p.pk is None for p in created):  # databases that do not return keys from a bulk insert
        created = list(AccessPoint.objects.filter(is_sample=True).order_by("pk"))
    changes = [
        StatusChange(access_point=p, region_id=p.region_id, status=s, effective_on=d, is_sample=True)
        for p, steps in zip(created, history, strict=True)
        for s, d in steps
    ]
    bulk_create_with_history(changes, StatusChange, default_change_reason=reason)
    bulk_create_with_history(signals, SignalObservation, default_change_reason=reason)
    if (
        Region.objects.filter(code="64").exists()
        and not ProgressTarget.objects.filter(region_id="64").exists()
    ):
        target = ProgressTarget(region_id="64", indicator_key=TARGET_INDICATOR, is_sample=True)
        target._change_reason = reason  # type: ignore[attr-defined]
        target.save()
    return (
        f"village connectivity: {sum(1 for p in points if p.status == APStatus.LIVE)} of "
        f"{sum(len(c) for c in by_regency.values())} desa live at the end "
        "of 2025 (reported counts for Aug, Nov and end 2025; which villages is SAMPLE)"
    )
