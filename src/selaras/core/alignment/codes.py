"""Code and link problems: malformed or wrong-tier codes, codes outside the nomenclature, broken links."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from selaras.core.alignment import messages as m
from selaras.core.alignment.model import CodeError, DanglingLink, Severity
from selaras.core.plans.rows import NATIONAL_REGION_CODE, PlanRow

# Permendagri 90/2019: urusan X.XX, program X.XX.XX, kegiatan X.XX.XX.T.XX, sub kegiatan X.XX.XX.T.XX.XXXX,
# where T is the tier: 1 for provincial nomenclature, 2 for regency/city.
CODE_RE = re.compile(r"^[1-9]\.\d{2}(?:\.\d{2}(?:\.(?P<tier>[12])\.\d{2}(?:\.\d{4})?)?)?$")
PROVINCE_TIER = "1"
REGENCY_TIER = "2"


def code_tier(code: str) -> str | None:
    """The tier digit of a kegiatan/sub kegiatan code ('1' provincial, '2' regency/city); None for others."""
    match = CODE_RE.match(code)
    return match.group("tier") if match else None


def load_nomenclature(path: Path) -> frozenset[str]:
    """Codes from a nomenclature CSV with a `code` (or `kode`) column, such as the shipped partial list."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        column = "code" if reader.fieldnames and "code" in reader.fieldnames else "kode"
        return frozenset(row[column].strip() for row in reader if row.get(column, "").strip())


def _is_ancestor_or_self(ancestor: str, region: str) -> bool:
    if ancestor == NATIONAL_REGION_CODE:
        return True
    return region == ancestor or region.startswith(ancestor + ".")


def find_code_errors(
    rows: Iterable[PlanRow], rows_by_id: Mapping[str, PlanRow], nomenclature: frozenset[str] | None
) -> list[CodeError]:
    """Malformed codes, wrong-tier nomenclature, codes absent from `nomenclature` (warning), duplicated ids,
    links to rows of a region that is not the row's own or above it, and cycles of `mendukung` links.

    National (RPJMN) rows carry no Permendagri code and are not checked for one.
    """
    rows = list(rows)
    errors: list[CodeError] = []
    counts = Counter(row.id for row in rows)
    for row_id, count in counts.items():
        if count > 1:
            code = rows_by_id[row_id].kode
            errors.append(CodeError(row_id, code, Severity.ERROR, m.ID_DUPLICATED(id=row_id, count=count)))
    tiers_known = {code_tier(c) for c in nomenclature or ()} - {None}
    for row in rows_by_id.values():
        errors.extend(_row_code_errors(row, nomenclature, tiers_known))
        parent = rows_by_id.get(row.mendukung or "")
        if parent is not None and not _is_ancestor_or_self(parent.kode_wilayah, row.kode_wilayah):
            reason = m.LINK_NOT_UPWARD(
                region=row.kode_wilayah, mendukung=parent.id, parent_region=parent.kode_wilayah
            )
            errors.append(CodeError(row.id, row.kode, Severity.ERROR, reason))
    errors.extend(_cycle_errors(rows_by_id))
    return errors


def _row_code_errors(
    row: PlanRow, nomenclature: frozenset[str] | None, tiers_known: set[str | None]
) -> list[CodeError]:
    code = row.kode.strip()
    if row.is_national:
        return []
    if not code:
        return [CodeError(row.id, code, Severity.ERROR, m.CODE_EMPTY())]
    if not CODE_RE.match(code):
        return [CodeError(row.id, code, Severity.ERROR, m.CODE_MALFORMED(code=code))]
    tier = code_tier(code)
    if row.is_regency and tier == PROVINCE_TIER:
        return [CodeError(row.id, code, Severity.ERROR, m.CODE_REGENCY_USES_PROVINCE(code=code))]
    if row.is_province and tier == REGENCY_TIER:
        return [CodeError(row.id, code, Severity.ERROR, m.CODE_PROVINCE_USES_REGENCY(code=code))]
    # A partial master says nothing about a tier it holds no code of: only covered tiers are checked.
    if nomenclature is not None and (tier is None or tier in tiers_known) and code not in nomenclature:
        return [CodeError(row.id, code, Severity.WARNING, m.CODE_NOT_IN_NOMENCLATURE(code=code))]
    return []


def _cycle_errors(rows_by_id: Mapping[str, PlanRow]) -> list[CodeError]:
    # Each row supports at most one row, so following `mendukung` from any row either ends or loops.
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    errors: list[CodeError] = []
    for start in rows_by_id:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in rows_by_id and node not in state:
            state[node] = 1
            path.append(node)
            node = rows_by_id[node].mendukung
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node) :]
            text = " → ".join([*cycle, node])
            for member in cycle:
                errors.append(
                    CodeError(member, rows_by_id[member].kode, Severity.ERROR, m.LINK_CYCLE(cycle=text))
                )
        for visited in path:
            state[visited] = 2
    return errors


def find_dangling_links(
    rows_by_id: Mapping[str, PlanRow], external_ids: frozenset[str] = frozenset()
) -> list[DanglingLink]:
    """Rows whose `mendukung` names an id that no row has (ids in `external_ids` exist elsewhere)."""
    return [
        DanglingLink(row.id, row.mendukung, m.LINK_DANGLING(mendukung=row.mendukung))
        for row in rows_by_id.values()
        if row.mendukung and row.mendukung not in rows_by_id and row.mendukung not in external_ids
    ]
