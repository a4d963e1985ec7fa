"""Each party answers an irisan proposal; when both accept, a draft agreement opens from it."""

from typing import Any

from selaras.agreements.models import Agreement
from selaras.sync.models import Answer, IrisanProposal, SyncRun
from tests.conftest import client_for


def _proposal() -> IrisanProposal:
    return IrisanProposal.objects.get(row_a="KTM-P03-I1", row_b="PSR-P03-I1")


def test_the_regency_operator_answers_for_its_own_side(sample_run: SyncRun, operator: Any) -> None:
    proposal = _proposal()
    response = client_for(operator).post(
        f"/sinkronisasi/usulan/{proposal.pk}/jawab/", {"answer": "accepted", "reason": "Sepakat"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.answer_a, proposal.answer_b, proposal.answer_b_reason) == (
        Answer.PENDING,
        Answer.ACCEPTED,
        "Sepakat",
    )


def test_an_answer_without_a_reason_changes_nothing(sample_run: SyncRun, operator: Any) -> None:
    proposal = _proposal()
    client_for(operator).post(
        f"/sinkronisasi/usulan/{proposal.pk}/jawab/", {"answer": "accepted", "reason": ""}
    )
    proposal.refresh_from_db()
    assert proposal.answer_b == Answer.PENDING


def test_a_neighbour_cannot_answer(sample_run: SyncRun, other_operator: Any) -> None:
    proposal = _proposal()
    response = client_for(other_operator).post(
        f"/sinkronisasi/usulan/{proposal.pk}/jawab/", {"answer": "rejected", "reason": "x"}
    )
    assert response.status_code == 403


def test_when_both_accept_a_draft_agreement_opens(
    sample_run: SyncRun, operator: Any, province_admin: Any
) -> None:
    proposal = _proposal()
    url = f"/sinkronisasi/usulan/{proposal.pk}/"
    assert client_for(operator).post(url + "pks/").status_code == 302  # not accepted yet: refused
    assert not Agreement.objects.filter(title__startswith="Irisan").exists()
    client_for(operator).post(url + "jawab/", {"answer": "accepted", "reason": "Sepakat"})
    client_for(province_admin).post(url + "jawab/", {"answer": "accepted", "reason": "Setuju"})
    response = client_for(province_admin).post(url + "pks/")
    proposal.refresh_from_db()
    assert proposal.agreement is not None
    assert response.url == f"/pks/{proposal.agreement.pk}/"
    assert sorted(p.region_id for p in proposal.agreement.parties.all()) == ["64", "64.01"]


def test_the_report_shows_the_gap_and_the_irisan_reason(sample_run: SyncRun, regency_viewer: Any) -> None:
    page = client_for(regency_viewer).get("/sinkronisasi/provinsi/64/").content.decode()
    assert "KTM-P02-I1" in page and "tahun bersama" in page and "CONTOH" in page
    assert 'data-testid="answer-form"' not in page  # a viewer never answers


def test_the_region_page_and_the_exports(sample_run: SyncRun, operator: Any) -> None:
    client = client_for(operator)
    assert "PSR-P03-I1" in client.get("/sinkronisasi/wilayah/64.01/").content.decode()
    export = client.get("/sinkronisasi/provinsi/64/ekspor.xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"
    assert client.get("/sinkronisasi/provinsi/64/cetak/").status_code == 200
    api = client.get("/api/v1/sync/proposals/").json()
    assert any(p["row_b"] == "PSR-P03-I1" for p in api["results"])


def test_the_api_answer_is_refused_to_a_viewer_and_recorded_for_a_party(
    sample_run: SyncRun, regency_viewer: Any, operator: Any
) -> None:
    proposal = _proposal()
    url = f"/api/v1/sync/proposals/{proposal.pk}/answer/"
    assert client_for(regency_viewer).post(url, {"answer": "accepted", "reason": "x"}).status_code == 403
    assert client_for(operator).post(url, {"answer": "maybe", "reason": "x"}).status_code == 400
    response = client_for(operator).post(url, {"answer": "rejected", "reason": "Sudah ada program"})
    assert response.json()["answer_b"] == "rejected"
    assert response.json()["is_sample"] is True


def test_the_draft_agreement_from_an_irisan_covers_the_plan_period_and_names_the_program_once(
    sample_run: SyncRun, operator: Any, province_admin: Any
) -> None:
    proposal = _proposal()
    url = f"/sinkronisasi/usulan/{proposal.pk}/"
    client_for(operator).post(url + "jawab/", {"answer": "accepted", "reason": "Sepakat"})
    client_for(province_admin).post(url + "jawab/", {"answer": "accepted", "reason": "Setuju"})
    client_for(province_admin).post(url + "pks/")
    proposal.refresh_from_db()
    agreement = proposal.agreement
    assert (agreement.starts_on.year, agreement.ends_on.year) == (sample_run.start_year, sample_run.end_year)
    years = sorted({o.year for o in agreement.obligations.all()})
    assert years == list(range(sample_run.start_year, sample_run.end_year + 1))
    programs = agreement.title.partition(": ")[2].split(" / ")
    assert len(programs) == len({p.casefold() for p in programs})  # a program named alike on both sides: once
    assert "_" not in agreement.title  # the irisan type's label, not its code
    assert agreement.source_reference != agreement.title
    page = client_for(province_admin).get(f"/pks/{agreement.pk}/").content.decode()
    assert page.count(agreement.title) <= 2  # the page title and the heading, not a third time as the source
