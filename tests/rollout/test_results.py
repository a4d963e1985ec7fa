"""Issue 7's results: a solved plan as a map and charts, scenarios side by side with today's rule (page and
workbook), and the planner's API (scenarios, plan, solve, adopt) on the same services and access checks.

Scenarios are solved for real (Paser, heuristic only); the page's solve runs on django-tasks' ImmediateBackend."""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from selaras.connectivity.models import AccessPoint, APStatus
from selaras.jobs.models import Job, JobStatus
from selaras.regions.models import Region
from selaras.rollout import services
from selaras.rollout.models import Scenario, ScenarioState
from tests.conftest import IMMEDIATE_TASKS, client_for

PASER = "64.01"


def _scenario(
    *, title: str = "Paser", budget: float = 2e9, region: str = PASER, is_sample: bool = False
) -> Scenario:
    scenario = services.scenario_create(
        actor=None,
        region=Region.objects.get(code=region),
        title=title,
        first_year=2026,
        year_count=3,
        province_budget_idr=budget,
        regency_budget_idr=budget / 10,
        province_share=0.5,
        is_sample=is_sample,
    )
    scenario.time_limit_s = 0  # the heuristic alone: tests stay fast
    scenario.save()
    return scenario


def _solved(**kwargs: Any) -> Scenario:
    scenario = _scenario(**kwargs)
    services.scenario_solve(scenario=scenario)
    scenario.refresh_from_db()
    return scenario


@pytest.fixture
def two_solved(db: Any) -> tuple[Scenario, Scenario]:
    """A generous and a tight budget for Paser: the tight one connects fewer villages."""
    return _solved(title="Paser longgar", budget=3e9), _solved(title="Paser ketat", budget=2e8)


# --- the plan's map -------------------------------------------------------------------------------------------


def test_the_map_data_has_every_planned_village_with_its_technology_and_year(
    operator: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    scenario = _scenario(budget=3e8)
    settings.TASKS = IMMEDIATE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        client_for(operator).post(f"/rollout/{scenario.pk}/hitung/")
    assert Job.objects.get(kind="rollout_solve").status == JobStatus.DONE
    scenario.refresh_from_db()
    response = client_for(operator).get(f"/rollout/{scenario.pk}/peta.geojson")
    assert response["Content-Type"] == "application/geo+json"
    geo = json.loads(response.content)
    planned = {
        f["properties"]["code"]: f["properties"] for f in geo["features"] if f["properties"]["planned"]
    }
    assert planned.keys() == {a["code"] for a in scenario.result["assignments"]}
    for a in scenario.result["assignments"]:
        assert (planned[a["code"]]["tech"], planned[a["code"]]["year"]) == (a["tech"], a["year"])
    unplanned = [f for f in geo["features"] if not f["properties"]["planned"]]
    assert len(unplanned) == len(scenario.villages) - len(planned) > 0  # a tight budget leaves some out
    assert all(f["properties"]["tech"] == "" and f["properties"]["year"] is None for f in unplanned)
    assert {f["geometry"]["type"] for f in geo["features"]} <= {"Polygon", "MultiPolygon"}


def test_a_village_without_a_boundary_is_a_dot_at_its_centre(operator: Any) -> None:
    scenario = _solved()
    code = scenario.result["assignments"][0]["code"]
    Region.objects.filter(code=code).update(boundary=None, boundary_json="")
    village = Region.objects.get(code=code)
    geo = json.loads(client_for(operator).get(f"/rollout/{scenario.pk}/peta.geojson").content)
    feature = next(f for f in geo["features"] if f["properties"]["code"] == code)
    assert feature["geometry"] == {
        "type": "Point",
        "coordinates": [round(village.lng, 5), round(village.lat, 5)],
    }


def test_the_map_of_a_scenario_of_another_province_is_not_found(outsider: Any, db: Any) -> None:
    scenario = _solved()
    assert client_for(outsider).get(f"/rollout/{scenario.pk}/peta.geojson").status_code == 404


def test_an_unsolved_scenario_has_an_empty_map(operator: Any) -> None:
    scenario = _scenario()
    geo = json.loads(client_for(operator).get(f"/rollout/{scenario.pk}/peta.geojson").content)
    assert geo["features"] == []


def test_the_scenario_page_draws_the_map_the_spend_and_the_villages_charts(regency_viewer: Any) -> None:
    scenario = _solved(budget=3e8)
    page = client_for(regency_viewer).get(f"/rollout/{scenario.pk}/").content.decode()
    assert f'data-source="/rollout/{scenario.pk}/peta.geojson"' in page
    assert "connectivity/vendor/leaflet/leaflet.js" in page and "rollout/plan_map.js" in page
    assert "<script>" not in page and "style=" not in page  # CSP: self-only, nothing inline
    spend = page.split('data-testid="spend-chart"')[1].split("</figure>")[0]
    payers = {p for p, by in scenario.result["spend"].items() if any(v > 0 for v in by.values())}
    assert spend.count('<rect class="payer-0 plan"') == sum(
        1 for v in scenario.result["spend"]["64"].values() if v > 0
    )
    assert spend.count("<li>") == len(payers)  # one legend entry per paying payer
    assert "64 Kalimantan Timur" in spend
    villages = page.split('data-testid="villages-chart"')[1].split("</figure>")[0]
    years = scenario.years
    assert villages.count('<rect class="plan"') == villages.count('<rect class="today"') == len(years)
    first_year = sum(1 for a in scenario.result["assignments"] if a["year"] == years[0])
    assert f"{years[0]}, " in villages and f": {first_year}</title>" in villages
    for tech in {a["tech"] for a in scenario.result["assignments"]}:
        assert f'<li data-tech="{tech}">' in page  # the map's legend names each planned technology


# --- scenarios side by side ---------------------------------------------------------------------------------


def test_two_scenarios_are_compared_with_their_todays_rule_and_each_other(
    province_viewer: Any, two_solved: tuple[Scenario, Scenario]
) -> None:
    loose, tight = two_solved
    response = client_for(province_viewer).get(f"/rollout/banding/?s={loose.pk}&s={tight.pk}")
    assert response.status_code == 200
    comparison = response.context["comparison"]
    villages = next(r for r in comparison.rows if r.label == "Desa tersambung")
    loose_v, tight_v = len(loose.result["assignments"]), len(tight.result["assignments"])
    assert villages.cells[0] == (
        loose_v,
        len(loose.todays_rule["assignments"]),
        loose_v - len(loose.todays_rule["assignments"]),
    )
    assert villages.vs_first == [tight_v - loose_v]
    assert tight_v < loose_v
    gap = next(r for r in comparison.rows if r.label == "Selisih dari optimum (%)")
    assert gap.cells[1][0] == pytest.approx(100 * tight.result["gap"]) and gap.cells[1][1] is None
    page = response.content.decode()
    assert "Paser longgar" in page and "Paser ketat" in page
    assert page.count('data-testid="compare-scenario"') == 2
    assert "Aturan saat ini" in page


def test_the_comparison_counts_cost_per_payer_and_people_so_far_per_year(
    province_viewer: Any, two_solved: tuple[Scenario, Scenario]
) -> None:
    loose, tight = two_solved
    comparison = (
        client_for(province_viewer).get(f"/rollout/banding/?s={loose.pk},{tight.pk}").context["comparison"]
    )
    paser = next(r for r in comparison.rows if r.label == "64.01 Kabupaten Paser")
    assert paser.cells[0][0] == pytest.approx(sum(loose.result["spend"].get(PASER, {}).values()))
    last = next(r for r in comparison.rows if r.label == "2028")
    people = sum(loose.villages[a["code"]]["population"] for a in loose.result["assignments"])
    assert last.cells[0][0] == pytest.approx(people)


def test_the_api_compares_the_same_figures_and_refuses_a_bad_choice_in_the_callers_language(
    province_viewer: Any, outsider: Any, two_solved: tuple[Scenario, Scenario]
) -> None:
    loose, tight = two_solved
    client = client_for(province_viewer)
    body = client.get(f"/api/v1/rollout/scenarios/compare/?s={loose.pk}&s={tight.pk}").json()
    assert [s["id"] for s in body["scenarios"]] == [loose.pk, tight.pk]
    villages = next(r for r in body["rows"] if r["label"] == "Desa tersambung")
    loose_v, tight_v = len(loose.result["assignments"]), len(tight.result["assignments"])
    assert villages["cells"][0]["plan"] == loose_v and villages["vs_first"] == [tight_v - loose_v]
    refused = client.get(f"/api/v1/rollout/scenarios/compare/?s={loose.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "2 to 4" in refused.json()["detail"]
    hidden = client_for(outsider).get(f"/api/v1/rollout/scenarios/compare/?s={loose.pk}&s={tight.pk}")
    assert hidden.status_code == 404


def test_a_comparison_of_one_scenario_asks_for_two_to_four(operator: Any, db: Any) -> None:
    scenario = _solved()
    response = client_for(operator).get(f"/rollout/banding/?s={scenario.pk}")
    assert response.status_code == 400
    assert "Pilih 2 sampai 4 skenario yang sudah dihitung" in response.content.decode()


def test_a_comparison_message_follows_the_language(operator: Any, db: Any) -> None:
    scenario = _solved()
    client = client_for(operator)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/rollout/banding/?s={scenario.pk}&s=abc").content.decode()
    assert "&quot;abc&quot; is not a scenario number." in page


def test_an_unsolved_scenario_cannot_be_compared_and_is_named(operator: Any, db: Any) -> None:
    solved, draft = _solved(), _scenario(title="Belum dihitung")
    response = client_for(operator).get(f"/rollout/banding/?s={solved.pk}&s={draft.pk}")
    assert response.status_code == 400
    assert "Skenario &quot;Belum dihitung&quot; belum dihitung" in response.content.decode()


def test_a_scenario_of_another_province_cannot_be_compared(
    operator: Any, outsider: Any, two_solved: tuple[Scenario, Scenario]
) -> None:
    loose, tight = two_solved
    aceh = _scenario(title="Aceh", region="11")
    aceh.state, aceh.result = ScenarioState.SOLVED, loose.result
    aceh.save()
    assert client_for(operator).get(f"/rollout/banding/?s={loose.pk}&s={aceh.pk}").status_code == 404
    assert client_for(outsider).get(f"/rollout/banding/?s={loose.pk}&s={tight.pk}").status_code == 404
    assert client_for(outsider).get(f"/rollout/banding/ekspor/?s={loose.pk}&s={tight.pk}").status_code == 404


def test_a_neighbours_scenario_is_compared_read_only(other_operator: Any, two_solved: Any) -> None:
    loose, tight = two_solved
    page = client_for(other_operator).get(f"/rollout/banding/?s={loose.pk}&s={tight.pk}")
    assert page.status_code == 200  # the province's scenarios are shared reading
    assert client_for(other_operator).post(f"/api/v1/rollout/scenarios/{loose.pk}/solve/").status_code == 403


def test_the_comparison_workbook_has_the_same_figures_and_keeps_the_sample_label(
    province_viewer: Any, db: Any
) -> None:
    real, sample = _solved(title="Paser"), _solved(title="[CONTOH] Paser", is_sample=True)
    response = client_for(province_viewer).get(f"/rollout/banding/ekspor/?s={real.pk}&s={sample.pk}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content))["Perbandingan"].iter_rows(values_only=True))
    assert rows[0][0].startswith("CONTOH")
    assert rows[1][4].startswith("[CONTOH]") and not rows[1][1].startswith("[CONTOH]")
    villages = next(r for r in rows if r[0] == "Desa tersambung")
    assert villages[1] == len(real.result["assignments"])
    assert villages[4] == len(sample.result["assignments"])
    assert villages[7] == villages[4] - villages[1]
    page = client_for(province_viewer).get(f"/rollout/banding/?s={real.pk}&s={sample.pk}").content.decode()
    assert page.count('class="badge sample"') >= 2  # in its column and in the picker


def test_the_comparison_export_of_a_bad_choice_goes_back_to_the_page(operator: Any, db: Any) -> None:
    scenario = _solved()
    response = client_for(operator).get(f"/rollout/banding/ekspor/?s={scenario.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/rollout/banding/?s={scenario.pk}"


def test_the_list_ticks_only_solved_scenarios_for_the_comparison(operator: Any, db: Any) -> None:
    solved, draft = _solved(), _scenario(title="Draf")
    page = client_for(operator).get("/rollout/").content.decode()
    assert f'name="s" value="{solved.pk}"' in page
    assert f'name="s" value="{draft.pk}"' not in page
    assert 'action="/rollout/banding/"' in page


# --- the API --------------------------------------------------------------------------------------------------


def test_the_api_lists_the_provinces_scenarios_with_state_gap_and_sample_label(
    province_viewer: Any, outsider: Any, db: Any
) -> None:
    solved, draft = _solved(is_sample=True), _scenario(title="Draf")
    rows = client_for(province_viewer).get("/api/v1/rollout/scenarios/").json()["results"]
    by_id = {r["id"]: r for r in rows}
    assert by_id[solved.pk]["state"] == "solved" and by_id[solved.pk]["is_sample"] is True
    assert by_id[solved.pk]["gap"] == solved.result["gap"]
    assert by_id[draft.pk]["gap"] is None and by_id[draft.pk]["budgets"] == draft.budgets
    assert client_for(outsider).get("/api/v1/rollout/scenarios/").json()["results"] == []
    assert client_for(outsider).get(f"/api/v1/rollout/scenarios/{solved.pk}/").status_code == 404


def test_the_api_plan_has_villages_technologies_years_and_spend_beside_todays_rule(
    regency_viewer: Any, db: Any
) -> None:
    scenario = _solved()
    plan = client_for(regency_viewer).get(f"/api/v1/rollout/scenarios/{scenario.pk}/plan/").json()
    assert len(plan["assignments"]) == len(scenario.result["assignments"])
    first = plan["assignments"][0]
    assert first["name"] == scenario.villages[first["code"]]["name"]
    assert first["population"] == scenario.villages[first["code"]]["population"]
    assert first["estimated"] is True and first["tech_label"]
    assert plan["plan"]["spend"] == scenario.result["spend"]
    assert plan["todays_rule"]["villages"] == len(scenario.todays_rule["assignments"])
    assert plan["plan"]["objective"] >= plan["todays_rule"]["objective"]


def test_the_api_plan_of_an_unsolved_scenario_is_a_conflict_in_the_callers_language(
    regency_viewer: Any, db: Any
) -> None:
    scenario = _scenario()
    client = client_for(regency_viewer)
    response = client.get(f"/api/v1/rollout/scenarios/{scenario.pk}/plan/")
    assert response.status_code == 409
    assert response.json() == {"detail": "Skenario ini belum diselesaikan."}
    english = client.get(f"/api/v1/rollout/scenarios/{scenario.pk}/plan/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "This scenario has not been solved yet."}


def test_solving_through_the_api_queues_the_same_job_as_the_page(
    operator: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    scenario = _scenario()
    settings.TASKS = IMMEDIATE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(operator).post(f"/api/v1/rollout/scenarios/{scenario.pk}/solve/")
    assert response.status_code == 202
    assert response.json()["state"] == "solving"
    job = Job.objects.get(kind="rollout_solve")
    assert job.status == JobStatus.DONE, job.error
    assert str(response.json()["job"]) == str(job.pk)
    scenario.refresh_from_db()
    assert scenario.state == ScenarioState.SOLVED and scenario.result["assignments"]


def test_a_scenario_that_cannot_be_built_is_refused_by_the_api_with_the_reason(
    operator: Any, db: Any
) -> None:
    scenario = _scenario()
    scenario.budgets = {"64": {"2040": 1.0}}
    scenario.save()
    response = client_for(operator).post(
        f"/api/v1/rollout/scenarios/{scenario.pk}/solve/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "2040" in response.json()["detail"]
    scenario.refresh_from_db()
    assert scenario.state == ScenarioState.DRAFT and not Job.objects.exists()


def test_viewers_and_other_provinces_cannot_solve_through_the_api(
    regency_viewer: Any, outsider: Any, db: Any
) -> None:
    scenario = _scenario()
    assert (
        client_for(regency_viewer).post(f"/api/v1/rollout/scenarios/{scenario.pk}/solve/").status_code == 403
    )
    assert client_for(outsider).post(f"/api/v1/rollout/scenarios/{scenario.pk}/solve/").status_code == 404
    assert not Job.objects.exists()


def test_only_the_provinces_editors_adopt_through_the_api_and_only_once(
    province_admin: Any, operator: Any, db: Any
) -> None:
    scenario = _solved()
    url = f"/api/v1/rollout/scenarios/{scenario.pk}/adopt/"
    assert client_for(operator).post(url).status_code == 403
    assert not AccessPoint.objects.filter(programme__startswith="Rollout #").exists()
    response = client_for(province_admin).post(url)
    assert response.status_code == 200
    report = response.json()
    assert report["access_points"] == len(scenario.result["assignments"])
    assert (report["obligations"], report["agreement_signed"]) == (0, False)  # no agreement chosen
    planned = AccessPoint.objects.filter(programme__startswith=f"Rollout #{scenario.pk} ")
    assert set(planned.values_list("status", flat=True)) == {APStatus.PLANNED}
    again = client_for(province_admin).post(url)
    assert again.status_code == 409
    assert "sudah diadopsi" in again.json()["detail"]
    assert planned.count() == len(scenario.result["assignments"])


def test_the_openapi_schema_describes_the_rollout_endpoints(province_viewer: Any) -> None:
    schema = client_for(province_viewer).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert "/api/v1/rollout/scenarios/{scenario_id}/plan/" in paths
    assert "post" in paths["/api/v1/rollout/scenarios/{scenario_id}/adopt/"]
