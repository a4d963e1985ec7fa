"""Account changes. Web pages, the API and the CLI all come through here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selaras.accounts import throttle
from selaras.accounts.access import Action, can, require
from selaras.accounts.models import PROVINCE_ROLES, ApiToken, Role, User
from selaras.accounts.tokens import new_key, token_digest
from selaras.regions.models import Level, Region

ROLE_NEEDS_PROVINCE = _("A provincial role needs a province as its region.")
ROLE_NEEDS_REGENCY = _("A regency/city role needs a regency or city as its region.")
REGION_OUT_OF_SCOPE = _("You may only manage accounts of your own province.")
USERNAME_TAKEN = _("This username is already in use.")


def _check_role_region(*, actor: Any, role: str, region: Region) -> None:
    if role in PROVINCE_ROLES and region.level != Level.PROVINCE:
        raise ValidationError({"region": ROLE_NEEDS_PROVINCE})
    if role not in PROVINCE_ROLES and region.level != Level.REGENCY:
        raise ValidationError({"region": ROLE_NEEDS_REGENCY})
    if not can(actor, Action.MANAGE_ACCOUNTS, region.code):
        raise ValidationError({"region": REGION_OUT_OF_SCOPE})


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    role: str,
    region: Region,
    full_name: str = "",
    email: str = "",
) -> User:
    """Create an account for region `region` with role `role`; the password must pass the validators."""
    _check_role_region(actor=actor, role=role, region=region)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN})
    user = User(username=username, role=Role(role), region=region, first_name=full_name, email=email)
    validate_password(password, user)
    user.set_password(password)
    user._history_user = actor if getattr(actor, "pk", None) else None
    user.save()
    return user


@transaction.atomic
def user_update(
    *, actor: Any, user: User, role: str, region: Region, full_name: str, email: str, is_active: bool
) -> User:
    _check_role_region(actor=actor, role=role, region=region)
    user.role = Role(role)
    user.region = region
    user.first_name = full_name
    user.email = email
    user.is_active = is_active
    user._history_user = actor
    user.save()
    if not is_active:
        token_revoke(user=user)
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> None:
    """Set a new password (it must pass the validators); saving it revokes the user's API tokens (User.save)."""
    validate_password(password, user)
    user.set_password(password)
    user._history_user = actor
    user.save(update_fields=["password"])


@transaction.atomic
def token_renew(*, user: User) -> str:
    """Replace the user's API token and return the new key; it is shown once and stored only as a digest."""
    token_revoke(user=user)
    key = new_key()
    ApiToken.objects.create(user=user, digest=token_digest(key))
    return key


def token_revoke(*, user: User) -> None:
    ApiToken.objects.filter(user=user).delete()


UNLOCK_REASON = "sign-in lock lifted"


@transaction.atomic
def user_unlock(*, actor: Any, user: User) -> int:
    """Lift the sign-in lock of `user` (its failed sign-ins from every address are forgotten); recorded in the
    account's audit trail. Returns how many failure records went."""
    require(actor, Action.MANAGE_ACCOUNTS, user.region_code)
    lifted = throttle.unlock(user.username)
    user._history_user = actor
    user._change_reason = UNLOCK_REASON
    user.save(update_fields=["username"])  # an unchanged field, so the trail records who lifted it and when
    return lifted


def last_login_record(sender: Any, user: User, **kwargs: Any) -> None:
    """Note the time of a sign-in on the account without saving it: last_login is not audited, so a save
    would only add an empty "changed" entry to the audit trail."""
    user.last_login = timezone.now()
    User.objects.filter(pk=user.pk).update(last_login=user.last_login)
