"""The publishing decision: which of a province's datasets the public may see.

`is_published` and `published_keys` are what every public page, file and catalogue asks before showing
anything. Default: nothing is published until a provincial administrator chooses it
(`publication_set`), except the labelled sample scenario, which `publish_sample` publishes for the demo.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selaras.accounts import access
from selaras.opendata.models import DatasetKey, DatasetPublication
from selaras.regions.models import Level, Region
from selaras.web.errors import ServiceError

DATASET_KEYS: tuple[str, ...] = tuple(DatasetKey.values)

UNKNOWN_DATASET = _("Unknown dataset.")
NOT_A_PROVINCE = _("Open data is decided per province.")


class PublicationError(ServiceError):
    pass


def is_published(province_code: str, key: str) -> bool:
    """Has the province published dataset `key`? False for unknown keys and provinces."""
    return DatasetPublication.objects.filter(province_id=province_code, key=key, is_published=True).exists()


def published_keys(province_code: str) -> set[str]:
    """The keys of the datasets the province has published."""
    return set(
        DatasetPublication.objects.filter(province_id=province_code, is_published=True).values_list(
            "key", flat=True
        )
    )


def published_provinces() -> dict[str, set[str]]:
    """Every province with at least one published dataset, with its published keys (for the catalogue)."""
    result: dict[str, set[str]] = {}
    rows = DatasetPublication.objects.filter(is_published=True).values_list("province_id", "key")
    for province_code, key in rows.order_by("province_id", "key"):
        result.setdefault(province_code, set()).add(key)
    return result


def publications_for(province_code: str) -> list[DatasetPublication]:
    """One (possibly unsaved) publication per dataset key, in the registry's order, for the decision page."""
    known = {p.key: p for p in DatasetPublication.objects.filter(province_id=province_code)}
    return [known.get(key) or DatasetPublication(province_id=province_code, key=key) for key in DATASET_KEYS]


def _province(province_code: str) -> Region:
    province = Region.objects.filter(code=province_code, level=Level.PROVINCE).first()
    if province is None:
        raise PublicationError(NOT_A_PROVINCE)
    return province


@transaction.atomic
def publication_set(*, actor: Any, province_code: str, key: str, published: bool) -> DatasetPublication:
    """Publish or withdraw one dataset of a province (provincial administrators: `Action.DECIDE`)."""
    access.require(actor, access.Action.DECIDE, province_code)
    if key not in DATASET_KEYS:
        raise PublicationError(UNKNOWN_DATASET)
    province = _province(province_code)
    publication = DatasetPublication.objects.select_for_update().filter(province=province, key=key).first()
    if publication is None:
        publication = DatasetPublication(province=province, key=key)
    if publication.pk and publication.is_published == published:
        return publication
    publication.is_published = published
    if published:
        publication.published_at = timezone.now()
        publication.published_by = actor if getattr(actor, "pk", None) else None
        publication.is_sample = False
    publication._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    publication._change_reason = "published" if published else "withdrawn"  # type: ignore[attr-defined]
    publication.save()
    return publication


@transaction.atomic
def publish_sample(province_code: str) -> list[str]:
    """Publish every dataset of the province the demo's sample scenario lives in, marked as sample, unless an
    administrator has already decided about it. Returns the keys it published."""
    province = Region.objects.filter(code=province_code, level=Level.PROVINCE).first()
    if province is None:
        return []
    done = []
    decided = set(DatasetPublication.objects.filter(province=province).values_list("key", flat=True))
    for key in DATASET_KEYS:
        if key in decided:
            continue
        publication = DatasetPublication(
            province=province, key=key, is_published=True, published_at=timezone.now(), is_sample=True
        )
        publication._change_reason = "sample scenario published for the demo"  # type: ignore[attr-defined]
        publication.save()
        done.append(key)
    return done
