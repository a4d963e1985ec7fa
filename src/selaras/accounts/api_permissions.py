"""API permission classes: thin adapters over the one access module."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from selaras.accounts.access import Action, can


class SignedIn(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)


class ManagesAccounts(SignedIn):
    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        user = request.user
        return bool(user.is_superuser) or can(user, Action.MANAGE_ACCOUNTS, user.region_code)
