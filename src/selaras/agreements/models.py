"""Cooperation agreements (PKS): parties, yearly obligations per party, signed documents, addenda, reminders.

Access (decided here, enforced through selaras.accounts.access): an agreement belongs to its parties' regions.
A user sees an agreement, its obligations and its documents when they may read the private work
(`Action.VIEW_PRIVATE`) of at least one party region: the party's own users, and the province's accounts (which
read all private work of their province under the access module's rules). A regency or city that is not a
party sees nothing of it: no draft, no signed text, no document (404, as if it did not exist).
Writes need `Action.EDIT` on a party region: any party's writer drafts and edits a draft, adds addenda or ends
the agreement; each party signs for itself (a provincial administrator, who writes for every region of the
province, may record a regency's signature for it); an obligation is updated by the writers of the party that
owes it. Viewers never write.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class Kind(models.TextChoices):
    VILLAGE_INTERNET = "village_internet", _("Village internet")
    GENERAL = "general", _("General")


class Agreement(models.Model):
    """One PKS. `status` stores draft, signed or terminated; active and expired follow from the period."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    scope = models.TextField(_("scope"), blank=True)
    # The region the agreement is filed under in the audit trail: its most local party.
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    source_reference = models.CharField(
        _("source"), max_length=200, blank=True
    )  # e.g. the irisan it came from
    is_sample = models.BooleanField(_("sample"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title

    def status_on(self, today: object) -> str:
        if self.status in (Status.DRAFT, Status.TERMINATED):
            return self.status
        if today > self.ends_on:  # type: ignore[operator]
            return Status.EXPIRED
        if today >= self.starts_on:  # type: ignore[operator]
            return Status.ACTIVE
        return Status.SIGNED

    @property
    def years(self) -> list[int]:
        return list(range(self.starts_on.year, self.ends_on.year + 1))


class Party(models.Model):
    """A government that is party to an agreement, with its own document number and its signature."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("government")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)  # Pihak Kesatu, Kedua, ...
    document_number = models.CharField(_("document number"), max_length=120, blank=True)
    signatory = models.CharField(_("signed by (name and office)"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["agreement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "region"], name="agreements_party_once"),
        ]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return f"{self.region_id} ({self.agreement_id})"

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None


class Measure(models.TextChoices):
    VILLAGES = "villages", _("Villages live (from connectivity records)")
    INDICATOR = "indicator", _("Indicator target (from the plans)")
    DELIVERABLE = "deliverable", _("Deliverable with evidence")


class ObligationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    LATE = "late", _("Late")


class Obligation(models.Model):
    """What one party owes in one year, how it is measured, its cost share, due date and status.

    For `villages` the status is computed from the connectivity records (never typed); for the other measures
    the party records it with evidence, and a past due date turns anything unfulfilled into late.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="obligations")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="obligations")
    region = models.ForeignKey(  # the party's region, for the audit trail and scoping
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("obligation"), max_length=300)
    measure = models.CharField(_("measured by"), max_length=12, choices=Measure.choices)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    indicator_target = models.DecimalField(
        _("target"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    # The plan indicator (selaras.planning) it is measured by, by the row id its region's plans give it; resolved
    # when read, so re-importing a plan never leaves a stale link.
    plan_indicator_key = models.CharField(_("plan indicator row id"), max_length=64, blank=True)
    village_codes = models.JSONField(_("villages"), default=list, blank=True)
    live_by = models.DateField(_("live by"), null=True, blank=True)
    min_uptime_pct = models.DecimalField(_("minimum uptime (%)"), max_digits=5, decimal_places=2, default=95)
    cost_share_idr = models.BigIntegerField(_("cost share (Rp)"), null=True, blank=True)
    cost_share_pct = models.DecimalField(
        _("cost share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=ObligationStatus.choices, default=ObligationStatus.NOT_STARTED
    )
    note = models.TextField(_("note"), blank=True)
    # The addendum that added it to a signed agreement (a signed agreement gains obligations no other way).
    amendment = models.ForeignKey(
        "Amendment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obligations",
        verbose_name=_("added by addendum"),
    )
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["agreement", "year", "party__position", "pk"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"


class Amendment(models.Model):
    """An addendum: kept in order, never rewritten; the agreement's own history records what it changed."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="amendments")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("addendum number"), max_length=120)
    signed_on = models.DateField(_("signed on"))
    summary = models.TextField(_("what it changes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["agreement", "signed_on", "pk"]
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")

    def __str__(self) -> str:
        return self.number


class DocumentKind(models.TextChoices):
    SIGNED = "signed", _("Signed agreement")
    ADDENDUM = "addendum", _("Addendum")
    EVIDENCE = "evidence", _("Evidence")


class Document(models.Model):
    """A PDF kept under FILES_DIR with a random name; served only by the checked download view."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    party = models.ForeignKey(Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    amendment = models.ForeignKey(
        Amendment, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=64, unique=True)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    is_sample = models.BooleanField(_("sample"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    audit_region_field = "region"

    class Meta:
        ordering = ["agreement", "uploaded_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.file_name


class Reminder(models.Model):
    """An in-app reminder for one user (late obligation, agreement about to expire); e-mailed when SMTP is set.

    Not audited: reminders are generated from audited records and can be generated again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10)  # late, expiring
    key = models.CharField(max_length=120)  # what it is about, so the same reminder is not made twice
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="agreements_reminder_once")]

    def __str__(self) -> str:
        return self.key
