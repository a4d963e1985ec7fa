"""The data columns of a connectivity survey (beyond the place names the core reader finds), read into plain
values with a bilingual message naming the row and column of every cell that cannot be used.

Pure Python: no Django. Headers and values are compared lower-cased with everything but letters and digits
dropped, so "Sumber Listrik", "sumber_listrik" and "SUMBER LISTRIK" are the same column.

Which field a column holds and what a value means come from the defaults in `data/survey_defaults.json`, overridden
by a region's own choices (`SurveyMapping`, remembered by the app). `survey_preview` lists every column and every
distinct value with its meaning, or None where a person has to decide; `parse_values` then reads the rows.
A value's meaning is an `Outcome`: the fields it sets, so one "Status Sinyal" column can say "4G" (a signal) on
one row and "Internet desa (VSAT)" (a live satellite access point) on the next.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from selaras.core.i18n import Msg, Text
from selaras.core.names.reader import SurveyTable
from selaras.core.numbers import NumberTextError, parse_number

BAD_VALUE = Msg(
    id="Baris {row}, kolom '{column}': '{value}' tidak dikenali. Isi salah satu dari: {expected}.",
    en="Row {row}, column '{column}': '{value}' is not recognized. Use one of: {expected}.",
)
BAD_NUMBER = Msg(
    id="Baris {row}, kolom '{column}': '{value}' bukan angka (contoh: 20 atau 20,5).",
    en="Row {row}, column '{column}': '{value}' is not a number (e.g. 20 or 20.5).",
)
BAD_DATE = Msg(
    id="Baris {row}, kolom '{column}': '{value}' bukan tanggal (contoh: 2025-08-31 atau 31/08/2025).",
    en="Row {row}, column '{column}': '{value}' is not a date (e.g. 2025-08-31 or 31/08/2025).",
)
FUTURE_DATE = Msg(
    id="Baris {row}, kolom '{column}': tanggal {value} ada di masa depan.",
    en="Row {row}, column '{column}': the date {value} lies in the future.",
)
NEEDS_BOTH = Msg(
    id="Baris {row}: titik akses perlu kolom '{status}' dan '{technology}' terisi keduanya.",
    en="Row {row}: an access point needs both the '{status}' and the '{technology}' column filled in.",
)
NO_DATA_COLUMN = Msg(
    id="Tidak ada kolom data konektivitas. Beri judul kolom misalnya: Sinyal, Status, Teknologi, Fasilitas.",
    en="No connectivity data column. Title the columns e.g.: Sinyal, Status, Teknologi, Fasilitas.",
)
MORE_ERRORS = Msg(id="... dan {count} kesalahan lain.", en="... and {count} more errors.")

# What to suggest in an error message, per column.
EXPECTED = {
    "signal": "tidak ada, 2G, 3G, 4G, 5G",
    "facility": "kantor desa, puskesmas/pustu, sekolah, balai desa, lainnya",
    "technology": "fiber, 4G, radio, VSAT, Starlink/LEO",
    "power": "PLN, surya, genset",
    "status": "rencana, pemasangan, aktif, mati, dicabut",
}
MAX_ERRORS_SHOWN = 20


def compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


_DEFAULTS = json.loads((Path(__file__).parent / "data" / "survey_defaults.json").read_text(encoding="utf-8"))
HEADERS: dict[str, tuple[str, ...]] = {kind: tuple(v) for kind, v in _DEFAULTS["headers"].items()}
IGNORED_HEADERS = frozenset(_DEFAULTS["ignored_headers"])
VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    kind: {value: tuple(variants) for value, variants in table.items()}
    for kind, table in _DEFAULTS["values"].items()
}
# The data fields a column can be mapped to, in the order they are offered.
FIELDS: tuple[str, ...] = tuple(HEADERS)
# Fields whose cells are one of a few values, read through the value table.
VALUE_FIELDS: tuple[str, ...] = tuple(VALUES)
# Fields whose cells may say more than the field (a signal column reporting a live VSAT access point).
MIXED_FIELDS = ("signal", "technology", "status")
_ORDER = {name: i for i, name in enumerate(FIELDS)}

Outcome = tuple[tuple[str, str], ...]
"""What a value means: the (field, value) pairs it sets, in field order; () means "ignore this value"."""


def outcome_encode(outcome: Outcome) -> str:
    """`technology=vsat,status=live`; "" for ignore. The form a browser posts and the database keeps."""
    return ",".join(f"{name}={value}" for name, value in outcome)


def outcome_decode(text: str) -> Outcome | None:
    """The outcome written by `outcome_encode`, or None when it names an unknown field or value."""
    pairs: list[tuple[str, str]] = []
    for part in filter(None, text.split(",")):
        name, _sep, value = part.partition("=")
        if name not in VALUES or value not in VALUES[name] or any(name == n for n, _v in pairs):
            return None
        pairs.append((name, value))
    return tuple(sorted(pairs, key=lambda pair: _ORDER[pair[0]]))


_OWN: dict[str, dict[str, Outcome]] = {
    kind: {compact(variant): ((kind, value),) for value, variants in table.items() for variant in variants}
    for kind, table in VALUES.items()
}
_MIXED: dict[str, Outcome] = {}
for _entry in _DEFAULTS["mixed"]:
    _decoded = outcome_decode(",".join(f"{k}={v}" for k, v in _entry["set"].items()))
    assert _decoded, _entry  # the shipped file is checked when the module loads
    for _variant in _entry["variants"]:
        _MIXED.setdefault(compact(_variant), _decoded)


def outcome_choices(kind: str) -> list[Outcome]:
    """The meanings offered for a value of a `kind` column: its own values, and for signal, technology and
    status columns also a signal or a live access point of each technology."""
    choices: list[Outcome] = [((kind, value),) for value in VALUES.get(kind, {})]
    if kind in MIXED_FIELDS:
        choices += [(("signal", value),) for value in VALUES["signal"]]
        choices += [(("technology", t), ("status", "live")) for t in VALUES["technology"]]
    return list(dict.fromkeys(choices))


def data_columns(header: tuple[str, ...]) -> dict[str, int]:
    """Position of each recognized data column ("signal", "status", ...) in the header; first one wins."""
    found: dict[str, int] = {}
    for position, text in enumerate(header):
        key = compact(text)
        for kind, variants in HEADERS.items():
            if key in variants and kind not in found:
                found[kind] = position
    return found


@dataclass(frozen=True)
class SurveyMapping:
    """A region's remembered choices: compact header -> field ("" = ignore the column), and
    (field, compact value) -> outcome."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[tuple[str, str], Outcome] = field(default_factory=dict)


@dataclass(frozen=True)
class ColumnPlan:
    """One data column of the file: its field ("" = ignored), or None while nobody has decided."""

    position: int
    title: str
    key: str
    field: str | None
    origin: str  # "default", "region" (remembered), "ignored" (a row-number column), "unknown"
    samples: tuple[str, ...] = ()  # the first few distinct values, to help whoever decides


@dataclass(frozen=True)
class ValuePlan:
    """One distinct value of a value column: its meaning, or None while nobody has decided."""

    field: str
    key: str
    text: str  # as first typed in the file
    rows: int
    outcome: Outcome | None
    origin: str  # "default", "region", "unknown"


@dataclass(frozen=True)
class SurveyPreview:
    columns: tuple[ColumnPlan, ...]
    values: tuple[ValuePlan, ...]

    @property
    def open_columns(self) -> tuple[ColumnPlan, ...]:
        return tuple(c for c in self.columns if c.field is None)

    @property
    def open_values(self) -> tuple[ValuePlan, ...]:
        return tuple(v for v in self.values if v.outcome is None)

    @property
    def needs_decision(self) -> bool:
        return bool(self.open_columns or self.open_values)


def _place_positions(table: SurveyTable) -> set[int]:
    c = table.columns
    return {p for p in (c.village, c.district, c.regency, c.province) if p is not None}


def column_plans(table: SurveyTable, mapping: SurveyMapping) -> tuple[ColumnPlan, ...]:
    """Every column that is not a place name, with the field it holds (the region's choice first)."""
    places = _place_positions(table)
    plans: list[ColumnPlan] = []
    for position, title in enumerate(table.header):
        if position in places:
            continue
        key = compact(title)
        if key and key in mapping.columns:
            chosen, origin = mapping.columns[key], "region"
        elif kind := next((k for k, variants in HEADERS.items() if key in variants), None):
            chosen, origin = kind, "default"
        elif key in IGNORED_HEADERS:
            chosen, origin = "", "ignored"
        else:
            chosen, origin = None, "unknown"
        samples = tuple(
            dict.fromkeys(r[position].strip()[:40] for r in table.rows[:200] if r[position].strip())
        )
        plans.append(ColumnPlan(position, title, key, chosen, origin, samples[:3]))
    return tuple(plans)


def value_meaning(kind: str, key: str, mapping: SurveyMapping) -> tuple[Outcome | None, str]:
    """What the value `key` (compact) of a `kind` column means, and where that comes from."""
    if (kind, key) in mapping.values:
        return mapping.values[(kind, key)], "region"
    if key in _OWN.get(kind, {}):
        return _OWN[kind][key], "default"
    if kind in MIXED_FIELDS and key in _MIXED:
        return _MIXED[key], "default"
    return None, "unknown"


def _value_cells(table: SurveyTable, plans: tuple[ColumnPlan, ...]) -> list[tuple[str, int, str, str]]:
    """(field, position, raw, key) of each filled value cell, in row order."""
    columns = [(p.field, p.position) for p in plans if p.field in VALUE_FIELDS]
    cells = []
    for row in table.rows:
        for kind, position in columns:
            raw = row[position].strip()
            key = compact(raw)
            if key and kind:
                cells.append((kind, position, raw, key))
    return cells


def survey_preview(table: SurveyTable, mapping: SurveyMapping) -> SurveyPreview:
    """Every data column and every distinct value of the value columns, with what each means."""
    plans = column_plans(table, mapping)
    cells = _value_cells(table, plans)
    counts = Counter((kind, key) for kind, _p, _raw, key in cells)
    first: dict[tuple[str, str], str] = {}
    for kind, _p, raw, key in cells:
        first.setdefault((kind, key), raw)
    values = []
    for (kind, key), text in first.items():
        outcome, origin = value_meaning(kind, key, mapping)
        values.append(ValuePlan(kind, key, text[:100], counts[(kind, key)], outcome, origin))
    values.sort(key=lambda v: (v.outcome is not None, _ORDER[v.field], -v.rows, v.key))
    return SurveyPreview(plans, tuple(values))


def _parse_date(text: str) -> date | None:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text[:10] if pattern == "%Y-%m-%d" else text, pattern).date()  # noqa: DTZ007 -- a calendar date
        except ValueError:
            continue
    return None


def _parse_bandwidth(text: str) -> float | None:
    """Mbps as typed ("20", "20,5", "10.5", "50 Mbps"); None when it is no number or negative."""
    cleaned = re.sub(r"(?i)\s*(mbps|mb/s|mb)\s*$", "", text.strip())
    try:
        value = parse_number(cleaned, decimal_point=True)
    except NumberTextError:
        return None
    return float(value) if value >= 0 else None


@dataclass(frozen=True)
class ParsedSurvey:
    values: list[dict[str, str | float | None]]  # one dict per table row, only the filled cells
    errors: list[Text]


def _read_cell(kind: str, raw: str, title: str, number: int, today: date) -> str | float | Text:
    """A non-value cell read into its value, or the message saying why it cannot be used."""
    if kind == "bandwidth":
        number_value = _parse_bandwidth(raw)
        return BAD_NUMBER(row=number, column=title, value=raw[:60]) if number_value is None else number_value
    if kind == "since":
        parsed = _parse_date(raw)
        if parsed is None:
            return BAD_DATE(row=number, column=title, value=raw[:60])
        if parsed > today:
            return FUTURE_DATE(row=number, column=title, value=parsed.isoformat())
        return parsed.isoformat()
    return raw[:200]


def parse_values(table: SurveyTable, today: date, mapping: SurveyMapping | None = None) -> ParsedSurvey:
    """Read every row's data cells; `errors` lists each unusable cell (row as in the file, column by title).

    Columns nobody has mapped yet are left out; a value without a meaning is an error (the preview lets a
    person give it one first). A value that sets other fields than its column's (a "Status Sinyal" cell
    reading "Fiber") fills them unless the row has its own column for them.
    """
    mapping = mapping or SurveyMapping()
    plans = [p for p in column_plans(table, mapping) if p.field]
    errors: list[Text] = []
    out: list[dict[str, str | float | None]] = []
    if not plans or {p.field for p in plans} <= {"note", "since"}:
        return ParsedSurvey([], [NO_DATA_COLUMN()])
    title_of = {p.field: p.title for p in reversed(plans)}
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        values: dict[str, str | float | None] = {}
        implied: dict[str, str] = {}
        for plan in plans:
            kind = str(plan.field)
            raw = row[plan.position].strip()
            if not raw or raw == "-" or kind in values:
                continue
            if kind in VALUE_FIELDS:
                outcome, _origin = value_meaning(kind, compact(raw), mapping)
                if outcome is None:
                    errors.append(
                        BAD_VALUE(row=number, column=plan.title, value=raw[:60], expected=EXPECTED[kind])
                    )
                    continue
                for name, value in outcome:
                    if name == kind:
                        values[name] = value
                    else:
                        implied.setdefault(name, value)
                continue
            read = _read_cell(kind, raw, plan.title, number, today)
            if isinstance(read, Text):
                errors.append(read)
            else:
                values[kind] = read
        for name, value in implied.items():
            values.setdefault(name, value)
        if ("status" in values) != ("technology" in values):
            errors.append(
                NEEDS_BOTH(
                    row=number,
                    status=title_of.get("status", "Status"),
                    technology=title_of.get("technology", "Teknologi"),
                )
            )
        out.append(values)
    return ParsedSurvey(out, errors)


def shown_errors(errors: Sequence[Any], lang: str) -> list[str]:
    """The first errors (bilingual `Text`s), rendered, and a line saying how many more there are."""
    lines = [e.render(lang) if hasattr(e, "render") else str(e) for e in errors[:MAX_ERRORS_SHOWN]]
    if len(errors) > MAX_ERRORS_SHOWN:
        lines.append(MORE_ERRORS.render(lang, count=len(errors) - MAX_ERRORS_SHOWN))
    return lines
