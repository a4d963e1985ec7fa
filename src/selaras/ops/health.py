"""What /healthz reports: the database answers, the worker ran its heartbeat task recently, the scheduler ticked
recently, and the last backup is not too old (when one is known)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from selaras.ops.heartbeats import BACKUP, SCHEDULER, WORKER
from selaras.ops.models import Heartbeat


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HealthReport:
    checks: dict[str, Check]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks.values())

    @property
    def failing(self) -> list[str]:
        return [name for name, check in self.checks.items() if not check.ok]

    def as_json(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.ok else "fail",
            "failing": self.failing,
            "checks": {
                name: {"ok": check.ok, "detail": check.detail, **check.extra}
                for name, check in self.checks.items()
            },
        }


def _age_check(beat: Heartbeat | None, *, now: datetime, limit: timedelta, missing: Check) -> Check:
    if beat is None:
        return missing
    age = (now - beat.at).total_seconds()
    ok = age <= limit.total_seconds()
    detail = f"last {int(age)} s ago" + ("" if ok else f", more than {int(limit.total_seconds())} s")
    return Check(ok, detail, {"age_seconds": int(age), "at": beat.at.isoformat()})


def health_report(*, now: datetime | None = None) -> HealthReport:
    now = now or timezone.now()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        beats = {beat.name: beat for beat in Heartbeat.objects.all()}
    except DatabaseError as error:
        unknown = Check(False, "unknown: the database is unreachable")
        return HealthReport(
            {
                "database": Check(False, f"unreachable: {type(error).__name__}"),
                "worker": unknown,
                "scheduler": unknown,
                "backup": unknown,
            }
        )
    return HealthReport(
        {
            "database": Check(True, "reachable"),
            "worker": _age_check(
                beats.get(WORKER),
                now=now,
                limit=timedelta(minutes=settings.HEALTH_WORKER_MAX_MINUTES),
                missing=Check(False, "no heartbeat yet: is `selaras db_worker` (and the scheduler) running?"),
            ),
            "scheduler": _age_check(
                beats.get(SCHEDULER),
                now=now,
                limit=timedelta(minutes=settings.HEALTH_SCHEDULER_MAX_MINUTES),
                missing=Check(False, "no heartbeat yet: is `selaras scheduler` running?"),
            ),
            "backup": _age_check(
                beats.get(BACKUP),
                now=now,
                limit=timedelta(hours=settings.HEALTH_BACKUP_MAX_HOURS),
                missing=Check(True, "no backup recorded yet", {"age_seconds": None}),
            ),
        }
    )
