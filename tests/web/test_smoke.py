from typing import Any

from tests.conftest import client_for


def test_every_main_page_renders_for_the_province_admin(province_admin: Any) -> None:
    client = client_for(province_admin)
    for url in [
        "/",
        "/wilayah/64/",
        "/wilayah/64.01/",
        "/wilayah/64.01.01/",
        "/wilayah/64.01.01.2009/",
        "/wilayah/cari/?q=paser",
        "/akun/",
        "/akun/baru/",
        "/saya/",
        "/audit/wilayah/64/",
        "/api/docs/",
        "/api/v1/regions/",
        "/api/schema/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_a_request_for_an_unknown_host_gets_the_400_page_not_a_crash(db: Any) -> None:
    from django.test import Client

    response = Client(HTTP_HOST="evil.example").get("/masuk/")
    assert response.status_code == 400
