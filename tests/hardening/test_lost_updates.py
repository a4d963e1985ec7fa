"""No lost updates: two people changing the same shared record at the same moment both land, or the later one
is told someone else changed it (issue 12, item 6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from selaras.accounts.models import User
from selaras.agreements import services
from selaras.agreements.models import Agreement, Measure, Obligation, ObligationStatus, Status
from selaras.planning import services as planning
from selaras.planning.models import Indicator
from selaras.rollout import services as rollout
from selaras.rollout.models import Scenario, ScenarioState
from tests.agreements.test_flow import PASER, _draft, _sign
from tests.conftest import client_for
from tests.hardening.concurrency import (
    _regions_after_module,
    postgres_only,
    regions_back_after_flush,
    together,
)
from tests.planning.helpers import commit, make_book, make_plan, paser_row, upload
from tests.rollout.test_inputs import _scenario

__all__ = ["_regions_after_module", "regions_back_after_flush"]  # fixtures


def _signed(province_admin: User, operator: User) -> Agreement:
    agreement = _draft(province_admin)
    _sign(province_admin, agreement, "64")
    _sign(operator, agreement, PASER)
    agreement.refresh_from_db()
    assert agreement.status == Status.SIGNED
    return agreement


def _deliverable(agreement: Agreement) -> Obligation:
    return agreement.obligations.exclude(measure=Measure.VILLAGES).filter(party__region_id=PASER).first()


def test_an_obligation_saved_from_a_page_someone_else_overtook_is_refused_with_reload(
    province_admin: User, operator: User
) -> None:
    obligation = _deliverable(_signed(province_admin, operator))
    url = f"/pks/kewajiban/{obligation.pk}/"
    first, second = client_for(operator), client_for(operator)
    seen_first = first.get(url).context["form"].initial["seen"]
    seen_second = second.get(url).context["form"].initial["seen"]
    first.post(f"{url}perbarui/", {"status": "in_progress", "note": "Lokasi siap", "seen": seen_first})
    page = second.post(
        f"{url}perbarui/", {"status": "not_started", "note": "Catatan lain", "seen": seen_second}, follow=True
    ).content.decode()
    assert "Orang lain mengubah kewajiban ini" in page
    obligation.refresh_from_db()
    assert (obligation.status, obligation.note) == (ObligationStatus.IN_PROGRESS, "Lokasi siap")


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("regions_back_after_flush")
def test_two_obligation_updates_at_once_on_postgresql_one_lands_the_other_is_told(
    province_admin: User, operator: User
) -> None:
    obligation = _deliverable(_signed(province_admin, operator))
    seen = services.obligation_version(obligation)
    stale_a, stale_b = Obligation.objects.get(pk=obligation.pk), Obligation.objects.get(pk=obligation.pk)
    results = together(
        lambda: services.obligation_update(
            actor=operator, obligation=stale_a, status="in_progress", note="A", seen=seen
        ),
        lambda: services.obligation_update(
            actor=operator, obligation=stale_b, status="fulfilled", note="B", seen=seen
        ),
    )
    refused = [r for r in results if isinstance(r, services.AgreementError)]
    landed = [r for r in results if isinstance(r, Obligation)]
    assert len(refused) == 1 and len(landed) == 1, results
    obligation.refresh_from_db()
    assert (obligation.status, obligation.note) == (landed[0].status, landed[0].note)


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("regions_back_after_flush")
def test_a_termination_and_an_addendum_at_once_on_postgresql_both_land(
    province_admin: User, operator: User
) -> None:
    agreement = _signed(province_admin, operator)
    stale_a, stale_b = Agreement.objects.get(pk=agreement.pk), Agreement.objects.get(pk=agreement.pk)
    results = together(
        lambda: services.agreement_terminate(agreement=stale_a, reason="dibatalkan"),
        lambda: services.amendment_add(
            actor=province_admin,
            agreement=stale_b,
            number="ADD/1",
            signed_on=date(2026, 6, 1),
            summary="Diperpanjang",
            new_ends_on=date(2031, 12, 31),
        ),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    agreement.refresh_from_db()
    assert agreement.status == Status.TERMINATED and agreement.ends_on == date(2031, 12, 31)


def _doubled(budgets: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    return {
        payer: {year: 2 * amount + 1 for year, amount in years.items()} for payer, years in budgets.items()
    }


def test_budgets_saved_while_a_solve_runs_are_kept_when_it_finishes(db: Any) -> None:
    scenario = _scenario()
    solving = Scenario.objects.get(pk=scenario.pk)  # what the worker loaded when the solve began
    budgets = _doubled(scenario.budgets)
    rollout.scenario_budgets_set(scenario=Scenario.objects.get(pk=scenario.pk), budgets=budgets)
    rollout.scenario_solve(scenario=solving)
    scenario.refresh_from_db()
    assert scenario.state == ScenarioState.SOLVED and scenario.budgets == budgets


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("regions_back_after_flush")
def test_budgets_and_a_failed_solve_at_once_on_postgresql_both_land() -> None:
    scenario = _scenario()
    budgets = _doubled(scenario.budgets)
    stale = Scenario.objects.get(pk=scenario.pk)
    results = together(
        lambda: rollout.scenario_budgets_set(scenario=stale, budgets=budgets),
        lambda: rollout.scenario_fail(scenario_id=scenario.pk, error="pekerja berhenti"),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    scenario.refresh_from_db()
    assert scenario.budgets == budgets and scenario.state == ScenarioState.FAILED


def _filled_indicator(operator: User) -> Indicator:
    plan = make_plan()
    client = client_for(operator)
    commit(client, plan, upload(client, plan, make_book([paser_row()])))
    return Indicator.objects.get(plan=plan)


def test_a_realization_recorded_from_an_older_copy_keeps_the_other_years(operator: User) -> None:
    indicator = _filled_indicator(operator)
    older = Indicator.objects.get(pk=indicator.pk)
    planning.indicator_set_realization(indicator=indicator, user=operator, year=2025, value=Decimal("1.5"))
    planning.indicator_set_realization(indicator=older, user=operator, year=2026, value=Decimal("2"))
    indicator.refresh_from_db()
    assert indicator.realization_by_year == {"2025": "1.5", "2026": "2"}


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("regions_back_after_flush")
def test_two_years_of_realization_recorded_at_once_on_postgresql_both_stay(operator: User) -> None:
    indicator = _filled_indicator(operator)
    first, second = Indicator.objects.get(pk=indicator.pk), Indicator.objects.get(pk=indicator.pk)
    results = together(
        lambda: planning.indicator_set_realization(
            indicator=first, user=operator, year=2025, value=Decimal("1")
        ),
        lambda: planning.indicator_set_realization(
            indicator=second, user=operator, year=2026, value=Decimal("2")
        ),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    indicator.refresh_from_db()
    assert indicator.realization_by_year == {"2025": "1", "2026": "2"}
