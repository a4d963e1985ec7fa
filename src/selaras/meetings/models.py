"""Coordination meetings (Rakorda, issue 13): the meeting as a record, what it agreed and who still owes what.

Access (through selaras.accounts.access): a meeting belongs to its province (`region`). Everyone signed in to the
province reads it, its decisions and follow-ups (`Action.VIEW`); its provincial administrators write it
(`Action.DECIDE`). A follow-up is owed by one government (`region`): that government's writers mark it done with
evidence (`Action.EDIT`), and the province confirms. The status of a follow-up is computed from the records
wherever they can tell (a plan target, an agreement's signature, village coverage, an irisan's answers); only
the other ones are marked by hand, and those need the province's confirmation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Meeting(models.Model):
    """One Rakorda. `snapshot` freezes the attached synchronization run as it was presented: findings and irisan
    proposals with their reasons in both languages, so later plan changes never rewrite what the meeting saw."""

    region = models.ForeignKey(  # the province
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    title = models.CharField(_("name"), max_length=300)
    theme = models.CharField(_("theme"), max_length=500, blank=True)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    host = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("host region")
    )
    sync_run = models.ForeignKey(
        "sync.SyncRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("synchronization run presented"),
    )
    snapshot = models.JSONField(_("findings as presented"), default=dict, blank=True)
    signed_file_name = models.CharField(_("signed berita acara"), max_length=255, blank=True)
    signed_stored_name = models.CharField(max_length=200, blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True)
    is_sample = models.BooleanField(_("sample"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    REPRESENTED = "represented", _("Represented")
    ABSENT = "absent", _("Absent")


class Participant(models.Model):
    """A person at the meeting for one government (the daftar hadir)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("government")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    attendance = models.CharField(
        _("attendance"), max_length=12, choices=Attendance.choices, default=Attendance.PRESENT
    )
    represented_by = models.CharField(_("represented by"), max_length=200, blank=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["meeting", "region_id", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.name} ({self.region_id})"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")  # the province
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("agenda item"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Decision(models.Model):
    """A kesepakatan: its text, the governments bound and what it points at (an irisan proposal decided at the
    meeting, an agreement drafted or signed there, a plan row to change)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")  # the province
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"))
    bound = models.JSONField(_("governments bound"), default=list)  # region codes
    proposal = models.ForeignKey(
        "sync.IrisanProposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("irisan proposal"),
    )
    # The proposal's key stays the same in every run, so the decision still finds it after a new run.
    proposal_key = models.CharField(_("irisan key"), max_length=160, blank=True)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_decisions",
        verbose_name=_("agreement"),
    )
    target_region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region whose plan changes"),
    )
    indicator_key = models.CharField(_("plan indicator row id"), max_length=64, blank=True)
    indicator_name = models.CharField(_("indicator"), max_length=500, blank=True)
    target_year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    target_minimum = models.DecimalField(
        _("minimum target"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="meetings_decision_number_once")
        ]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class FollowUpKind(models.TextChoices):
    TARGET = "target", _("Plan target (computed from the plans)")
    AGREEMENT = "agreement", _("Agreement signed (computed from the agreement)")
    COVERAGE = "coverage", _("Village coverage (computed from the agreement's fulfilment)")
    IRISAN = "irisan", _("Irisan pursued (computed from both parties' answers)")
    MANUAL = "manual", _("Other (marked with evidence, confirmed by the province)")


class FollowUp(models.Model):
    """A tindak lanjut: what one government owes because of a decision, by when, with what evidence.

    There is no status field: the status is computed (selectors.followup_state). `claimed_*` and `confirmed_*`
    record the hand-marked path of a `manual` follow-up."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="follow_ups")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible government")
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=FollowUpKind.choices, default=FollowUpKind.MANUAL
    )
    text = models.CharField(_("follow-up"), max_length=500)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    obligation = models.ForeignKey(
        "agreements.Obligation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence_note = models.TextField(_("evidence"), blank=True)
    evidence_file_name = models.CharField(_("evidence document"), max_length=255, blank=True)
    evidence_stored_name = models.CharField(max_length=200, blank=True)
    claimed_at = models.DateTimeField(_("marked done at"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["meeting", "decision__number", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.text


class Reminder(models.Model):
    """An in-app reminder of a follow-up that is due or overdue, for a user of the responsible government;
    e-mailed when SMTP is set. Not audited: made again from audited records."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="meetings_reminder_once")]

    def __str__(self) -> str:
        return self.key
