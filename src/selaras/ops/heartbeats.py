"""Heartbeats: each part of an installation records when it last did its work; /healthz reads their age."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from selaras.ops.models import Heartbeat

WORKER = "worker"
SCHEDULER = "scheduler"
BACKUP = "backup"


def heartbeat_record(*, name: str, at: datetime | None = None, detail: dict[str, Any] | None = None) -> None:
    """Record a sign of life of `name`. The backup command calls this with name=BACKUP when it has written
    an archive, so /healthz knows the age of the last backup."""
    Heartbeat.objects.update_or_create(
        name=name, defaults={"at": at or timezone.now(), "detail": detail or {}}
    )
