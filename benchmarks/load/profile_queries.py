"""Per benchmarked page: the CPU time of a request through Django's test client (the median of several,
process time, so it holds on a loaded machine), its queries and the slowest one (connection.queries via
CaptureQueriesContext), against the benchmark database; `--cprofile PAGE` prints where one page's CPU goes.

Usage: DATABASE_URL=... .venv/bin/python benchmarks/load/profile_queries.py [--repeat N] [--cprofile PAGE]
       [--user USERNAME]"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import time

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
    "province page (after the 302)": "/wilayah/64/",
    "api me": "/api/v1/me/",
    "api connectivity progress": "/api/v1/connectivity/progress/",
    "api village": "/api/v1/connectivity/villages/64.01.01.2009/",
}
# How often locust asks for each page (its task weights; the 302 is followed to the province page).
WEIGHTS = {
    "dashboard": 4,
    "connectivity": 2,
    "connectivity map page": 2,
    "connectivity map geojson": 2,
    "api me": 2,
    "api connectivity progress": 2,
    "api village": 2,
}
GZIP = {"connectivity map geojson": {"HTTP_ACCEPT_ENCODING": "gzip"}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7, help="requests per page for the CPU median")
    parser.add_argument("--cprofile", metavar="PAGE", help="print the cProfile of one page (a name above)")
    parser.add_argument("--user", default="viewer.kaltim")
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=args.user))
    if args.cprofile:
        url = PAGES[args.cprofile]
        client.get(url, **GZIP.get(args.cprofile, {}))
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.repeat):
            client.get(url, **GZIP.get(args.cprofile, {}))
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
        return
    print(
        f"{'page':<28} {'status':>6} {'cpu ms':>7} {'wall ms':>8} {'queries':>7} {'sql ms':>7} {'slowest':>8}"
        "  slowest query"
    )
    cpu_all: dict[str, float] = {}
    for name, url in PAGES.items():
        extra = GZIP.get(name, {})
        client.get(url, **extra)  # warm (first-use conversions, caches)
        cpu, wall = [], []
        for _ in range(args.repeat):
            started, started_wall = time.process_time(), time.perf_counter()
            client.get(url, **extra)
            cpu.append((time.process_time() - started) * 1000)
            wall.append((time.perf_counter() - started_wall) * 1000)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url, **extra).status_code
        queries = captured.captured_queries
        total = sum(float(q["time"]) for q in queries) * 1000
        slowest = max(queries, key=lambda q: float(q["time"])) if queries else {"time": "0", "sql": ""}
        sql = " ".join(slowest["sql"].split())[:90]
        cpu_all[name] = statistics.median(cpu)
        print(
            f"{name:<28} {status:>6} {statistics.median(cpu):>7.1f} {statistics.median(wall):>8.1f}"
            f" {len(queries):>7} {total:>7.1f} {float(slowest['time']) * 1000:>8.1f}  {sql}"
        )
    weighted = sum(ms * WEIGHTS.get(name, 1) for name, ms in cpu_all.items())
    count = sum(WEIGHTS.get(name, 1) for name in cpu_all) - 1  # the 302 and its page are one locust request
    print(f"{'mean per locust request':<28} {'':>6} {weighted / count:>7.1f}")


if __name__ == "__main__":
    main()
