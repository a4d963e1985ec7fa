"""Sign-in throttling per username and address, per address and per username; the lock says how long it lasts,
and a provincial administrator can lift it."""

from __future__ import annotations

from typing import Any

from django.test import Client

from selaras.accounts.models import User
from tests.conftest import PASSWORD, client_for


def _sign_in(username: str, password: str, address: str) -> Any:
    return Client().post("/masuk/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(username: str, address: str, times: int = 1) -> None:
    for _ in range(times):
        _sign_in(username, "wrong-password!", address)


def test_twenty_usernames_tried_from_one_address_lock_that_address(operator: Any) -> None:
    for n in range(20):
        _fail(f"guess.{n}", "10.9.9.9")
    assert _sign_in("operator.paser", PASSWORD, "10.9.9.9").status_code == 429
    assert _sign_in("operator.paser", PASSWORD, "10.1.1.1").status_code == 302


def test_one_username_tried_from_ten_addresses_is_locked_everywhere(operator: Any) -> None:
    for n in range(10):
        _fail("operator.paser", f"10.0.0.{n}")
    assert _sign_in("operator.paser", PASSWORD, "10.8.8.8").status_code == 429


def test_signing_in_with_ones_own_account_does_not_clear_an_address_record(operator: Any) -> None:
    for n in range(19):
        _fail(f"guess.{n}", "10.9.9.9")
    assert _sign_in("operator.paser", PASSWORD, "10.9.9.9").status_code == 302
    _fail("guess.19", "10.9.9.9")
    assert _sign_in("operator.paser", PASSWORD, "10.9.9.9").status_code == 429


def test_a_locked_out_user_sees_how_long_the_lock_lasts(operator: Any, settings: Any) -> None:
    _fail("operator.paser", "10.0.0.1", times=settings.AXES_FAILURE_LIMIT)
    response = _sign_in("operator.paser", PASSWORD, "10.0.0.1")
    assert response.status_code == 429
    assert "15" in response.content.decode()  # the cool-off time, in minutes, counted from the last failure


def test_a_provincial_administrator_sees_the_lock_and_lifts_it(
    province_admin: Any, operator: Any, settings: Any
) -> None:
    _fail("operator.paser", "10.0.0.1", times=settings.AXES_FAILURE_LIMIT)
    admin = client_for(province_admin)
    assert 'data-testid="locked"' in admin.get("/akun/").content.decode()
    assert "10.0.0.1" not in admin.get(f"/akun/{operator.pk}/buka-kunci/").content.decode()

    assert admin.post(f"/akun/{operator.pk}/buka-kunci/").status_code == 302

    assert _sign_in("operator.paser", PASSWORD, "10.0.0.1").status_code == 302
    lifted = User.history.get(id=operator.pk, history_change_reason="sign-in lock lifted")
    assert lifted.history_user_id == province_admin.pk  # in the account's audit trail


def test_an_administrator_of_another_province_cannot_lift_the_lock(
    outsider: Any, operator: Any, settings: Any
) -> None:
    _fail("operator.paser", "10.0.0.1", times=settings.AXES_FAILURE_LIMIT)
    assert client_for(outsider).post(f"/akun/{operator.pk}/buka-kunci/").status_code == 404
    assert _sign_in("operator.paser", PASSWORD, "10.0.0.1").status_code == 429
