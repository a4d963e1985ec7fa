"""Two requests at the same moment, for real: each callable runs in its own thread with its own database
connection, released together by a barrier. PostgreSQL only (SQLite serialises writers on the whole file)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, connections

from selaras.regions.models import Region
from tests.conftest import regions_for_tests_load

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (row locks); SQLite locks the whole file",
)


def together(*calls: Callable[[], Any]) -> list[Any]:
    """Run `calls` at once, one thread and connection each; each result, or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # the caller asserts on it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture(scope="module")
def _regions_after_module(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        if not Region.objects.exists():
            regions_for_tests_load()


@pytest.fixture
def regions_back_after_flush(_regions_after_module: None, transactional_db: Any) -> None:
    """Transactional tests empty every table when they end: the shared regions are loaded again before the next
    such test and after the module, for the tests that follow."""
    if not Region.objects.exists():
        regions_for_tests_load()
