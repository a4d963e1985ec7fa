"""API tokens: a random key given to the user once, stored as its SHA-256 digest. A key of 256 random bits needs
no slow hash; the digest only keeps a copied database from authenticating anyone."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from selaras.accounts.models import ApiToken

INVALID_TOKEN = _("Invalid or revoked token.")


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return secrets.token_urlsafe(32)


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, looked up by the key's digest."""

    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(INVALID_TOKEN)
        return token.user, token
