"""Browser tests: the real `selaras start` (SQLite, Kaltim regions, demo accounts, task worker) in a temporary
folder, driven by Playwright through Debian's Chromium (/usr/bin/chromium; nothing is downloaded)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("SELARAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "Selaras-Demo-2026"
# The running server's data folder (its SQLite database), for tests that build URLs from its sample data.
SERVER_DATA: dict[str, Path] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: Any) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("selaras-data")
    SERVER_DATA["dir"] = Path(data_dir)
    port = _free_port()
    env = {**os.environ, "SELARAS_DATA_DIR": str(data_dir), "SELARAS_LOGIN_THROTTLE": "1"}
    env.pop("DATABASE_URL", None)  # the README's start command runs on its embedded SQLite
    log = open(Path(data_dir) / "server.log", "w")  # noqa: SIM115 -- closed after the session
    process = subprocess.Popen(  # noqa: S603 -- our own command
        [sys.executable, "-m", "selaras.cli", "start", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/masuk/", timeout=2) as response:  # noqa: S310 -- our server
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError((Path(data_dir) / "server.log").read_text()) from None
            time.sleep(0.5)
    else:
        process.terminate()
        raise RuntimeError("selaras start did not answer within 180 s")
    yield url
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=server, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    # Binding decisions ask "are you sure?" (data-confirm); the flows under test answer yes.
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


def sign_in(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("[data-testid=login-submit]")
    page.wait_for_url("**/")


def create_plan(page: Any, kind: str = "renstra", start: int = 2025, end: int = 2029) -> str:
    """Create a plan from the plans list as the signed-in user; returns the new plan's URL."""
    page.click("nav.mainnav >> text=Rencana")
    page.click("[data-testid=new-plan]")
    page.select_option("#id_kind", kind)
    page.fill("#id_start_year", str(start))
    page.fill("#id_end_year", str(end))
    page.click("[data-testid=create-plan]")
    page.wait_for_url("**/rencana/*/")
    return str(page.url)
