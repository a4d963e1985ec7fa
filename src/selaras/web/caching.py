"""Large per-user responses (the map GeoJSON) revalidated by ETag and gzipped when the browser accepts it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.gzip import gzip_page

F = TypeVar("F", bound=Callable[..., Any])
# ETag from the body and 304 on a matching If-None-Match; gzip (outside it) makes the tag weak, which still matches.
_condition_by_body = decorator_from_middleware(ConditionalGetMiddleware)


def revalidated(view: F) -> F:
    """Gzip, ETag, 304; `private, no-cache`: the response is scoped to the user (accounts/access.py), so never kept
    by a shared cache, and revalidated every time (the ETag saves the transfer, never the access check)."""

    @functools.wraps(view)
    def private(*args: Any, **kwargs: Any) -> Any:
        response = view(*args, **kwargs)
        patch_cache_control(response, private=True, no_cache=True)
        return response

    return gzip_page(_condition_by_body(private))  # type: ignore[return-value]
