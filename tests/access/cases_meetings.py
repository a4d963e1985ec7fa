"""Coordination meetings (issue 13) in the isolation matrix.

A meeting belongs to its province: everyone signed in to the province reads it, its findings, decisions,
follow-ups and documents (`reads_region`); its provincial administrators write it (`province_admin_of`). A
follow-up is owed by the target region: its writers mark it done (`writes_region`), the province confirms it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from selaras.accounts.models import User
from selaras.agreements.documents import minimal_pdf
from selaras.meetings.models import Decision, FollowUp, FollowUpKind, Meeting
from selaras.sync.models import SyncRun
from selaras.uploads.services import stored_save
from tests.access.cases_agreements import writes_region
from tests.access.rules import Case, World, province_admin_of, reads_region, signed_in


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf("matrix"), "application/pdf")


def _meeting(world: World) -> dict[str, Any]:
    return {
        "title": "Rakorda",
        "theme": "",
        "date": "2026-05-15",
        "place": "Tenggarong",
        "host": world.region,
    }


CASES: dict[str, Case] = {
    "meetings:list": Case(signed_in),
    "meetings:create": Case(province_admin_of, ("GET", "POST"), _meeting, get_targets_own_region=True),
    "meetings:reminders_read": Case(signed_in, ("POST",)),
    "meetings:reminders_send": Case(province_admin_of, ("POST",), lambda w: {"region": w.region}),
    "meetings:detail": Case(reads_region),
    "meetings:compare": Case(reads_region),
    "meetings:participant_add": Case(
        province_admin_of,
        ("POST",),
        lambda w: {"region": w.region, "name": "Kadis", "position": "Kepala Dinas", "attendance": "present"},
    ),
    "meetings:agenda_add": Case(province_admin_of, ("POST",), lambda w: {"title": "Sinkronisasi"}),
    "meetings:run_attach": Case(province_admin_of, ("POST",), lambda w: {"run": w.values["meeting_run_id"]}),
    "meetings:decision_add": Case(
        province_admin_of, ("POST",), lambda w: {"text": "Sepakat", "bound": [w.region]}
    ),
    "meetings:signed_upload": Case(province_admin_of, ("POST",), lambda w: {"document": _pdf("ba.pdf")}),
    "meetings:signed_download": Case(reads_region),
    "meetings:berita_acara": Case(reads_region),
    "meetings:daftar_hadir": Case(reads_region),
    "meetings:register": Case(reads_region),
    "meetings:followup_add": Case(
        province_admin_of, ("POST",), lambda w: {"region": w.region, "text": "SOP", "due_on": "2026-09-30"}
    ),
    "meetings:followup": Case(reads_region),
    "meetings:followup_done": Case(writes_region, ("POST",), lambda w: {"note": "SK Bupati"}),
    "meetings:followup_confirm": Case(province_admin_of, ("POST",), lambda w: {"accept": "yes"}),
    "meetings:evidence": Case(reads_region),
    "api:meeting-list": Case(signed_in),
    "api:meeting-detail": Case(reads_region),
    "api:meeting-follow-up-list": Case(signed_in),
    "api:meeting-follow-up-detail": Case(reads_region),
    "api:meeting-follow-up-done": Case(writes_region, ("POST",), lambda w: {"note": "SK Bupati"}),
    "api:meeting-follow-up-confirm": Case(province_admin_of, ("POST",), lambda w: {"accept": True}),
}


def make_objects(region: str, subject: User) -> dict[str, str]:
    province = region.split(".")[0]
    run = SyncRun.objects.filter(region_id=province).first() or SyncRun.objects.create(
        region_id=province, start_year=2026, end_year=2026
    )
    meeting = Meeting.objects.create(
        region_id=province,
        title=f"Rakorda {region}",
        date=date(2026, 5, 15),
        place="Tenggarong",
        host_id=region,
        signed_file_name="ba.pdf",
        signed_stored_name=stored_save(minimal_pdf("ba"), folder="meetings", suffix=".pdf"),
    )
    decision = Decision.objects.create(
        meeting=meeting, region_id=province, number=1, text="Sepakat", bound=[region]
    )
    follow_up = FollowUp.objects.create(
        decision=decision,
        meeting=meeting,
        region_id=region,
        kind=FollowUpKind.MANUAL,
        text="SOP CSIRT",
        due_on=date(2026, 9, 30),
        evidence_note="SK",
        evidence_file_name="sk.pdf",
        evidence_stored_name=stored_save(minimal_pdf("sk"), folder="meetings", suffix=".pdf"),
        claimed_at=timezone.now(),
    )
    return {
        "meeting_id": str(meeting.pk),
        "decision_id": str(decision.pk),
        "followup_id": str(follow_up.pk),
        "meeting_run_id": str(run.pk),
    }
