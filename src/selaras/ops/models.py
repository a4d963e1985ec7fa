"""What running Selaras in production needs to remember: heartbeats of its processes, the scheduler's lease
(only one scheduler acts at a time) and the runs of scheduled jobs (one per job and due time)."""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """The last sign of life of a part: "worker" (a task the worker ran), "scheduler", "backup"."""

    name = models.CharField(max_length=40, primary_key=True)
    at = models.DateTimeField()
    detail = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M:%S}"


class SchedulerLease(models.Model):
    """Held by one scheduler process; renewed while it runs, free for another once it expires."""

    name = models.CharField(max_length=40, primary_key=True)
    holder = models.CharField(max_length=100)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}: {self.holder}"


class ScheduledRun(models.Model):
    """One run of a scheduled job for one due time (`slot`); the unique pair keeps a job from running twice."""

    job = models.CharField(max_length=40)
    slot = models.CharField(max_length=40)
    holder = models.CharField(max_length=100)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(null=True)
    output = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="ops_run_once_per_slot")]
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.job} {self.slot}"
