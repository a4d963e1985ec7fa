"""Indexes shared by the tests: the hand-checkable tiny list and the real East Kalimantan list."""

from __future__ import annotations

import pytest

from selaras.core.names import VillageIndex
from selaras.core.regions_data import OfficialRegion, iter_official_regions

from .tiny import tiny_regions


@pytest.fixture(scope="session")
def tiny_index() -> VillageIndex:
    return VillageIndex(tiny_regions())


@pytest.fixture(scope="session")
def kaltim_regions() -> list[OfficialRegion]:
    return list(iter_official_regions(province="64"))


@pytest.fixture(scope="session")
def kaltim_index(kaltim_regions: list[OfficialRegion]) -> VillageIndex:
    return VillageIndex(kaltim_regions)
