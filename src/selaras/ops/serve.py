"""How `selaras serve` starts gunicorn: every knob from the environment (documented in the README's Production
table), so the systemd unit, the compose file and CI start it the same way."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

DEFAULT_BIND = "127.0.0.1:8000"


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    value = environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, 9)


def gunicorn_argv(*, bind: str, environ: Mapping[str, str]) -> list[str]:
    workers = _int(environ, "SELARAS_WEB_WORKERS", default_workers())
    threads = _int(environ, "SELARAS_WEB_THREADS", 4)
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--timeout",
        str(_int(environ, "SELARAS_WEB_TIMEOUT", 60)),
        "--graceful-timeout",
        str(_int(environ, "SELARAS_WEB_GRACEFUL_TIMEOUT", 30)),
        "--keep-alive",
        str(_int(environ, "SELARAS_WEB_KEEPALIVE", 5)),
        "--max-requests",
        str(_int(environ, "SELARAS_WEB_MAX_REQUESTS", 2000)),
        "--max-requests-jitter",
        str(_int(environ, "SELARAS_WEB_MAX_REQUESTS", 2000) // 10),
        "--forwarded-allow-ips",
        environ.get("SELARAS_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        # Requests are logged by Selaras itself (with their request id, JSON when asked); gunicorn logs errors.
        "--error-logfile",
        "-",
        "--name",
        "selaras",
        "--no-control-socket",  # unused; it would write under the service user's home
    ]
    return [*argv, "selaras.wsgi:application"]
