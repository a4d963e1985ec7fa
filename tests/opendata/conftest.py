"""The demo's sample scenario (plans, connectivity, a signed agreement), published for Kaltim by the open-data
sample loader, plus a private draft world with marker strings that must never appear in public files."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from selaras.agreements import services as agreement_services
from selaras.agreements.sample import ensure_sample as agreements_sample
from selaras.connectivity.sample import ensure_sample as connectivity_sample
from selaras.opendata.sample import ensure_sample as opendata_sample
from selaras.planning.models import Indicator, Plan, PlanElement, PlanStatus
from selaras.planning.sample import ensure_sample as planning_sample
from selaras.regions.models import Region

MARKER = "RAHASIA-DRAFT-7731"


@pytest.fixture
def published_sample(db: Any) -> None:
    planning_sample()
    connectivity_sample()
    agreements_sample()
    opendata_sample()


@pytest.fixture
def private_drafts(published_sample: None, operator: Any) -> None:
    """A draft plan and a draft agreement of Paser, each carrying `MARKER`."""
    paser = Region.objects.get(code="64.01")
    draft = agreement_services.agreement_village_internet_draft(
        actor=operator, regency=paser, starts_on=date(2026, 1, 1), years=2
    )
    draft.title = f"{MARKER} PKS draft"
    draft.save()
    plan = Plan.objects.create(
        region=paser,
        kind="renstra",
        start_year=2025,
        end_year=2029,
        status=PlanStatus.DRAFT,
        unit_name=MARKER,
    )
    element = PlanElement.objects.create(
        plan=plan, region=paser, kode="2.16.03", level="program", uraian=MARKER
    )
    Indicator.objects.create(
        plan=plan,
        element=element,
        region=paser,
        key=MARKER,
        uraian=MARKER,
        indikator=MARKER,
        polaritas="positif",
        agregasi="sum",
        targets_by_year={"2025": "1"},
    )
