"""Sign-in throttling (django-axes, database handler) on three counts, each with its own limit within the
cool-off time: failures of one username from one address (a person mistyping: locked soonest), failures from one
address whatever the username (one machine trying many usernames), and failures of one username from any
address (many machines trying one account). A successful sign-in clears only its own username-and-address
count, so signing in with one's own account does not wipe an address's record of trying others."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone


def limits() -> dict[str, int]:
    return {
        "username_and_address": settings.AXES_FAILURE_LIMIT,
        "address": settings.SELARAS_LOGIN_ADDRESS_FAILURE_LIMIT,
        "username": settings.SELARAS_LOGIN_USERNAME_FAILURE_LIMIT,
    }


def _recent() -> QuerySet[AccessAttempt]:
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - (get_cool_off() or timedelta(0)))


def _counts(username: str | None, address: str | None) -> dict[str, QuerySet[AccessAttempt]]:
    recent = _recent()
    counts = {}
    if username is not None and address is not None:
        counts["username_and_address"] = recent.filter(username=username, ip_address=address)
    if address is not None:
        counts["address"] = recent.filter(ip_address=address)
    if username is not None:
        counts["username"] = recent.filter(username=username)
    return counts


def lock_ends(username: str | None, address: str | None) -> Any:
    """When the sign-in lock on this username and/or address lifts (None: not locked). Each count lifts when
    its latest failure is older than the cool-off time."""
    ends = []
    cool_off = get_cool_off() or timedelta(0)
    for name, attempts in _counts(username, address).items():
        found = attempts.aggregate(failures=Sum("failures_since_start"), latest=Max("attempt_time"))
        if (found["failures"] or 0) >= limits()[name]:
            ends.append(found["latest"] + cool_off)
    return max(ends) if ends else None


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of these usernames cannot sign in from anywhere now, or are locked from at least one address."""
    locked = set()
    per_user = (
        _recent().filter(username__in=usernames).values("username").annotate(n=Sum("failures_since_start"))
    )
    locked |= {row["username"] for row in per_user if row["n"] >= limits()["username"]}
    per_pair = (
        _recent()
        .filter(username__in=usernames)
        .values("username", "ip_address")
        .annotate(n=Sum("failures_since_start"))
    )
    locked |= {row["username"] for row in per_pair if row["n"] >= limits()["username_and_address"]}
    return locked


def unlock(username: str) -> int:
    """Forget the recent failed sign-ins of `username` from every address; returns how many records went."""
    deleted, _ = AccessAttempt.objects.filter(username=username).delete()
    return deleted


class ThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler, with a limit per count (axes itself has one limit for all counts)."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The counts scaled to axes' one limit: the worst count decides."""
        limit = get_failure_limit(request, credentials)
        username = get_client_username(request, credentials)
        worst = 0
        for name, attempts in _counts(username, request.axes_ip_address).items():  # type: ignore[attr-defined]
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            worst = max(worst, failures * limit // limits()[name])
        return worst

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        username = get_client_username(request, credentials)
        deleted, _ = AccessAttempt.objects.filter(
            username=username,
            ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        ).delete()
        return deleted


def lockout_minutes(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    """Whole minutes until the lock on this request's username and address lifts (at least 1)."""
    ends = lock_ends(get_client_username(request, credentials), getattr(request, "axes_ip_address", None))
    if ends is None:
        return 1
    return max(1, -(-int((ends - timezone.now()).total_seconds()) // 60))
