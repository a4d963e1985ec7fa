"""Public pages under public traffic, in one place: a request limit per address, and whole responses cached
(Django's cache framework) per province, language and data version, sent with an ETag, Last-Modified and
`Cache-Control: public`.

A visitor's request costs the data-version query and, when the cache is warm, nothing else: the number of
queries does not grow with the number of visitors. The cache is the installation's default cache (per process
unless SELARAS_CACHE_URL names a shared one, as `selaras serve` does); the limit counts per process likewise,
which only makes it more lenient.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from selaras.core.i18n import Msg
from selaras.public import selectors
from selaras.web.caching import build_once
from selaras.web.client import client_address

F = TypeVar("F", bound=Callable[..., HttpResponse])

TOO_MANY_REQUESTS = Msg(
    id="Terlalu banyak permintaan dari alamat Anda. Coba lagi dalam {seconds} detik.",
    en="Too many requests from your address. Try again in {seconds} seconds.",
)
WINDOW_SECONDS = 60
CACHE_SECONDS = 600  # a page is rebuilt at least this often even if no recorded change says so
_GZIP = re.compile(r"\bgzip\b")


def rate_limited(view: F) -> F:
    """At most settings.PUBLIC_RATE_LIMIT requests per address per minute (0: no limit); past it, 429 with the
    reason in Indonesian and English and a Retry-After header."""

    @functools.wraps(view)
    def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limit = settings.PUBLIC_RATE_LIMIT
        if limit:
            now = time.time()
            window = int(now // WINDOW_SECONDS)
            key = f"selaras:public:rate:{client_address(request) or 'unknown'}:{window}"
            cache.add(key, 0, WINDOW_SECONDS + 5)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                count = 1
                cache.set(key, count, WINDOW_SECONDS + 5)
            if count > limit:
                return too_many_requests(retry_after=int((window + 1) * WINDOW_SECONDS - now) + 1)
        return view(request, *args, **kwargs)

    return limited  # type: ignore[return-value]


def too_many_requests(*, retry_after: int) -> HttpResponse:
    body = "\n".join(TOO_MANY_REQUESTS.render(lang, seconds=retry_after) for lang in ("id", "en"))
    response = HttpResponse(body + "\n", status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    patch_cache_control(response, no_store=True)
    return response


def public_language(request: HttpRequest) -> tuple[str, bool]:
    """The page's language and whether it came from the visitor's cookie: `?lang=en` or `?lang=id` in the
    address (a link anyone may share, and a shared cache may keep), else the language switch's cookie (read by
    selaras.web.middleware.LanguageMiddleware), else Indonesian."""
    asked = request.GET.get("lang", "")
    if asked in dict(settings.LANGUAGES):
        return asked, False
    return translation.get_language() or settings.LANGUAGE_CODE, True


@dataclass(frozen=True)
class Body:
    content: bytes
    gzipped: bytes
    content_type: str
    headers: dict[str, str]


KEPT_HEADERS = ("Content-Disposition", "Access-Control-Allow-Origin")


def public_cached(view: F) -> F:
    """A public view (no sign-in, GET), limited per address, its response cached per address (path and host),
    language and the data version of the province its `province_code` or `province` argument names (of every
    province when it names none); 404 for a code that is no province."""

    @functools.wraps(view)
    def cached(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        code = kwargs.get("province_code") or kwargs.get("province")
        version = selectors.data_version(province_code=code) if code else selectors.data_version_all()
        if version is None:
            raise Http404
        return cached_response(request, version=version, build=lambda: view(request, *args, **kwargs))

    return login_not_required(require_GET(rate_limited(cached)))  # type: ignore[return-value]


def cached_response(
    request: HttpRequest, *, version: selectors.DataVersion, build: Callable[[], HttpResponse]
) -> HttpResponse:
    """The response `build()` makes, built once per address, language and data version and then served from
    the cache (other query parameters cannot bypass it); 304 when the visitor's copy is current."""
    lang, from_cookie = public_language(request)
    place = f"{request.scheme}://{request.get_host()}{request.path}"
    key = "selaras:public:" + hashlib.sha256(f"{place}|{lang}|{version.tag}".encode()).hexdigest()
    etag = f'W/"{key[-24:]}"'
    modified = int(version.changed_at.timestamp()) if version.changed_at else None
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is None:
        body = _build_once(key, lang, build)
        zipped = bool(_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        response = HttpResponse(body.gzipped if zipped else body.content, content_type=body.content_type)
        if zipped:
            response["Content-Encoding"] = "gzip"
        for name, value in body.headers.items():
            response[name] = value
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    response["Content-Language"] = lang
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE_SECONDS)
    patch_vary_headers(response, ("Accept-Encoding", "Cookie") if from_cookie else ("Accept-Encoding",))
    return response


def _build_once(key: str, lang: str, build: Callable[[], HttpResponse]) -> Body:
    """Build and cache the body once (selaras.web.caching.build_once: the one mechanism for cached parts;
    requests that arrive while it is built wait for it)."""

    def body() -> Body:
        with translation.override(lang):
            made = build()
        content = made.content
        return Body(
            content,
            gzip.compress(content, compresslevel=6, mtime=0),
            made["Content-Type"],
            {name: made[name] for name in KEPT_HEADERS if name in made},
        )

    return build_once(key, body, CACHE_SECONDS)
