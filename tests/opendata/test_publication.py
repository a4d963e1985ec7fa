"""The publishing decision: nothing is public until a provincial administrator chooses it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from selaras.opendata import publication
from selaras.opendata.models import DatasetPublication
from selaras.opendata.sample import ensure_sample

pytestmark = pytest.mark.django_db


def test_nothing_is_published_until_chosen() -> None:
    assert publication.published_keys("64") == set()
    assert not publication.is_published("64", "village-connectivity")


def test_a_province_admin_publishes_and_withdraws_a_dataset(province_admin) -> None:
    published = publication.publication_set(
        actor=province_admin, province_code="64", key="agreements", published=True
    )
    assert published.published_by == province_admin
    assert published.published_at is not None
    assert publication.is_published("64", "agreements")
    assert publication.published_keys("64") == {"agreements"}
    assert publication.published_keys("11") == set()

    publication.publication_set(actor=province_admin, province_code="64", key="agreements", published=False)
    assert not publication.is_published("64", "agreements")
    record = DatasetPublication.objects.get(province_id="64", key="agreements")
    assert record.published_at == published.published_at  # when it was last published stays visible
    assert [h.history_change_reason for h in record.history.order_by("history_date")] == [
        "published",
        "withdrawn",
    ]


def test_only_the_provinces_own_administrators_decide(operator, province_viewer, outsider) -> None:
    with pytest.raises(PermissionDenied):
        publication.publication_set(actor=operator, province_code="64", key="agreements", published=True)
    with pytest.raises(PermissionDenied):
        publication.publication_set(
            actor=province_viewer, province_code="64", key="agreements", published=True
        )
    with pytest.raises(Http404):
        publication.publication_set(actor=outsider, province_code="64", key="agreements", published=True)
    assert publication.published_keys("64") == set()


def test_it_refuses_an_unknown_dataset(province_admin) -> None:
    with pytest.raises(publication.PublicationError):
        publication.publication_set(actor=province_admin, province_code="64", key="salaries", published=True)


def test_the_demo_sample_publishes_its_province_marked_as_sample(province_admin) -> None:
    publication.publication_set(actor=province_admin, province_code="64", key="plan-targets", published=False)
    assert ensure_sample() != ""
    # An administrator's earlier decision wins over the sample.
    assert publication.published_keys("64") == {"village-connectivity", "connectivity-progress", "agreements"}
    assert DatasetPublication.objects.get(province_id="64", key="agreements").is_sample
    assert ensure_sample() == ""
