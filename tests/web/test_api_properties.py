"""The API against its own OpenAPI schema: schemathesis sends generated (and deliberately malformed) requests to
every operation, signed in as a provincial administrator over the labelled sample data. No answer may be a 5xx,
and every answer must match the schema the API publishes.

Bounded so it runs in the normal suite: a few examples per operation, a fixed seed (hypothesis' derandomized
mode), no example database, no shrinking beyond what the budget allows."""

from __future__ import annotations

import os
import re
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from selaras.accounts import services
from selaras.web.demo import sample_data_ensure
from tests.conftest import client_for

EXAMPLES_PER_OPERATION = int(os.environ.get("SELARAS_API_EXAMPLES", "5"))  # more for a deeper local run
CHECKS = [not_a_server_error, response_schema_conformance]


def _schema() -> Any:
    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return schema


def _known_path_values(schema: Any, client: Any) -> dict[str, Any]:
    """A real object behind each path parameter (the first row of its list), so generated cases also reach
    the objects of the sample data instead of only answering 404."""
    values: dict[str, Any] = {}
    for path in schema.raw_schema["paths"]:
        match = re.fullmatch(r"(/api/v1/.+/)\{(\w+)\}/", path)
        if match is None or match.group(2) in values:
            continue
        rows = client.get(match.group(1)).json()
        rows = rows.get("results", []) if isinstance(rows, dict) else rows
        if rows:
            first = rows[0]
            values[match.group(2)] = first.get("id") or first.get("code") or first.get("village")
    return values


def _exercise(
    operation: Any, mode: GenerationMode, headers: dict[str, str], path_values: dict[str, Any] | None = None
) -> None:
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_values))
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        if mode != GenerationMode.NEGATIVE:
            raise  # an operation with nothing to break has no negative examples; every one has positive ones


def _summary(error: BaseException) -> str:
    lines = [
        line.strip(" |")
        for line in str(error).splitlines() + [repr(e) for e in getattr(error, "exceptions", [])]
    ]
    return " / ".join(line for line in lines if line)[:600]


@contextmanager
def _memory_capped(extra: int = 4 * 2**30) -> Iterator[None]:
    """A request that tries to fill the memory (it happened: a synchronization over 10**18 years) fails with
    MemoryError, answered 500 and reported, instead of the machine killing the test run."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        size = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (size + extra if hard == resource.RLIM_INFINITY else hard, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextmanager
def _connections_kept_open() -> Iterator[None]:
    """The WSGI handler closes database connections after each request; Django's test client disconnects that
    too (and connects it again after each of its own requests), so the requests run in the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_no_api_operation_answers_a_server_error_or_outside_its_schema(
    province_admin: Any, operator: Any
) -> None:
    sample_data_ensure()
    headers = {"Authorization": f"Token {services.token_renew(user=province_admin)}"}
    schema = _schema()
    known = _known_path_values(schema, client_for(province_admin))
    known["id"] = operator.pk  # an account to edit that is not the caller's own
    assert {"code", "plan_id", "agreement_id", "scenario_id", "proposal_id", "access_point_id"} <= set(known)
    started = time.process_time()  # CPU time: the requests run in this process; other load does not count
    failures = []
    for operation in [result.ok() for result in schema.get_all_operations()]:
        names = {p.name for p in operation.path_parameters}
        runs = [(GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None)]
        if names and names <= set(known):
            runs.append((GenerationMode.POSITIVE, {name: known[name] for name in names}))
        for mode, path_values in runs:
            try:
                with _connections_kept_open(), _memory_capped():
                    _exercise(operation, mode, headers, path_values)
            except (AssertionError, BaseExceptionGroup) as error:  # every operation's failures, then all
                failures.append(
                    f"{operation.method.upper()} {operation.path} ({mode.value}): {_summary(error)}"
                )
    assert failures == [], "\n\n".join(failures)
    if "SELARAS_API_EXAMPLES" not in os.environ:
        assert time.process_time() - started < 60  # the bound that keeps it in the normal suite
