"""The village-internet agreement from draft to monitoring, through the pages, as the people who use it."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import override
from openpyxl import load_workbook

from selaras.accounts.models import User
from selaras.agreements import documents, selectors, services
from selaras.agreements.models import Agreement, Document, Measure, Obligation, Party, Reminder, Status
from selaras.connectivity import services as connectivity
from selaras.regions.models import Region
from tests.conftest import client_for

PASER = "64.01"


def _pdf(text: str = "PKS") -> SimpleUploadedFile:
    return SimpleUploadedFile("pks.pdf", documents.minimal_pdf(text), "application/pdf")


def _draft(admin: User, start: date = date(2026, 1, 1)) -> Agreement:
    response = client_for(admin).post(
        "/pks/baru/", {"regency": PASER, "starts_on": start.isoformat(), "years": "5"}
    )
    assert response.status_code == 302
    return Agreement.objects.latest("pk")


def _sign(user: User, agreement: Agreement, region: str, number: str = "PKS/1") -> Any:
    party = agreement.parties.get(region_id=region)
    return client_for(user).post(
        f"/pks/{agreement.pk}/pihak/{party.pk}/tanda-tangan/",
        {
            "document_number": number,
            "signatory": "Kepala Dinas",
            "signed_on": "2026-01-10",
            "document": _pdf(),
        },
    )


def _coverage_2026(agreement: Agreement) -> Any:
    views = selectors.obligation_views(agreement=agreement, today=timezone.localdate())
    return next(v for v in views if v.obligation.measure == Measure.VILLAGES and v.obligation.year == 2026)


def test_the_province_drafts_the_village_internet_template_for_every_desa(province_admin: User) -> None:
    agreement = _draft(province_admin)
    desa = Region.objects.within(PASER).filter(level="village", village_kind="desa", retired_at__isnull=True)
    assert agreement.status == Status.DRAFT and agreement.ends_on == date(2030, 12, 31)
    assert list(agreement.parties.values_list("region_id", flat=True)) == ["64", PASER]
    coverage = agreement.obligations.filter(measure=Measure.VILLAGES)
    assert coverage.count() == 5 and len(coverage.first().village_codes) == desa.count()
    titles = set(agreement.obligations.filter(party__region_id=PASER).values_list("title", flat=True))
    assert len(titles) == 3  # site readiness, local operator, status reports


def test_both_parties_sign_with_their_documents_and_the_agreement_is_signed(
    province_admin: User, operator: User
) -> None:
    agreement = _draft(province_admin)
    assert _sign(province_admin, agreement, "64", "PROV/1").status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Status.DRAFT
    assert _sign(operator, agreement, PASER, "PSR/2").status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Status.SIGNED and agreement.signed_on == date(2026, 1, 10)
    assert agreement.documents.filter(kind="signed").count() == 2
    assert sorted(agreement.parties.values_list("document_number", flat=True)) == ["PROV/1", "PSR/2"]


def test_a_regency_cannot_sign_for_the_province(province_admin: User, operator: User) -> None:
    agreement = _draft(province_admin)
    assert _sign(operator, agreement, "64").status_code == 403
    assert not agreement.parties.get(region_id="64").is_signed


def test_a_file_that_is_not_a_pdf_is_refused_in_indonesian_and_nothing_changes(province_admin: User) -> None:
    agreement = _draft(province_admin)
    party = agreement.parties.get(region_id="64")
    fake = SimpleUploadedFile("pks.pdf", b"MZ this is an executable", "application/pdf")
    response = client_for(province_admin).post(
        f"/pks/{agreement.pk}/pihak/{party.pk}/tanda-tangan/",
        {"document_number": "X", "signatory": "Y", "signed_on": "2026-01-10", "document": fake},
        follow=True,
    )
    assert "bukan dokumen PDF" in response.content.decode()
    assert not Party.objects.get(pk=party.pk).is_signed and not Document.objects.exists()


def test_fulfilment_moves_as_the_connectivity_records_change(province_admin: User, operator: User) -> None:
    agreement = _draft(province_admin, start=date(timezone.localdate().year, 1, 1))
    _sign(province_admin, agreement, "64")
    _sign(operator, agreement, PASER)
    village = Region.objects.get(
        code=agreement.obligations.filter(measure=Measure.VILLAGES).first().village_codes[0]
    )
    year = timezone.localdate().year
    views = selectors.obligation_views(agreement=agreement, today=timezone.localdate())
    first = next(v for v in views if v.obligation.measure == Measure.VILLAGES and v.obligation.year == year)
    assert first.coverage is not None and first.coverage.live_today == 0
    point = connectivity.access_point_create(
        village=village,
        status="live",
        status_since=date(year, 1, 1),
        facility="village_office",
        technology="leo",
    )
    views = selectors.obligation_views(agreement=agreement, today=timezone.localdate())
    first = next(v for v in views if v.obligation.pk == first.obligation.pk)
    assert first.coverage is not None and first.coverage.live_today == 1 and first.status == "in_progress"
    connectivity.access_point_status_set(access_point=point, status="down", effective_on=timezone.localdate())
    views = selectors.obligation_views(agreement=agreement, today=timezone.localdate())
    assert next(v for v in views if v.obligation.pk == first.obligation.pk).coverage.live_today == 0  # type: ignore[union-attr]
    page = client_for(operator).get(f"/pks/kewajiban/{first.obligation.pk}/")
    assert page.status_code == 200 and village.name in page.content.decode()


def test_a_late_obligation_appears_on_the_monitoring_page(province_admin: User, operator: User) -> None:
    agreement = _draft(province_admin, start=date(2026, 1, 1))
    _sign(province_admin, agreement, "64")
    _sign(operator, agreement, PASER)
    readiness = agreement.obligations.get(party__region_id=PASER, year=2026, due_on=date(2026, 3, 31))
    today = date(2026, 6, 1)
    data = selectors.monitoring_for_user(user=operator, today=today)
    assert readiness.pk in [v.obligation.pk for v in data.late]
    paser = next(r for r in data.scorecard if r.region.code == PASER)
    assert paser.late >= 1
    page = client_for(province_admin).get("/pks/pemantauan/").content.decode()
    assert 'data-testid="late"' in page and readiness.title in page  # today is past 31 March 2026 too


def test_evidence_makes_a_deliverable_fulfilled_and_not_late(province_admin: User, operator: User) -> None:
    agreement = _draft(province_admin)
    readiness = agreement.obligations.filter(party__region_id=PASER).order_by("due_on").first()
    assert readiness is not None
    response = client_for(operator).post(
        f"/pks/kewajiban/{readiness.pk}/perbarui/",
        {"status": "fulfilled", "note": "Berita acara", "evidence": _pdf("BA")},
    )
    assert response.status_code == 302
    readiness.refresh_from_db()
    assert readiness.status == "fulfilled" and readiness.documents.count() == 1
    assert selectors.effective_status(readiness, Status.ACTIVE, date(2029, 1, 1)) == "fulfilled"


def test_a_coverage_status_cannot_be_typed(province_admin: User) -> None:
    agreement = _draft(province_admin)
    coverage = agreement.obligations.filter(measure=Measure.VILLAGES).first()
    assert coverage is not None
    with pytest.raises(services.AgreementError):
        services.obligation_update(actor=province_admin, obligation=coverage, status="fulfilled", note="")


def test_another_regency_sees_neither_the_draft_nor_its_documents(
    province_admin: User, other_operator: User, operator: User
) -> None:
    agreement = _draft(province_admin)
    _sign(province_admin, agreement, "64")
    document = agreement.documents.get()
    kukar = client_for(other_operator)
    assert kukar.get(f"/pks/{agreement.pk}/").status_code == 404
    assert kukar.get(f"/pks/berkas/{document.pk}/").status_code == 404
    assert kukar.get(f"/api/v1/agreements/{agreement.pk}/").status_code == 404
    assert agreement.title not in kukar.get("/pks/").content.decode()
    assert client_for(operator).get(f"/pks/{agreement.pk}/").status_code == 200


def test_a_party_downloads_the_signed_document_as_a_pdf_attachment(
    province_admin: User, operator: User
) -> None:
    agreement = _draft(province_admin)
    _sign(province_admin, agreement, "64")
    response = client_for(operator).get(f"/pks/berkas/{agreement.documents.get().pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_summary_exports_as_xlsx_and_prints(province_admin: User) -> None:
    agreement = _draft(province_admin)
    response = client_for(province_admin).get(f"/pks/{agreement.pk}/ekspor/")
    book = load_workbook(io.BytesIO(response.content))
    assert response["Content-Disposition"].startswith("attachment")
    assert book.worksheets[0]["B1"].value == agreement.title
    assert book.worksheets[1].max_row > 100  # one row per desa and year
    printed = client_for(province_admin).get(f"/pks/{agreement.pk}/cetak/")
    assert printed.status_code == 200 and agreement.title in printed.content.decode()


def test_the_api_lists_agreements_with_computed_obligation_status(
    province_admin: User, operator: User
) -> None:
    agreement = _draft(province_admin)
    listing = client_for(operator).get("/api/v1/agreements/").json()
    assert [a["id"] for a in listing["results"]] == [agreement.pk]
    obligations = client_for(operator).get(f"/api/v1/agreement-obligations/?agreement={agreement.pk}").json()
    coverage = [o for o in obligations["results"] if o["measure"] == "villages"]
    assert len(coverage) == 5 and coverage[0]["villages_total"] > 0


def test_an_addendum_extends_the_period_and_the_history_keeps_the_old_end(
    province_admin: User, operator: User
) -> None:
    agreement = _draft(province_admin)
    _sign(province_admin, agreement, "64")
    _sign(operator, agreement, PASER)
    response = client_for(province_admin).post(
        f"/pks/{agreement.pk}/adendum/",
        {
            "number": "ADD/1",
            "signed_on": "2026-02-01",
            "summary": "Diperpanjang",
            "new_ends_on": "2031-12-31",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.ends_on == date(2031, 12, 31) and agreement.amendments.count() == 1
    assert date(2030, 12, 31) in set(agreement.history.values_list("ends_on", flat=True))


def test_reminders_reach_the_owing_party_once_and_by_mail_when_smtp_is_set(
    province_admin: User, operator: User, settings: Any
) -> None:
    settings.EMAIL_HOST = "smtp.example.test"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    operator.email = "operator@paser.example"
    operator.save()
    agreement = _draft(province_admin, start=date(2026, 1, 1))
    _sign(province_admin, agreement, "64")
    _sign(operator, agreement, PASER)
    first = services.reminders_refresh(today=date(2026, 6, 1))
    again = services.reminders_refresh(today=date(2026, 6, 1))
    assert first.created >= 1 and again.created == 0
    assert Reminder.objects.filter(user=operator, kind="late").exists()
    assert first.emailed >= 1 and mail.outbox[0].to == ["operator@paser.example"]
    page = client_for(operator).get("/pks/pemantauan/").content.decode()
    assert "Kewajiban terlambat:" in page
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", page)  # dates spelled out, never ISO
    assert re.search(r"jatuh tempo \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus)", page)
    with override("en"):
        assert selectors.reminder_text(Reminder.objects.filter(user=operator).first()).startswith(
            "Late obligation"
        )


def test_a_draft_from_an_irisan_names_the_bad_row_and_creates_nothing(province_admin: User) -> None:
    rows = [
        {"party_code": "64", "year": 2026, "title": "Layanan internet"},
        {"party_code": "64.02", "year": 2026, "title": "Kesiapan lokasi"},
    ]
    with pytest.raises(services.AgreementError, match="2"):
        services.agreement_draft_from_parties(
            actor=province_admin, parties=["64", PASER], title="Irisan", rows=rows
        )
    assert not Agreement.objects.exists()
    rows[1]["party_code"] = PASER
    rows[1]["indicator"] = "Persentase desa terkoneksi"
    agreement = services.agreement_draft_from_parties(
        actor=province_admin, parties=["64", PASER], title="Irisan", rows=rows
    )
    assert agreement.status == Status.DRAFT
    assert sorted(Obligation.objects.filter(agreement=agreement).values_list("measure", flat=True)) == [
        "deliverable",
        "indicator",
    ]


def test_a_regency_cannot_draft_an_agreement_between_others(other_operator: User) -> None:
    with pytest.raises(services.AgreementError):
        services.agreement_create(
            actor=other_operator,
            title="x",
            party_codes=["64", PASER],
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )


def test_a_viewer_sees_the_agreement_but_no_signing_form(province_admin: User, regency_viewer: User) -> None:
    agreement = _draft(province_admin)
    page = client_for(regency_viewer).get(f"/pks/{agreement.pk}/").content.decode()
    assert agreement.title in page and 'data-testid="sign-' not in page


def test_the_expiry_warning_lists_agreements_ending_within_90_days(
    province_admin: User, operator: User
) -> None:
    agreement = _draft(province_admin, start=date(2026, 1, 1))
    _sign(province_admin, agreement, "64")
    _sign(operator, agreement, PASER)
    soon = agreement.ends_on - timedelta(days=30)
    assert agreement in selectors.monitoring_for_user(user=operator, today=soon).expiring
    assert agreement not in selectors.monitoring_for_user(user=operator, today=date(2027, 1, 1)).expiring


def test_the_reminder_command_reports_what_it_made(province_admin: User, operator: User) -> None:
    from django.core.management import call_command

    agreement = _draft(province_admin, start=date(2026, 1, 1))
    _sign(province_admin, agreement, "64")
    _sign(operator, agreement, PASER)
    out = io.StringIO()
    call_command("agreements_remind", "--date", "2026-06-01", stdout=out)
    assert out.getvalue().startswith(str(Reminder.objects.count()))


def test_a_general_agreement_is_drafted_with_obligations_in_rupiah(
    province_admin: User, operator: User
) -> None:
    response = client_for(operator).post(
        "/pks/baru/umum/",
        {
            "title": "PKS Satu Data",
            "parties": ["64", PASER],
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(title="PKS Satu Data")
    party = agreement.parties.get(region_id=PASER)
    client_for(operator).post(
        f"/pks/{agreement.pk}/kewajiban/baru/",
        {
            "party": str(party.pk),
            "year": "2026",
            "title": "Portal data sektoral",
            "indicator": "Indeks Pembangunan Statistik",
            "indicator_target": "2.5",
            "cost_share_idr": "150000000",
            "due_on": "2026-10-31",
        },
    )
    obligation = agreement.obligations.get()
    assert obligation.measure == Measure.INDICATOR and obligation.cost_share_idr == 150_000_000


def test_a_year_outside_the_period_is_refused_with_a_clear_message(province_admin: User) -> None:
    agreement = _draft(province_admin)
    party = agreement.parties.get(region_id=PASER)
    before = agreement.obligations.count()
    page = client_for(province_admin).post(
        f"/pks/{agreement.pk}/kewajiban/baru/",
        {"party": str(party.pk), "year": "2040", "title": "x", "due_on": "2040-01-01"},
        follow=True,
    )
    assert "di luar jangka waktu" in page.content.decode() and agreement.obligations.count() == before


def test_an_agreement_needs_two_parties(operator: User) -> None:
    page = client_for(operator).post(
        "/pks/baru/umum/",
        {"title": "Sendiri", "parties": [PASER], "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    )
    assert "paling sedikit dua" in page.content.decode() and not Agreement.objects.exists()


def test_an_obligation_measured_by_a_plan_indicator_reads_its_realization(
    province_admin: User, operator: User
) -> None:
    from selaras.planning.models import Indicator, Plan, PlanElement

    plan = Plan.objects.create(region_id=PASER, start_year=2025, end_year=2029, status="submitted")
    element = PlanElement.objects.create(
        plan=plan, region_id=PASER, kode="2.16.03", level="program", uraian="P"
    )
    Indicator.objects.create(
        plan=plan,
        element=element,
        region_id=PASER,
        key="P1",
        uraian="P",
        indikator="Persentase desa terkoneksi",
        satuan="%",
        polaritas="positif",
        agregasi="",
        targets_by_year={"2026": "70"},
        realization_by_year={"2026": "75"},
    )
    response = client_for(operator).post(
        "/pks/baru/umum/",
        {
            "title": "PKS Indikator",
            "parties": ["64", PASER],
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
    )
    agreement = Agreement.objects.get(title="PKS Indikator")
    form_page = client_for(operator).get(f"/pks/{agreement.pk}/").content.decode()
    assert f"{PASER}|P1" in form_page
    party = agreement.parties.get(region_id=PASER)
    response = client_for(operator).post(
        f"/pks/{agreement.pk}/kewajiban/baru/",
        {
            "party": str(party.pk),
            "year": "2026",
            "title": "Desa terkoneksi",
            "plan_indicator": f"{PASER}|P1",
            "due_on": "2026-12-31",
        },
    )
    assert response.status_code == 302
    view = selectors.obligation_views(agreement=agreement, today=date(2026, 6, 1))[0]
    assert view.status == "fulfilled" and view.plan is not None and view.plan.realized == 75.0


def test_the_province_makes_the_reminders_from_the_monitoring_page(
    province_admin: User, operator: User
) -> None:
    agreement = _draft(province_admin, start=date(2026, 1, 1))
    _sign(province_admin, agreement, "64")
    _sign(operator, agreement, PASER)
    assert client_for(operator).post("/pks/pengingat/kirim/", {"region": PASER}).status_code == 403
    assert not Reminder.objects.exists()
    page = client_for(province_admin).post("/pks/pengingat/kirim/", {"region": "64"}, follow=True)
    assert Reminder.objects.filter(user=operator).exists() and "pengingat dibuat" in page.content.decode()
    listing = client_for(operator).get("/pks/").content.decode()
    assert 'data-testid="reminder-count"' in listing


def test_the_pages_speak_english_when_asked(province_admin: User) -> None:
    agreement = _draft(province_admin)
    client = client_for(province_admin)
    client.cookies["selaras_language"] = "en"
    page = client.get(f"/pks/{agreement.pk}/").content.decode()
    assert "Obligations" in page and "Record signature" in page


def test_a_document_sent_as_html_downloads_as_a_pdf_attachment_that_is_never_sniffed(
    province_admin: User, operator: User
) -> None:
    agreement = _draft(province_admin)
    party = agreement.parties.get(region_id="64")
    client_for(province_admin).post(
        f"/pks/{agreement.pk}/pihak/{party.pk}/tanda-tangan/",
        {
            "document_number": "PKS/1",
            "signatory": "Kepala Dinas",
            "signed_on": "2026-01-10",
            "document": SimpleUploadedFile("laporan.html", documents.minimal_pdf("PKS"), "text/html"),
        },
    )
    response = client_for(operator).get(f"/pks/berkas/{agreement.documents.get().pk}/")
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="laporan.pdf"'


def test_a_pdf_with_javascript_is_refused_at_signing_and_nothing_is_stored(province_admin: User) -> None:
    agreement = _draft(province_admin)
    party = agreement.parties.get(region_id="64")
    active = documents.minimal_pdf("PKS").replace(
        b"/Pages 2 0 R >>", b"/Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>", 1
    )
    response = client_for(province_admin).post(
        f"/pks/{agreement.pk}/pihak/{party.pk}/tanda-tangan/",
        {
            "document_number": "X",
            "signatory": "Y",
            "signed_on": "2026-01-10",
            "document": SimpleUploadedFile("pks.pdf", active, "application/pdf"),
        },
        follow=True,
    )
    assert "PDF ini berisi konten aktif (/JS, /JavaScript)" in response.content.decode()
    assert not Party.objects.get(pk=party.pk).is_signed and not Document.objects.exists()


def _paser_readiness(province_admin: User, operator: User) -> tuple[Obligation, Any]:
    """Paser's first obligation of a drafted agreement, and Paser's operator signed in."""
    agreement = _draft(province_admin)
    readiness = agreement.obligations.filter(party__region_id=PASER).order_by("due_on").first()
    assert readiness is not None
    return readiness, client_for(operator)


def test_after_saving_an_obligation_its_form_shows_the_status_saved(
    province_admin: User, operator: User
) -> None:
    readiness, client = _paser_readiness(province_admin, operator)
    client.post(f"/pks/kewajiban/{readiness.pk}/perbarui/", {"status": "in_progress", "note": "Mulai"})
    page = client.get(f"/pks/kewajiban/{readiness.pk}/").content.decode()
    selected = re.findall(r'<option value="(\w+)"[^>]*selected', page)
    assert selected == ["in_progress"]


def test_the_scorecard_counts_no_draft_as_it_says(province_admin: User) -> None:
    _draft(province_admin)
    data = selectors.monitoring_for_user(user=province_admin, today=date(2026, 6, 1))
    assert [(r.region.code, r.agreements, r.total) for r in data.scorecard if r.agreements or r.total] == []


def test_a_refused_obligation_save_keeps_the_status_chosen_and_stores_nothing(
    province_admin: User, operator: User
) -> None:
    readiness, client = _paser_readiness(province_admin, operator)
    seen = services.obligation_version(readiness)
    response = client.post(
        f"/pks/kewajiban/{readiness.pk}/perbarui/",
        {
            "status": "fulfilled",
            "note": "Selesai",
            "seen": seen,
            "evidence": SimpleUploadedFile("bukti.pdf", b"this is not a pdf"),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert re.findall(r'<option value="(\w+)"[^>]*selected', page) == ["fulfilled"]
    assert "Selesai" in page and "PDF" in page
    readiness.refresh_from_db()
    assert (readiness.status, readiness.note) == ("not_started", "")
