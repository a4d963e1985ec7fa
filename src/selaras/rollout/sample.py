"""The labelled sample scenario `selaras start` loads: Kaltim's unconnected desa over 2026-2030, sample budgets,
the sample village-internet agreement (Kaltim-Paser) for Paser's shares; solved at start (a few seconds)."""

from __future__ import annotations

from django.db import transaction

from selaras.agreements.models import Agreement, Kind
from selaras.regions.models import Region
from selaras.rollout import services
from selaras.rollout.models import Scenario

SAMPLE_TITLE = "[CONTOH] Internet desa Kaltim 2026-2030"
SAMPLE_TIME_LIMIT_S = 3.0


def ensure_sample() -> str:
    if Scenario.objects.filter(is_sample=True).exists():
        return ""
    province = Region.objects.filter(code="64").first()
    if province is None:
        return ""
    with transaction.atomic():
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
