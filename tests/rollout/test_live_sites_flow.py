"""Issue 15, the province's decision in 2026: the "2026 budget" sample scenario (Rp 13 billion a year, every live
site kept running) shows which of the 802 live sites run at which tier each year, which remaining desa connect
when and with what power, what the budget cannot afford, what Rp 1 billion more would buy, and today's rule (every
site cut to 50 Mbps) beside it; adopting it writes the tiers into the connectivity records and the obligations
into the agreement."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from selaras.agreements import services as agreement_services
from selaras.agreements.models import Obligation
from selaras.connectivity.models import AccessPoint, APStatus, SiteTier
from selaras.connectivity.sample import ensure_sample as connectivity_sample
from selaras.regions.models import Region
from selaras.rollout import sample
from selaras.rollout.live_results import live_summary
from selaras.rollout.models import Scenario, VillagePower
from tests.conftest import client_for


@pytest.fixture
def scenario_2026(db: Any, monkeypatch: Any) -> Scenario:
    monkeypatch.setattr(sample, "SAMPLE_TIME_LIMIT_S", 5.0)
    connectivity_sample()
    assert "802 live sites" in sample.ensure_sample_2026(Region.objects.get(code="64"))
    return Scenario.objects.get(title=sample.BUDGET_2026_TITLE)


def test_the_2026_scenario_keeps_every_live_site_running_within_rp_13_billion(
    scenario_2026: Scenario,
) -> None:
    result = scenario_2026.result
    assert scenario_2026.is_sample and scenario_2026.title.startswith("[CONTOH]")
    assert len(result["live_sites"]) == 802 and len(scenario_2026.villages) == 39
    tiers = result["live_site_tiers"]
    assert len(tiers) == 802 * 4 and all(t["tier"] is not None for t in tiers)  # the province's promise
    for year in scenario_2026.years:
        assert result["spend"]["64"][str(year)] <= 13e9 * (1 + 1e-9)
    # 802 sites at 100 Mbps (Rp 18 bn a year) do not fit: the plan cuts some.
    assert {t["tier"] for t in tiers} != {"100mbps"}
    assert result["keep_live_sites_cost_idr"] > 0


def test_off_grid_desa_get_a_power_option_and_the_grid_flags_are_sample(scenario_2026: Scenario) -> None:
    off_grid = {code for code, v in scenario_2026.villages.items() if not v["grid_power"]}
    assert off_grid and VillagePower.objects.filter(grid_power=False, is_sample=True).exists()
    for a in scenario_2026.result["assignments"]:
        assert (a["power"] is not None) == (a["code"] in off_grid)
    assert scenario_2026.result["inputs"]["grid_sample"] is True


def test_the_page_shows_tiers_the_rule_the_marginal_value_and_what_is_not_affordable(
    scenario_2026: Scenario, province_viewer: Any
) -> None:
    page = client_for(province_viewer).get(f"/rollout/{scenario_2026.pk}/").content.decode()
    for testid in (
        "live-sites",
        "tiers-per-year",
        "rule-comparison",
        "rule-totals",
        "marginal-value",
        "unaffordable-count",
        "site-tiers",
        "assignments",
    ):
        assert f'data-testid="{testid}"' in page, testid
    assert "50 Mbps" in page and 'data-testid="sample-badge"' in page
    live = live_summary(scenario=scenario_2026)
    assert live is not None
    assert sum(row.sites[0] for row in live.by_tier if row.tier) == 802
    rule = scenario_2026.result["cut_rule"]
    assert rule["tier"] == "50mbps"
    assert {t["tier"] for t in rule["plan"]["live_site_tiers"]} == {"50mbps"}
    assert len(live.unaffordable) == 39 - len(scenario_2026.result["assignments"])
    api = client_for(province_viewer).get(f"/api/v1/rollout/scenarios/{scenario_2026.pk}/plan/").json()
    assert api["live_sites"]["rule_tier"] == "50mbps" and api["live_sites"]["keep_live_sites"] is True
    assert len(api["live_sites"]["live_site_tiers"]) == 802 * 4
    assert set(api["live_sites"]["marginal_value_idr"]) <= {"64", *(c for c in scenario_2026.budgets)}
    assert all("power" in a for a in api["assignments"])
    (catalogue,) = client_for(province_viewer).get("/api/v1/rollout/catalogue/").json()
    assert [t["id"] for t in catalogue["tiers"]] == ["100mbps", "50mbps", "20mbps"] and catalogue["defaults"]


def test_adopting_writes_tiers_into_connectivity_and_obligations_into_the_agreement(
    scenario_2026: Scenario, province_admin: Any
) -> None:
    agreement = agreement_services.agreement_village_internet_draft(
        actor=None, regency=Region.objects.get(code="64.07"), starts_on=date(2026, 1, 1), years=4
    )
    Scenario.objects.filter(pk=scenario_2026.pk).update(agreement=agreement)
    response = client_for(province_admin).post(f"/rollout/{scenario_2026.pk}/adopsi/", follow=True)
    assert response.status_code == 200
    scenario_2026.refresh_from_db()
    assert scenario_2026.adopted_at is not None
    assert SiteTier.objects.count() == 802 * 4
    some = SiteTier.objects.order_by("?").first()
    assert some is not None and some.history.count() == 1  # in the audit trail
    expected = next(
        t["tier"]
        for t in scenario_2026.result["live_site_tiers"]
        if t["code"] == some.region_id and t["year"] == some.year
    )
    tiers = {t["id"]: t for t in scenario_2026.result["inputs"]["tiers"]}
    assert (some.tier, some.bandwidth_mbps) == (expected, tiers[expected]["bandwidth_mbps"])
    new_points = AccessPoint.objects.filter(programme__startswith=f"Rollout #{scenario_2026.pk} ")
    assert new_points.count() == len(scenario_2026.result["assignments"])
    assert set(new_points.values_list("status", flat=True)) <= {APStatus.PLANNED}
    kutai_barat = {c for c in scenario_2026.result["live_sites"] if c.startswith("64.07.")}
    kept = [
        o
        for o in Obligation.objects.filter(agreement=agreement)
        if "live sites kept running" in o.title or "situs aktif" in o.title
    ]
    assert sorted(o.year for o in kept if o.region_id == "64") == [2026, 2027, 2028, 2029]
    for o in kept:
        assert set(o.village_codes) <= kutai_barat and o.cost_share_idr > 0
