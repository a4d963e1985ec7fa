"""`selaras serve` (gunicorn) and production settings that never create demo accounts or sample data."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from selaras.ops.serve import gunicorn_argv

PRODUCTION = {
    "SELARAS_HTTPS": "1",
    "SELARAS_SECRET_KEY": "a-test-key-that-is-long-enough-for-django-check-deploy-0123456789",
    "SELARAS_BEHIND_PROXY": "1",
}


def test_gunicorn_takes_workers_threads_and_timeouts_from_the_environment() -> None:
    env = {"SELARAS_WEB_WORKERS": "3", "SELARAS_WEB_THREADS": "8", "SELARAS_WEB_TIMEOUT": "120"}
    argv = gunicorn_argv(bind="0.0.0.0:8000", environ=env)
    options = dict(itertools.pairwise(argv))  # each flag -> the word after it
    assert options["--bind"] == "0.0.0.0:8000"
    assert (options["--workers"], options["--threads"], options["--worker-class"]) == ("3", "8", "gthread")
    assert options["--timeout"] == "120"
    assert argv[-1] == "selaras.wsgi:application"
    single = gunicorn_argv(bind="127.0.0.1:8000", environ={"SELARAS_WEB_THREADS": "1"})
    assert single[single.index("--worker-class") + 1] == "sync"


def test_a_setting_that_is_not_a_number_is_named() -> None:
    with pytest.raises(ValueError, match="SELARAS_WEB_WORKERS must be a whole number"):
        gunicorn_argv(bind="127.0.0.1:8000", environ={"SELARAS_WEB_WORKERS": "many"})


def _selaras(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 -- our own command
        [sys.executable, "-m", "selaras.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, **headers: str) -> Any:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 -- our own server
    try:
        return urllib.request.urlopen(request, timeout=10)  # noqa: S310
    except urllib.error.HTTPError as error:
        return error


# Tables a production installation fills without anyone signing in: regions, the official nomenclature of plans
# (reference data, seeded by a migration), bookkeeping.
PREPARED_TABLES = ("regions_", "planning_nomenclature", "django_", "auth_permission", "ops_", "sqlite_", "web_writestamp")


def test_production_settings_prepare_and_serve_without_demo_accounts_or_sample_data(tmp_path: Path) -> None:
    env = {**os.environ, **PRODUCTION, "SELARAS_DATA_DIR": str(tmp_path), "SELARAS_WEB_WORKERS": "1"}
    env.pop("DATABASE_URL", None)
    prepared = _selaras(env, "start", "--prepare-only")
    assert prepared.returncode == 0, prepared.stderr
    assert "Selaras-Demo-2026" not in prepared.stdout and "createsuperuser" in prepared.stdout
    with sqlite3.connect(tmp_path / "selaras.sqlite3") as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        filled = [t for t in tables if db.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()]  # noqa: S608
    assert [t for t in filled if not t.startswith(PREPARED_TABLES)] == [], filled
    assert "regions_region" in filled

    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 -- our own command
        [sys.executable, "-m", "selaras.cli", "serve", f"127.0.0.1:{port}", "--check-migrations"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(360):  # a loaded machine may take minutes to collect static files
            try:
                health = _get(f"{base}/healthz")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                time.sleep(0.5)
        assert health.status == 503  # no worker and no scheduler yet, and it says so
        assert health.headers["Server"].startswith("gunicorn")
        assert json.loads(health.read())["failing"] == ["worker", "scheduler"]
        assert len(health.headers["X-Request-ID"]) == 32
        # Static files come collected and compressed through whitenoise.
        assert (tmp_path / "static" / "selaras").is_dir()
        secure = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        static = _get(f"{base}/static/selaras/vendor/htmx/htmx.min.js", **secure)
        assert static.status == 200 and static.headers["Content-Encoding"] == "gzip"
        assert b"htmx" in gzip.decompress(static.read())
        # Plain http is sent to https; the sign-in page answers behind the proxy.
        assert _get(f"{base}/masuk/", **secure).status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_demo_accounts_that_still_have_the_published_password_are_named(db: Any) -> None:
    from selaras.accounts.models import User
    from selaras.web.demo import DEMO_PASSWORD, demo_accounts_ensure, demo_accounts_still_open

    demo_accounts_ensure()
    assert "superadmin" in demo_accounts_still_open()
    admin = User.objects.get(username="superadmin")
    admin.set_password(DEMO_PASSWORD + "-changed")
    admin.save()
    User.objects.filter(username="viewer.paser").update(is_active=False)
    still_open = demo_accounts_still_open()
    assert "superadmin" not in still_open and "viewer.paser" not in still_open
    assert "admin.kaltim" in still_open
