"""The access rules of issue 2, written out independently of `selaras.accounts.access`, and the shape of a
matrix case. Capabilities add their URLs in tests/access/cases_<app>.py using these rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from selaras.accounts.models import Role, User
from selaras.jobs.models import Job

# --- who -----------------------------------------------------------------------------------------------------

PERSONAS: dict[str, tuple[Role | None, str | None, bool]] = {
    "anonymous": (None, None, False),
    "province_admin": (Role.PROVINCE_ADMIN, "64", False),
    "province_viewer": (Role.PROVINCE_VIEWER, "64", False),
    "operator": (Role.REGENCY_OPERATOR, "64.01", False),
    "regency_viewer": (Role.REGENCY_VIEWER, "64.01", False),
    "other_province_admin": (Role.PROVINCE_ADMIN, "11", False),
    "superuser": (None, None, True),
}
# Where the thing asked for belongs: the operator's own regency, a neighbour in the province, another province.
TARGETS = {"own": "64.01", "neighbour": "64.02", "other_province": "11.01"}


def _province(code: str) -> str:
    return code.split(".")[0]


def _within(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(ancestor + ".")


# --- what each kind of URL allows (the rules of issue 2, written independently of the code) --------------------


def public(persona: str, target: str) -> bool:
    return True


def signed_in(persona: str, target: str) -> bool:
    return persona != "anonymous"


def reads_region(persona: str, target: str) -> bool:
    _role, region, superuser = PERSONAS[persona]
    return superuser or (region is not None and _province(region) == _province(target))


def reads_private(persona: str, target: str) -> bool:
    role, region, superuser = PERSONAS[persona]
    if superuser:
        return True
    if region is None:
        return False
    return _within(target, region) or (role == Role.PROVINCE_ADMIN and _province(region) == _province(target))


def province_admin_of(persona: str, target: str) -> bool:
    role, region, superuser = PERSONAS[persona]
    return superuser or (
        role == Role.PROVINCE_ADMIN and region is not None and _province(region) == _province(target)
    )


def superuser_only(persona: str, target: str) -> bool:
    return PERSONAS[persona][2]


@dataclass
class World:
    """Objects that belong to a target region, made fresh for each test."""

    region: str
    subject: User  # an account in the target region
    job: Job
    # URL parameters of objects that later capabilities make in the region (see tests/access/cases_*.py).
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    rule: Callable[[str, str], bool]
    methods: tuple[str, ...] = ("GET",)
    data: Callable[[World], dict[str, Any]] = field(default=lambda world: {})
    # A page or listing of one's own province (GET): its target is the persona's region; writes still target
    # the region named in the data they send.
    get_targets_own_region: bool = False
    query: dict[str, str] = field(default_factory=dict)  # GET parameters
    # What "allowed" looks like; a superuser asking the admin for a page that does not exist gets 404.
    allowed_statuses: tuple[int, ...] = (200, 201, 204, 302)


# Open data (selaras.opendata): the matrix publishes one dataset of Kaltim (64) and none of Aceh (11).
PUBLISHING_PROVINCES = ("64",)


def published_only(persona: str, target: str) -> bool:
    """Anyone, signed in or not, reads what the target's province has published; nobody (not even a superuser)
    reads through the public URLs what it has not."""
    return _province(target) in PUBLISHING_PROVINCES
