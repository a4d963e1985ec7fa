"""Progress of long work (imports, analyses, plans) run by the django-tasks database worker.

django-tasks keeps whether a task ran; this keeps what a person wants to watch: how far it is, in words, and the
region it belongs to, so the same access rules apply to its page.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from selaras.web.i18n import StoredFailure, in_language


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class StopReason(models.TextChoices):
    """Why a job stopped without finishing its work, when Selaras (not the work itself) knows why."""

    NONE = "", ""
    WORKER_LOST = "worker_lost", _("The worker stopped while this job ran; nothing it did was kept.")
    CANCELLED = "cancelled", _("Cancelled; nothing it did was kept.")


class Job(StoredFailure, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    stage = models.CharField(max_length=100, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    # Recovery (docs/deploy.md, "Background jobs"): how to enqueue the work again, the run it is on, the lease
    # its worker renews, a cancel asked for while it runs, and why it stopped when the work did not say.
    task_path = models.CharField(max_length=200, blank=True)
    task_kwargs = models.JSONField(default=dict, blank=True)
    auto_retry = models.BooleanField(default=False)
    attempt = models.PositiveSmallIntegerField(default=1)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    stop_reason = models.CharField(max_length=20, choices=StopReason.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_region_field = "region"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)

    @property
    def can_cancel(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING) and not self.cancel_requested

    @property
    def can_restart(self) -> bool:
        return self.status in (JobStatus.FAILED, JobStatus.CANCELLED) and bool(self.task_path)

    def _in_language(self, key: str) -> str:
        return in_language(self.result.get(key) if isinstance(self.result, dict) else None)

    @property
    def result_text(self) -> str:
        """What the work came to, in words and in the page's language ("" when the task gave none)."""
        return self._in_language("message")

    @property
    def result_link_text(self) -> str:
        return self._in_language("link_text") or str(_("Open the result"))

    @property
    def result_facts(self) -> list[tuple[str, object]]:
        """The result's counts that have a label (ids, states and links are for the code, not for people)."""
        labels = result_labels()
        result = self.result if isinstance(self.result, dict) else {}
        return [(str(labels[k]), v) for k, v in result.items() if k in labels and not isinstance(v, dict)]


def result_labels() -> dict[str, str]:
    """Labels of the counts tasks report (see the tasks of each app)."""
    return {
        "rows": _("Rows"),
        "regions": _("Regions"),
        "coverage_gaps": _("Coverage gaps"),
        "target_shortfalls": _("Target shortfalls"),
        "code_errors": _("Code problems"),
        "dangling_links": _("Dangling links"),
        "irisan": _("Irisan proposals"),
        "irisan_groups": _("Irisan groups"),
        "added": _("Added"),
        "updated": _("Updated"),
        "retired": _("Retired"),
        "unchanged": _("Unchanged"),
    }
