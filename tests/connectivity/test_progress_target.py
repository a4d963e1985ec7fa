"""The target line of the progress page comes from the province's approved plan indicator for village internet
when one is linked (716 desa for 2025, all 841 after in the sample RPJMD), and the page says which it uses; without
a link, or for years the plan does not cover, it is the straight line, stated as the fallback."""

from datetime import date
from typing import Any

import pytest

from selaras.connectivity import services
from selaras.connectivity.models import ProgressTarget
from selaras.connectivity.sample import ensure_sample as connectivity_sample
from selaras.connectivity.selectors import plan_targets_for, progress_for_province
from selaras.planning.models import Indicator, Plan, PlanStatus
from selaras.planning.sample import ensure_sample as planning_sample
from selaras.regions.models import Region
from tests.conftest import client_for


@pytest.fixture
def samples(db: Any) -> None:
    planning_sample()
    connectivity_sample()


def _targets(today: date = date(2026, 3, 1)) -> dict[int, tuple[int | None, bool]]:
    total, _rows = progress_for_province(province=Region.objects.get(code="64"), today=today)
    return {y.year: (y.desa_target, y.target_from_plan) for y in total.years}


def test_the_linked_rpjmd_indicator_gives_the_target_of_each_year_it_covers(samples: None) -> None:
    targets = _targets()
    assert targets[2025] == (716, True)
    assert all(targets[year] == (841, True) for year in range(2026, 2030))
    assert targets[2030] == (841, False)  # beyond the plan: the straight line


def test_without_a_link_the_target_is_the_straight_line_from_the_end_2025_count(samples: None) -> None:
    ProgressTarget.objects.all().delete()
    targets = _targets()
    assert targets[2025] == (802, False)
    assert targets[2026] == (802 + 8, False)  # 39 desa over five years, rounded up
    assert targets[2030] == (841, False)


def test_a_draft_plan_never_gives_the_target(samples: None) -> None:
    Plan.objects.filter(region_id="64").update(status=PlanStatus.DRAFT)
    assert plan_targets_for(region_code="64", desa_total=841).by_year is None
    assert _targets()[2025] == (802, False)


def test_a_percentage_indicator_is_turned_into_desa(samples: None) -> None:
    services.progress_target_set(region=Region.objects.get(code="64"), indicator_key="KTM-P03-I2", actor=None)
    assert Indicator.objects.filter(key="KTM-P03-I2", satuan="%").exists()
    targets = _targets()
    assert targets[2025] == (589, True)  # 70% of 841, rounded up
    assert targets[2026] == (841, True)


def test_the_page_and_the_dashboard_say_which_target_they_use(samples: None, province_viewer: Any) -> None:
    client = client_for(province_viewer)
    page = client.get("/konektivitas/").content.decode()
    assert "KTM-K0302-I1" in page and 'data-testid="target-link"' not in page  # viewers do not link
    assert 'data-testid="target-64-2025">716<' in page
    assert (
        "rencana" in client.get("/").content.decode().split('data-testid="dashboard-target-source"')[1][:80]
    )
    ProgressTarget.objects.all().delete()
    page = client.get("/konektivitas/").content.decode()
    assert "garis lurus" in page.split('data-testid="target-source"')[1][:200].lower()


def test_an_administrator_links_an_indicator_and_a_bad_key_changes_nothing(
    samples: None, province_admin: Any
) -> None:
    client = client_for(province_admin)
    ProgressTarget.objects.all().delete()
    assert 'data-testid="target-link"' in client.get("/konektivitas/").content.decode()
    client.post("/konektivitas/target/", {"region": "64", "indicator": "KTM-K0302-I1"})
    link = ProgressTarget.objects.get(region_id="64")
    assert link.indicator_key == "KTM-K0302-I1" and link.history.count() == 1
    response = client.post("/konektivitas/target/", {"region": "64", "indicator": "NO-SUCH-ROW"}, follow=True)
    assert "NO-SUCH-ROW" in response.content.decode()
    assert ProgressTarget.objects.get(region_id="64").indicator_key == "KTM-K0302-I1"
    client.post("/konektivitas/target/", {"region": "64", "indicator": ""})
    assert not ProgressTarget.objects.exists()


def test_the_api_marks_targets_from_the_plan(samples: None, province_viewer: Any) -> None:
    progress = client_for(province_viewer).get("/api/v1/connectivity/progress/").json()
    years = {y["year"]: y for y in progress[0]["years"]}
    assert years[2025]["desa_target"] == 716 and years[2025]["target_from_plan"] is True
