"""The tenant-isolation matrix: every URL of the URL configuration, as every role, against its own region,
another regency of the same province and another province.

The expected outcome comes from the rules written out below, not from `selaras.accounts.access`, so a mistake in
the access module shows up here. A URL that is not in `CASES` fails `test_every_url_is_in_the_matrix`: a new page
or endpoint cannot land without saying who may use it. A denied write must leave the database unchanged.
"""

from __future__ import annotations

import importlib
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from selaras.accounts.models import Role, User
from selaras.jobs.models import Job
from tests.access.rules import (
    PERSONAS,
    TARGETS,
    Case,
    World,
    province_admin_of,
    public,
    reads_private,
    reads_region,
    signed_in,
    superuser_only,
)


def _account_form(world: World) -> dict[str, Any]:
    return {
        "full_name": "Renamed",
        "email": "",
        "role": "regency_viewer",
        "region": world.region,
        "is_active": "on",
    }


def _new_account(world: World) -> dict[str, Any]:
    return {
        "username": f"new.{uuid.uuid4().hex[:8]}",
        "full_name": "",
        "email": "",
        "role": "regency_viewer",
        "region": world.region,
        "password1": "a-long-enough-password",
        "password2": "a-long-enough-password",
    }


def _api_new_account(world: World) -> dict[str, Any]:
    return {
        "username": f"api.{uuid.uuid4().hex[:8]}",
        "password": "a-long-enough-password",
        "role": "regency_viewer",
        "region": world.region,
    }


ADMIN_DEFAULT = Case(superuser_only)

CASES: dict[str, Case] = {
    "web:dashboard": Case(signed_in),
    "set_language": Case(public, ("POST",), lambda w: {"language": "en", "next": "/"}),
    "accounts:login": Case(public),
    # Monitoring: no sign-in, JSON with part names and ages only; 503 while the worker and scheduler are absent.
    "healthz": Case(public, allowed_statuses=(200, 503)),
    "accounts:logout": Case(public, ("POST",)),
    "accounts:me": Case(signed_in),
    "accounts:token_renew": Case(signed_in, ("POST",)),
    "accounts:token_revoke": Case(signed_in, ("POST",)),
    "accounts:list": Case(province_admin_of, get_targets_own_region=True),
    "accounts:create": Case(province_admin_of, ("GET", "POST"), _new_account, get_targets_own_region=True),
    "accounts:edit": Case(province_admin_of, ("GET", "POST"), _account_form),
    "accounts:password": Case(
        province_admin_of,
        ("GET", "POST"),
        lambda w: {"password1": "another-long-password", "password2": "another-long-password"},
    ),
    "accounts:unlock": Case(province_admin_of, ("GET", "POST")),
    "regions:home": Case(signed_in),
    "regions:search": Case(signed_in),
    "regions:detail": Case(reads_region),
    "regions:load": Case(province_admin_of, ("GET",)),
    "audit:region": Case(province_admin_of),
    "audit:object": Case(province_admin_of),
    "jobs:detail": Case(reads_private),
    "jobs:status": Case(reads_private),
    "api-me": Case(signed_in),
    "api-schema": Case(signed_in),
    "api-docs": Case(signed_in),
    "api:api-root": Case(signed_in),
    "api:region-list": Case(signed_in),
    "api:region-search": Case(signed_in),
    "api:region-detail": Case(reads_region),
    "api:user-list": Case(province_admin_of, ("GET", "POST"), _api_new_account, get_targets_own_region=True),
    "api:user-detail": Case(province_admin_of, ("GET", "PATCH"), lambda w: {"full_name": "Renamed by API"}),
    "admin:login": Case(public),
    "admin:logout": Case(public, ("POST",)),
    "admin:autocomplete": Case(
        superuser_only, query={"app_label": "accounts", "model_name": "user", "field_name": "region"}
    ),
    "admin:?": Case(superuser_only, allowed_statuses=(200, 302, 404)),  # catch-all and object redirect
    "admin:view_on_site": Case(superuser_only, allowed_statuses=(302, 404)),  # accounts have no public page
}

# Each capability keeps its own cases in tests/access/cases_<app>.py: `CASES` (more entries for this table) and
# `make_objects(region, subject) -> dict[str, str]` (URL parameters of objects it makes in a target region).
CASE_MODULES = [
    importlib.import_module(f"tests.access.{p.stem}")
    for p in sorted(Path(__file__).parent.glob("cases_*.py"))
]
for _module in CASE_MODULES:
    CASES.update(_module.CASES)

# Every admin page is for superusers; `accounts:create` with a region outside the province is refused by the
# form (200 with an error), which the write check below catches as "database unchanged".


def _walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> list[tuple[str, str]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            found += _walk(pattern.url_patterns, ns, route)
        elif isinstance(pattern, URLPattern):
            if "format>" in route or route.startswith("static/"):
                continue  # DRF's format-suffix twins answer exactly like the plain URL
            found.append((namespace + (pattern.name or "?"), route))
    return found


ALL_URLS = sorted(set(_walk(get_resolver().url_patterns)))


def _case(name: str) -> Case | None:
    if name in CASES:
        return CASES[name]
    return ADMIN_DEFAULT if name.startswith("admin:") else None


def test_every_url_is_in_the_matrix() -> None:
    missing = [name for name, _ in ALL_URLS if _case(name) is None]
    assert missing == []


def test_the_matrix_names_no_url_that_does_not_exist() -> None:
    assert sorted(set(CASES) - {name for name, _ in ALL_URLS}) == []


# --- building concrete URLs --------------------------------------------------------------------------------


def _path(name: str, route: str, world: World) -> str:
    model_pk = {"accounts": str(world.subject.pk), "jobs": str(world.job.pk), "regions": world.region}
    app = next((a for a in model_pk if f"admin:{a}_" in name), "accounts")
    values = {
        "code": world.region,
        "pk": str(world.subject.pk),
        "job_id": str(world.job.pk),
        "model_label": "accounts.user",
        "object_id": model_pk[app] if name.startswith("admin:") else str(world.subject.pk),
        "app_label": "accounts",
        "content_type_id": str(ContentType.objects.get_for_model(User).pk),
        "id": str(world.subject.pk),
        "url": "nothing-here/",
        **world.values,
    }
    if name == "audit:object":
        values["object_id"] = str(world.subject.pk)
    path = route.replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], path)
    if "([^/]+)" in path:  # simple_history's history-record page: object id, then history id
        history_id = str(
            User.history.filter(id=world.subject.pk).values_list("history_id", flat=True).first()
        )
        path = path.replace("([^/]+)", model_pk[app], 1).replace("([^/]+)", history_id, 1)
    return "/" + path.replace("\\", "")


def _fingerprint() -> tuple[int, ...]:
    """Changes anywhere: row counts of every table, and of every audit-trail table (edits add history rows)."""
    return tuple(model.objects.count() for model in apps.get_models())


def _make_world(region: str) -> World:
    subject = User(
        username=f"subject.{region}", role=Role.REGENCY_VIEWER, region_id=region, first_name="Subject"
    )
    subject.set_password("subject-password-123")
    subject.save()
    job = Job.objects.create(kind="test", title="test job", region_id=region)
    values: dict[str, str] = {}
    for module in CASE_MODULES:
        values.update(module.make_objects(region, subject))
    return World(region=region, subject=subject, job=job, values=values)


def _client(persona: str) -> Client:
    client = Client()
    role, region, superuser = PERSONAS[persona]
    if persona == "anonymous":
        return client
    user = User(
        username=f"persona.{persona}",
        role=role or "",
        region_id=region,
        is_superuser=superuser,
        is_staff=superuser,
    )
    user.set_password("persona-password-123")
    user.save()
    client.force_login(user)
    return client


def _denied(persona: str, method: str, response: Any) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    if method != "GET" and response.status_code in (200, 400):
        return True  # a form or serializer that refuses the data; the caller checks nothing changed
    # Sent to a sign-in page: ours for signed-out visitors, the admin's for anyone who is not a superuser.
    return response.status_code == 302 and any(
        p in response["Location"] for p in ("/masuk/", "/admin/login/")
    )


@pytest.mark.parametrize(
    ("name", "route"), ALL_URLS, ids=[n if n != "admin:?" else f"admin:?{r}" for n, r in ALL_URLS]
)
def test_each_role_reaches_exactly_what_the_rules_allow(name: str, route: str, db: Any) -> None:
    case = _case(name)
    assert case is not None
    worlds = {key: _make_world(code) for key, code in TARGETS.items()}
    failures = []
    for persona in PERSONAS:
        client = _client(persona)
        for key, world in worlds.items():
            url = _path(name, route, world)
            for method in case.methods:
                own_listing = case.get_targets_own_region and method == "GET"
                expected = case.rule(persona, (PERSONAS[persona][1] or "64") if own_listing else world.region)
                before = _fingerprint() if method != "GET" else None
                data = case.data(world) if method != "GET" else case.query
                if method == "PATCH":
                    response = client.patch(url, data=data, content_type="application/json")
                else:
                    response = getattr(client, method.lower())(url, data=data)
                ok = (
                    response.status_code in case.allowed_statuses
                    if expected
                    else _denied(persona, method, response)
                )
                if ok and not expected and before is not None:
                    ok = _fingerprint() == before
                if not ok:
                    failures.append(
                        f"{persona} {method} {url} ({key}): {response.status_code}, expected "
                        f"{'allowed' if expected else 'denied'}"
                    )
    assert failures == []
