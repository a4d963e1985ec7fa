"""The production smoke test: an administrator signs in on a running installation and opens the dashboard and
one page per capability; nothing answers 5xx and the browser console stays free of errors.

It runs against the server named by SELARAS_BASE_URL (deploy/ci-smoke.sh starts `selaras serve`, the worker, the
scheduler and nginx as the systemd units do) with the account in SELARAS_SMOKE_USER / SELARAS_SMOKE_PASSWORD;
without SELARAS_BASE_URL it is skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import sign_in

BASE_URL = os.environ.get("SELARAS_BASE_URL", "")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not BASE_URL, reason="SELARAS_BASE_URL names no running installation"),
]

PAGES = [
    "/",  # the dashboard
    "/wilayah/64/",
    "/rencana/",
    "/konektivitas/",
    "/sinkronisasi/",
    "/pks/",
    "/rollout/",
    "/audit/wilayah/64/",
    "/akun/",
    "/saya/",
]


@pytest.fixture
def watched_page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    context = browser.new_context(base_url=BASE_URL, locale="id-ID", ignore_https_errors=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 500 else None,
    )
    yield page, problems
    context.close()


def test_the_first_administrator_adds_the_province_admin_who_opens_every_capability(
    watched_page: tuple[Any, list[str]],
) -> None:
    page, problems = watched_page
    # As the deployment guide says: the installation administrator (createsuperuser) adds the province's admin.
    sign_in(page, os.environ["SELARAS_SMOKE_USER"], os.environ["SELARAS_SMOKE_PASSWORD"])
    username, password = f"admin.smoke.{uuid.uuid4().hex[:6]}", f"Kaltim-{uuid.uuid4().hex}"
    page.goto("/akun/baru/")
    page.fill("#id_username", username)
    page.select_option("#id_role", "province_admin")
    page.select_option("#id_region", "64")
    page.fill("#id_password1", password)
    page.fill("#id_password2", password)
    page.click("button[type=submit].primary")
    page.wait_for_url("**/akun/")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/masuk/")

    sign_in(page, username, password)
    assert page.locator("h1").inner_text().startswith("Kalimantan Timur")
    for path in PAGES:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert response.headers.get("x-request-id"), path
        page.wait_for_load_state("networkidle")
    assert problems == []


def test_the_installation_reports_itself_healthy_through_the_proxy(browser: Any) -> None:
    context = browser.new_context(base_url=BASE_URL, ignore_https_errors=True)
    response = context.request.get("/healthz")
    assert response.status == 200, response.text()
    assert response.json()["failing"] == []
    context.close()
