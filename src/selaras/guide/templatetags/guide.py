"""`{% help_panel %}`: the help panel of the current page, from selaras.guide.content keyed by the URL name."""

from __future__ import annotations

from typing import Any

from django import template

from selaras.guide.content import help_for

register = template.Library()


@register.inclusion_tag("guide/_help.html", takes_context=True)
def help_panel(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return {"help": help_for(match.view_name) if match else None}
