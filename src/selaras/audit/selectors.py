"""Reading the audit trail: django-simple-history records of every tracked model, by object and by region.

A tracked model declares `history = HistoricalRecords()` and `audit_region_field`, the field holding the region
the change belongs to. The trail is read-only: no page, API or admin writes to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.http import Http404
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from selaras.accounts.access import Action, region_lookup, require, visible_region_q
from selaras.audit.field_labels import FIELD_LABELS
from selaras.audit.reasons import reason_label
from selaras.core.numbers import format_number

PAGE_SIZE = 50


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any
    label: str = ""  # the field's name as users read it, in the request's language
    old_shown: str = ""  # the values as users read them: choice labels, Ya/Tidak, the related object's name
    new_shown: str = ""


@dataclass(frozen=True)
class Entry:
    model_label: str
    model_name: str
    object_id: str
    object_repr: str
    kind: str  # created, changed, deleted
    when: datetime
    who: str
    reason: str
    region_code: str
    changes: list[Change]


KIND = {"+": "created", "~": "changed", "-": "deleted"}


def tracked_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if hasattr(m, "history") and hasattr(m, "audit_region_field")]


def _region_attname(model: type[models.Model]) -> str:
    field = model.audit_region_field  # type: ignore[attr-defined]
    return field if field == "code" else f"{field}_id"


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return field
    return None


def _shown(field: models.Field[Any, Any] | None, value: Any) -> str:
    """A stored value as users read it: the label of a choice, yes/no, the name of a related object."""
    if value is None or value == "":
        return "\u2013"  # an en dash, as the other pages show an empty value
    if isinstance(value, list):  # a table kept as JSON (costs, budgets, villages): its size, not its codes
        return _("table of %(n)s rows") % {"n": len(value)}
    if isinstance(value, dict):
        return _("table of %(n)s entries") % {"n": len(value)}
    if field is None:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(value, datetime):
        return date_format(localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int | float | Decimal):
        return format_number(value, get_language() or "id")
    return str(value)


def _change(model: type[models.Model], name: str, old: Any, new: Any) -> Change:
    field = _field(model, name)
    if field is None:
        label = name
    elif isinstance(field.verbose_name, Promise):  # named by its model, in both languages
        label = capfirst(str(field.verbose_name))
    else:
        label = capfirst(str(FIELD_LABELS.get(field.name, field.verbose_name)))
    shown_old = _shown(field, old) if old is not None else ""
    return Change(name, old, new, label=label, old_shown=shown_old, new_shown=_shown(field, new))


def _entry(model: type[models.Model], record: Any) -> Entry:
    previous = record.prev_record if record.history_type == "~" else None
    if previous is not None:
        changes = [_change(model, c.field, c.old, c.new) for c in record.diff_against(previous).changes]
    else:
        changes = [
            _change(model, f.attname, None, getattr(record, f.attname))
            for f in model._meta.concrete_fields
            if record.history_type == "+" and hasattr(record, f.attname) and f.attname != "password"
        ]
    user = record.history_user
    return Entry(
        model_label=model._meta.label_lower,
        model_name=str(model._meta.verbose_name),
        object_id=str(getattr(record, model._meta.pk.attname)),
        object_repr=str(record.instance)
        if record.history_type != "-"
        else str(getattr(record, model._meta.pk.attname)),
        kind=KIND[record.history_type],
        when=record.history_date,
        who=user.username if user else "system",
        reason=reason_label(record.history_change_reason or ""),
        region_code=str(getattr(record, _region_attname(model)) or ""),
        changes=changes,
    )


def audit_for_object(*, user: Any, model_label: str, object_id: str, page: int = 1) -> list[Entry]:
    """Every recorded change of one object, newest first; 404 unless the user may read its region's trail."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        raise Http404 from None
    if model not in tracked_models():
        raise Http404
    records = model.history.filter(**{model._meta.pk.attname: object_id}).select_related("history_user")
    newest = records.order_by("-history_date", "-history_id").first()
    if newest is None:
        raise Http404
    require(user, Action.READ_AUDIT, str(getattr(newest, _region_attname(model)) or ""))
    start = (page - 1) * PAGE_SIZE
    window = records.order_by("-history_date", "-history_id")[start : start + PAGE_SIZE]
    return [_entry(model, r) for r in window]


def audit_for_region(*, user: Any, region_code: str, page: int = 1) -> list[Entry]:
    """Changes to everything that belongs to `region_code` or lies below it, newest first."""
    require(user, Action.READ_AUDIT, region_code)
    wanted = page * PAGE_SIZE
    records: list[tuple[type[models.Model], Any]] = []
    for model in tracked_models():
        lookup = region_lookup(model)
        in_region = models.Q(**{lookup: region_code}) | models.Q(
            **{f"{lookup}__startswith": region_code + "."}
        )
        queryset = (
            model.history.filter(in_region)
            .filter(visible_region_q(user, lookup, Action.READ_AUDIT))
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:wanted]
        )
        records.extend((model, r) for r in queryset)
    records.sort(key=lambda pair: pair[1].history_date, reverse=True)
    return [_entry(model, r) for model, r in records[(page - 1) * PAGE_SIZE : wanted]]
