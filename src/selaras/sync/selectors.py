"""Reads of the synchronization app: the latest run of a province, what concerns one region, the matrix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from selaras.accounts.access import Action, require, scope
from selaras.core.regions_data import is_within
from selaras.regions.models import Region
from selaras.sync.models import IrisanProposal, RunState, SyncRun


def run_latest(*, user: Any, province_code: str) -> SyncRun | None:
    """The province's published run (a run awaiting confirmation is not its report yet)."""
    require(user, Action.VIEW, province_code)
    return SyncRun.objects.filter(region_id=province_code, state=RunState.PUBLISHED).first()


def run_pending(*, run: SyncRun | None, province_code: str) -> SyncRun | None:
    """A run newer than the published one that waits for a provincial administrator's confirmation."""
    pending = SyncRun.objects.filter(region_id=province_code, state=RunState.PENDING)
    return pending.filter(pk__gt=run.pk).first() if run is not None else pending.first()


def run_get_for_user(*, user: Any, run_id: int) -> SyncRun:
    run = get_object_or_404(SyncRun, pk=run_id)
    require(user, Action.VIEW, run.region_id)
    return run


def run_list_for_user(*, user: Any) -> QuerySet[SyncRun]:
    return scope(user, SyncRun.objects.all(), Action.VIEW)


def proposal_list_for_user(*, user: Any) -> QuerySet[IrisanProposal]:
    return scope(user, IrisanProposal.objects.select_related("run"), Action.VIEW)


def proposal_get_for_user(*, user: Any, proposal_id: int) -> IrisanProposal:
    proposal = get_object_or_404(IrisanProposal.objects.select_related("run"), pk=proposal_id)
    require(user, Action.VIEW, proposal.region_id)
    return proposal


def region_names(*, province_code: str) -> dict[str, str]:
    regions = Region.objects.within(province_code)
    return dict(regions.filter(level__in=["province", "regency"]).values_list("code", "name"))


@dataclass(frozen=True)
class MatrixRow:
    id: str
    kode: str
    indikator: str
    cells: list[list[str]]  # per regency: the ids of its supporting rows


def matrix(*, run: SyncRun, regencies: list[str]) -> list[MatrixRow]:
    """Provincial indicators x regencies/cities: which rows of each regency support each provincial row."""
    support: dict[tuple[str, str], list[str]] = {}
    for row in run.rows:
        if row["kode_wilayah"].count(".") == 1 and row["mendukung"]:
            support.setdefault((row["mendukung"], row["kode_wilayah"]), []).append(row["id"])
    return [
        MatrixRow(
            row["id"], row["kode"], row["indikator"], [support.get((row["id"], c), []) for c in regencies]
        )
        for row in run.rows
        if row["kode_wilayah"] == run.region_id
    ]


def report_for_region(*, report: dict[str, Any], rows: list[dict[str, Any]], code: str) -> dict[str, Any]:
    """The parts of `report` that concern region `code`: its rows, rows it supports, gaps naming it."""
    mine = {r["id"] for r in rows if is_within(r["kode_wilayah"], code)}
    return {
        "coverage_gaps": [
            g
            for g in report.get("coverage_gaps", [])
            if g["id"] in mine or code in g.get("missing_regions", [])
        ],
        "target_shortfalls": [
            s for s in report.get("target_shortfalls", []) if s["parent"] in mine or s["child"] in mine
        ],
        "code_errors": [e for e in report.get("code_errors", []) if e["id"] in mine],
        "dangling_links": [d for d in report.get("dangling_links", []) if d["id"] in mine],
        "mine": mine,
    }
