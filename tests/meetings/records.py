"""A meeting record as the meetings app would hand it to the documents: the 15 May 2025 Rakorda in Tenggarong."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from selaras.core.meetings.record import AgendaItem, Decision, FollowUp, MeetingRecord, Participant

PROVINCE = "Pemerintah Provinsi Kalimantan Timur"
KUKAR = "Pemerintah Kabupaten Kutai Kartanegara"
PASER = "Pemerintah Kabupaten Paser"
SAMARINDA = "Pemerintah Kota Samarinda"


def rakorda(*, language: str = "id", is_sample: bool = True, **changes: object) -> MeetingRecord:
    record = MeetingRecord(
        title="Rapat Koordinasi Daerah Kalimantan Timur 2025",
        theme="Konektivitas Infrastruktur Jaringan dalam Mewujudkan Generasi Emas Kaltim 2025-2030",
        date=date(2025, 5, 15),
        place="Tenggarong",
        host="Provinsi Kalimantan Timur",
        host_code="64",
        participants=(
            Participant(PROVINCE, "64", "Dr. Hj. Sri Wahyuni", "Sekretaris Daerah Provinsi", "present"),
            Participant(PROVINCE, "64", "Muhammad Faisal", "Kepala Dinas Kominfo Provinsi", "present"),
            Participant(KUKAR, "64.02", "Edi Damansyah", "Bupati Kutai Kartanegara", "present"),
            Participant(
                PASER, "64.01", "Fahmi Fadli", "Bupati Paser", "represented", represented_by="Katsul Wijaya"
            ),
            Participant(SAMARINDA, "64.72", "Andi Harun", "Wali Kota Samarinda", "absent"),
        ),
        agenda=(
            AgendaItem(2, "Paparan hasil sinkronisasi RPJMD provinsi dan kabupaten/kota"),
            AgendaItem(1, "Pembukaan oleh Gubernur Kalimantan Timur", "Sambutan dan arahan"),
            AgendaItem(3, "Penandatanganan PKS internet desa"),
        ),
        decisions=(
            Decision(
                1,
                "Provinsi dan Kutai Kartanegara bersama-sama menindaklanjuti irisan program jaringan tulang punggung.",
                (PROVINCE, KUKAR),
                ("Irisan: Penyediaan jaringan tulang punggung (64 / 64.02)",),
            ),
            Decision(
                2,
                "PKS internet desa Provinsi - Paser 2025-2029 ditandatangani dalam rapat ini.",
                (PROVINCE, PASER),
                ("PKS CONTOH/000.5.4/001/DKISP-KT/2025",),
            ),
            Decision(
                3,
                "Kutai Kartanegara menaikkan target 2027 indikator persentase desa terhubung internet menjadi sekurang-kurangnya 85%.",
                (KUKAR,),
                ("RPJMD Kutai Kartanegara: indikator persentase desa terhubung internet, 2027",),
            ),
        ),
        follow_ups=(
            FollowUp(3, "Menaikkan target 2027 dalam RPJMD", KUKAR, date(2025, 9, 30), "Terbuka", ""),
            FollowUp(1, "Menyusun rencana bersama jaringan tulang punggung", PROVINCE, None, "Terbuka", ""),
            FollowUp(2, "Menandatangani PKS", PASER, date(2025, 5, 15), "Selesai", "PKS ditandatangani"),
        ),
        is_sample=is_sample,
        language=language,
    )
    return replace(record, **changes)  # type: ignore[arg-type]
