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


def failure_record(error: BaseException, name: str = "upload") -> str:
    """What a failed background task shows, stored once in both languages (JSON {"id": ..., "en": ...}) for a
    model's `error` field: a ServiceError's reasons, else `selaras.core.tables.explain` (a library's own text
    never reaches the page; the traceback goes to the log)."""
    import json

    from django.utils import translation

    from selaras.core.tables.explain import explain
    from selaras.web.errors import ServiceError

    texts: dict[str, str] = {}
    for lang in ("id", "en"):
        with translation.override(lang):
            if isinstance(error, ServiceError) and error.texts:
                texts[lang] = error.render(lang)[:900]
            else:
                texts[lang] = explain(error, name).render(lang)[:900]
    return json.dumps(texts, ensure_ascii=False)


def in_language(texts: object) -> str:
    """The active language's text of a {"id": ..., "en": ...} pair ("" for anything else)."""
    if not isinstance(texts, dict):
        return ""
    return str(texts.get("en" if request_language().startswith("en") else "id") or "")


def failure_shown(stored: str) -> str:
    """A failure stored by `failure_record`, in the active language (text stored before it is shown as is)."""
    import json

    if not stored.startswith("{"):
        return stored
    try:
        texts = json.loads(stored)
    except ValueError:
        return stored
    return in_language(texts) if isinstance(texts, dict) else stored


class StoredFailure:
    """For a model whose `error` field holds what `failure_record` stored: `error_shown` in the page's language."""

    error: str

    @property
    def error_shown(self) -> str:
        return failure_shown(self.error)
