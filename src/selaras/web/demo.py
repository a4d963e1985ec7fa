"""Demo accounts for the embedded default. They exist to try Selaras; labelled as demo wherever printed."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.db import transaction

from selaras.accounts.models import Role, User
from selaras.regions.models import Region

DEMO_PASSWORD = "Selaras-Demo-2026"  # noqa: S105 -- published demo password, printed on start


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role | None
    region_code: str | None
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("admin.kaltim", "Demo Admin Diskominfo Kaltim", Role.PROVINCE_ADMIN, "64"),
    DemoAccount("viewer.kaltim", "Demo Pemantau Provinsi", Role.PROVINCE_VIEWER, "64"),
    DemoAccount("operator.paser", "Demo Operator Kab. Paser", Role.REGENCY_OPERATOR, "64.01"),
    DemoAccount("viewer.paser", "Demo Pemantau Kab. Paser", Role.REGENCY_VIEWER, "64.01"),
    DemoAccount("operator.kukar", "Demo Operator Kab. Kutai Kartanegara", Role.REGENCY_OPERATOR, "64.02"),
    DemoAccount("superadmin", "Demo Installation Administrator", None, None, superuser=True),
]


@transaction.atomic
def demo_accounts_ensure() -> list[DemoAccount]:
    """Create the demo accounts that are missing (their regions must be loaded); returns those available."""
    available = []
    known = set(
        Region.objects.filter(code__in=[a.region_code for a in DEMO_ACCOUNTS if a.region_code]).values_list(
            "code", flat=True
        )
    )
    for account in DEMO_ACCOUNTS:
        if account.region_code and account.region_code not in known:
            continue
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(
                username=account.username,
                first_name=account.full_name,
                role=account.role or "",
                region_id=account.region_code,
                is_superuser=account.superuser,
                is_staff=account.superuser,
            )
            user.set_password(DEMO_PASSWORD)
            user._change_reason = "demo account"
            user.save()
        available.append(account)
    return available


SAMPLE_APPS = [
    "selaras.planning",
    "selaras.connectivity",
    "selaras.agreements",
    "selaras.sync",
    "selaras.rollout",
    "selaras.opendata",
]


def sample_data_ensure() -> list[str]:
    """Load each capability's labelled sample scenario (module `<app>.sample`, function `ensure_sample()`
    returning a one-line description, or "" when it was already there). Returns the descriptions."""
    loaded = []
    for app in SAMPLE_APPS:
        try:
            module = importlib.import_module(f"{app}.sample")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.sample":
                raise
            continue
        description = module.ensure_sample()
        if description:
            loaded.append(description)
    return loaded


def demo_accounts_still_open() -> list[str]:
    """Usernames of active demo accounts that still sign in with the published password (an installation that
    began as a demo and went to production): `selaras serve` warns about them at every start."""
    users = User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS], is_active=True)
    return sorted(user.username for user in users if user.check_password(DEMO_PASSWORD))
