"""Region facts (desa count, population) from the official data shipped with Selaras, without a database."""

from __future__ import annotations

from collections import Counter

from selaras.core.alignment.model import RegionFacts
from selaras.core.regions_data import (
    Level,
    VillageKind,
    iter_official_regions,
    iter_population_area,
    village_kind,
)


def region_facts_from_official(province: str | None = "64") -> dict[str, RegionFacts]:
    """Desa count and population of every regency/city of `province` and of the province itself.

    `province=None` gives every province and regency/city of Indonesia. Desa are villages whose code's fourth
    part starts with 2 (kelurahan, 1, are not counted); a region without a population figure gets None.
    The shipped village list lacks the ~500 villages that have no boundary polygon in the source.
    """
    desa: Counter[str] = Counter()
    codes: set[str] = set()
    for region in iter_official_regions(province=province):
        if region.level in (Level.PROVINCE, Level.REGENCY):
            codes.add(region.code)
        elif region.level == Level.VILLAGE and village_kind(region.code) == VillageKind.DESA:
            parts = region.code.split(".")
            desa[".".join(parts[:2])] += 1
            desa[parts[0]] += 1
    population = {p.code: p.population for p in iter_population_area() if p.code in codes}
    return {
        code: RegionFacts(desa_count=desa[code], population=population.get(code)) for code in sorted(codes)
    }
