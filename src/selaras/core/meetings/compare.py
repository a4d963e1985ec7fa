"""What changed between the findings a meeting was shown and a later synchronization run, and whether a plan
carries a target a meeting asked for. Pure Python: the meetings app hands in plain dicts and values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

Item = Mapping[str, Any]  # {"key": str, "kind": str, "text_id": str, "text_en": str, ...}


@dataclass(frozen=True)
class Comparison:
    """Items of the frozen snapshot the later run no longer finds (`closed`), items only the later run finds
    (`new`) and items in both (`still_open`); each list keeps the order of the snapshot it comes from."""

    closed: tuple[Item, ...]
    new: tuple[Item, ...]
    still_open: tuple[Item, ...]


def compare_items(frozen: Sequence[Item], current: Sequence[Item]) -> Comparison:
    """Compare two snapshots item by item on their `key` (stable across runs: the same rows give the same key)."""
    frozen_keys = {item["key"] for item in frozen}
    current_keys = {item["key"] for item in current}
    return Comparison(
        closed=tuple(i for i in frozen if i["key"] not in current_keys),
        new=tuple(i for i in current if i["key"] not in frozen_keys),
        still_open=tuple(i for i in frozen if i["key"] in current_keys),
    )


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def target_carried(targets_by_year: Mapping[str, Any], year: int, minimum: Decimal) -> bool:
    """Does a plan row whose targets are `targets_by_year` (year as text -> number as text) plan at least
    `minimum` in `year`? A missing or unreadable target is not carried."""
    planned = _decimal(targets_by_year.get(str(year)))
    return planned is not None and planned >= minimum
