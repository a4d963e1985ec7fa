"""Caching in one place: parts of pages cached by write stamp (below; the public pages' whole responses use it
too, selaras.public.traffic), and large per-user responses (the map GeoJSON) revalidated by ETag and gzipped when
the browser accepts it.

The access check is never skipped: the views check it before they ask for a cached part. Compressing 1.7 MB costs
more than serving it, so the gzipped bytes are kept per process keyed by a hash of the body: the same data is
compressed once, not once per visit. These bodies hold no secret and reflect no request input, so a fixed gzip
rendition per body gives nothing to BREACH.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import decorator_from_middleware
from django.utils.text import compress_string

F = TypeVar("F", bound=Callable[..., Any])
# ETag from the body and 304 on a matching If-None-Match; gzip (outside it) makes the tag weak, which still matches.
_condition_by_body = decorator_from_middleware(ConditionalGetMiddleware)

GZIP_KEPT = 16  # bodies per process; each province's map is a few hundred KB compressed
_gzipped: OrderedDict[bytes, bytes] = OrderedDict()


def gzip_kept(body: bytes) -> bytes:
    """`body` gzipped, compressed once per distinct body in this process (least recently used dropped)."""
    key = hashlib.blake2b(body, digest_size=20).digest()
    if key in _gzipped:
        _gzipped.move_to_end(key)
        return _gzipped[key]
    packed = compress_string(body, max_random_bytes=GZipMiddleware.max_random_bytes)
    _gzipped[key] = packed
    while len(_gzipped) > GZIP_KEPT:
        _gzipped.popitem(last=False)
    return packed


def _gzip(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    if response.streaming or len(response.content) < 200 or response.has_header("Content-Encoding"):
        return response
    patch_vary_headers(response, ("Accept-Encoding",))
    if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        return response
    packed = gzip_kept(response.content)
    if len(packed) >= len(response.content):
        return response
    response.content = packed
    response.headers["Content-Length"] = str(len(packed))
    response.headers["Content-Encoding"] = "gzip"
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response.headers["ETag"] = "W/" + etag
    return response


def revalidated(view: F) -> F:
    """Gzip, ETag, 304; `private, no-cache`: the response is scoped to the user (accounts/access.py), so never kept
    by a shared cache, and revalidated every time (the ETag saves the transfer, never the access check)."""
    conditional = _condition_by_body(view)

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = conditional(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_cache=True)
        return _gzip(response, request)

    return wrapped  # type: ignore[return-value]


# --- parts of pages cached by data version (issue 12, load) ----------------------------------------------------
#
# One mechanism for every cached part, signed-in or public (selaras.public.traffic): a part is built once per
# key and *write stamp* and kept in the installation's cache (settings.CACHES, shared by the web workers in
# production: SELARAS_CACHE_URL). The stamp is raised by every committed INSERT, UPDATE or DELETE that goes through
# Django's database connections -- model saves, queryset.update(), bulk_create(), raw SQL alike -- seen by an
# execute wrapper on each connection, so no service can forget to invalidate. Writes that say nothing about what
# pages show (sessions, sign-in attempts, job heartbeats, the cache table) are left out.
#
# Only data the same for everyone who may see it is cached here; the caller checks access (accounts/access.py)
# BEFORE it asks for a part, and personal parts (name, permissions, CSRF, reminders) are never cached across users.

T = TypeVar("T")
PART_SECONDS = 600  # a part is rebuilt at least this often even if no write says so
BUILD_WAIT_SECONDS = 20  # how long a request waits for another one building the same part
UNRELATED_TABLES = frozenset(
    {
        "web_writestamp",
        "django_session",
        "selaras_cache",
        "axes_accessattempt",
        "axes_accessattemptexpiration",
        "axes_accessfailurelog",
        "axes_accesslog",
        "jobs_job",
        "django_tasks_database_dbtaskresult",
        "ops_heartbeat",
        "ops_schedulerlease",
        "ops_scheduledrun",
        "uploads_upload",
    }
)
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)


@functools.cache
def _cache_table() -> str:
    default = settings.CACHES["default"]
    return str(default.get("LOCATION", "")) if default["BACKEND"].endswith("DatabaseCache") else ""


_BUMP_SQL = (
    "INSERT INTO web_writestamp (id, writes, epoch) VALUES (1, 1, %s)"
    " ON CONFLICT (id) DO UPDATE SET writes = web_writestamp.writes + 1"
)


def written_table(sql: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE statement writes to (None for anything else)."""
    found = _WRITE.match(sql)
    return found.group(1) if found else None


def stamp_bump(using: str = "default") -> None:
    """Raise the write stamp (creating its row, with a new epoch, when a flush removed it)."""
    with connections[using].cursor() as cursor:
        cursor.execute(_BUMP_SQL, [time.time_ns()])


def stamp_restart(using: str = "default") -> None:
    """Start a new epoch (after a restore brought back an older stamp that parts cached since may carry)."""
    connection = connections[using]
    if "web_writestamp" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM web_writestamp")
    stamp_bump(using)


def _bump_after_commit(using: str) -> None:
    stamp_bump(using)
    known = _request_stamps.get()
    if known:
        known.clear()


def _watch_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    table = written_table(sql) if isinstance(sql, str) else None
    if table is not None and table not in UNRELATED_TABLES and table != _cache_table():
        _written(context["connection"])
    return result


# Aliases whose database has the stamp's table (a new database is migrated before it has it).
_stamp_tables: set[str] = set()


def _written(connection: BaseDatabaseWrapper) -> None:
    """After a write: raise the stamp now in autocommit; in a transaction when it commits (so nobody caches
    what a rolled-back or uncommitted transaction wrote under a new stamp, and writers never queue on the stamp's
    row). A test's own transaction never commits: there the stamp rises at once, inside it."""
    known = _request_stamps.get()
    if known:
        known.clear()
    if connection.alias not in _stamp_tables:
        if "web_writestamp" not in connection.introspection.table_names():
            return  # migrating a new database: nothing is cached for it yet
        _stamp_tables.add(connection.alias)
    if not connection.in_atomic_block or getattr(connection.atomic_blocks[0], "_from_testcase", False):
        stamp_bump(connection.alias)
        return
    if not any(getattr(hook[1], "func", None) is _bump_after_commit for hook in connection.run_on_commit):
        connection.on_commit(functools.partial(_bump_after_commit, connection.alias))


def watch_writes(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """connection_created receiver (selaras.web.apps): watch every new connection's writes."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


# Within one request the stamp is read once per database (a page asks for several parts); a write in the
# request forgets it, so the request's own writes show in the parts it asks for afterwards.
_request_stamps: ContextVar[dict[str, str] | None] = ContextVar("selaras_request_stamps", default=None)


def request_began(**kwargs: Any) -> None:
    """request_started receiver (selaras.web.apps)."""
    _request_stamps.set({})


def request_ended(**kwargs: Any) -> None:
    """request_finished receiver (selaras.web.apps)."""
    _request_stamps.set(None)


def write_stamp() -> str:
    """The current write stamp, read where the request reads its data (the replica in a heavy read)."""
    from selaras.web.models import WriteStamp

    using = router.db_for_read(WriteStamp)
    known = _request_stamps.get()
    if known is not None and using in known:
        return known[using]
    row = WriteStamp.objects.using(using).filter(pk=1).values_list("epoch", "writes").first()
    stamp = f"{row[0]}.{row[1]}" if row else "0.0"
    if known is not None:
        known[using] = stamp
    return stamp


def cached_part(name: str, *key: object, build: Callable[[], T], per_language: bool = False) -> T:
    """What `build()` returns, built once per name, key and write stamp (and language when it holds translated
    text), then served from the cache. The key names everything the part depends on except the data."""
    parts = [name, write_stamp(), *map(str, key)]
    if per_language:
        parts.append(translation.get_language() or "")
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    cache_key = f"selaras:part:{name}:{digest}"
    # A key names its write stamp, so a copy kept in this process is never stale: it spares reading (and
    # unpickling) the shared cache on every request.
    with _kept_lock:
        if cache_key in _kept:
            _kept.move_to_end(cache_key)
            return _kept[cache_key]  # type: ignore[no-any-return]
    value = build_once(cache_key, build)
    with _kept_lock:
        _kept[cache_key] = value
        while len(_kept) > PARTS_KEPT:
            _kept.popitem(last=False)
    return value


def parts_forget() -> None:
    """Empty the cache and this process's copies (tests: a rolled-back test leaves its stamp to the next)."""
    cache.clear()
    with _kept_lock:
        _kept.clear()


PARTS_KEPT = 64  # parts per process (the largest, a province's map, is about 2 MB)
_kept: OrderedDict[str, Any] = OrderedDict()
_kept_lock = threading.Lock()


_MISSING = object()


def build_once(key: str, build: Callable[[], T], seconds: int = PART_SECONDS) -> T:
    """The cached value under `key`, else `build()` cached; while another request builds it, wait for that
    instead of building it again (a new stamp otherwise sets every waiting visitor computing the same part)."""
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return value  # type: ignore[no-any-return]
    building = key + ":building"
    if not cache.add(building, 1, BUILD_WAIT_SECONDS):
        deadline = time.monotonic() + BUILD_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            value = cache.get(key, _MISSING)
            if value is not _MISSING:
                return value  # type: ignore[no-any-return]
            if cache.get(building) is None:
                break  # the other build failed: this request builds (and fails) itself
    try:
        value = build()
        cache.set(key, value, seconds)
        return value
    finally:
        cache.delete(building)
