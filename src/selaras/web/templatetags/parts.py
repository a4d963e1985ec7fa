"""`{% cachedpart "name" key ... %}...{% endcachedpart %}`: a rendered fragment cached by write stamp, language and
day (selaras.web.caching.cached_part, the one mechanism for cached parts of pages).

Only for fragments that are the same for everyone who may see the page (no user name, permission, form or CSRF
token inside); the keys name everything else the fragment shows, e.g. the province's code."""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from selaras.web.caching import cached_part

register = template.Library()


class CachedPartNode(template.Node):
    def __init__(
        self, nodelist: template.NodeList, name: FilterExpression, keys: list[FilterExpression]
    ) -> None:
        self.nodelist, self.name, self.keys = nodelist, name, keys

    def render(self, context: template.Context) -> SafeString:
        keys = [key.resolve(context) for key in self.keys]
        rendered = cached_part(
            f"fragment:{self.name.resolve(context)}",
            *keys,
            timezone.localdate(),
            build=lambda: str(self.nodelist.render(context)),
            per_language=True,
        )
        return mark_safe(rendered)  # noqa: S308 -- the template's own rendering, escaped as it was rendered


@register.tag("cachedpart")
def cachedpart(parser: Parser, token: Token) -> CachedPartNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cachedpart needs a name")
    nodelist = parser.parse(("endcachedpart",))
    parser.delete_first_token()
    return CachedPartNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
