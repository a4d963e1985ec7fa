"""Passwords and API tokens: the policy refuses guessable passwords, a change of one's own password needs the
current one and ends the API token, and tokens are kept only as digests."""

from __future__ import annotations

import hashlib
import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection

from selaras.accounts import services
from selaras.accounts.models import ApiToken, Role, User
from selaras.regions.models import Region
from selaras.web.demo import DEMO_PASSWORD, demo_accounts_ensure
from tests.conftest import PASSWORD, client_for


@pytest.mark.parametrize(
    "password",
    [
        DEMO_PASSWORD,
        "selaras-demo-2026",
        "aaaaaaaaaaaa",
        "abababababab",
        "abcabcabcabc",
        "123456789012",
        "abcdefghijklmn",
        "zyxwvutsrqpo",
        "qwertyuiopqw",
        "Kominfo1Kominfo1",
    ],
)
def test_the_policy_refuses_the_demo_password_and_patterns(password: str, province_admin: Any) -> None:
    with pytest.raises(ValidationError):
        services.user_create(
            actor=province_admin,
            username="operator.kubar",
            password=password,
            role=Role.REGENCY_OPERATOR,
            region=Region.objects.get(code="64.07"),
        )
    assert not User.objects.filter(username="operator.kubar").exists()


@pytest.mark.parametrize(
    "password", ["kubar-kominfo-2026", "Sendawar 7 Barong Tongkok", "tiga-burung-merpati"]
)
def test_the_policy_accepts_ordinary_long_passwords(password: str, province_admin: Any) -> None:
    user = services.user_create(
        actor=province_admin,
        username="operator.kubar",
        password=password,
        role=Role.REGENCY_OPERATOR,
        region=Region.objects.get(code="64.07"),
    )
    assert user.check_password(password)


def test_the_create_form_names_the_pattern_rule(province_admin: Any) -> None:
    response = client_for(province_admin).post(
        "/akun/baru/",
        {
            "username": "operator.kubar",
            "role": "regency_operator",
            "region": "64.07",
            "password1": "aaaaaaaaaaaa",
            "password2": "aaaaaaaaaaaa",
        },
    )
    assert response.status_code == 200
    assert "abcdef" in response.content.decode()


def test_the_embedded_demo_still_makes_its_accounts_with_the_demo_password(db: Any) -> None:
    demo_accounts_ensure()
    assert User.objects.get(username="admin.kaltim").check_password(DEMO_PASSWORD)


def _change(client: Any, current: str, new: str = "tiga-burung-merpati") -> Any:
    return client.post("/saya/", {"current_password": current, "password1": new, "password2": new})


def test_changing_ones_password_asks_for_the_current_one(operator: Any) -> None:
    response = _change(client_for(operator), current="not-my-password")
    assert response.status_code == 200
    operator.refresh_from_db()
    assert operator.check_password(PASSWORD)


def test_changing_ones_password_revokes_the_api_token(operator: Any) -> None:
    key = services.token_renew(user=operator)
    client = client_for(operator)
    response = _change(client, current=PASSWORD)
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.check_password("tiga-burung-merpati")
    assert client_for(None).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert client.get("/saya/").status_code == 200  # the session that changed it stays signed in


def test_an_administrator_setting_a_password_revokes_the_token_too(
    province_admin: Any, operator: Any
) -> None:
    key = services.token_renew(user=operator)
    client_for(province_admin).post(
        f"/akun/{operator.pk}/kata-sandi/",
        {"password1": "tiga-burung-merpati", "password2": "tiga-burung-merpati"},
    )
    assert not ApiToken.objects.filter(user=operator).exists()
    assert client_for(None).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_a_token_is_stored_only_as_its_digest(operator: Any) -> None:
    key = services.token_renew(user=operator)
    stored = ApiToken.objects.get(user=operator)
    assert stored.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.filter(user=operator).values().get())
    response = client_for(None).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.json()["username"] == "operator.paser"


def test_the_key_is_shown_once_on_the_own_page(operator: Any) -> None:
    client = client_for(operator)
    shown = client.post("/saya/token/baru/").content.decode()
    assert 'data-testid="new-token"' in shown
    assert 'data-testid="new-token"' not in client.get("/saya/").content.decode()
    assert 'data-testid="token-created"' in client.get("/saya/").content.decode()


def test_the_migration_hashes_tokens_kept_in_plain_text(operator: Any) -> None:
    plain = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id bigint)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)", [plain, "2026-01-02 03:04:05", operator.pk]
        )
    migration = importlib.import_module("selaras.accounts.migrations.0003_api_tokens_hashed")
    editor = SimpleNamespace(connection=connection, execute=lambda sql: connection.cursor().execute(sql))
    migration.hash_plain_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    response = client_for(None).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {plain}")
    assert response.json()["username"] == "operator.paser"
    assert ApiToken.objects.get(user=operator).digest == hashlib.sha256(plain.encode()).hexdigest()


def test_a_password_set_in_the_django_admin_revokes_the_token_too(superuser: Any, operator: Any) -> None:
    key = services.token_renew(user=operator)
    response = client_for(superuser).post(
        f"/admin/accounts/user/{operator.pk}/password/",
        {"password1": "tiga-burung-merpati", "password2": "tiga-burung-merpati"},
    )
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.check_password("tiga-burung-merpati")
    assert not ApiToken.objects.filter(user=operator).exists()
    assert client_for(None).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
