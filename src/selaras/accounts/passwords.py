"""Password rules beyond Django's own validators (length 12, not like the username, not among the 20,000 common
passwords Django ships, not all digits): not the published demo password, and not a run of one character, a
short piece repeated or a straight sequence (`aaaaaaaaaaaa`, `abcabcabcabc`, `123456789012`, `qwertyuiopas`).

The demo accounts the embedded demo creates are the only ones with the demo password: they are made directly,
not through these validators."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from selaras.web.demo import DEMO_PASSWORD

SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")
MIN_DISTINCT = 5  # fewer different characters than this in 12 or more is a pattern, not a password

DEMO_PASSWORD_REFUSED = gettext_lazy("This is the published demo password; choose your own.")
PATTERN_REFUSED = gettext_lazy(
    "This password is a pattern (one character repeated, a short piece repeated or a sequence such as "
    "abcdef or 123456). Choose one that is harder to guess."
)


def _is_sequence(text: str) -> bool:
    """Every step goes one place forward (or backward) along the same sequence, wrapping around."""
    for sequence in SEQUENCES:
        for ordered in (sequence, sequence[::-1]):
            if all(c in ordered for c in text):
                steps = {(ordered.index(b) - ordered.index(a)) % len(ordered) for a, b in pairwise(text)}
                if steps == {1}:
                    return True
    return False


def is_pattern(password: str) -> bool:
    text = password.lower()
    if len(set(text)) < MIN_DISTINCT:
        return True
    if re.fullmatch(r"(.+?)\1+", text):
        return True
    return _is_sequence(text)


class NotTheDemoPassword:
    def validate(self, password: str, user: Any = None) -> None:
        if password.strip().lower() == DEMO_PASSWORD.lower():
            raise ValidationError(DEMO_PASSWORD_REFUSED, code="demo_password")

    def get_help_text(self) -> str:
        return _("Not the published demo password.")


class NoRepetitionOrSequence:
    def validate(self, password: str, user: Any = None) -> None:
        if is_pattern(password):
            raise ValidationError(PATTERN_REFUSED, code="password_pattern")

    def get_help_text(self) -> str:
        return _("Not one character repeated, a short piece repeated or a sequence such as abcdef or 123456.")
