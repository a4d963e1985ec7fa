"""Bilingual messages for the pure core.

The core cannot use Django's translation machinery, so every user-facing message is a `Msg` constant holding
its Indonesian and English template. Callers keep a `Text` (message plus parameters) and render it in the
language of the request: Indonesian by default, English on request.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

DEFAULT_LANGUAGE = "id"


@dataclass(frozen=True)
class Msg:
    """A message template in Indonesian (`id`) and English (`en`), with `{name}` placeholders."""

    id: str
    en: str

    def __call__(self, **params: object) -> Text:
        return Text(self, MappingProxyType(dict(params)))

    def render(self, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
        template = self.en if lang.startswith("en") else self.id
        # A Text inside a Text follows the language of the outer message; numbers and dates are written as
        # the language writes them (selaras.core.numbers.format_value).
        values = {k: v.render(lang) if isinstance(v, Text) else v for k, v in params.items()}
        return _LocalFormatter(lang).format(template, **values)


class _LocalFormatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        from selaras.core.numbers import format_value  # numbers imports Msg from here

        return format_value(value, self.lang, format_spec)


@dataclass(frozen=True)
class Text:
    """A message with its parameters, rendered in either language when shown."""

    msg: Msg
    params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.msg.render(lang, **self.params)

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)
