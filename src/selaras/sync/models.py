"""A synchronization run (the stored analysis of a province's submitted plans) and its irisan proposals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RunState(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Awaiting confirmation")


class SyncRun(models.Model):
    """One run of the analysis over a province's submitted/approved plans (and the national targets).

    `result_id` / `result_en` are `result_to_dict` in Indonesian and English; `rows` is a snapshot of the rows
    analysed (id, kode_wilayah, kode, uraian, indikator, satuan, mendukung) for the matrix and the names.

    A run that would change a decided proposal of the published one stays `pending` until a provincial
    administrator confirms it; `changes` is what publishing did to the previous run's proposals (counts of new,
    kept and vanished proposals, and the decided ones that changed).
    """

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    plans = models.JSONField(_("plans analysed"), default=list)  # [{"id":, "region":, "label":, "status":}]
    rows = models.JSONField(_("rows analysed"), default=list)
    result_id = models.JSONField(_("result (Indonesian)"), default=dict)
    result_en = models.JSONField(_("result (English)"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=RunState.choices, default=RunState.PUBLISHED)
    changes = models.JSONField(_("changes from the previous run"), default=dict, blank=True)
    history = HistoricalRecords()
    audit_region_field = "region"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("synchronization run")

    def __str__(self) -> str:
        return f"{self.region_id} {self.start_year}-{self.end_year} #{self.pk}"

    def result(self, lang: str) -> dict:  # type: ignore[type-arg]  # the OUT.json contract
        return self.result_en if lang == "en" else self.result_id


class Answer(models.TextChoices):
    PENDING = "pending", _("Awaiting answer")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ProposalChange(models.TextChoices):
    """How a proposal relates to the previous run (blank on a province's first run)."""

    NONE = "", _("First run")
    NEW = "new", _("New")
    KEPT = "kept", _("Kept")
    VANISHED = "vanished", _("Vanished")


class IrisanProposal(models.Model):
    """An irisan candidate between two governments' rows, answered by each party (a and b).

    `key` (type and the two row ids, `core.alignment.rerun.proposal_key`) is the same in every run, so a new run
    carries the answers, their reasons and the draft agreement over. A decided proposal the new run no longer
    finds is kept in it as `vanished`, answers and all, and is no longer answered.
    """

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="proposals")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")  # the province
    row_a = models.CharField(_("row a"), max_length=64)
    row_b = models.CharField(_("row b"), max_length=64)
    party_a = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    party_b = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=20)
    key = models.CharField(_("key"), max_length=160, blank=True, db_index=True)
    change = models.CharField(
        _("change from the previous run"),
        max_length=10,
        choices=ProposalChange.choices,
        blank=True,
        default=ProposalChange.NONE,
    )
    score = models.FloatField(_("score"))
    reason_id = models.TextField(_("reason (Indonesian)"))
    reason_en = models.TextField(_("reason (English)"))
    answer_a = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answer_a_reason = models.TextField(blank=True)
    answer_a_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_b = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answer_b_reason = models.TextField(blank=True)
    answer_b_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    audit_region_field = "region"

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("irisan proposal")

    def __str__(self) -> str:
        return f"{self.row_a} ~ {self.row_b}"

    def reason(self, lang: str) -> str:
        return self.reason_en if lang == "en" else self.reason_id

    @property
    def decided(self) -> bool:
        """A party answered, or a draft agreement was opened from it."""
        return self.answer_a != Answer.PENDING or self.answer_b != Answer.PENDING or bool(self.agreement_id)

    @property
    def both_accepted(self) -> bool:
        return self.answer_a == Answer.ACCEPTED and self.answer_b == Answer.ACCEPTED
