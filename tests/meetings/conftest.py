from datetime import date
from typing import Any

import pytest

from selaras.agreements import services as agreement_services
from selaras.agreements.models import Agreement
from selaras.meetings import services
from selaras.meetings.models import Meeting
from selaras.planning.sample import ensure_sample as plans_sample
from selaras.sync.models import SyncRun
from selaras.sync.sample import ensure_sample as sync_sample


@pytest.fixture
def sample_run(db: Any) -> SyncRun:
    plans_sample()
    sync_sample()
    return SyncRun.objects.get(is_sample=True)


@pytest.fixture
def meeting(province_admin: Any) -> Meeting:
    return services.meeting_create(
        actor=province_admin,
        province_code="64",
        title="Rakorda Diskominfo se-Kaltim 2025",
        theme="Konektivitas Infrastruktur Jaringan",
        date=date(2025, 5, 15),
        place="Tenggarong",
        host_code="64.02",
    )


@pytest.fixture
def kukar_agreement(db: Any) -> Agreement:
    return agreement_services.agreement_create(
        actor=None,
        title="PKS Satu Data Kaltim - Kukar",
        party_codes=["64", "64.02"],
        starts_on=date(2025, 1, 1),
        ends_on=date(2029, 12, 31),
    )
