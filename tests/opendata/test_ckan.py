"""The CKAN push, against a tiny CKAN Action API served over real HTTP by the test (not a mock of ckanapi):
package_show, package_create, package_update and resource_create, refusing calls without the right key."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from ckanapi import NotAuthorized

from selaras.jobs.models import Job, JobStatus
from selaras.opendata import secrets, services
from selaras.opendata.models import DatasetPublication, PortalSettings
from tests.conftest import IMMEDIATE_TASKS

pytestmark = pytest.mark.django_db

API_KEY = "ckan-test-key-123"


class FakeCkan:
    """The state of the fake portal: packages by name, and every call received."""

    def __init__(self) -> None:
        self.packages: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def handle(self, action: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.calls.append((action, body))
        if action == "package_show":
            package = self.packages.get(body["id"]) or next(
                (p for p in self.packages.values() if p["id"] == body["id"]), None
            )
            if package is None:
                return 404, {"success": False, "error": {"__type": "Not Found Error", "message": "Not found"}}
            return 200, {"success": True, "result": package}
        if action == "package_create":
            if body["name"] in self.packages:
                return 409, {"success": False, "error": {"__type": "Validation Error", "name": ["taken"]}}
            package = {**body, "id": f"id-{len(self.packages) + 1}", "resources": []}
            self.packages[body["name"]] = package
            return 200, {"success": True, "result": package}
        if action == "package_update":
            package = next(p for p in self.packages.values() if p["id"] == body["id"])
            package.update(body)
            return 200, {"success": True, "result": package}
        if action == "resource_create":
            package = next(p for p in self.packages.values() if p["id"] == body["package_id"])
            resource = {**body, "id": f"r-{len(package['resources']) + 1}"}
            package["resources"].append(resource)
            return 200, {"success": True, "result": resource}
        return 400, {"success": False, "error": {"__type": "Unknown", "message": action}}


@pytest.fixture
def fake_ckan(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, FakeCkan]]:
    state = FakeCkan()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            action = self.path.rsplit("/", 1)[-1]
            if self.headers.get("Authorization") != API_KEY:
                status, answer = 403, {"success": False, "error": {"__type": "Authorization Error"}}
            else:
                status, answer = state.handle(action, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()


def _portal(url: str, key: str = API_KEY) -> None:
    PortalSettings.objects.create(
        province_id="64",
        publisher_name="Diskominfo Kaltim",
        ckan_url=url,
        ckan_organization="diskominfo-kaltim",
        ckan_api_key_encrypted=secrets.seal(key),
    )


def _push(province_admin: Any, capture: Any) -> Job:
    with capture(execute=True):
        job = services.ckan_push_start(
            actor=province_admin, province_code="64", base_url="https://selaras.test/"
        )
    job.refresh_from_db()
    return job


def test_the_push_creates_then_updates_one_package_per_published_dataset(
    published_sample: None,
    province_admin: Any,
    fake_ckan: tuple[str, FakeCkan],
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = IMMEDIATE_TASKS
    url, ckan = fake_ckan
    _portal(url)
    job = _push(province_admin, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.DONE, job.error
    assert job.result == {"created": 4, "updated": 0, "resources": 9}
    package = ckan.packages["selaras-64-village-connectivity"]
    assert package["owner_org"] == "diskominfo-kaltim"
    assert package["license_id"] == "cc-by"
    assert {e["key"]: e["value"] for e in package["extras"]}["kode_wilayah"] == "64"
    assert [r["url"] for r in package["resources"]] == [
        "https://selaras.test/data/64/village-connectivity.csv",
        "https://selaras.test/data/64/village-connectivity.json",
        "https://selaras.test/data/64/village-connectivity.geojson",
    ]
    assert "[CONTOH]" in package["title"]
    assert DatasetPublication.objects.get(province_id="64", key="agreements").data_modified_at is not None

    again = _push(province_admin, django_capture_on_commit_callbacks)
    assert again.result == {"created": 0, "updated": 4, "resources": 0}
    assert len(ckan.packages["selaras-64-agreements"]["resources"]) == 2
    assert [a for a, _ in ckan.calls].count("package_create") == 4


def test_a_wrong_key_fails_the_job_with_the_portals_refusal(
    published_sample: None,
    province_admin: Any,
    fake_ckan: tuple[str, FakeCkan],
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = IMMEDIATE_TASKS
    url, ckan = fake_ckan
    _portal(url, key="wrong-key")
    with contextlib.suppress(NotAuthorized):  # the immediate backend re-raises what the job recorded
        _push(province_admin, django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="opendata_ckan_push")
    assert job.status == JobStatus.FAILED
    assert ckan.packages == {}
