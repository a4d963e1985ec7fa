"""Upload previews (issue 11) in the isolation matrix.

A kept upload belongs to the person who sent it (the target region's subject account here): no persona of the
matrix is that person, so everyone is refused its marked-up copy, the superuser included (tests/uploads shows
the uploader gets it)."""

from __future__ import annotations

from selaras.accounts.models import User
from selaras.uploads.services import upload_keep
from tests.access.rules import Case


def nobody(persona: str, target: str) -> bool:
    return False


CASES: dict[str, Case] = {
    "uploads:marked": Case(nobody),
}


def make_objects(region: str, subject: User) -> dict[str, str]:
    kept = upload_keep(
        user=subject,
        data=b"nama;lat;lng\nA;-1;117\n",
        file_name="titik.csv",
        purpose="matrix",
        region_code=region,
    )
    return {"token": kept.token}
