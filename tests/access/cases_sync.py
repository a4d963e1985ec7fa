"""Synchronization (issue 5) in the isolation matrix.

The report is the province's shared analysis (`reads_region`); runs are started by the provincial
administrators (`province_admin_of`); a proposal between the province and the target regency is answered by the
writers of a party (the regency's operators and the province's administrators: `writes_region`)."""

from __future__ import annotations

from selaras.accounts.models import Role, User
from selaras.sync.models import IrisanProposal, SyncRun
from tests.access.rules import PERSONAS, Case, province_admin_of, reads_region, signed_in


def _within(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(ancestor + ".")


def writes_region(persona: str, target: str) -> bool:
    role, region, superuser = PERSONAS[persona]
    if superuser:
        return True
    return (
        role in (Role.PROVINCE_ADMIN, Role.REGENCY_OPERATOR)
        and region is not None
        and _within(target, region)
    )


CASES: dict[str, Case] = {
    "sync:home": Case(signed_in, allowed_statuses=(302, 404)),
    "sync:report": Case(reads_region),
    "sync:print": Case(reads_region),
    "sync:export": Case(reads_region),
    "sync:region": Case(reads_region),
    "sync:start": Case(province_admin_of, ("POST",), lambda w: {"start_year": "2026", "end_year": "2026"}),
    "sync:run": Case(reads_region),
    "sync:run_confirm": Case(
        province_admin_of, ("POST",), lambda w: {"fingerprint": ""}, allowed_statuses=(302,)
    ),
    "sync:answer": Case(writes_region, ("POST",), lambda w: {"answer": "accepted", "reason": "Matrix"}),
    "sync:agreement": Case(writes_region, ("POST",)),
    "api:sync-run-list": Case(signed_in),
    "api:sync-run-detail": Case(reads_region),
    "api:sync-run-start": Case(
        province_admin_of,
        ("POST",),
        lambda w: {"region": w.region.split(".")[0], "start_year": 2026, "end_year": 2026},
    ),
    "api:sync-proposal-list": Case(signed_in),
    "api:sync-proposal-detail": Case(reads_region),
    "api:sync-proposal-answer": Case(
        writes_region, ("POST",), lambda w: {"answer": "accepted", "reason": "Matrix"}
    ),
}


def make_objects(region: str, subject: User) -> dict[str, str]:
    province = region.split(".")[0]
    # One run per province (the latest is the only one answered), holding a proposal for each target region.
    run = SyncRun.objects.filter(region_id=province).first() or SyncRun.objects.create(
        region_id=province, start_year=2026, end_year=2026
    )
    proposal = IrisanProposal.objects.create(
        run=run,
        region_id=province,
        row_a="P1",
        row_b="R1",
        party_a_id=province,
        party_b_id=region,
        kind="kolaborasi",
        score=0.5,
        reason_id="Kolaborasi",
        reason_en="Collaboration",
    )
    return {"region_code": province, "run_id": str(run.pk), "proposal_id": str(proposal.pk)}
