"""Reads of the region hierarchy, always through the access module's scope."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.shortcuts import get_object_or_404
from rapidfuzz import fuzz, process, utils

from selaras.accounts.access import Action, require, scope
from selaras.core.geometry import shapes_to_svg
from selaras.regions.models import Level, Region, VillageKind
from selaras.web.caching import cached_part

CODE_QUERY = re.compile(r"^\d{2}(\.\d+)*\.?$")


def province_for_user(*, user: Any) -> Region | None:
    code = user.province_code if getattr(user, "region_id", None) else settings.DEFAULT_PROVINCE
    return Region.objects.filter(code=code).first()


def region_get_for_user(*, user: Any, code: str, action: Action = Action.VIEW) -> Region:
    """The region `code`, or 404 when it does not exist or lies outside what the user may see."""
    # The boundaries are read only when used (the region page's drawing, cached: selaras.web.caching).
    queryset = Region.objects.select_related("parent").defer(
        "boundary", "parent__boundary", "parent__boundary_json"
    )
    region = get_object_or_404(queryset, code=code)
    require(user, action, region.code)
    return region


@dataclass(frozen=True)
class ChildRow:
    code: str
    name: str
    level: str
    village_kind: str
    retired: bool
    districts: int
    desa: int
    kelurahan: int
    population: int | None

    @property
    def village_kind_label(self) -> str:
        return str(VillageKind(self.village_kind).label) if self.village_kind else ""


def _counts_below(code: str) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Districts and villages (by kind) under each child of `code`, counted from one query."""
    depth = code.count(".") + 2  # parts in a child's code
    districts: Counter[str] = Counter()
    villages: Counter[tuple[str, str]] = Counter()
    rows = (
        Region.objects.within(code)
        .active()
        .filter(level__in=[Level.DISTRICT, Level.VILLAGE])
        .values_list("code", "level", "village_kind")
    )
    for region_code, level, kind in rows:
        child = ".".join(region_code.split(".")[:depth])
        if level == Level.DISTRICT:
            districts[child] += 1
        else:
            villages[(child, kind)] += 1
    return districts, villages


def region_children(*, region: Region) -> list[ChildRow]:
    districts, villages = _counts_below(region.code)
    return [
        ChildRow(
            code=child.code,
            name=child.name,
            level=child.level,
            village_kind=child.village_kind,
            retired=child.retired_at is not None,
            districts=districts[child.code],
            desa=villages[(child.code, "desa")],
            kelurahan=villages[(child.code, "kelurahan")],
            population=child.population,
        )
        for child in region.children.order_by("retired_at", "code")
    ]


@dataclass(frozen=True)
class ProvinceSummary:
    regencies: int
    districts: int
    desa: int
    kelurahan: int
    rows: list[ChildRow]


def province_summary(*, province: Region) -> ProvinceSummary:
    rows = [row for row in region_children(region=province) if not row.retired]
    return ProvinceSummary(
        regencies=len(rows),
        districts=sum(r.districts for r in rows),
        desa=sum(r.desa for r in rows),
        kelurahan=sum(r.kelurahan for r in rows),
        rows=rows,
    )


def province_summary_cached(*, province: Region) -> ProvinceSummary:
    """`province_summary` cached by write stamp (selaras.web.caching); the same for everyone who may see it."""
    return cached_part("province-summary", province.code, build=lambda: province_summary(province=province))


@dataclass(frozen=True)
class SearchHit:
    code: str
    name: str
    level: str
    parent_name: str
    score: float
    retired: bool


ADMIN_PREFIX = re.compile(r"^(kota|kabupaten|kab\.)\s+", re.IGNORECASE)


def region_search(*, user: Any, query: str, limit: int = 20) -> list[SearchHit]:
    """Regions the user may see whose name (typos tolerated) or code matches `query`."""
    query = query.strip()
    if not query:
        return []
    visible = scope(user, Region.objects.all(), Action.VIEW, field="code")
    if CODE_QUERY.match(query):
        prefix = query.rstrip(".")
        found = list(
            visible.filter(code__startswith=prefix).select_related("parent").order_by("code")[:limit]
        )
        return [_hit(r, 100.0) for r in found]
    names = dict(visible.values_list("code", "name"))
    # "balikpapn" means Kota Balikpapan: a regency's or city's name is also scored without its "Kota" or
    # "Kabupaten", which users leave out, so it is not outscored by its districts named after it.
    bare = {code: ADMIN_PREFIX.sub("", name) for code, name in names.items() if ADMIN_PREFIX.match(name)}
    best: dict[str, tuple[str, float, str]] = {}
    for choices in (names, bare):
        for match in process.extract(
            query,
            choices,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=limit * 3,
            score_cutoff=70,
        ):
            if match[2] not in best or match[1] > best[match[2]][1]:
                best[match[2]] = (names[match[2]], match[1], match[2])
    matches = list(best.values())
    # Equal scores: prefer the higher level (a regency before a village of the same name), then the code.
    matches.sort(key=lambda m: (-round(m[1]), m[2].count("."), m[2]))
    codes = [m[2] for m in matches[:limit]]
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes).select_related("parent")}
    return [_hit(by_code[m[2]], m[1]) for m in matches[:limit] if m[2] in by_code]


def _hit(region: Region, score: float) -> SearchHit:
    return SearchHit(
        code=region.code,
        name=region.name,
        level=region.level,
        parent_name=region.parent.name if region.parent else "",
        score=round(score, 1),
        retired=region.retired_at is not None,
    )


@dataclass(frozen=True)
class ChildShape:
    code: str
    name: str
    path_d: str


def region_children_map(*, region: Region) -> tuple[str, list[ChildShape]] | None:
    """A map of a region that has no boundary of its own (a province, a regency): its children's outlines,
    drawn from the boundaries of the villages below each child. None when nothing below has a boundary.

    Drawing a province decodes every village boundary (about 0.2 s for Kaltim), and boundaries change only when
    the official list is loaded again: the drawing is cached by write stamp (selaras.web.caching), so a reload
    or a renamed child draws it afresh."""
    if region.level == "village":
        return None

    def build() -> tuple[str, list[ChildShape]] | None:
        if region.boundary:
            return None
        names = dict(region.children.filter(retired_at__isnull=True).values_list("code", "name"))
        below = Region.objects.filter(
            code__startswith=region.code + ".", level="village", boundary__isnull=False
        )
        return _children_map_draw(region, names, below)

    return cached_part("children-map", region.code, build=build)


def _children_map_draw(
    region: Region, names: dict[str, str], below: Any
) -> tuple[str, list[ChildShape]] | None:
    depth = region.code.count(".") + 1
    boundaries = below.order_by("code").values_list("code", "boundary")
    keyed = [(".".join(code.split(".")[: depth + 1]), boundary) for code, boundary in boundaries.iterator()]
    drawn = shapes_to_svg([(key, geometry) for key, geometry in keyed if key in names])
    if drawn is None:
        return None
    view_box, paths = drawn
    return view_box, [ChildShape(code=key, name=names[key], path_d=path) for key, path in paths]
