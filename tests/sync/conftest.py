from typing import Any

import pytest

from selaras.planning.sample import ensure_sample as plans_sample
from selaras.sync.models import SyncRun
from selaras.sync.sample import ensure_sample


@pytest.fixture
def sample_run(db: Any) -> SyncRun:
    plans_sample()
    assert ensure_sample()
    return SyncRun.objects.get(is_sample=True)
