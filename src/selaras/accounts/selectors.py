from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from selaras.accounts.access import Action, scope
from selaras.accounts.models import User


def user_list_manageable(*, actor: Any) -> QuerySet[User]:
    return scope(actor, User.objects.select_related("region"), Action.MANAGE_ACCOUNTS).order_by(
        "region_id", "username"
    )


def user_get_manageable(*, actor: Any, pk: int) -> User:
    """The account `pk` if `actor` manages it; 404 otherwise, so other provinces' accounts stay unseen."""
    return get_object_or_404(user_list_manageable(actor=actor), pk=pk)
