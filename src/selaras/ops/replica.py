"""Heavy reads from a read replica (`DATABASE_REPLICA_URL`), everything else from the primary.

The named set of heavy reads is the views decorated with `heavy_read` (exports, maps, analysis reads): while one
runs, reads go to the `replica` alias when it is configured. Writes, and every read outside those views, go to
`default`, so a user never reads their own write from a replica that has not caught up yet.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings

REPLICA = "replica"
_heavy = ContextVar("selaras_heavy_read", default=False)
F = TypeVar("F", bound=Callable[..., Any])


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def heavy_reads() -> Iterator[None]:
    """Reads inside this block may come from the replica."""
    token = _heavy.set(True)
    try:
        yield
    finally:
        _heavy.reset(token)


def heavy_read(view: F) -> F:
    """A view whose reads may come from the replica (the named set: exports, maps, analysis reads)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with heavy_reads():
            return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


class ReplicaRouter:
    """Django database router (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        return REPLICA if _heavy.get() and replica_configured() else "default"

    def db_for_write(self, model: type, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != REPLICA  # the replica follows the primary; never migrated itself
