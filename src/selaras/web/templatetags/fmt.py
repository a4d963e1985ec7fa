"""Template filters of the one formatting layer (`selaras.web.formatting`): `{% load fmt %}` then
`{{ x|num }}`, `{{ x|num:2 }}`, `{{ x|pct }}`, `{{ x|rupiah }}`, `{{ x|area }}`, `{{ d|day }}`."""

from __future__ import annotations

from typing import Any

from django import template

from selaras.core.alignment.labels import value_label
from selaras.web import formatting

register = template.Library()


def _decimals(arg: Any) -> int | None:
    return None if arg in (None, "") else int(arg)


@register.filter
def num(value: Any, decimals: Any = None) -> str:
    return formatting.number(value, _decimals(decimals))


@register.filter
def pct(value: Any, decimals: Any = 1) -> str:
    return formatting.percent(value, _decimals(decimals))


@register.filter
def rupiah(value: Any) -> str:
    return formatting.rupiah(value)


@register.filter
def area(value: Any) -> str:
    return formatting.area(value)


@register.filter
def day(value: Any) -> str:
    return formatting.day(value)


@register.filter
def label(value: Any) -> str:
    """The label of a coded value (an analysis kind, severity or irisan type) in the page's language."""
    return value_label(value, formatting.language())


@register.filter
def plan_status(value: Any) -> str:
    """A plan's stored status (kept in a snapshot such as a synchronization run) as its label."""
    from selaras.planning.models import PlanStatus

    return str(PlanStatus(value).label) if value in PlanStatus.values else str(value)
