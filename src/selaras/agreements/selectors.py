"""Reads of agreements, always cut down by selaras.accounts.access (see models.py for the access rule)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from selaras.accounts.access import Action, can, require, scope
from selaras.agreements import fulfilment
from selaras.agreements.models import (
    Agreement,
    Document,
    Measure,
    Obligation,
    ObligationStatus,
    Party,
    Reminder,
    Status,
)
from selaras.core.numbers import NumberTextError, number_or_none
from selaras.regions.models import Region
from selaras.web import formatting

EXPIRY_WARNING_DAYS = 90
PUBLIC_PLAN_STATUSES = (
    "submitted",
    "approved",
)  # selaras.planning's PlanStatus values readable by the province


def agreements_for_user(*, user: Any, action: Action = Action.VIEW_PRIVATE) -> QuerySet[Agreement]:
    """Agreements with at least one party region whose private work the user may read (or `action`)."""
    parties = scope(user, Party.objects.all(), action)
    return Agreement.objects.filter(pk__in=parties.values("agreement_id"))


def agreement_get_for_user(
    *, user: Any, agreement_id: int, action: Action = Action.VIEW_PRIVATE
) -> Agreement:
    """404 unless the user sees the agreement; for EDIT, 403 unless they write for one of its parties."""
    agreement = agreements_for_user(user=user).filter(pk=agreement_id).select_related("region").first()
    if agreement is None:
        raise Http404
    if action == Action.EDIT and not any(
        can(user, Action.EDIT, p.region_id) for p in agreement.parties.all()
    ):
        raise PermissionDenied
    return agreement


def party_get_for_user(*, user: Any, agreement_id: int, party_id: int) -> Party:
    """A party the user may sign for (write for its region)."""
    agreement = agreement_get_for_user(user=user, agreement_id=agreement_id)
    party = agreement.parties.filter(pk=party_id).select_related("region").first()
    if party is None:
        raise Http404
    require(user, Action.EDIT, party.region_id)
    return party


def obligation_get_for_user(
    *, user: Any, obligation_id: int, action: Action = Action.VIEW_PRIVATE
) -> Obligation:
    obligation = (
        Obligation.objects.select_related("agreement", "party__region").filter(pk=obligation_id).first()
    )
    if obligation is None:
        raise Http404
    agreement_get_for_user(user=user, agreement_id=obligation.agreement_id)
    if action == Action.EDIT:
        require(user, Action.EDIT, obligation.region_id)
    return obligation


def document_get_for_user(*, user: Any, document_id: int) -> Document:
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        raise Http404
    agreement_get_for_user(user=user, agreement_id=document.agreement_id)
    return document


def status_rows(*, village_codes: Iterable[str]) -> list[fulfilment.StatusRow]:
    """The access-point status changes of these villages (selaras.connectivity's StatusChange)."""
    from selaras.connectivity.models import StatusChange

    codes = list(set(village_codes))
    rows: list[fulfilment.StatusRow] = []
    for start in range(0, len(codes), 500):  # keep under SQLite's parameter limit
        rows += [
            fulfilment.StatusRow(ap, village, status, when)
            for ap, village, status, when in StatusChange.objects.filter(
                region_id__in=codes[start : start + 500]
            )
            .order_by("effective_on", "pk")
            .values_list("access_point_id", "region_id", "status", "effective_on")
        ]
    return rows


@dataclass(frozen=True)
class PlanReading:
    """What the plans say about an obligation's indicator in its year."""

    indicator: str
    unit: str
    target: float | None
    realized: float | None


@dataclass(frozen=True)
class ObligationView:
    obligation: Obligation
    status: str
    coverage: fulfilment.CoverageResult | None = None
    plan: PlanReading | None = None

    @property
    def is_late(self) -> bool:
        return self.status == ObligationStatus.LATE

    @property
    def status_label(self) -> str:
        return str(ObligationStatus(self.status).label)


VILLAGE_STATES = {
    fulfilment.FULFILLED: gettext_lazy("Fulfilled: live and stayed live"),
    fulfilment.CONNECTED: gettext_lazy("Live (deadline not reached)"),
    fulfilment.AWAITING: gettext_lazy("Not live yet (deadline not reached)"),
    fulfilment.INTERRUPTED: gettext_lazy("Interrupted"),
    fulfilment.NOT_LIVE: gettext_lazy("Not live"),
}


def effective_status(obligation: Obligation, agreement_status: str, today: date) -> str:
    """Typed status, except that an unfulfilled obligation of an agreement in force is late after its due date."""
    if obligation.status == ObligationStatus.FULFILLED:
        return ObligationStatus.FULFILLED
    if agreement_status in (Status.ACTIVE, Status.EXPIRED) and today > obligation.due_on:
        return ObligationStatus.LATE
    return obligation.status


def obligation_views(*, agreement: Agreement, today: date) -> list[ObligationView]:
    """Every obligation with its status; coverage obligations computed from the connectivity records."""
    obligations = list(
        agreement.obligations.select_related("party__region", "amendment").order_by(
            "year", "party__position", "pk"
        )
    )
    codes = {c for o in obligations if o.measure == Measure.VILLAGES for c in o.village_codes}
    rows = status_rows(village_codes=codes) if codes else []
    agreement_status = agreement.status_on(today)
    views = []
    for obligation in obligations:
        if obligation.measure == Measure.INDICATOR and obligation.plan_indicator_key:
            views.append(
                indicator_view(obligation=obligation, agreement_status=agreement_status, today=today)
            )
            continue
        if obligation.measure != Measure.VILLAGES:
            views.append(ObligationView(obligation, effective_status(obligation, agreement_status, today)))
            continue
        result = coverage_of(obligation=obligation, agreement=agreement, rows=rows, today=today)
        status = result.status
        if (
            agreement_status in (Status.DRAFT, Status.TERMINATED, Status.SIGNED)
            and status == ObligationStatus.LATE
        ):
            status = (
                ObligationStatus.IN_PROGRESS
                if agreement_status != Status.DRAFT
                else ObligationStatus.NOT_STARTED
            )
        views.append(ObligationView(obligation, status, result))
    return views


def _number(value: Any) -> float | None:
    try:
        number = number_or_none(value, decimal_point=True)
    except NumberTextError:
        return None
    return None if number is None else float(number)


def plan_indicator(*, region_code: str, key: str, year: int) -> Any:
    """The indicator `key` of the newest submitted or approved plan of `region_code` that covers `year`
    (selaras.planning), or None. Draft plans are their region's private work, so they never count."""
    from selaras.planning.models import Indicator

    return (
        Indicator.objects.filter(
            region_id=region_code,
            key=key,
            plan__start_year__lte=year,
            plan__end_year__gte=year,
            plan__status__in=PUBLIC_PLAN_STATUSES,
        )
        .order_by("-plan_id")
        .first()
    )


def plan_indicator_choices(*, user: Any, region_codes: list[str], years: list[int]) -> list[tuple[str, str]]:
    """Indicators of the parties' plans covering the period, as `region|key` choices (what the user may read)."""
    from selaras.planning.models import Indicator

    rows = (
        scope(user, Indicator.objects.all(), Action.VIEW)
        .filter(
            region_id__in=region_codes,
            plan__start_year__lte=max(years),
            plan__end_year__gte=min(years),
            plan__status__in=PUBLIC_PLAN_STATUSES,
        )
        .select_related("region")
        .order_by("region_id", "key")
        .values_list("region_id", "region__name", "key", "indikator", "satuan")
    )
    seen: dict[str, str] = {}
    for region, name, key, indikator, satuan in rows[:500]:
        seen.setdefault(f"{region}|{key}", f"{name}: {key} {indikator}" + (f" ({satuan})" if satuan else ""))
    return list(seen.items())


def indicator_view(*, obligation: Obligation, agreement_status: str, today: date) -> ObligationView:
    """Status of an obligation measured by a plan indicator, from the plan's target and realization."""
    indicator = plan_indicator(
        region_code=obligation.region_id, key=obligation.plan_indicator_key, year=obligation.year
    )
    if indicator is None:
        return ObligationView(obligation, effective_status(obligation, agreement_status, today))
    year = str(obligation.year)
    target = (
        float(obligation.indicator_target)
        if obligation.indicator_target is not None
        else _number(indicator.targets_by_year.get(year))
    )
    realized = _number(indicator.realization_by_year.get(year))
    status = fulfilment.indicator_status(
        target=target,
        realized=realized,
        higher_is_better=indicator.polaritas != "negatif",
        due_on=obligation.due_on,
        as_of=today,
    )
    if status == ObligationStatus.LATE and agreement_status not in (Status.ACTIVE, Status.EXPIRED):
        status = ObligationStatus.IN_PROGRESS
    reading = PlanReading(indicator.indikator, indicator.satuan, target, realized)
    return ObligationView(obligation, status, plan=reading)


def coverage_of(
    *, obligation: Obligation, agreement: Agreement, rows: list[fulfilment.StatusRow], today: date
) -> fulfilment.CoverageResult:
    wanted = set(obligation.village_codes)
    return fulfilment.coverage(
        [r for r in rows if r.village in wanted],
        villages=list(obligation.village_codes),
        year=obligation.year,
        period_start=agreement.starts_on,
        period_end=agreement.ends_on,
        due_on=obligation.due_on,
        as_of=today,
        live_by=obligation.live_by,
        min_uptime_pct=float(obligation.min_uptime_pct),
    )


def village_names(codes: Iterable[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=list(codes)).values_list("code", "name"))


# --- monitoring -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # late, expiring
    key: str
    agreement: Agreement
    obligation: Obligation | None
    region_codes: tuple[str, ...]
    due_on: date


@dataclass
class ScoreRow:
    region: Region
    agreements: int = 0
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def fulfilled_pct(self) -> float:
        return round(100.0 * self.counts[ObligationStatus.FULFILLED] / self.total, 1) if self.total else 0.0

    @property
    def fulfilled(self) -> int:
        return self.counts.get(ObligationStatus.FULFILLED, 0)

    @property
    def in_progress(self) -> int:
        return self.counts.get(ObligationStatus.IN_PROGRESS, 0)

    @property
    def not_started(self) -> int:
        return self.counts.get(ObligationStatus.NOT_STARTED, 0)

    @property
    def late(self) -> int:
        return self.counts.get(ObligationStatus.LATE, 0)


def agreements_in_force(*, today: date) -> QuerySet[Agreement]:
    """Signed agreements not terminated (active, signed for later, or expired within the last year)."""
    return Agreement.objects.filter(status=Status.SIGNED, ends_on__gte=today - timedelta(days=365))


def is_expiring(agreement: Agreement, today: date) -> bool:
    """In force today and ending within EXPIRY_WARNING_DAYS."""
    return agreement.status_on(today) == Status.ACTIVE and agreement.ends_on <= today + timedelta(
        days=EXPIRY_WARNING_DAYS
    )


def attention_items(*, agreements: Iterable[Agreement], today: date) -> list[AttentionItem]:
    items = []
    for agreement in agreements:
        parties = tuple(p.region_id for p in agreement.parties.all())
        if is_expiring(agreement, today):
            items.append(
                AttentionItem(
                    "expiring",
                    f"expiring:{agreement.pk}:{agreement.ends_on}",
                    agreement,
                    None,
                    parties,
                    agreement.ends_on,
                )
            )
        for view in obligation_views(agreement=agreement, today=today):
            if view.is_late:
                o = view.obligation
                items.append(AttentionItem("late", f"late:{o.pk}", agreement, o, (o.region_id,), o.due_on))
    return items


@dataclass(frozen=True)
class Monitoring:
    late: list[ObligationView]
    expiring: list[Agreement]
    scorecard: list[ScoreRow]


def monitoring_for_user(*, user: Any, today: date) -> Monitoring:
    """Late obligations, agreements ending within 90 days and a scorecard per party region, of what the user
    sees."""
    agreements = list(
        agreements_for_user(user=user).exclude(status=Status.TERMINATED).prefetch_related("parties__region")
    )
    late: list[ObligationView] = []
    expiring: list[Agreement] = []
    rows: dict[str, ScoreRow] = {}
    for agreement in agreements:
        state = agreement.status_on(today)
        if is_expiring(agreement, today):
            expiring.append(agreement)
        if state == Status.DRAFT:
            continue  # the scorecard counts signed agreements only, as its page says
        for party in agreement.parties.all():
            rows.setdefault(party.region_id, ScoreRow(party.region)).agreements += 1
        for view in obligation_views(agreement=agreement, today=today):
            rows.setdefault(view.obligation.region_id, ScoreRow(view.obligation.party.region)).counts[
                view.status
            ] += 1
            if view.is_late:
                late.append(view)
    late.sort(key=lambda v: (v.obligation.due_on, v.obligation.pk))
    expiring.sort(key=lambda a: a.ends_on)
    return Monitoring(late, expiring, sorted(rows.values(), key=lambda r: r.region.code))


def reminders_for_user(*, user: Any, limit: int = 20) -> list[Reminder]:
    visible = agreements_for_user(user=user).values("pk")
    return list(
        Reminder.objects.filter(user=user, read_at__isnull=True, agreement_id__in=visible)
        .select_related("agreement", "obligation")
        .order_by("-created_at", "-pk")[:limit]
    )


def reminder_text(reminder: Reminder) -> str:
    if reminder.kind == "late" and reminder.obligation is not None:
        return _("Late obligation: %(obligation)s (%(year)s), due %(due)s, in “%(agreement)s”.") % {
            "obligation": reminder.obligation.title,
            "year": reminder.obligation.year,
            "due": formatting.day(reminder.obligation.due_on),
            "agreement": reminder.agreement.title,
        }
    return _("The agreement “%(agreement)s” ends on %(end)s.") % {
        "agreement": reminder.agreement.title,
        "end": formatting.day(reminder.agreement.ends_on),
    }
