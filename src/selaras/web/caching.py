"""Large per-user responses (the map GeoJSON) revalidated by ETag and gzipped when the browser accepts it.

The body is built for every request (the access check and fresh data are never skipped), but compressing 1.7 MB
costs more than building it, so the gzipped bytes are kept per process keyed by a hash of the body: the same data
is compressed once, not once per visit. These bodies hold no secret and reflect no request input, so a fixed gzip
rendition per body gives nothing to BREACH.
"""

from __future__ import annotations

import functools
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.middleware.http import ConditionalGetMiddleware
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
