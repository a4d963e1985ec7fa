"""Shared fixtures: the official regions of Kaltim (and a slice of Aceh, as another province), and personas.

Personas, one per role, each in a region:
- `province_admin` (64), `province_viewer` (64): Diskominfo Kaltim;
- `operator` and `regency_viewer` (64.01, Kabupaten Paser);
- `other_operator` (64.02, Kabupaten Kutai Kartanegara), who must not change Paser's data;
- `outsider` (11, provincial administrator of Aceh), who must see none of Kaltim's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from selaras.accounts.models import Role, User
from selaras.core.regions_data import iter_official_regions
from selaras.regions.services import regions_load, regions_load_shipped

# Tasks run inline, in the test's own transaction (the database worker closes the connection it is given, which a
# test transaction on PostgreSQL cannot survive). `QUEUES: []` lets every queue of selaras.jobs.queues through.
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}

PASSWORD = "correct-horse-battery-staple"
ASIDE_PROVINCE = "11"
ASIDE_DISTRICT = "11.01.01"


@pytest.fixture(autouse=True)
def _no_cached_parts_from_other_tests() -> Any:
    """Parts of pages are cached by write stamp (selaras.web.caching); a rolled-back test leaves its stamp value
    to the next test, so each test starts with an empty cache."""
    from selaras.web.caching import parts_forget

    parts_forget()
    yield
    parts_forget()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is slow on purpose; tests that are about hashing itself (tests/web/test_security.py) restore it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings: Any, tmp_path: Any) -> None:
    settings.FILES_DIR = tmp_path / "files"
    default = {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "files"}}
    settings.STORAGES = {**settings.STORAGES, "default": default}


def regions_for_tests_load() -> None:
    """Kaltim and the slice of Aceh every test sees (again after a test that flushes the database)."""
    regions_load_shipped(province="64")
    aceh = [
        r
        for r in iter_official_regions(province=ASIDE_PROVINCE)
        if r.code.count(".") < 2 or r.code.startswith(ASIDE_DISTRICT)
    ]
    regions_load(rows=aceh, scope=ASIDE_PROVINCE)


@pytest.fixture
def flushed_afterwards(django_db_blocker: Any) -> Any:
    """Request it before `transactional_db` (a test that commits, e.g. for pg_dump or the SQLite backup API):
    the flush that follows empties the regions every other test expects, so they are loaded again."""
    yield
    with django_db_blocker.unblock():
        regions_for_tests_load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        regions_for_tests_load()


def _make_user(username: str, role: Role | None, region: str | None, superuser: bool = False) -> User:
    user = User(
        username=username, role=role or "", region_id=region, is_superuser=superuser, is_staff=superuser
    )
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    return _make_user


@pytest.fixture
def province_admin(db: Any) -> User:
    return _make_user("admin.kaltim", Role.PROVINCE_ADMIN, "64")


@pytest.fixture
def province_viewer(db: Any) -> User:
    return _make_user("viewer.kaltim", Role.PROVINCE_VIEWER, "64")


@pytest.fixture
def operator(db: Any) -> User:
    return _make_user("operator.paser", Role.REGENCY_OPERATOR, "64.01")


@pytest.fixture
def regency_viewer(db: Any) -> User:
    return _make_user("viewer.paser", Role.REGENCY_VIEWER, "64.01")


@pytest.fixture
def other_operator(db: Any) -> User:
    return _make_user("operator.kukar", Role.REGENCY_OPERATOR, "64.02")


@pytest.fixture
def outsider(db: Any) -> User:
    return _make_user("admin.aceh", Role.PROVINCE_ADMIN, "11")


@pytest.fixture
def superuser(db: Any) -> User:
    return _make_user("root", None, None, superuser=True)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
