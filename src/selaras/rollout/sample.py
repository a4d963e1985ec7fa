"""The labelled sample scenario `selaras start` loads: Kaltim's unconnected desa over 2026-2030, sample budgets,
the sample village-internet agreement (Kaltim-Paser) for Paser's shares, SAMPLE school and health post counts
for every desa (made up, seeded) and, without an imported fiber layer, SAMPLE fiber nodes at the regency and
district capitals; solved at start (a few seconds)."""

from __future__ import annotations

import random

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from selaras.agreements.models import Agreement, Kind
from selaras.regions.models import Level, Region, VillageKind
from selaras.rollout import services
from selaras.rollout.models import Scenario, VillageFacilities

SAMPLE_TITLE = "[CONTOH] Internet desa Kaltim 2026-2030"
SAMPLE_TIME_LIMIT_S = 3.0
SAMPLE_FACILITIES_SOURCE = "CONTOH: jumlah sekolah dan faskes karangan (bukan data resmi)"


def ensure_sample_facilities(province: str = "64") -> int:
    """SAMPLE counts for every desa of the province that has none: 0-3 schools, 0-1 health posts, seeded."""
    have = set(
        VillageFacilities.objects.filter(village__code__startswith=province + ".").values_list(
            "village_id", flat=True
        )
    )
    desa = (
        Region.objects.within(province)
        .active()
        .filter(level=Level.VILLAGE, village_kind=VillageKind.DESA)
        .exclude(code__in=have)
        .order_by("code")
    )
    rng = random.Random(7)  # noqa: S311 - made-up sample figures, not security
    rows = [
        VillageFacilities(
            village=village,
            schools=rng.choice((0, 1, 1, 2, 2, 3)),
            health_posts=rng.choice((0, 0, 1)),
            source=SAMPLE_FACILITIES_SOURCE,
            is_sample=True,
        )
        for village in desa
    ]
    bulk_create_with_history(rows, VillageFacilities, batch_size=500, default_change_reason="sample")
    return len(rows)


def ensure_sample() -> str:
    if Scenario.objects.filter(is_sample=True).exists():
        return ""
    province = Region.objects.filter(code="64").first()
    if province is None:
        return ""
    with transaction.atomic():
        ensure_sample_facilities(province.code)
        scenario = services.scenario_create(
            actor=None,
            region=province,
            title=SAMPLE_TITLE,
            first_year=2026,
            year_count=5,
            province_budget_idr=6_000_000_000,
            regency_budget_idr=500_000_000,
            province_share=0.5,
            agreement=Agreement.objects.filter(is_sample=True, kind=Kind.VILLAGE_INTERNET).first(),
            is_sample=True,
        )
        scenario.time_limit_s = SAMPLE_TIME_LIMIT_S
        scenario.save()
    try:
        summary = services.scenario_solve(scenario=scenario)
    except services.RolloutServiceError:
        return f"rollout: sample scenario {scenario.pk} (CONTOH), not solved: no unconnected desa"
    return f"rollout: sample scenario {scenario.pk} (CONTOH) solved, {summary['assignments']} desa planned"
