"""The labelled sample scenarios `selaras start` loads, solved at start (a few seconds each):

- "2026 budget" (issue 15), from the real figures (DOMAIN.md): the province pays every site, Rp 13 billion a
  year (the revised 2026 budget) for 2026-2029 (it pays the subscriptions until 2029); the desa live in the
  connectivity records (802 at the end of 2025 in the sample; WHICH desa is sample) run at a service tier of
  the catalogue each year and none is switched off; the desa left connect with a technology and, where the
  SAMPLE grid flags say there is no electricity, a power option.
- First connections only (issue 7): Kaltim's unconnected desa over 2026-2030, sample budgets, the sample
  village-internet agreement (Kaltim-Paser) for Paser's shares.
Both use SAMPLE school and health post counts for every desa (made up, seeded) and, without an imported fiber
layer, SAMPLE fiber nodes at the regency and district capitals."""

from __future__ import annotations

import random

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from selaras.agreements.models import Agreement, Kind
from selaras.connectivity.models import AccessPoint, APStatus
from selaras.regions.models import Level, Region, VillageKind
from selaras.rollout import services
from selaras.rollout.models import Scenario, VillageFacilities, VillagePower

SAMPLE_TITLE = "[CONTOH] Internet desa Kaltim 2026-2030"
SAMPLE_TIME_LIMIT_S = 3.0
SAMPLE_FACILITIES_SOURCE = "CONTOH: jumlah sekolah dan faskes karangan (bukan data resmi)"
BUDGET_2026_TITLE = "[CONTOH] Anggaran 2026: Rp 13 miliar per tahun, semua situs tetap hidup"
BUDGET_2026_IDR = 13_000_000_000  # the revised 2026 budget (news, Feb 2026; DOMAIN.md)
SAMPLE_GRID_SOURCE = "CONTOH: listrik PLN karangan (bukan data resmi)"
SAMPLE_OFF_GRID_SHARE = 0.6  # "often no electricity" (DOMAIN.md): the share of unconnected desa without grid


def ensure_sample_grid(province: str = "64") -> int:
    """SAMPLE grid flags for the province's desa without a live access point and without a record: about
    60% without grid electricity, seeded."""
    live = set(
        AccessPoint.objects.filter(region__code__startswith=province + ".", status=APStatus.LIVE).values_list(
            "region_id", flat=True
        )
    )
    have = set(
        VillagePower.objects.filter(village__code__startswith=province + ".").values_list(
            "village_id", flat=True
        )
    )
    desa = (
        Region.objects.within(province)
        .active()
        .filter(level=Level.VILLAGE, village_kind=VillageKind.DESA)
        .exclude(code__in=have | live)
        .order_by("code")
    )
    rng = random.Random(41)  # noqa: S311 - made-up sample figures, not security
    rows = [
        VillagePower(
            village=village,
            grid_power=rng.random() >= SAMPLE_OFF_GRID_SHARE,
            source=SAMPLE_GRID_SOURCE,
            is_sample=True,
        )
        for village in desa
    ]
    bulk_create_with_history(rows, VillagePower, batch_size=500, default_change_reason="sample")
    return len(rows)


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
    province = Region.objects.filter(code="64").first()
    if province is None:
        return ""
    done = [ensure_sample_2026(province), ensure_sample_first_connections(province)]
    return "; ".join(d for d in done if d)


def _solved(scenario: Scenario) -> str:
    try:
        summary = services.scenario_solve(scenario=scenario)
    except services.RolloutServiceError:
        return (
            f"rollout: sample scenario {scenario.pk} (CONTOH), not solved: no unconnected desa or live site"
        )
    return (
        f"rollout: sample scenario {scenario.pk} (CONTOH) solved, {summary['assignments']} desa planned, "
        f"{summary['live_sites']} live sites"
    )


def ensure_sample_2026(province: Region) -> str:
    """The "2026 budget" sample: Rp 13 billion a year from the province, every live site kept running."""
    if Scenario.objects.filter(is_sample=True, title=BUDGET_2026_TITLE).exists():
        return ""
    with transaction.atomic():
        ensure_sample_facilities(province.code)
        ensure_sample_grid(province.code)
        scenario = services.scenario_create(
            actor=None,
            region=province,
            title=BUDGET_2026_TITLE,
            first_year=2026,
            year_count=4,
            province_budget_idr=BUDGET_2026_IDR,
            regency_budget_idr=0,
            province_share=1.0,
            is_sample=True,
            plan_live_sites=True,
            keep_live_sites=True,
        )
        scenario.time_limit_s = SAMPLE_TIME_LIMIT_S
        scenario.save()
    return _solved(scenario)


def ensure_sample_first_connections(province: Region) -> str:
    if Scenario.objects.filter(is_sample=True, title=SAMPLE_TITLE).exists():
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
            plan_live_sites=False,  # first connections only, as before issue 15
        )
        scenario.time_limit_s = SAMPLE_TIME_LIMIT_S
        scenario.save()
    return _solved(scenario)
