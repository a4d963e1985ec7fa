"""A province's service tiers (for sites already live) and power options (for new sites without grid
electricity): the defaults, reading them, and saving an edited catalogue (all or nothing, audited).

Defaults, editable, never hard truths (see docs DOMAIN.md, "cost anchors" and "the real free-internet programme"):
- 100 Mbps, the programme's service (fiber "up to 100 Mbps"): Rp 22.4 million per site and year, the middle of the
  Rp 16-20 billion a year the province says running the service needs, over the 802 desa live at the end of 2025
  (news, 2026; derived). Value 1: a site at this tier serves its people fully.
- 50 Mbps, the tier the province cut some sites to in 2026 to keep every site live: Rp 14 million per year
  (assumption: about 60% of the 100 Mbps cost; with it every live site fits the revised Rp 13 billion). Value 0.9.
- 20 Mbps: Rp 9 million per year, Starlink residential (Rp 750 thousand a month, news May 2024). Value 0.75.
- Solar (for Starlink or 4G equipment of one access point): Rp 45 million capex, Rp 2.5 million a year
  (assumption: panels, batteries, battery replacement). Generator: Rp 15 million capex, Rp 18 million a year of
  fuel and service (assumption).
A tier's value is the share of a site's people-weight the plan counts when the site runs at that tier (an
assumption: a village still online at a lower bandwidth keeps most of the service's use, so 0.9 and 0.75, not
0.5 and 0.2; a village with no internet at all gains the technology's full quality when it is connected).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from selaras.core.i18n import Msg, Text
from selaras.core.numbers import NumberTextError, number_or_none
from selaras.regions.models import Region
from selaras.rollout.models import ServiceCatalogue
from selaras.web.errors import ServiceError

DEFAULT_TIERS: tuple[dict[str, Any], ...] = (
    {
        "id": "100mbps",
        "name": "100 Mbps",
        "bandwidth_mbps": 100.0,
        "opex_idr_per_year": 22_400_000.0,
        "value": 1.0,
    },
    {
        "id": "50mbps",
        "name": "50 Mbps",
        "bandwidth_mbps": 50.0,
        "opex_idr_per_year": 14_000_000.0,
        "value": 0.9,
    },
    {
        "id": "20mbps",
        "name": "20 Mbps",
        "bandwidth_mbps": 20.0,
        "opex_idr_per_year": 9_000_000.0,
        "value": 0.75,
    },
)
DEFAULT_POWER: tuple[dict[str, Any], ...] = (
    {"id": "solar", "name": "Panel surya", "capex_idr": 45_000_000.0, "opex_idr_per_year": 2_500_000.0},
    {
        "id": "generator",
        "name": "Genset",
        "capex_idr": 15_000_000.0,
        "opex_idr_per_year": 18_000_000.0,
    },
)
TIER_FIELDS = ("id", "name", "bandwidth_mbps", "opex_idr_per_year", "value")
POWER_FIELDS = ("id", "name", "capex_idr", "opex_idr_per_year")

BAD_VALUE = Msg(
    id="{table} baris {row}, kolom '{column}': '{value}' bukan angka yang sah ({rule}).",
    en="{table} row {row}, column '{column}': '{value}' is not a valid number ({rule}).",
)
BAD_ID = Msg(
    id="{table} baris {row}, kolom 'id': wajib diisi, huruf kecil/angka/-/_ saja, dan tidak boleh ganda.",
    en="{table} row {row}, column 'id': required, lower-case letters/digits/-/_ only, and unique.",
)
NO_TIER = Msg(id="Paling sedikit satu tingkat layanan.", en="At least one service tier.")
TIERS = Msg(id="Tingkat layanan", en="Service tiers")
POWER = Msg(id="Pilihan daya", en="Power options")
# The form's column headers, named in the problems instead of the stored keys.
COLUMNS = {
    "bandwidth_mbps": Msg(id="Bandwidth (Mbps)", en="Bandwidth (Mbps)"),
    "opex_idr_per_year": Msg(id="Biaya per tahun (Rp)", en="Yearly cost (Rp)"),
    "value": Msg(id="Nilai (0-1)", en="Value (0-1)"),
    "capex_idr": Msg(id="Belanja modal (Rp)", en="Capex (Rp)"),
}
RULE_POSITIVE = Msg(id="lebih dari 0", en="more than 0")
RULE_NOT_NEGATIVE = Msg(id="0 atau lebih", en="0 or more")
RULE_SHARE = Msg(id="antara 0 dan 1", en="between 0 and 1")


class CatalogueError(ServiceError):
    def __init__(self, problems: list[Text]) -> None:
        super().__init__(list(problems))
        self.problems = problems


def catalogue_for(*, province: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], bool]:
    """(tiers, power options, whether they are the defaults) the province plans with, tiers by bandwidth
    from the highest."""
    stored = ServiceCatalogue.objects.filter(region_id=province).first()
    if stored is None or not stored.tiers:
        return [dict(t) for t in DEFAULT_TIERS], [dict(p) for p in DEFAULT_POWER], True
    tiers = sorted(stored.tiers, key=lambda t: -float(t["bandwidth_mbps"]))
    return tiers, list(stored.power_options), False


def _number(raw: Any, problems: list[Text], table: Msg, row: int, column: str, rule: Msg) -> float:
    try:
        parsed = number_or_none(raw, decimal_point=True)
    except NumberTextError:
        parsed = None
    value = float(parsed) if parsed is not None else float("nan")
    ok = value == value and (
        value > 0 if rule is RULE_POSITIVE else 0 <= value <= 1 if rule is RULE_SHARE else value >= 0
    )
    if not ok:
        problems.append(
            BAD_VALUE(table=table(), row=row, column=COLUMNS[column](), value=str(raw)[:40], rule=rule())
        )
    return value


def _rows(
    raw_rows: list[dict[str, Any]], numbers: dict[str, Msg], table: Msg, problems: list[Text]
) -> list[dict[str, Any]]:
    rows, seen = [], set()
    for number, raw in enumerate(raw_rows, start=1):
        if not any(str(v).strip() for v in raw.values()):
            continue  # an empty row of the form
        ident = str(raw.get("id", "")).strip()
        if not ident or ident in seen or not all(c.isdigit() or c.islower() or c in "-_" for c in ident):
            problems.append(BAD_ID(table=table(), row=number))
        seen.add(ident)
        row: dict[str, Any] = {"id": ident[:40], "name": str(raw.get("name", "")).strip()[:100] or ident}
        for column, rule in numbers.items():
            row[column] = _number(raw.get(column, ""), problems, table, number, column, rule)
        rows.append(row)
    return rows


@transaction.atomic
def catalogue_save(
    *, province: Region, actor: Any, tiers: list[dict[str, Any]], power_options: list[dict[str, Any]]
) -> ServiceCatalogue:
    """Replace the province's tiers and power options (rows as typed in the form); every bad row and column is
    named in a `CatalogueError` and nothing changes. The caller checked EDIT on the province."""
    problems: list[Text] = []
    tier_rows = _rows(
        tiers,
        {"bandwidth_mbps": RULE_POSITIVE, "opex_idr_per_year": RULE_NOT_NEGATIVE, "value": RULE_SHARE},
        TIERS,
        problems,
    )
    power_rows = _rows(
        power_options,
        {"capex_idr": RULE_NOT_NEGATIVE, "opex_idr_per_year": RULE_NOT_NEGATIVE},
        POWER,
        problems,
    )
    if not tier_rows:
        problems.append(NO_TIER())
    if problems:
        raise CatalogueError(problems)
    record = ServiceCatalogue.objects.select_for_update().filter(region=province).first()
    record = record or ServiceCatalogue(region=province)
    record.tiers, record.power_options = tier_rows, power_rows
    record.updated_by = actor if getattr(actor, "pk", None) else None
    record._change_reason = "edited"  # type: ignore[attr-defined]
    record._history_user = record.updated_by  # type: ignore[attr-defined]
    record.save()
    return record
