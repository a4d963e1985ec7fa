"""50 signed-in users over the main pages and API (see README.md). Only ever aimed at 127.0.0.1.

The demo accounts (several roles and regions) sign in once each; every task is one page or API call, named by
its route so the report gives p50/p95/p99 per page."""

from __future__ import annotations

import itertools
import re

from locust import HttpUser, between, task

PASSWORD = "Selaras-Demo-2026"  # noqa: S105 -- the published demo password (selaras.web.demo)
ACCOUNTS = itertools.cycle(
    ["viewer.kaltim", "admin.kaltim", "operator.paser", "viewer.paser", "operator.kukar"]
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VILLAGE = "64.01.01.2009"
SIGNED_IN = 0


class SignedInUser(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.username = next(ACCOUNTS)
        page = self.client.get("/masuk/", name="sign in page")
        token = CSRF.search(page.text)
        self.client.post(
            "/masuk/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/masuk/"},
            name="sign in",
        )
        # Signing in is Argon2 on purpose (about a second of CPU each): 50 at once would swamp the first minute.
        # The pages are measured from the moment every user is signed in (sign-ins are left out of the report).
        global SIGNED_IN
        SIGNED_IN += 1
        runner = self.environment.runner
        if runner is not None and runner.target_user_count == SIGNED_IN:
            self.environment.stats.reset_all()

    @task(4)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task(2)
    def connectivity(self) -> None:
        self.client.get("/konektivitas/", name="connectivity")

    @task(2)
    def connectivity_map(self) -> None:
        self.client.get("/konektivitas/peta/", name="connectivity map page")
        self.client.get(
            "/konektivitas/ekspor/geojson/?unduh=0",
            headers={"Accept-Encoding": "gzip"},
            name="connectivity map geojson",
        )

    @task(1)
    def village(self) -> None:
        self.client.get(f"/konektivitas/desa/{VILLAGE}/", name="village page")

    @task(1)
    def plans(self) -> None:
        self.client.get("/rencana/", name="plans")

    @task(1)
    def rollout(self) -> None:
        self.client.get("/rollout/", name="rollout")

    @task(1)
    def regions(self) -> None:
        self.client.get("/wilayah/", name="regions")

    @task(2)
    def api(self) -> None:
        self.client.get("/api/v1/me/", name="api me")
        self.client.get("/api/v1/connectivity/progress/", name="api connectivity progress")
        self.client.get(f"/api/v1/connectivity/villages/{VILLAGE}/", name="api village")
