"""Security basics of issue 2: argon2, 12-character passwords, throttling per username and address,
session timeout, CSRF, secure headers, a content security policy, and production settings that pass
`selaras check --deploy`."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from selaras.web import middleware
from tests.conftest import PASSWORD, client_for


def test_passwords_are_hashed_with_argon2(settings: Any, make_user: Any) -> None:
    settings.PASSWORD_HASHERS = django_settings.PASSWORD_HASHERS.__class__(
        ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    )
    user = make_user("hashed.user", None, "64")
    assert user.password.startswith("argon2$")


def test_the_production_hashers_start_with_argon2() -> None:
    from selaras import settings as selaras_settings

    assert selaras_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_a_password_needs_twelve_characters() -> None:
    with pytest.raises(ValidationError):
        validate_password("Kalt1m-2026")  # 11 characters
    validate_password("Kalt1m-20261")


def _sign_in(client: Client, username: str, password: str, address: str) -> int:
    return client.post(
        "/masuk/", {"username": username, "password": password}, REMOTE_ADDR=address
    ).status_code


def test_wrong_passwords_lock_the_username_from_that_address_only(operator: Any, settings: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(), "operator.paser", "wrong-password!", "10.0.0.1")
    assert _sign_in(Client(), "operator.paser", PASSWORD, "10.0.0.1") == 429
    # A colleague behind another address, and the same office address for another user, still get in.
    assert _sign_in(Client(), "operator.paser", PASSWORD, "10.0.0.2") == 302


def test_a_locked_user_does_not_lock_colleagues_behind_the_same_address(
    operator: Any, regency_viewer: Any, settings: Any
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(), "operator.paser", "wrong-password!", "10.0.0.1")
    assert _sign_in(Client(), "viewer.paser", PASSWORD, "10.0.0.1") == 302


def test_sessions_time_out_after_idle_minutes_and_each_request_extends_them(
    operator: Any, settings: Any, monkeypatch: Any
) -> None:
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    settings.SESSION_REFRESH_SECONDS = 60
    client = client_for(operator)
    client.get("/")
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    client.get("/")  # within the minute since the last write: not written again
    assert Session.objects.get(session_key=key).expire_date < timezone.now() + timedelta(minutes=2)
    later = time.time() + 61
    monkeypatch.setattr(middleware.time, "time", lambda: later)
    client.get("/")  # a minute later: extended by the idle timeout
    assert Session.objects.get(session_key=key).expire_date > timezone.now() + timedelta(minutes=29)


def test_forms_refuse_posts_without_a_csrf_token(operator: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    response = client.post("/saya/token/baru/")
    assert response.status_code == 403


def test_pages_carry_a_strict_content_security_policy_and_secure_headers(operator: Any) -> None:
    response = client_for(operator).get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    response = Client().get("/wilayah/64/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


def test_production_settings_pass_the_deploy_check(tmp_path: Any) -> None:
    env = {
        **os.environ,
        "SELARAS_SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        "SELARAS_HTTPS": "1",
        "SELARAS_DEBUG": "0",
        "SELARAS_ALLOWED_HOSTS": "selaras.kaltimprov.go.id",
        "SELARAS_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "selaras.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Any) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SELARAS_SECRET_KEY"}
    env.update({"SELARAS_HTTPS": "1", "SELARAS_DATA_DIR": str(tmp_path)})
    result = subprocess.run(
        [sys.executable, "-m", "selaras.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SELARAS_SECRET_KEY" in result.stderr
