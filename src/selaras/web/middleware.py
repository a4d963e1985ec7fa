from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin


class SessionRefreshMiddleware(MiddlewareMixin):
    """The idle timeout: a signed-in person's session is extended by SESSION_COOKIE_AGE from their last request,
    to within SESSION_REFRESH_SECONDS (a session written on every request costs a database write per page).
    Public pages (login not required) never read the session, so they vary by nothing of the visitor's."""

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> None:
        if not getattr(view_func, "login_required", True) or not request.user.is_authenticated:
            return
        now = int(time.time())
        if now - int(request.session.get("_seen", 0)) >= settings.SESSION_REFRESH_SECONDS:
            request.session["_seen"] = now  # modified: SessionMiddleware saves it with a new expiry


class SignInRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a signed-in user unless marked @login_not_required.

    The API authenticates inside Django REST framework (session or token) and answers 401/403 itself,
    so it is left to the API's own permission classes, which ask the same access module.
    """

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        if request.path.startswith("/api/"):
            return None
        if not getattr(view_func, "login_required", True):
            return None  # before reading the session: a public page then varies by nothing of the visitor's
        return super().process_view(request, view_func, view_args, view_kwargs)


class LanguageMiddleware(LocaleMiddleware):
    """Indonesian unless the person chose English with the language switch (a cookie).

    A browser's Accept-Language does not count for pages: government computers often run English systems while
    their users expect the Indonesian interface. API clients may ask with Accept-Language.
    """

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/"):
            super().process_request(request)
            return
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
