"""The public pages (issue 14) in the isolation matrix: anyone, signed in or not, reads every province's
public page and map; what they show is only what the province published (tests/public/test_no_leaks.py)."""

from __future__ import annotations

from selaras.accounts.models import User
from tests.access.rules import Case, public

CASES: dict[str, Case] = {
    "public:provinces": Case(public),
    "public:province": Case(public),
    "public:map": Case(public),
}


def make_objects(region: str, subject: User) -> dict[str, str]:
    return {"province_code": region.split(".")[0]}
