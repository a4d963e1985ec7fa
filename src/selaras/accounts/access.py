"""The one place that decides who may do what where.

Every page, htmx fragment, API endpoint, export, file download and admin page asks this module. A region scope
is a Kemendagri code: a user of region `64.01` governs `64.01` and every code below it.

Rules:
- Everyone signed in reads the shared data of their own province (and national targets, code `00`).
- Operators and provincial administrators write inside their own region only; viewers never write.
- Provincial administrators manage accounts and read the audit trail of their province, and take the decisions
  that bind it (`DECIDE`: approve or reject plans, run the synchronization, adopt a rollout plan, send reminders).
- Superusers (who install and run Selaras) may do everything.
Out-of-scope reads answer 404 (the thing's existence is not revealed); in-scope but forbidden writes answer 403.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from selaras.accounts.models import WRITING_ROLES, Role
from selaras.core.regions_data import is_within
from selaras.regions.models import NATIONAL_CODE


class Action(StrEnum):
    VIEW = "view"  # read the province's shared data
    VIEW_PRIVATE = "view_private"  # read a region's unpublished work (drafts, its documents)
    EDIT = "edit"  # create, change or delete a region's data
    MANAGE_ACCOUNTS = "manage_accounts"
    READ_AUDIT = "read_audit"
    DECIDE = "decide"  # take decisions binding the province a region lies in (its administrators)
    ADMINISTER = "administer"  # installation-wide work: the Django admin, loading official lists


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _province_of(code: str) -> str:
    return code.split(".", 1)[0]


def can(user: Any, action: Action, region_code: str) -> bool:
    """May `user` do `action` on data that belongs to region `region_code`?"""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    own = user.region_code
    if not own or not user.role:
        return False
    province = _province_of(own)
    in_province = is_within(region_code, province)
    is_province_admin = user.role == Role.PROVINCE_ADMIN and own == province
    if action == Action.VIEW:
        return in_province or region_code == NATIONAL_CODE
    if action == Action.VIEW_PRIVATE:
        return is_within(region_code, own) or (is_province_admin and in_province)
    if action == Action.EDIT:
        if user.role not in WRITING_ROLES:
            return False
        # The province enters the national (RPJMN) targets its plans refer to.
        return is_within(region_code, own) or (is_province_admin and region_code == NATIONAL_CODE)
    if action in (Action.MANAGE_ACCOUNTS, Action.READ_AUDIT):
        return is_province_admin and in_province
    if action == Action.DECIDE:
        return is_province_admin and (in_province or region_code == NATIONAL_CODE)
    return False


def require(user: Any, action: Action, region_code: str) -> None:
    """Raise 404 when the user may not even see the region's data, 403 when they see it but may not act."""
    if can(user, action, region_code):
        return
    if action in (Action.VIEW, Action.VIEW_PRIVATE) or not can(user, Action.VIEW, region_code):
        raise Http404
    raise PermissionDenied


def visible_region_q(user: Any, field: str, action: Action = Action.VIEW) -> Q:
    """A filter on `field` (a region code or region foreign key) keeping what `user` may `action`."""
    if not _signed_in(user):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    own = user.region_code
    if not own or not user.role:
        return Q(pk__in=[])
    province = _province_of(own)

    def within(code: str) -> Q:
        return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})

    if action == Action.VIEW:
        return within(province) | Q(**{field: NATIONAL_CODE})
    if action == Action.VIEW_PRIVATE:
        return within(province) if user.role == Role.PROVINCE_ADMIN and own == province else within(own)
    is_province_admin = user.role == Role.PROVINCE_ADMIN and own == province
    if action in (Action.MANAGE_ACCOUNTS, Action.READ_AUDIT):
        return within(province) if is_province_admin else Q(pk__in=[])
    if action == Action.DECIDE:
        return within(province) | Q(**{field: NATIONAL_CODE}) if is_province_admin else Q(pk__in=[])
    if action == Action.EDIT:
        return within(own) if user.role in WRITING_ROLES else Q(pk__in=[])
    return Q(pk__in=[])


def scope(
    user: Any, queryset: QuerySet[Any], action: Action = Action.VIEW, field: str | None = None
) -> QuerySet[Any]:
    """`queryset` cut down to what `user` may `action`; `field` defaults to the model's region field."""
    return queryset.filter(visible_region_q(user, field or region_lookup(queryset.model), action))


def region_lookup(model: Any) -> str:
    """The lookup path from `model` to the region code its rows belong to (`code`, or `<fk>__code`)."""
    field = getattr(model, "audit_region_field", "region")
    return field if field == "code" else f"{field}__code"


def assignable_regions_q(user: Any) -> Q:
    """Regions a user may give to accounts they create: their province's province and regencies/cities."""
    if user.is_superuser:
        return Q(level__in=["province", "regency"])
    if not can(user, Action.MANAGE_ACCOUNTS, user.region_code):
        return Q(pk__in=[])
    province = _province_of(user.region_code)
    return Q(code=province) | Q(code__startswith=province + ".", level="regency")


def can_administer(user: Any) -> bool:
    return _signed_in(user) and bool(user.is_superuser)


def can_open_upload(user: Any, upload: Any) -> bool:
    """An upload kept for its preview (and its marked-up copy) belongs to the person who sent it, alone."""
    return _signed_in(user) and upload.user_id == user.pk


def can_read_open_data(province_code: str, dataset_key: str) -> bool:
    """Anyone, signed in or not, reads a dataset its province has published (selaras.opendata.publication);
    nothing else of a province is readable without signing in."""
    from selaras.opendata.publication import is_published

    return is_published(province_code, dataset_key)
