"""Bring a database to the state Selaras runs on: migrations, the default province's regions, and (for the demo
only) demo accounts and sample data. Shared by `selaras start` and `selaras serve`."""

from __future__ import annotations

from typing import TextIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from selaras.regions.models import Region
from selaras.regions.services import regions_load_shipped
from selaras.web.demo import DEMO_PASSWORD, demo_accounts_ensure, demo_accounts_still_open, sample_data_ensure

UNAPPLIED = "{count} database migrations are not applied; run `selaras migrate` first (or serve without --check-migrations)"
NO_DEMO = (
    "No demo accounts or sample data (production settings: SELARAS_HTTPS=1, SELARAS_DEMO=0 or --no-demo).\n"
    "Create the first administrator with `selaras createsuperuser`, sign in, and add the province's accounts "
    "at /akun/baru/."
)

DEMO_STILL_OPEN = (
    "WARNING: demo accounts still sign in with the published demo password: {usernames}. "
    "Deactivate them or set new passwords (/akun/, or `selaras changepassword USERNAME`)."
)


def migrations_unapplied() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def installation_prepare(*, out: TextIO, demo: bool, migrate: bool = True) -> None:
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    if migrate:
        call_command("migrate", interactive=False, verbosity=0)
    elif count := migrations_unapplied():
        raise CommandError(UNAPPLIED.format(count=count))
    call_command("createcachetable", verbosity=0)  # only does something for SELARAS_CACHE_URL=db://
    province = settings.DEFAULT_PROVINCE
    if not Region.objects.filter(code=province).exists():
        out.write(f"Loading the official regions of province {province}...\n")
        report = regions_load_shipped(province=province)
        out.write(f"  {report.created} regions, {report.boundaries} boundaries\n")
    if not demo:
        out.write(NO_DEMO + "\n")
        if open_accounts := demo_accounts_still_open():
            out.write(DEMO_STILL_OPEN.format(usernames=", ".join(open_accounts)) + "\n")
        return

    accounts = demo_accounts_ensure()
    for description in sample_data_ensure():
        out.write(f"SAMPLE data loaded: {description}\n")
    out.write(f"\nDEMO accounts (for trying Selaras only), password for all: {DEMO_PASSWORD}\n")
    for account in accounts:
        role = "installation administrator" if account.superuser else account.role.label
        out.write(f"  {account.username:<16} {role} {account.region_code or ''}\n")
