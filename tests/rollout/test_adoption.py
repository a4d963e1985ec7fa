"""Adopting a plan into a village-internet agreement: village-coverage obligations per payer and year, added
directly to a draft and only by a numbered, dated addendum to a signed agreement; tracked as villages go live."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from selaras.agreements import documents, selectors
from selaras.agreements import services as agreement_services
from selaras.agreements.models import Agreement, Amendment, Measure, Obligation
from selaras.connectivity import services as connectivity_services
from selaras.connectivity.models import AccessPoint
from selaras.regions.models import Region
from selaras.rollout import services
from selaras.rollout.models import Scenario
from tests.conftest import client_for

PASER = "64.01"


def _agreement(*, signed: bool) -> Agreement:
    agreement = agreement_services.agreement_village_internet_draft(
        actor=None, regency=Region.objects.get(code=PASER), starts_on=date(2026, 1, 1), years=3
    )
    if signed:
        for party in agreement.parties.all():
            agreement_services.party_sign(
                actor=None,
                party=party,
                document_number=f"PKS/{party.region_id}",
                signatory="Kepala Dinas",
                signed_on=date(2026, 1, 10),
                data=documents.minimal_pdf("PKS"),
                file_name="pks.pdf",
            )
        agreement.refresh_from_db()
    return agreement


def _solved(agreement: Agreement) -> Scenario:
    scenario = services.scenario_create(
        actor=None,
        region=Region.objects.get(code=PASER),
        title="Paser",
        first_year=2026,
        year_count=3,
        province_budget_idr=2e9,
        regency_budget_idr=2e8,
        province_share=0.5,
        agreement=agreement,
    )
    scenario.time_limit_s = 0
    scenario.save()
    services.scenario_solve(scenario=scenario)
    scenario.refresh_from_db()
    return scenario


def _added(agreement: Agreement) -> list[Obligation]:
    # The template's own obligations carry a percentage; the plan's carry the payer's planned rupiah.
    return list(agreement.obligations.filter(cost_share_idr__isnull=False).order_by("year", "party"))


def test_a_draft_gains_one_village_coverage_obligation_per_paying_party_and_year(db: Any) -> None:
    agreement = _agreement(signed=False)
    scenario = _solved(agreement)
    report = services.scenario_adopt(scenario=scenario, actor=None)
    added = _added(agreement)
    assert report["obligations"] == len(added) > 0 and report["addendum"] == 0
    started: dict[int, set[str]] = {}
    for a in scenario.result["assignments"]:
        started.setdefault(int(a["year"]), set()).add(a["code"])
    for obligation in added:
        assert obligation.measure == Measure.VILLAGES and obligation.amendment is None
        assert obligation.live_by == obligation.due_on == date(obligation.year, 12, 31)
        # The agreement gives the province all of Paser's cost: it pays every village, Paser none.
        assert obligation.party.region_id == "64"
        assert set(obligation.village_codes) == started[obligation.year]
        assert abs(obligation.cost_share_idr - scenario.result["spend"]["64"][str(obligation.year)]) <= 1


def test_a_signed_agreement_needs_an_addendum_and_nothing_is_written_without_one(province_admin: Any) -> None:
    agreement = _agreement(signed=True)
    scenario = _solved(agreement)
    before = agreement.obligations.count()
    page = client_for(province_admin).post(f"/rollout/{scenario.pk}/adopsi/", follow=True).content.decode()
    assert "kewajiban baru hanya lewat adendum" in page
    scenario.refresh_from_db()
    assert scenario.adopted_at is None
    assert agreement.obligations.count() == before and not AccessPoint.objects.exists()


def test_adopting_into_a_signed_agreement_records_a_numbered_dated_addendum(province_admin: Any) -> None:
    agreement = _agreement(signed=True)
    scenario = _solved(agreement)
    client = client_for(province_admin)
    detail = client.get(f"/rollout/{scenario.pk}/").content.decode()
    assert 'data-testid="addendum-number"' in detail
    data = {"addendum_number": "ADD/01/2026", "addendum_signed_on": "2026-03-01"}
    client.post(f"/rollout/{scenario.pk}/adopsi/", data)
    amendment = Amendment.objects.get(agreement=agreement)
    assert (amendment.number, amendment.signed_on) == ("ADD/01/2026", date(2026, 3, 1))
    added = _added(agreement)
    assert added and all(o.amendment_id == amendment.pk for o in added)
    assert AccessPoint.objects.filter(programme__startswith=f"Rollout #{scenario.pk} ").count() == len(
        scenario.result["assignments"]
    )
    # Adopting twice is refused: no second addendum, no second set of obligations.
    client.post(f"/rollout/{scenario.pk}/adopsi/", data | {"addendum_number": "ADD/02/2026"})
    assert Amendment.objects.filter(agreement=agreement).count() == 1 and len(_added(agreement)) == len(added)
    assert amendment.history.count() == 1 and added[0].history.count() == 1
    page = client.get(f"/pks/{agreement.pk}/").content.decode()
    assert page.count('data-testid="obligation-addendum"') == len(added)
    assert "ADD/01/2026" in page


def test_a_taken_addendum_number_refuses_the_whole_adoption(province_admin: Any) -> None:
    agreement = _agreement(signed=True)
    agreement_services.amendment_add(
        actor=None, agreement=agreement, number="ADD/01/2026", signed_on=date(2026, 2, 1), summary="Lain"
    )
    scenario = _solved(agreement)
    with pytest.raises(services.RolloutServiceError) as caught:
        services.scenario_adopt(
            scenario=scenario,
            actor=province_admin,
            addendum_number="add/01/2026",
            addendum_signed_on=date(2026, 3, 1),
        )
    assert str(caught.value) == "Adendum nomor add/01/2026 sudah tercatat untuk perjanjian ini."
    assert Amendment.objects.filter(agreement=agreement).count() == 1
    assert not _added(agreement) and not AccessPoint.objects.exists()


def test_the_agreement_services_keep_drafts_and_signed_agreements_apart(db: Any) -> None:
    draft, signed = _agreement(signed=False), _agreement(signed=True)
    row = agreement_services.NewObligation(
        party_code="64", year=2026, title="Desa live", village_codes=("64.01.01.2009",)
    )
    with pytest.raises(agreement_services.AgreementError):
        agreement_services.obligations_add(agreement=signed, rows=[row])
    with pytest.raises(agreement_services.AgreementError):
        agreement_services.amendment_add_with_obligations(
            actor=None, agreement=draft, number="A/1", signed_on=date(2026, 2, 1), summary="x", rows=[row]
        )
    bad = agreement_services.NewObligation(
        party_code="64", year=2027, title="Desa live", village_codes=("64.01.01.9999",)
    )
    with pytest.raises(agreement_services.AgreementError, match=r"Kewajiban 2 .*64\.01\.01\.9999"):
        agreement_services.amendment_add_with_obligations(
            actor=None,
            agreement=signed,
            number="A/1",
            signed_on=date(2026, 2, 1),
            summary="x",
            rows=[row, bad],
        )
    assert not signed.amendments.exists() and not signed.obligations.filter(title="Desa live").exists()


def test_the_adopted_obligations_are_tracked_as_villages_go_live(db: Any) -> None:
    agreement = _agreement(signed=True)
    scenario = _solved(agreement)
    services.scenario_adopt(
        scenario=scenario, actor=None, addendum_number="ADD/7", addendum_signed_on=date(2026, 2, 1)
    )
    first = _added(agreement)[0]
    today = timezone.localdate()

    def coverage() -> Any:
        views = selectors.obligation_views(agreement=agreement, today=today)
        return next(v for v in views if v.obligation.pk == first.pk).coverage

    assert coverage().live_today == 0 and coverage().total == len(first.village_codes)
    point = AccessPoint.objects.get(region_id=first.village_codes[0], programme__startswith="Rollout #")
    connectivity_services.access_point_status_set(
        access_point=point, status="live", effective_on=date(first.year, 6, 1)
    )
    assert coverage().live_today == 1
