"""Draft -> submitted -> approved (locked) or rejected with a reason; only the province decides and unlocks.
Drafts are read by their region and the provincial administrators; submitted plans by the whole province."""

from __future__ import annotations

from typing import Any

import pytest

from selaras.planning import services
from selaras.planning.models import Indicator, PlanStatus
from tests.conftest import client_for
from tests.planning.helpers import commit, make_book, make_plan, paser_row, upload


@pytest.fixture
def filled_plan(operator: Any) -> Any:
    plan = make_plan()
    client = client_for(operator)
    commit(client, plan, upload(client, plan, make_book([paser_row()])))
    return plan


def test_the_whole_flow_from_draft_to_approval(operator: Any, province_admin: Any, filled_plan: Any) -> None:
    assert client_for(operator).post(f"/rencana/{filled_plan.pk}/ajukan/").status_code == 302
    filled_plan.refresh_from_db()
    assert filled_plan.status == PlanStatus.SUBMITTED
    client_for(province_admin).post(f"/rencana/{filled_plan.pk}/setujui/")
    filled_plan.refresh_from_db()
    assert filled_plan.status == PlanStatus.APPROVED
    assert filled_plan.status_changed_by == province_admin


def test_a_draft_is_hidden_from_a_neighbour_and_shown_once_submitted(
    operator: Any, other_operator: Any, filled_plan: Any
) -> None:
    neighbour = client_for(other_operator)
    assert neighbour.get(f"/rencana/{filled_plan.pk}/").status_code == 404
    assert filled_plan not in neighbour.get("/rencana/").context["plans"]
    services.plan_submit(plan=filled_plan, user=operator)
    assert neighbour.get(f"/rencana/{filled_plan.pk}/").status_code == 200
    assert neighbour.get(f"/api/v1/plans/{filled_plan.pk}/rows/").json()[0]["id"] == "PSR-P03-1"


def test_another_province_never_sees_the_plan(outsider: Any, operator: Any, filled_plan: Any) -> None:
    services.plan_submit(plan=filled_plan, user=operator)
    assert client_for(outsider).get(f"/rencana/{filled_plan.pk}/").status_code == 404


def test_an_operator_cannot_approve_its_own_plan(operator: Any, filled_plan: Any) -> None:
    services.plan_submit(plan=filled_plan, user=operator)
    assert client_for(operator).post(f"/rencana/{filled_plan.pk}/setujui/").status_code == 403
    filled_plan.refresh_from_db()
    assert filled_plan.status == PlanStatus.SUBMITTED


def test_a_rejection_needs_a_reason_and_returns_the_plan_to_its_region(
    operator: Any, province_admin: Any, filled_plan: Any
) -> None:
    services.plan_submit(plan=filled_plan, user=operator)
    with pytest.raises(services.PlanError):
        services.plan_reject(plan=filled_plan, user=province_admin, reason="  ")
    services.plan_reject(plan=filled_plan, user=province_admin, reason="Target 2026 terlalu rendah")
    filled_plan.refresh_from_db()
    assert (filled_plan.status, filled_plan.status_reason) == (
        PlanStatus.REJECTED,
        "Target 2026 terlalu rendah",
    )
    page = client_for(operator).get(f"/rencana/{filled_plan.pk}/").content.decode()
    assert "Target 2026 terlalu rendah" in page
    services.plan_submit(plan=filled_plan, user=operator)


def test_an_approved_plan_is_locked_until_the_province_unlocks_it_with_a_reason(
    operator: Any, province_admin: Any, filled_plan: Any
) -> None:
    services.plan_submit(plan=filled_plan, user=operator)
    services.plan_approve(plan=filled_plan, user=province_admin)
    client = client_for(operator)
    response = upload(client, filled_plan, make_book([paser_row(indikator="Diubah")]))
    assert "sudah disetujui" in response.content.decode()
    with pytest.raises(services.PlanError):
        services.plan_import_rows(plan=filled_plan, user=operator, rows=[])
    assert client.post(f"/rencana/{filled_plan.pk}/buka/", {"reason": "x"}).status_code == 403
    client_for(province_admin).post(f"/rencana/{filled_plan.pk}/buka/", {"reason": "Revisi RPJMD"})
    filled_plan.refresh_from_db()
    assert (filled_plan.status, filled_plan.status_reason) == (PlanStatus.DRAFT, "Revisi RPJMD")
    commit(client, filled_plan, upload(client, filled_plan, make_book([paser_row(indikator="Diubah")])))
    assert Indicator.objects.get().indikator == "Diubah"


def test_an_empty_plan_cannot_be_submitted(operator: Any) -> None:
    plan = make_plan()
    response = client_for(operator).post(f"/rencana/{plan.pk}/ajukan/", follow=True)
    assert "Rencana masih kosong" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_realization_gives_achievement_by_polarity(operator: Any, filled_plan: Any) -> None:
    client = client_for(operator)
    indicator = Indicator.objects.get()
    client.post(f"/rencana/{filled_plan.pk}/capaian/{indicator.pk}/", {"year": "2025", "value": "2,52"})
    indicator.refresh_from_db()
    assert indicator.realization_by_year == {"2025": "2.52"}
    page = client.get(f"/rencana/{filled_plan.pk}/capaian/")
    assert page.context["charts"][0]["item"].achievements[0] == 90  # 2.52 / 2.8
    assert "<svg" in page.content.decode()
    bad = client.post(
        f"/rencana/{filled_plan.pk}/capaian/{indicator.pk}/", {"year": "2025", "value": "banyak"}, follow=True
    )
    assert "bukan angka" in bad.content.decode()


def test_a_plan_period_is_created_for_ones_own_region_only(operator: Any) -> None:
    client = client_for(operator)
    response = client.post(
        "/rencana/baru/", {"region": "64.01", "kind": "rpjmd", "start_year": 2025, "end_year": 2029}
    )
    assert response.status_code == 302
    assert (
        client.post(
            "/rencana/baru/", {"region": "64.02", "kind": "rpjmd", "start_year": 2025, "end_year": 2029}
        ).status_code
        == 403
    )
    again = client.post(
        "/rencana/baru/", {"region": "64.01", "kind": "rpjmd", "start_year": 2025, "end_year": 2029}
    )
    assert "sudah punya rencana" in again.content.decode()


def test_national_targets_are_entered_by_the_province_and_read_by_everyone(
    province_admin: Any, operator: Any
) -> None:
    plan = services.plan_create(
        user=province_admin, region_code="00", kind="rpjmn", start_year=2025, end_year=2026
    )
    admin = client_for(province_admin)
    commit(admin, plan, upload(admin, plan, make_book([paser_row(id="N-1", kode_wilayah="00", kode="2.16")])))
    assert client_for(operator).get(f"/rencana/{plan.pk}/").status_code == 200
    with pytest.raises(Exception):  # noqa: B017, PT011 -- PermissionDenied or Http404, both refuse
        services.plan_create(user=operator, region_code="00", kind="rpjmn", start_year=2030, end_year=2031)


def test_provincial_staff_read_a_regency_draft_as_the_plans_page_says(
    province_viewer: Any, operator: Any
) -> None:
    """One rule, said the same way by the access module, the plans page and the isolation matrix: drafts
    are read by their own region and by provincial staff, viewers included."""
    draft = make_plan(region="64.02")
    assert client_for(province_viewer).get(f"/rencana/{draft.pk}/").status_code == 200
    assert client_for(operator).get(f"/rencana/{draft.pk}/").status_code == 404
    listing = client_for(province_viewer).get("/rencana/").content.decode()
    assert "staf provinsi (admin dan pemantau)" in listing
