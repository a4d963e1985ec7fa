"""Writes on agreements. Views, the API and the synchronization app call these; each checks nothing about who
asks (the caller has asked selaras.accounts.access) except where a service is meant to be called by another app
(`agreement_draft_from_parties`), which checks the actor itself."""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from selaras.accounts.access import Action, can
from selaras.agreements import documents, selectors
from selaras.agreements.models import (
    Agreement,
    Amendment,
    Document,
    DocumentKind,
    Kind,
    Measure,
    Obligation,
    ObligationStatus,
    Party,
    Reminder,
    Status,
)
from selaras.regions.models import Level, Region, VillageKind
from selaras.web.errors import ServiceError

TOO_FEW_PARTIES = _("An agreement needs at least two different governments as parties.")
BAD_PERIOD = _("The end date must not lie before the start date.")
CHANGED_MEANWHILE = _(
    "Someone else changed this obligation while you were editing it; reload the page and enter your change again."
)
BAD_YEARS = _("The number of years must be between 1 and 10.")
NOT_A_REGENCY = _("Choose a regency or city of the province.")
NOT_A_PARTY_WRITER = _("You may only draft agreements your own government is a party to.")
ONLY_DRAFTS = _("Only a draft can be changed this way.")
ALREADY_SIGNED = _("This party has already signed.")
NOT_SIGNED_YET = _("An addendum can only be added to a signed agreement.")
ALREADY_ENDED = _("The agreement is already terminated.")
COMPUTED_STATUS = _("The status of a village coverage obligation is computed from the connectivity records.")
UNKNOWN_PARTY = _("Row %(row)s: the party %(code)s is not a party of this agreement.")
BAD_ROW = _("Row %(row)s, column %(column)s: %(problem)s")
YEAR_OUTSIDE = _("The year lies outside the agreement's period.")
ADDENDUM_NUMBER_TAKEN = _("Addendum number %(number)s is already recorded for this agreement.")
ADDENDUM_INCOMPLETE = _("An addendum needs its number and signing date.")
NO_NEW_OBLIGATIONS = _("There is no obligation to add.")
BAD_NEW_OBLIGATION = _("Obligation %(row)s (%(party)s, %(year)s): %(problem)s")


class AgreementError(ServiceError, ValueError):
    """Refused; `str(error)` is the message for the user (in the active language)."""


def _regions(codes: Iterable[str]) -> list[Region]:
    wanted = list(dict.fromkeys(codes))
    found = {r.code: r for r in Region.objects.filter(code__in=wanted, retired_at__isnull=True)}
    return [found[c] for c in wanted if c in found]


@transaction.atomic
def agreement_create(
    *,
    actor: Any,
    title: str,
    party_codes: Sequence[str],
    starts_on: date,
    ends_on: date,
    kind: str = Kind.GENERAL,
    scope: str = "",
    source_reference: str = "",
    is_sample: bool = False,
) -> Agreement:
    """A draft agreement between `party_codes` (Pihak Kesatu first); the actor must write for one party."""
    parties = _regions(party_codes)
    if len(parties) < 2 or len(parties) != len(set(party_codes)):
        raise AgreementError(str(TOO_FEW_PARTIES))
    if ends_on < starts_on:
        raise AgreementError(str(BAD_PERIOD))
    # No actor: Selaras itself (the sample loader); people must write for one of the parties.
    if actor is not None and not any(can(actor, Action.EDIT, r.code) for r in parties):
        raise AgreementError(str(NOT_A_PARTY_WRITER))
    home = max(parties, key=lambda r: r.code.count("."))
    agreement = Agreement.objects.create(
        title=title,
        kind=kind,
        scope=scope,
        region=home,
        starts_on=starts_on,
        ends_on=ends_on,
        source_reference=source_reference,
        is_sample=is_sample,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    for position, region in enumerate(parties, start=1):
        Party.objects.create(agreement=agreement, region=region, position=position)
    return agreement


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def _clip(day: date, agreement: Agreement) -> date:
    return min(max(day, agreement.starts_on), agreement.ends_on)


@transaction.atomic
def agreement_village_internet_draft(
    *,
    actor: Any,
    regency: Region,
    starts_on: date,
    years: int = 5,
    is_sample: bool = False,
) -> Agreement:
    """The village-internet template: the province provides the internet service to every desa of `regency`
    for `years` years; the regency provides site readiness (location, power, security), a local operator and
    regular status reports. Coverage obligations are measured from the connectivity records."""
    if not 1 <= years <= 10:
        raise AgreementError(str(BAD_YEARS))
    if regency.level != Level.REGENCY or regency.retired_at is not None:
        raise AgreementError(str(NOT_A_REGENCY))
    province = regency.parent
    assert province is not None  # a regency always has its province
    ends_on = _years_later(starts_on, years) - timedelta(days=1)
    agreement = agreement_create(
        actor=actor,
        title=str(_("Free village internet for %(regency)s, %(start)s-%(end)s"))
        % {"regency": regency.name, "start": starts_on.year, "end": ends_on.year},
        party_codes=[province.code, regency.code],
        starts_on=starts_on,
        ends_on=ends_on,
        kind=Kind.VILLAGE_INTERNET,
        scope=str(
            _(
                "The province provides a public internet access service to every desa of the regency for "
                "%(years)s years (village office first, then health post, then school). The regency provides "
                "the sites (location, power, security), a local operator for each desa and regular status "
                "reports."
            )
        )
        % {"years": years},
        is_sample=is_sample,
    )
    province_party, regency_party = list(agreement.parties.order_by("position"))
    desa = list(
        Region.objects.within(regency.code)
        .active()
        .filter(level=Level.VILLAGE, village_kind=VillageKind.DESA)
        .order_by("code")
        .values_list("code", flat=True)
    )
    first = starts_on.year
    rows: list[Obligation] = []
    for year in agreement.years:
        due = _clip(_year_end(year), agreement)
        rows.append(
            Obligation(
                agreement=agreement,
                party=province_party,
                region=province_party.region,
                year=year,
                title=str(_("Internet service live in every desa (%(count)s desa)")) % {"count": len(desa)},
                measure=Measure.VILLAGES,
                village_codes=desa,
                live_by=due if year == first else None,
                cost_share_pct=Decimal(100),
                due_on=due,
            )
        )
        if year == first:
            for title, month in (
                (_("Site readiness in every desa: location, power and security"), 3),
                (_("A local operator appointed for each desa"), 4),
            ):
                rows.append(
                    Obligation(
                        agreement=agreement,
                        party=regency_party,
                        region=regency_party.region,
                        year=year,
                        title=str(title),
                        measure=Measure.DELIVERABLE,
                        due_on=_clip(date(year, month, calendar.monthrange(year, month)[1]), agreement),
                    )
                )
        rows.append(
            Obligation(
                agreement=agreement,
                party=regency_party,
                region=regency_party.region,
                year=year,
                title=str(_("Quarterly status reports of the access points")),
                measure=Measure.DELIVERABLE,
                due_on=due,
            )
        )
    for row in rows:
        row.save()
    return agreement


@transaction.atomic
def obligation_add(
    *,
    agreement: Agreement,
    party: Party,
    year: int,
    title: str,
    due_on: date,
    indicator: str = "",
    indicator_target: Decimal | None = None,
    cost_share_idr: int | None = None,
    cost_share_pct: Decimal | None = None,
    plan_indicator_key: str = "",
) -> Obligation:
    """An obligation added to a draft: measured by an indicator target (of the party's plans, by row id, or
    typed in), or a deliverable with evidence."""
    if agreement.status != Status.DRAFT:
        raise AgreementError(str(ONLY_DRAFTS))
    if not agreement.starts_on.year <= year <= agreement.ends_on.year:
        raise AgreementError(str(YEAR_OUTSIDE))
    return Obligation.objects.create(
        agreement=agreement,
        party=party,
        region_id=party.region_id,
        year=year,
        title=title,
        measure=Measure.INDICATOR if indicator or plan_indicator_key else Measure.DELIVERABLE,
        indicator=indicator,
        indicator_target=indicator_target,
        plan_indicator_key=plan_indicator_key,
        cost_share_idr=cost_share_idr,
        cost_share_pct=cost_share_pct,
        due_on=due_on,
    )


@dataclass(frozen=True)
class DraftRow:
    """One obligation of a draft made from an irisan: which party owes what, in which year."""

    party_code: str
    year: int
    title: str
    indicator: str = ""
    indicator_target: Decimal | None = None
    cost_share_idr: int | None = None
    cost_share_pct: Decimal | None = None
    due_on: date | None = None
    plan_indicator_key: str = ""  # the row id of the indicator in the party's plan (selaras.planning)


@transaction.atomic
def agreement_draft_from_parties(
    *,
    actor: Any,
    parties: Sequence[str],
    title: str,
    rows: Sequence[DraftRow | dict[str, Any]],
    source_reference: str = "",
) -> Agreement:
    """A draft agreement opened from an accepted irisan (for the synchronization app).

    `parties` are region codes (Pihak Kesatu first); each row names its party, year and obligation, with an
    indicator target when it has one (measured as `indicator`) or as a deliverable otherwise. All or nothing:
    a row that names a party not in `parties` refuses the whole draft, naming the row.
    """
    draft_rows = [r if isinstance(r, DraftRow) else DraftRow(**r) for r in rows]
    years = [r.year for r in draft_rows] or [timezone.localdate().year]
    for number, row in enumerate(draft_rows, start=1):
        if row.party_code not in parties:
            raise AgreementError(str(UNKNOWN_PARTY) % {"row": number, "code": row.party_code})
        if not row.title.strip():
            raise AgreementError(
                str(BAD_ROW)
                % {"row": number, "column": "title", "problem": str(_("This field is required."))}
            )
    agreement = agreement_create(
        actor=actor,
        title=title,
        party_codes=parties,
        starts_on=date(min(years), 1, 1),
        ends_on=date(max(years), 12, 31),
        source_reference=source_reference or title,
    )
    by_code = {p.region_id: p for p in agreement.parties.all()}
    for row in draft_rows:
        obligation_add(
            agreement=agreement,
            party=by_code[row.party_code],
            year=row.year,
            title=row.title.strip(),
            due_on=row.due_on or date(row.year, 12, 31),
            indicator=row.indicator,
            indicator_target=row.indicator_target,
            cost_share_idr=row.cost_share_idr,
            cost_share_pct=row.cost_share_pct,
            plan_indicator_key=row.plan_indicator_key,
        )
    return agreement


def _document_save(
    *, agreement: Agreement, kind: str, data: bytes, file_name: str, region_id: str, actor: Any, **links: Any
) -> Document:
    stored = documents.store(data)
    try:
        return Document.objects.create(
            agreement=agreement,
            kind=kind,
            region_id=region_id,
            file_name=file_name[:255] or "dokumen.pdf",
            stored_name=stored.stored_name,
            size_bytes=stored.size_bytes,
            sha256=stored.sha256,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
            is_sample=agreement.is_sample,
            **links,
        )
    except Exception:
        documents.remove(stored.stored_name)
        raise


@transaction.atomic
def party_sign(
    *,
    actor: Any,
    party: Party,
    document_number: str,
    signatory: str,
    signed_on: date,
    data: bytes,
    file_name: str,
) -> Party:
    """Record a party's signature with its own document number and the signed PDF (already checked). When the
    last party signs, the agreement is signed."""
    agreement = Agreement.objects.select_for_update().get(pk=party.agreement_id)
    if agreement.status != Status.DRAFT:
        raise AgreementError(str(ONLY_DRAFTS))
    party = Party.objects.get(pk=party.pk)
    if party.is_signed:
        raise AgreementError(str(ALREADY_SIGNED))
    party.document_number = document_number
    party.signatory = signatory
    party.signed_on = signed_on
    party.signed_by = actor if getattr(actor, "pk", None) else None
    party.save()
    _document_save(
        agreement=agreement,
        kind=DocumentKind.SIGNED,
        data=data,
        file_name=file_name,
        region_id=party.region_id,
        actor=actor,
        party=party,
    )
    if not agreement.parties.filter(signed_on__isnull=True).exists():
        agreement.status = Status.SIGNED
        agreement.signed_on = max(p.signed_on for p in agreement.parties.all() if p.signed_on)
        agreement._change_reason = "signed by every party"  # type: ignore[attr-defined]
        agreement.save()
    return party


@transaction.atomic
def amendment_add(
    *,
    actor: Any,
    agreement: Agreement,
    number: str,
    signed_on: date,
    summary: str,
    new_ends_on: date | None = None,
    data: bytes | None = None,
    file_name: str = "",
) -> Amendment:
    """An addendum to a signed agreement, optionally with a new end date and its PDF. The agreement is read
    again under a row lock, so a termination or another addendum landing at the same moment is not undone."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status == Status.DRAFT:
        raise AgreementError(str(NOT_SIGNED_YET))
    if new_ends_on is not None and new_ends_on < agreement.starts_on:
        raise AgreementError(str(BAD_PERIOD))
    amendment = Amendment.objects.create(
        agreement=agreement,
        region_id=agreement.region_id,
        number=number,
        signed_on=signed_on,
        summary=summary,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if new_ends_on is not None and new_ends_on != agreement.ends_on:
        agreement.ends_on = new_ends_on
        agreement._change_reason = f"addendum {number}"  # type: ignore[attr-defined]
        agreement.save()
    if data is not None:
        _document_save(
            agreement=agreement,
            kind=DocumentKind.ADDENDUM,
            data=data,
            file_name=file_name,
            region_id=agreement.region_id,
            actor=actor,
            amendment=amendment,
        )
    return amendment


@dataclass(frozen=True)
class NewObligation:
    """An obligation to add to an agreement. With `village_codes` it is a village-coverage obligation, measured
    from the connectivity records (the villages live by `live_by` and staying live); otherwise a deliverable.
    `due_on` defaults to the end of `year`, clipped to the agreement's period."""

    party_code: str
    year: int
    title: str
    village_codes: tuple[str, ...] = ()
    live_by: date | None = None
    due_on: date | None = None
    cost_share_idr: int | None = None
    cost_share_pct: Decimal | None = None


def _new_obligations(agreement: Agreement, rows: Sequence[NewObligation]) -> list[Obligation]:
    """The obligations `rows` describe, checked all together before any is saved (unsaved)."""
    if not rows:
        raise AgreementError(str(NO_NEW_OBLIGATIONS))
    parties = {p.region_id: p for p in agreement.parties.all()}
    codes = {c for r in rows for c in r.village_codes}
    villages = set(
        Region.objects.filter(code__in=codes, level=Level.VILLAGE, retired_at__isnull=True).values_list(
            "code", flat=True
        )
    )
    made = []
    for number, row in enumerate(rows, start=1):
        party = parties.get(row.party_code)
        problem = ""
        if party is None:
            problem = str(UNKNOWN_PARTY) % {"row": number, "code": row.party_code}
        elif not agreement.starts_on.year <= row.year <= agreement.ends_on.year:
            problem = str(YEAR_OUTSIDE)
        elif not row.title.strip():
            problem = str(_("This field is required."))
        elif set(row.village_codes) - villages:
            problem = str(_("%(code)s is not an active village.")) % {
                "code": sorted(set(row.village_codes) - villages)[0]
            }
        if problem or party is None:
            raise AgreementError(
                str(BAD_NEW_OBLIGATION)
                % {"row": number, "party": row.party_code, "year": row.year, "problem": problem}
            )
        due = _clip(row.due_on or _year_end(row.year), agreement)
        made.append(
            Obligation(
                agreement=agreement,
                party=party,
                region_id=party.region_id,
                year=row.year,
                title=row.title.strip()[:300],
                measure=Measure.VILLAGES if row.village_codes else Measure.DELIVERABLE,
                village_codes=list(row.village_codes),
                live_by=_clip(row.live_by, agreement) if row.live_by else None,
                cost_share_idr=row.cost_share_idr,
                cost_share_pct=row.cost_share_pct,
                due_on=due,
            )
        )
    return made


@transaction.atomic
def obligations_add(*, agreement: Agreement, rows: Sequence[NewObligation]) -> list[Obligation]:
    """Several obligations added to a draft at once: all or nothing (a bad row refuses every row, naming it)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != Status.DRAFT:
        raise AgreementError(str(ONLY_DRAFTS))
    made = _new_obligations(agreement, rows)
    for obligation in made:
        obligation.save()
    return made


@transaction.atomic
def amendment_add_with_obligations(
    *,
    actor: Any,
    agreement: Agreement,
    number: str,
    signed_on: date | None,
    summary: str,
    rows: Sequence[NewObligation],
    data: bytes | None = None,
    file_name: str = "",
) -> Amendment:
    """An addendum to a signed agreement that adds obligations: the only way a signed agreement gains them.

    The addendum's number must be new for the agreement; each obligation keeps a link to the addendum that
    added it. All or nothing: any bad row refuses the addendum and every row, naming the row."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status == Status.DRAFT:
        raise AgreementError(str(NOT_SIGNED_YET))
    if agreement.status == Status.TERMINATED:
        raise AgreementError(str(ALREADY_ENDED))
    number = number.strip()
    if not number or signed_on is None:
        raise AgreementError(str(ADDENDUM_INCOMPLETE))
    if agreement.amendments.filter(number__iexact=number).exists():
        raise AgreementError(str(ADDENDUM_NUMBER_TAKEN) % {"number": number})
    made = _new_obligations(agreement, rows)
    amendment = amendment_add(
        actor=actor,
        agreement=agreement,
        number=number,
        signed_on=signed_on,
        summary=summary,
        data=data,
        file_name=file_name,
    )
    for obligation in made:
        obligation.amendment = amendment
        obligation.save()
    return amendment


@transaction.atomic
def agreement_terminate(*, agreement: Agreement, reason: str) -> Agreement:
    """End the agreement; read again under a row lock so a concurrent addendum's end date is kept."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status == Status.TERMINATED:
        raise AgreementError(str(ALREADY_ENDED))
    agreement.status = Status.TERMINATED
    agreement._change_reason = reason[:200] or "terminated"  # type: ignore[attr-defined]
    agreement.save()
    return agreement


def obligation_version(obligation: Obligation) -> str:
    """What the editor saw of the obligation (status and note), sent back with the form: a save whose version no
    longer matches was made on a page someone else's save has overtaken, and is refused."""
    return hashlib.sha256(f"{obligation.status}\0{obligation.note}".encode()).hexdigest()[:16]


@transaction.atomic
def obligation_update(
    *,
    actor: Any,
    obligation: Obligation,
    status: str,
    note: str,
    data: bytes | None = None,
    file_name: str = "",
    seen: str | None = None,
) -> Obligation:
    """The owing party records progress with evidence; a village coverage status cannot be typed. The obligation
    is read again under a row lock, so a status and a note sent at the same moment by two people both land."""
    obligation = Obligation.objects.select_for_update().select_related("agreement").get(pk=obligation.pk)
    if seen is not None and seen != obligation_version(obligation):
        raise AgreementError(str(CHANGED_MEANWHILE))
    if obligation.measure == Measure.VILLAGES and status and status != obligation.status:
        raise AgreementError(str(COMPUTED_STATUS))
    if status and status != obligation.status:
        obligation.status = status
    obligation.note = note
    obligation.save()
    if data is not None:
        _document_save(
            agreement=obligation.agreement,
            kind=DocumentKind.EVIDENCE,
            data=data,
            file_name=file_name,
            region_id=obligation.region_id,
            actor=actor,
            obligation=obligation,
        )
    return obligation


@dataclass(frozen=True)
class ReminderReport:
    created: int
    emailed: int


def reminders_refresh(*, today: date, province: str = "") -> ReminderReport:
    """In-app reminders for late obligations (to the owing party's users) and for agreements that end within
    90 days (to every party's users), of one province or all; each is made once. E-mailed when SMTP is set."""
    from selaras.accounts.models import User

    created: list[Reminder] = []
    agreements = selectors.agreements_in_force(today=today)
    if province:
        agreements = agreements.filter(parties__region__province_code=province).distinct()
    items = selectors.attention_items(agreements=agreements.prefetch_related("parties"), today=today)
    users: dict[str, list[Any]] = {}
    codes = {code for item in items for code in item.region_codes}
    for user in User.objects.filter(is_active=True, region_id__in=codes).order_by("pk"):
        users.setdefault(user.region_id, []).append(user)
    for item in items:
        for user in (u for code in dict.fromkeys(item.region_codes) for u in users.get(code, [])):
            reminder, made = Reminder.objects.get_or_create(
                user=user,
                key=item.key,
                defaults={"agreement": item.agreement, "obligation": item.obligation, "kind": item.kind},
            )
            if made:
                created.append(reminder)
    return ReminderReport(len(created), reminders_email(created, text_of=selectors.reminder_text))


def reminders_email(reminders: Sequence[Any], *, text_of: Callable[[Any], str]) -> int:
    """E-mail each new in-app reminder (a model with `user` and `emailed`) to its user, in Indonesian, when SMTP
    is set (settings.EMAIL_HOST); returns how many were sent. The meetings app sends its reminders through it."""
    if not settings.EMAIL_HOST:
        return 0
    emailed = 0
    for reminder in reminders:
        if not reminder.user.email:
            continue
        with override("id"):
            text = text_of(reminder)
        send_mail("Selaras: " + text[:120], text, None, [reminder.user.email], fail_silently=True)
        reminder.emailed = True
        reminder.save(update_fields=["emailed"])
        emailed += 1
    return emailed


def reminders_mark_read(*, user: Any) -> int:
    return Reminder.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


__all__ = ["ObligationStatus"]
