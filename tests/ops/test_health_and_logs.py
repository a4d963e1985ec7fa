"""/healthz and the request id in logs."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from selaras.ops.heartbeats import BACKUP, SCHEDULER, WORKER, heartbeat_record
from selaras.ops.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def _all_beating(**ages: timedelta) -> None:
    for name in (WORKER, SCHEDULER, BACKUP):
        heartbeat_record(name=name, at=timezone.now() - ages.get(name, timedelta(seconds=30)))


def test_healthz_answers_ok_without_signing_in_when_every_part_is_alive() -> None:
    _all_beating()
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["checks"]) == {"database", "worker", "scheduler", "backup"}
    assert 25 <= body["checks"]["worker"]["age_seconds"] <= 60


def test_healthz_answers_503_naming_a_worker_that_stopped() -> None:
    _all_beating(worker=timedelta(minutes=11))
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["worker"]


def test_healthz_fails_when_the_last_backup_is_too_old_and_passes_when_none_is_known(settings: Any) -> None:
    settings.HEALTH_BACKUP_MAX_HOURS = 26
    _all_beating(backup=timedelta(hours=30))
    assert Client().get("/healthz").json()["failing"] == ["backup"]
    from selaras.ops.models import Heartbeat

    Heartbeat.objects.filter(name=BACKUP).delete()
    body = Client().get("/healthz").json()
    assert body["status"] == "ok" and body["checks"]["backup"]["age_seconds"] is None


def test_healthz_on_a_fresh_installation_says_which_processes_never_reported() -> None:
    body = Client().get("/healthz").json()
    assert body["failing"] == ["worker", "scheduler"]
    assert "selaras scheduler" in body["checks"]["scheduler"]["detail"]


def test_healthz_is_not_redirected_to_https_so_monitoring_can_ask_the_server_directly(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    _all_beating()
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/masuk/").status_code == 301


def test_each_response_carries_a_request_id_and_a_proxys_sane_id_is_kept() -> None:
    first = Client().get("/masuk/")["X-Request-ID"]
    second = Client().get("/masuk/")["X-Request-ID"]
    assert len(first) == 32 and first != second
    assert Client().get("/masuk/", HTTP_X_REQUEST_ID="nginx-4f1c2a9b")["X-Request-ID"] == "nginx-4f1c2a9b"
    forged = Client().get("/masuk/", HTTP_X_REQUEST_ID="bad id\nINFO forged line")["X-Request-ID"]
    assert "\n" not in forged and len(forged) == 32


def test_log_lines_written_during_a_request_carry_its_id(caplog: Any) -> None:
    caplog.set_level(logging.INFO, logger="selaras.request")
    caplog.handler.addFilter(RequestIdFilter())
    response = Client().get("/masuk/", HTTP_X_REQUEST_ID="req-12345678")
    assert response.status_code == 200
    lines = [r for r in caplog.records if r.name == "selaras.request"]
    assert [(r.request_id, r.status, r.path) for r in lines] == [("req-12345678", 200, "/masuk/")]


def test_json_log_lines_are_one_object_each_with_the_request_id() -> None:
    record = logging.LogRecord("selaras.request", logging.INFO, __file__, 1, "GET %s", ("/x/",), None)
    record.request_id = "req-12345678"
    record.status = 200
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "GET /x/" and entry["request_id"] == "req-12345678" and entry["status"] == 200
    assert entry["level"] == "INFO" and entry["time"].endswith("+00:00")
