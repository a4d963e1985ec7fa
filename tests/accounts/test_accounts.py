"""Provincial administrators create and manage the accounts of their province; nobody else does."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from selaras.accounts import services
from selaras.accounts.access import Action, can, scope
from selaras.accounts.models import Role, User
from selaras.regions.models import Region
from selaras.rollout.models import Scenario
from tests.conftest import client_for


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "username": "operator.kubar",
        "full_name": "Operator Kubar",
        "email": "",
        "role": "regency_operator",
        "region": "64.07",
        "password1": "kubar-kominfo-2026",
        "password2": "kubar-kominfo-2026",
    }
    data.update(overrides)
    return data


def test_the_province_admin_creates_an_operator_for_a_regency(province_admin: Any) -> None:
    response = client_for(province_admin).post("/akun/baru/", _form())
    assert response.status_code == 302
    created = User.objects.get(username="operator.kubar")
    assert (created.role, created.region_id) == (Role.REGENCY_OPERATOR, "64.07")
    assert created.check_password("kubar-kominfo-2026")


def test_it_refuses_a_password_shorter_than_twelve_characters(province_admin: Any) -> None:
    response = client_for(province_admin).post(
        "/akun/baru/", _form(password1="short-pw-11", password2="short-pw-11")
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="operator.kubar").exists()
    assert "12" in response.content.decode()


def test_a_regency_role_needs_a_regency(province_admin: Any) -> None:
    with pytest.raises(ValidationError):
        services.user_create(
            actor=province_admin,
            username="x",
            password="long-enough-password",
            role=Role.REGENCY_OPERATOR,
            region=Region.objects.get(code="64"),
        )


def test_it_rejects_other_provinces_regions(province_admin: Any) -> None:
    with pytest.raises(ValidationError):
        services.user_create(
            actor=province_admin,
            username="x",
            password="long-enough-password",
            role=Role.REGENCY_OPERATOR,
            region=Region.objects.get(code="11.01"),
        )


def test_an_operator_cannot_manage_accounts(operator: Any) -> None:
    client = client_for(operator)
    assert client.get("/akun/").status_code == 403
    assert client.post("/akun/baru/", _form()).status_code == 403
    assert not User.objects.filter(username="operator.kubar").exists()


def test_a_deactivated_account_loses_its_api_token(province_admin: Any, operator: Any) -> None:
    token = services.token_renew(user=operator)
    services.user_update(
        actor=province_admin,
        user=operator,
        role=operator.role,
        region=operator.region,
        full_name="",
        email="",
        is_active=False,
    )
    response = client_for(None).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 401


def test_a_token_authenticates_the_api_with_the_same_scope(operator: Any) -> None:
    token = services.token_renew(user=operator)
    client = client_for(None)
    header = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client.get("/api/v1/regions/64.02/", **header).status_code == 200
    assert client.get("/api/v1/regions/11.01/", **header).status_code == 404
    assert client.get("/api/v1/users/", **header).status_code == 403


def test_the_api_lists_only_the_province_accounts(province_admin: Any, operator: Any, outsider: Any) -> None:
    response = client_for(province_admin).get("/api/v1/users/")
    usernames = {row["username"] for row in response.json()["results"]}
    assert usernames == {"admin.kaltim", "operator.paser"}


def test_only_the_province_administrators_decide_for_the_province_and_on_national_targets(
    province_admin: Any, province_viewer: Any, operator: Any, outsider: Any, superuser: Any
) -> None:
    assert can(province_admin, Action.DECIDE, "64.01") and can(province_admin, Action.DECIDE, "00")
    assert not can(province_admin, Action.DECIDE, "11.01")
    assert not can(province_viewer, Action.DECIDE, "64")
    assert not can(operator, Action.DECIDE, "64.01")  # an operator edits its regency but decides nothing
    assert not can(outsider, Action.DECIDE, "64.01") and not can(outsider, Action.DECIDE, "64")
    assert can(superuser, Action.DECIDE, "11")
    Scenario.objects.create(region_id="64.01", title="a", first_year=2026)
    Scenario.objects.create(region_id="11.01", title="b", first_year=2026)

    decidable = scope(province_admin, Scenario.objects.all(), Action.DECIDE)
    assert list(decidable.values_list("region_id", flat=True)) == ["64.01"]
    assert not scope(operator, Scenario.objects.all(), Action.DECIDE).exists()
