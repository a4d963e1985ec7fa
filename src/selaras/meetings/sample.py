"""The SAMPLE meeting for `selaras start`: the Rakorda of 15 May 2025 in Tenggarong (theme from the news), with
invented participants (offices, not people), the sample synchronization run frozen as presented, and four
decisions: an irisan to pursue, the sample village-internet PKS carried out, a target Kutai Kartanegara must raise
in its plan, and a CSIRT procedure Paser marks done with evidence. Labelled CONTOH everywhere it shows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import translation

from selaras.agreements.models import Agreement
from selaras.meetings import services
from selaras.meetings.models import Attendance, Meeting
from selaras.regions.models import Region
from selaras.sync.models import SyncRun

PROVINCE = "64"
HOST = "64.02"  # Tenggarong is the seat of Kutai Kartanegara
TITLE = "[CONTOH] Rapat Koordinasi Daerah Diskominfo se-Kalimantan Timur 2025"
THEME = "Konektivitas Infrastruktur Jaringan dalam Mewujudkan Generasi Emas Kaltim 2025-2030"
AGENDA = (
    ("Pembukaan dan arahan Gubernur", ""),
    (
        "Paparan hasil sinkronisasi program Diskominfo provinsi dan kabupaten/kota",
        "Hasil sinkronisasi (CONTOH)",
    ),
    ("Penandatanganan Perjanjian Kerja Sama internet desa", ""),
    ("Perumusan kesepakatan dan tindak lanjut", ""),
)


@transaction.atomic
def ensure_sample() -> str:
    # The texts the services write (follow-ups, reasons) are stored as written: in Indonesian, the interface's
    # default, whatever language the command runs in.
    with translation.override("id"):
        return _ensure_sample()


def _ensure_sample() -> str:
    if Meeting.objects.filter(is_sample=True).exists():
        return ""
    run = SyncRun.objects.filter(is_sample=True, region_id=PROVINCE).first()
    if run is None or not Region.objects.filter(code=HOST).exists():
        return ""  # the sample plans and run are not there (another province installed)
    meeting = services.meeting_create(
        actor=None,
        province_code=PROVINCE,
        title=TITLE,
        theme=THEME,
        date=date(2025, 5, 15),
        place="Tenggarong",
        host_code=HOST,
        is_sample=True,
    )
    regions = (
        Region.objects.within(PROVINCE).active().filter(level__in=["province", "regency"]).order_by("code")
    )
    for number, region in enumerate(regions):
        represented = number % 4 == 3
        services.participant_add(
            actor=None,
            meeting=meeting,
            region_code=region.code,
            name=f"CONTOH Kepala Diskominfo {region.name}",
            position=f"Kepala Dinas Komunikasi dan Informatika {region.name}",
            attendance=Attendance.REPRESENTED if represented else Attendance.PRESENT,
            represented_by="CONTOH Sekretaris Dinas" if represented else "",
        )
    for title, notes in AGENDA:
        services.agenda_add(actor=None, meeting=meeting, title=title, notes=notes)
    meeting = services.run_attach(actor=None, meeting=meeting, run=run)
    proposal = run.proposals.filter(party_b_id=HOST).first() or run.proposals.first()
    if proposal is not None:
        services.decision_record(
            actor=None,
            meeting=meeting,
            text="Program irisan yang dipaparkan ditindaklanjuti bersama oleh kedua pemerintah (CONTOH).",
            bound=[proposal.party_a_id, proposal.party_b_id],
            proposal=proposal,
            due_on=date(2025, 9, 30),
        )
    agreement = Agreement.objects.filter(is_sample=True, kind="village_internet").first()
    if agreement is not None:
        services.decision_record(
            actor=None,
            meeting=meeting,
            text="PKS internet desa gratis 2025-2029 dilaksanakan; seluruh desa terkoneksi (CONTOH).",
            bound=list(agreement.parties.values_list("region_id", flat=True)),
            agreement=agreement,
            due_on=date(2025, 6, 30),
        )
    services.decision_record(
        actor=None,
        meeting=meeting,
        text=(
            "Kabupaten Kutai Kartanegara menaikkan target Indeks SPBE Kabupaten tahun 2027 menjadi paling sedikit "
            "3,6 dalam RPJMD-nya (CONTOH)."
        ),
        bound=[HOST],
        target=services.PlanTarget(HOST, "KKR-P03-I1", 2027, Decimal("3.6")),
        due_on=date(2025, 12, 31),
    )
    csirt = services.decision_record(
        actor=None,
        meeting=meeting,
        text="Setiap kabupaten/kota menetapkan SOP penanganan insiden siber (CSIRT) (CONTOH).",
        bound=["64.01"],
    )
    services.followup_add(
        actor=None,
        decision=csirt,
        region_code="64.01",
        text="SOP CSIRT Kabupaten Paser ditetapkan (CONTOH)",
        due_on=date(2025, 9, 30),
    )
    return "Sample Rakorda 15 May 2025, Tenggarong: 4 decisions and their follow-ups (labelled CONTOH)"
