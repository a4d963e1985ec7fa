"""The pages of issue 13: the province records the meeting and its decisions on the web; Kukar's dashboard lists
what it owes, overdue first."""

from datetime import date
from typing import Any

from selaras.agreements.documents import minimal_pdf
from selaras.meetings.models import Decision, FollowUpKind, Meeting
from tests.conftest import client_for


def test_the_province_records_a_meeting_attaches_the_run_and_a_target_decision_on_the_web(
    sample_run: Any, province_admin: Any, other_operator: Any
) -> None:
    admin = client_for(province_admin)
    response = admin.post(
        "/rakorda/baru/",
        {
            "title": "Rakorda 2025",
            "theme": "Konektivitas",
            "date": "2025-05-15",
            "place": "Tenggarong",
            "host": "64.02",
        },
    )
    meeting = Meeting.objects.get(title="Rakorda 2025")
    assert response.status_code == 302
    admin.post(f"/rakorda/{meeting.pk}/sinkronisasi/", {"run": sample_run.pk})
    admin.post(
        f"/rakorda/{meeting.pk}/kesepakatan/",
        {
            "text": "Kukar menaikkan target Indeks SPBE 2027",
            "bound": ["64.02"],
            "target_region": "64.02",
            "indicator_key": "KKR-P03-I1",
            "target_year": "2027",
            "target_minimum": "3,6",
            "due_on": "2025-12-31",
        },
    )
    decision = Decision.objects.get(meeting=meeting)
    assert decision.follow_ups.get().kind == FollowUpKind.TARGET
    page = admin.get(f"/rakorda/{meeting.pk}/").content.decode()
    assert "Indeks SPBE Kabupaten" in page and 'data-testid="snapshot-info"' in page
    assert admin.get(f"/rakorda/{meeting.pk}/bandingkan/").status_code == 200

    dashboard = client_for(other_operator).get("/").content.decode()
    assert 'data-testid="owed"' in dashboard and "Indeks SPBE Kabupaten" in dashboard


def test_a_half_filled_plan_target_is_refused_and_records_nothing(meeting: Any, province_admin: Any) -> None:
    response = client_for(province_admin).post(
        f"/rakorda/{meeting.pk}/kesepakatan/",
        {"text": "Target", "bound": ["64.02"], "target_region": "64.02", "target_year": "2027"},
        follow=True,
    )
    assert meeting.decisions.count() == 0
    assert "all four" in response.content.decode() or "keempatnya" in response.content.decode()


def test_the_responsible_regency_uploads_its_evidence_and_the_province_confirms(
    meeting: Any, province_admin: Any, other_operator: Any
) -> None:
    from selaras.meetings import services

    decision = services.decision_record(actor=province_admin, meeting=meeting, text="SOP", bound=["64.02"])
    follow_up = services.followup_add(
        actor=province_admin,
        decision=decision,
        region_code="64.02",
        text="SOP CSIRT",
        due_on=date(2025, 8, 1),
    )
    kukar = client_for(other_operator)
    from django.core.files.uploadedfile import SimpleUploadedFile

    kukar.post(
        f"/rakorda/tindak-lanjut/{follow_up.pk}/selesai/",
        {"note": "SK", "evidence": SimpleUploadedFile("sk.pdf", minimal_pdf("SK"), "application/pdf")},
    )
    follow_up.refresh_from_db()
    assert follow_up.claimed_at is not None and follow_up.evidence_file_name == "sk.pdf"
    download = kukar.get(f"/rakorda/tindak-lanjut/{follow_up.pk}/bukti.pdf")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client_for(province_admin).post(f"/rakorda/tindak-lanjut/{follow_up.pk}/konfirmasi/", {"accept": "yes"})
    follow_up.refresh_from_db()
    assert follow_up.confirmed_at is not None


def test_a_file_that_is_not_a_pdf_is_refused_as_evidence(
    meeting: Any, province_admin: Any, other_operator: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from selaras.meetings import services

    decision = services.decision_record(actor=province_admin, meeting=meeting, text="SOP", bound=["64.02"])
    follow_up = services.followup_add(
        actor=province_admin, decision=decision, region_code="64.02", text="SOP CSIRT", due_on=None
    )
    client_for(other_operator).post(
        f"/rakorda/tindak-lanjut/{follow_up.pk}/selesai/",
        {"note": "SK", "evidence": SimpleUploadedFile("sk.pdf", b"not a pdf", "application/pdf")},
    )
    follow_up.refresh_from_db()
    assert follow_up.claimed_at is None


def test_the_berita_acara_daftar_hadir_and_register_download_for_the_province(
    meeting: Any, province_admin: Any, regency_viewer: Any, outsider: Any
) -> None:
    from selaras.meetings import services

    services.participant_add(
        actor=province_admin,
        meeting=meeting,
        region_code="64.02",
        name="Kadis Kukar",
        position="Kepala Dinas",
    )
    services.decision_record(actor=province_admin, meeting=meeting, text="Sepakat", bound=["64", "64.02"])
    viewer = client_for(regency_viewer)
    pdf = viewer.get(f"/rakorda/{meeting.pk}/berita-acara.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert viewer.get(f"/rakorda/{meeting.pk}/daftar-hadir.pdf").content.startswith(b"%PDF")
    assert viewer.get(f"/rakorda/{meeting.pk}/register.xlsx").content.startswith(b"PK")
    assert client_for(outsider).get(f"/rakorda/{meeting.pk}/berita-acara.pdf").status_code == 404


def test_a_pks_recorded_at_the_meeting_links_back_to_it(
    meeting: Any, kukar_agreement: Any, province_admin: Any
) -> None:
    from selaras.meetings import services

    services.decision_record(
        actor=province_admin, meeting=meeting, text="PKS", bound=["64", "64.02"], agreement=kukar_agreement
    )
    page = client_for(province_admin).get(f"/pks/{kukar_agreement.pk}/").content.decode()
    assert 'data-testid="agreement-meetings"' in page and meeting.title in page


def test_the_api_gives_the_follow_ups_with_their_computed_status_and_lets_the_regency_mark_its_own(
    meeting: Any, province_admin: Any, other_operator: Any, operator: Any, outsider: Any
) -> None:
    from selaras.meetings import services

    decision = services.decision_record(actor=province_admin, meeting=meeting, text="SOP", bound=["64.02"])
    follow_up = services.followup_add(
        actor=province_admin,
        decision=decision,
        region_code="64.02",
        text="SOP CSIRT",
        due_on=date(2020, 1, 1),
    )
    kukar = client_for(other_operator)
    listed = kukar.get("/api/v1/meetings/follow-ups/?responsible=64.02").json()
    assert [(r["id"], r["status"]) for r in listed["results"]] == [(follow_up.pk, "overdue")]
    assert (
        client_for(operator)
        .post(f"/api/v1/meetings/follow-ups/{follow_up.pk}/done/", {"note": "x"})
        .status_code
        == 403
    )
    done = kukar.post(f"/api/v1/meetings/follow-ups/{follow_up.pk}/done/", {"note": "SK Bupati"})
    assert done.json()["status"] == "awaiting"
    confirmed = client_for(province_admin).post(
        f"/api/v1/meetings/follow-ups/{follow_up.pk}/confirm/",
        {"accept": True},
        content_type="application/json",
    )
    assert confirmed.json()["status"] == "done"
    detail = kukar.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert detail["decisions"][0]["number"] == 1 and detail["follow_ups"][0]["status"] == "done"
    assert client_for(outsider).get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404


def test_another_province_sees_no_meeting_and_owes_nothing(meeting: Any, outsider: Any) -> None:
    outside = client_for(outsider)
    assert meeting.title not in outside.get("/rakorda/").content.decode()
    assert outside.get("/api/v1/meetings/").json()["results"] == []
    assert outside.get("/api/v1/meetings/follow-ups/").json()["results"] == []
