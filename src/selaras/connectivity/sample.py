"""The labelled sample scenario `selaras start` loads: Kaltim's free village internet as reported in August 2025.

The number of connected desa per regency is the reported figure (news, Aug 2025; see docs DOMAIN.md): Berau
58/100, Kutai Barat 64/190, Kutai Kartanegara 117/193, Kutai Timur 85/139, Mahakam Ulu 4/50, Paser 90/139,
Penajam Paser Utara 23/30: 441 of 841. WHICH villages they are, their technologies, providers, dates and signal
are sample data, drawn with a fixed seed; every record is marked `is_sample` and shown with a SAMPLE badge.
The other desa get a planned access point (the 2025 budget covers all 841).
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
PROGRAMME = "Internet Desa Gratis 2025 (Pemprov Kaltim) [CONTOH]"
PROVIDER = "Penyedia contoh"
SOURCE = "Skenario contoh (jumlah per kabupaten: laporan Agustus 2025)"
SEED = 2025
BANDWIDTH_MBPS: dict[str, float] = {Technology.FIBER: 100.0, Technology.FWA_4G: 20.0}
# Technology order of the programme: fiber where it reaches, else 4G fixed wireless, else LEO with solar.
TECHNOLOGY_WEIGHTS = ((Technology.FIBER, 0.25), (Technology.FWA_4G, 0.5), (Technology.LEO, 0.25))


def _technology(rng: random.Random) -> str:
    pick, total = rng.random(), 0.0
    for technology, weight in TECHNOLOGY_WEIGHTS:
        total += weight
        if pick < total:
            return technology
    return Technology.LEO


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


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
    steps: list[tuple[str, date]]
    signals: list[SignalObservation] = []
    connected = 0
    for regency, codes in sorted(by_regency.items()):
        live = set(rng.sample(codes, min(REPORTED_AUG_2025.get(regency, 0), len(codes))))
        for code in codes:
            technology = _technology(rng)
            if code in live:
                planned = _day(rng, date(2025, 1, 6), date(2025, 2, 28))
                installing = _day(rng, planned + timedelta(days=7), date(2025, 5, 31))
                went_live = _day(rng, installing + timedelta(days=3), date(2025, 8, 29))
                steps = [
                    (APStatus.PLANNED, planned),
                    (APStatus.INSTALLING, installing),
                    (APStatus.LIVE, went_live),
                ]
                connected += 1
            else:
                technology = Technology.LEO if rng.random() < 0.5 else technology
                steps = [(APStatus.PLANNED, _day(rng, date(2025, 9, 1), date(2025, 10, 31)))]
            status, since = steps[-1]
            points.append(
                AccessPoint(
                    region_id=code,
                    facility=Facility.VILLAGE_OFFICE,
                    technology=technology,
                    provider=PROVIDER,
                    bandwidth_mbps=BANDWIDTH_MBPS.get(technology, 50.0),
                    power=Power.SOLAR if technology == Technology.LEO else Power.GRID,
                    programme=PROGRAMME,
                    status=status,
                    status_since=since,
                    is_sample=True,
                )
            )
            history.append(steps)
            signal = (
                Signal.NONE if technology == Technology.LEO else rng.choice([Signal.G4, Signal.G4, Signal.G3])
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
    return (
        f"village connectivity: {connected} of {len(points)} desa live by Aug 2025 (reported counts per regency; "
        "which villages is SAMPLE)"
    )
