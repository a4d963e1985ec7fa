"""The one error type of the services: a refusal with its reasons in Indonesian and English, and optionally the
located problems of an uploaded file. Every app's own error (PlanError, AgreementError, ...) is a ServiceError,
so one renderer serves pages (`error_messages`) and the API (`selaras.web.api_errors.exception_handler`
answers 400 with the message in the request's language)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from selaras.core.i18n import DEFAULT_LANGUAGE, Msg, Text
from selaras.core.tables import Problem, group_problems

Message = Text | Msg | str | Any  # a Text, a Msg without parameters, or text already translated by Django


def _render(message: Message, lang: str) -> str:
    if isinstance(message, Msg):
        return message.render(lang)
    render = getattr(message, "render", None)
    if callable(render):
        return str(render(lang))
    return str(message)


class ServiceError(Exception):
    """A refused request. `texts` are the reasons (bilingual `Text`s, or strings already in the request's
    language); `problems` the located problems of an uploaded file, if any."""

    def __init__(self, message: Message | Sequence[Message] = "", problems: Sequence[Problem] = ()) -> None:
        if isinstance(message, list | tuple):
            texts: tuple[Message, ...] = tuple(message)
        else:
            texts = (message,) if message != "" else ()
        self.texts = texts
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.render("en") if (texts or problems) else "")

    @property
    def text(self) -> Any:
        """The first reason (what older callers read as `error.text`)."""
        return self.texts[0] if self.texts else None

    def render_all(self, lang: str = DEFAULT_LANGUAGE) -> list[str]:
        """Every reason, then every problem with its place, in `lang`."""
        return [_render(t, lang) for t in self.texts] + [p.render(lang) for p in self.problems]

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """One line: the first five reasons."""
        messages = self.render_all(lang)
        return "; ".join(messages[:5]) + ("; ..." if len(messages) > 5 else "")

    def as_dict(self, lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
        """The API body: `detail` (one line), `messages` and, for files, grouped `problems`."""
        body: dict[str, Any] = {"detail": self.render(lang), "messages": self.render_all(lang)}
        if self.problems:
            body["problems"] = [
                {
                    "severity": group.severity,
                    "message": group.render(lang),
                    "column": group.column,
                    "count": group.count,
                    "first": [
                        {"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.render(lang)}
                        for p in group.first
                    ],
                }
                for group in group_problems(self.problems)
            ]
        return body


def error_messages(error: Exception, lang: str | None = None) -> list[str]:
    """A refusal's messages in `lang` (default: the request's language): every reason of a ServiceError,
    else the error's own text."""
    from selaras.web.i18n import request_language

    lang = lang or request_language()
    if isinstance(error, ServiceError):
        return error.render_all(lang) or [str(error)]
    return [_render(getattr(error, "text", None) or str(error), lang)]
