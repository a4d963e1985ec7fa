"""Past one machine: heavy reads from a replica alias, writes to the primary; task queues per kind of work."""

from __future__ import annotations

import copy
from collections import deque
from typing import Any

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from selaras.connectivity.tasks import survey_match_task
from selaras.jobs.queues import QUEUE_DEFAULT, QUEUE_IMPORTS, QUEUE_SOLVER
from selaras.ops.replica import REPLICA, ReplicaRouter, heavy_reads
from selaras.ops.tasks import worker_heartbeat
from selaras.planning.tasks import plan_import_file, province_import_file
from selaras.regions.models import Region
from selaras.regions.tasks import regions_load_file
from selaras.rollout.tasks import scenario_solve_task
from selaras.sync.tasks import sync_run_task
from tests.conftest import client_for

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def replica(db: Any, settings: Any) -> Any:
    """A `replica` test alias: its own wrapper (its own query log) over the test database's connection, so it
    sees the test's rows; the router only needs the alias to exist."""
    settings.DATABASES = {**settings.DATABASES, REPLICA: {**settings.DATABASES["default"]}}
    primary = connections["default"]
    primary.ensure_connection()
    alias = copy.copy(primary)
    alias.alias = REPLICA
    alias.queries_log = deque(maxlen=primary.queries_limit)
    connections.settings[REPLICA] = connections.settings["default"]
    connections[REPLICA] = alias
    yield alias
    del connections[REPLICA]
    del connections.settings[REPLICA]


def test_without_a_replica_every_read_and_write_goes_to_the_primary(db: Any) -> None:
    router = ReplicaRouter()
    with heavy_reads():
        assert router.db_for_read(Region) == "default"
    assert router.db_for_write(Region) == "default"


def test_heavy_reads_go_to_the_replica_and_writes_and_other_reads_to_the_primary(replica: Any) -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Region) == "default"
    with heavy_reads():
        assert router.db_for_read(Region) == REPLICA
        assert router.db_for_write(Region) == "default"
        assert Region.objects.filter(code="64").exists()
    assert router.db_for_read(Region) == "default"
    assert not router.allow_migrate(REPLICA, "regions")


def test_the_map_export_reads_through_the_replica(replica: Any, province_viewer: Any) -> None:
    client = client_for(province_viewer)
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get("/konektivitas/ekspor/geojson/?kabupaten=64.01&unduh=0")
    assert response.status_code == 200
    assert any("regions_region" in q["sql"] for q in on_replica.captured_queries)
    assert not any("regions_region" in q["sql"] for q in on_primary.captured_queries)


def test_solver_runs_and_imports_have_their_own_queues() -> None:
    assert scenario_solve_task.queue_name == QUEUE_SOLVER
    assert sync_run_task.queue_name == QUEUE_SOLVER
    for imports in (plan_import_file, province_import_file, survey_match_task, regions_load_file):
        assert imports.queue_name == QUEUE_IMPORTS
    assert worker_heartbeat.queue_name == QUEUE_DEFAULT
