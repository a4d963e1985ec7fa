"""The labelled sample scenario: a signed village-internet agreement between Kaltim (64) and Kabupaten Paser
(64.01), 2025-2029, with invented document numbers and one-page sample PDFs marked CONTOH. Its coverage is
computed from whatever connectivity records exist (the connectivity sample, if loaded). The regency's site
readiness and its 2025 status reports are recorded as fulfilled; the local operator obligation is left open, so
it shows as late."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from selaras.agreements import documents, services
from selaras.agreements.models import Agreement, Measure, ObligationStatus
from selaras.regions.models import Region

SAMPLE_REGENCY = "64.01"


@transaction.atomic
def ensure_sample() -> str:
    if Agreement.objects.filter(is_sample=True).exists():
        return ""
    regency = Region.objects.filter(code=SAMPLE_REGENCY).first()
    if regency is None:
        return ""
    agreement = services.agreement_village_internet_draft(
        actor=None, regency=regency, starts_on=date(2025, 1, 1), years=5, is_sample=True
    )
    agreement.title = f"[CONTOH] {agreement.title}"
    agreement.save()
    for party, number, signatory in zip(
        agreement.parties.order_by("position"),
        ("CONTOH/000.5.4/001/DKISP-KT/2025", "CONTOH/100.3.7/002/DISKOMINFO-PSR/2025"),
        ("CONTOH Kepala Dinas Kominfo Provinsi", "CONTOH Kepala Dinas Kominfo Kabupaten"),
        strict=True,
    ):
        services.party_sign(
            actor=None,
            party=party,
            document_number=number,
            signatory=signatory,
            signed_on=date(2025, 1, 15),
            data=documents.minimal_pdf(f"CONTOH / SAMPLE - PKS {number}"),
            file_name=f"CONTOH-PKS-{party.region_id}.pdf",
        )
    first = agreement.obligations.filter(year=2025, measure=Measure.DELIVERABLE).order_by("due_on", "pk")
    readiness = first.first()
    if readiness is not None:
        services.obligation_update(
            actor=None,
            obligation=readiness,
            status=ObligationStatus.FULFILLED,
            note="CONTOH: berita acara kesiapan lokasi (data contoh).",
            data=documents.minimal_pdf("CONTOH / SAMPLE - Berita acara kesiapan lokasi"),
            file_name="CONTOH-kesiapan-lokasi.pdf",
        )
    reports = (
        agreement.obligations.filter(year=2025, measure=Measure.DELIVERABLE).order_by("-due_on", "pk").first()
    )
    if reports is not None and reports != readiness:
        services.obligation_update(
            actor=None,
            obligation=reports,
            status=ObligationStatus.FULFILLED,
            note="CONTOH: laporan status triwulan I-IV 2025 (data contoh).",
        )
    return "Sample cooperation agreement (PKS) Kaltim - Paser, village internet 2025-2029 (labelled CONTOH)"
