"""200 anonymous visitors of a province's public page, its map data, the open-data catalogue and a published file
(see README.md). Only ever aimed at 127.0.0.1.

Each visitor comes from its own address (X-Forwarded-For, with the server told it sits behind one proxy), so the
per-address limit applies as it would in production; every task is one request, named so the report gives
p50/p95/p99 per page. The catalogue answers 404 on an installation without the open-data app: counted, not failed.
"""

from __future__ import annotations

import itertools

from locust import HttpUser, between, task

PROVINCE = "64"
ADDRESSES = (f"198.18.{n // 250}.{n % 250 + 1}" for n in itertools.count())  # RFC 2544 benchmark range


class Visitor(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.headers["X-Forwarded-For"] = next(ADDRESSES)
        self.client.headers["Accept-Encoding"] = "gzip"

    @task(4)
    def page(self) -> None:
        self.client.get(f"/publik/{PROVINCE}/", name="public page")

    @task(1)
    def page_english(self) -> None:
        self.client.get(f"/publik/{PROVINCE}/?lang=en", name="public page (en)")

    @task(2)
    def map_data(self) -> None:
        self.client.get(f"/publik/{PROVINCE}/peta.geojson", name="public map geojson")

    @task(1)
    def provinces(self) -> None:
        self.client.get("/publik/", name="province list")

    @task(2)
    def catalogue(self) -> None:
        with self.client.get("/data/catalog.jsonld", name="catalog.jsonld", catch_response=True) as answer:
            if answer.status_code == 404:
                answer.success()  # open data not merged in this installation

    @task(1)
    def csv_file(self) -> None:
        with self.client.get(
            f"/data/{PROVINCE}/village-connectivity.csv", name="village-connectivity.csv", catch_response=True
        ) as answer:
            if answer.status_code == 404:
                answer.success()  # not published, or open data not merged
