"""The user guide (issue 16, item 6) in the isolation matrix: it holds no data, so everyone signed in reads every
role's guide and its pictures; signed-out visitors are sent to sign in."""

from __future__ import annotations

from selaras.accounts.models import User
from tests.access.rules import Case, signed_in

CASES: dict[str, Case] = {
    "guide:index": Case(signed_in),
    "guide:role": Case(signed_in),
    "guide:screenshot": Case(signed_in),  # a placeholder picture until the browser tests write one
}


def make_objects(region: str, subject: User) -> dict[str, str]:
    return {"slug": "operator-kabkota", "shot": "unggah"}
