"""The request's interface language for rendering the pure core's bilingual messages (`selaras.core.i18n`)."""

from __future__ import annotations

from django.utils.translation import get_language

from selaras.core.i18n import DEFAULT_LANGUAGE


def request_language() -> str:
    """The active language: Indonesian unless English was chosen (pages) or asked for (API)."""
    return get_language() or DEFAULT_LANGUAGE


def error_text(error: Exception) -> str:
    """A refusal's message in the request's language: a ServiceError's reasons, the core message an error holds
    as `text` or `message`, else the error's own text (already translated by Django)."""
    from selaras.web.errors import ServiceError

    if isinstance(error, ServiceError):
        return error.render(request_language())
    message = getattr(error, "text", None) or getattr(error, "message", None)
    render = getattr(message, "render", None)
    return str(render(request_language())) if render is not None else str(error)
