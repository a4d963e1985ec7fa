from __future__ import annotations

from typing import Any

from selaras.agreements.models import Agreement
from selaras.agreements.sample import ensure_sample
from tests.conftest import client_for


def test_the_sample_loads_once_and_is_labelled_everywhere(db: Any, province_admin: Any) -> None:
    assert ensure_sample() != ""
    assert ensure_sample() == ""
    agreement = Agreement.objects.get(is_sample=True)
    assert agreement.title.startswith("[CONTOH]") and agreement.status == "signed"
    assert all(d.is_sample for d in agreement.documents.all()) and agreement.documents.count() == 3
    page = client_for(province_admin).get(f"/pks/{agreement.pk}/").content.decode()
    assert 'data-testid="sample-note"' in page and "CONTOH" in page
