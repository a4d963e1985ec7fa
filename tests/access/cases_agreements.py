"""Cooperation agreements (issue 6) in the isolation matrix.

An agreement belongs to its parties' regions. The one made in each target region is a draft between the
target's province and the target regency, so the rules are: reading it (detail, print, export, obligations,
documents) is `reads_private` of the target (party users and the province's administrators, and the province's
own users as party); every write is for the writers of a party region, which for these personas is
`writes_region` of the target. Lists and monitoring are for everyone signed in (cut down to what they see).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from selaras.accounts.models import Role, User
from selaras.agreements import documents, services
from selaras.agreements.models import Measure, Obligation
from selaras.regions.models import Region
from tests.access.rules import PERSONAS, Case, World, province_admin_of, reads_private, signed_in


def _within(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(ancestor + ".")


def writes_region(persona: str, target: str) -> bool:
    """Operators and provincial administrators write inside their own region; viewers never; superusers all."""
    role, region, superuser = PERSONAS[persona]
    if superuser:
        return True
    return (
        role in (Role.PROVINCE_ADMIN, Role.REGENCY_OPERATOR)
        and region is not None
        and _within(target, region)
    )


def _pdf(name: str = "signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, documents.minimal_pdf("matrix"), "application/pdf")


def _new(world: World) -> dict[str, Any]:
    return {"regency": world.region, "starts_on": "2026-01-01", "years": "2"}


def _new_general(world: World) -> dict[str, Any]:
    return {
        "title": "PKS statistik sektoral",
        "parties": [world.region.split(".")[0], world.region],
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        "scope": "",
    }


def _obligation_add(world: World) -> dict[str, Any]:
    return {
        "party": world.values["party_id"],
        "year": "2026",
        "title": "Portal Satu Data",
        "indicator": "",
        "cost_share_idr": "100000000",
        "due_on": "2026-09-30",
    }


def _sign(world: World) -> dict[str, Any]:
    return {
        "document_number": f"PKS/{uuid.uuid4().hex[:6]}",
        "signatory": "Kepala Dinas",
        "signed_on": "2026-01-05",
        "document": _pdf(),
    }


def _amend(world: World) -> dict[str, Any]:
    return {"number": "ADD/1", "signed_on": "2026-02-01", "summary": "Tambahan desa"}


def _obligation(world: World) -> dict[str, Any]:
    return {"status": "in_progress", "note": "Sedang disiapkan", "evidence": _pdf("bukti.pdf")}


CASES: dict[str, Case] = {
    "agreements:list": Case(signed_in),
    "agreements:monitoring": Case(signed_in),
    "agreements:reminders_read": Case(signed_in, ("POST",)),
    "agreements:reminders_send": Case(province_admin_of, ("POST",), lambda w: {"region": w.region}),
    "agreements:new": Case(writes_region, ("GET", "POST"), _new, get_targets_own_region=True),
    "agreements:new_general": Case(writes_region, ("GET", "POST"), _new_general, get_targets_own_region=True),
    "agreements:obligation_add": Case(writes_region, ("POST",), _obligation_add),
    "agreements:detail": Case(reads_private),
    "agreements:print": Case(reads_private),
    "agreements:export": Case(reads_private),
    "agreements:sign": Case(writes_region, ("POST",), _sign),
    "agreements:amend": Case(writes_region, ("POST",), _amend),
    "agreements:terminate": Case(writes_region, ("POST",), lambda w: {"reason": "Matrix"}),
    "agreements:obligation": Case(reads_private),
    "agreements:obligation_update": Case(writes_region, ("POST",), _obligation),
    "agreements:document": Case(reads_private),
    "api:agreement-list": Case(signed_in),
    "api:agreement-detail": Case(reads_private),
    "api:agreement-obligation-list": Case(signed_in),
    "api:agreement-obligation-detail": Case(reads_private),
}


def make_objects(region: str, subject: User) -> dict[str, str]:
    province = region.split(".")[0]
    village = (
        Region.objects.within(region)
        .active()
        .filter(level="village")
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    agreement = services.agreement_create(
        actor=None,
        title=f"PKS {region}",
        party_codes=[province, region],
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    regency_party = agreement.parties.get(region_id=region)
    province_party = agreement.parties.get(region_id=province)
    obligation = Obligation.objects.create(
        agreement=agreement,
        party=regency_party,
        region_id=region,
        year=2026,
        title="Kesiapan lokasi",
        measure=Measure.DELIVERABLE,
        due_on=date(2026, 3, 31),
    )
    Obligation.objects.create(
        agreement=agreement,
        party=province_party,
        region_id=province,
        year=2026,
        title="Layanan internet desa",
        measure=Measure.VILLAGES,
        village_codes=[village] if village else [],
        due_on=date(2026, 12, 31),
    )
    stored = documents.store(documents.minimal_pdf("matrix evidence"))
    document = agreement.documents.create(
        kind="evidence",
        obligation=obligation,
        region_id=region,
        file_name="bukti.pdf",
        stored_name=stored.stored_name,
        size_bytes=stored.size_bytes,
        sha256=stored.sha256,
    )
    return {
        "agreement_id": str(agreement.pk),
        "party_id": str(regency_party.pk),
        "obligation_id": str(obligation.pk),
        "document_id": str(document.pk),
    }
