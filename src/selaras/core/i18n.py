"""Bilingual messages for the pure core.

The core cannot use Django's translation machinery, so every user-facing message is a `Msg` constant holding
its Indonesian and English template. Callers keep a `Text` (message plus parameters) and render it in the
language of the request: Indonesian by default, English on request.
"""

from __future__ import annotations

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
        # A Text inside a Text follows the language of the outer message.
        return template.format(**{k: v.render(lang) if isinstance(v, Text) else v for k, v in params.items()})


@dataclass(frozen=True)
class Text:
    """A message with its parameters, rendered in either language when shown."""

    msg: Msg
    params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.msg.render(lang, **self.params)

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)
