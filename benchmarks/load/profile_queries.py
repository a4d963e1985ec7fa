"""The slowest SQL query of each benchmarked page: one request per page through Django's test client, with
DEBUG-style query capture (connection.queries via CaptureQueriesContext) against the benchmark database.

Usage: DATABASE_URL=... .venv/bin/python benchmarks/load/profile_queries.py"""

from __future__ import annotations

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selaras.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from selaras.accounts.models import User  # noqa: E402

PAGES = {
    "dashboard": "/",
    "connectivity": "/konektivitas/",
    "connectivity map page": "/konektivitas/peta/",
    "connectivity map geojson": "/konektivitas/ekspor/geojson/?unduh=0",
    "village page": "/konektivitas/desa/64.01.01.2009/",
    "plans": "/rencana/",
    "rollout": "/rollout/",
    "regions": "/wilayah/",
    "api me": "/api/v1/me/",
    "api connectivity progress": "/api/v1/connectivity/progress/",
    "api village": "/api/v1/connectivity/villages/64.01.01.2009/",
}


def main() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="viewer.kaltim"))
    print(f"{'page':<28} {'status':>6} {'queries':>7} {'total ms':>9} {'slowest ms':>10}  slowest query")
    for name, url in PAGES.items():
        client.get(url)  # warm (first-use conversions, caches)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        queries = captured.captured_queries
        total = sum(float(q["time"]) for q in queries) * 1000
        slowest = max(queries, key=lambda q: float(q["time"])) if queries else {"time": "0", "sql": ""}
        sql = " ".join(slowest["sql"].split())[:110]
        print(
            f"{name:<28} {status:>6} {len(queries):>7} {total:>9.1f} {float(slowest['time']) * 1000:>10.1f}  {sql}"
        )


if __name__ == "__main__":
    main()
