"""Declared columns and the header that names them: found below title rows, over one to three rows (a merged
parent label over child labels reads "Parent / Child"), aliases matched case- and punctuation-insensitively."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from selaras.core.tables.grids import Cell, Grid, column_letter

Kind = Literal["text", "number", "decimal", "integer", "percent", "rupiah", "raw"]
Required = bool | Literal["warning"]

HEADER_SEARCH_ROWS = 20
MAX_HEADER_DEPTH = 3


def header_key(label: object) -> str:
    """A header label compared without case, accents, spaces or punctuation: "Kode Wilayah" -> "kodewilayah"."""
    return _key(str(label or ""))


@functools.lru_cache(maxsize=4096)
def _key(label: str) -> str:
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


@dataclass(frozen=True)
class Column:
    """A column a reader expects.

    `aliases`: header labels that name it (compared by `header_key`; an alias ending in `*` matches every label
    starting with it). `kind` says how `read_table` reads its cells (see `selaras.core.tables.table`).
    `required`: True (missing column or empty cell is an error), "warning" (reported, the row is kept) or False.
    `title` is the name shown in messages (default: the first alias)."""

    field: str
    aliases: tuple[str, ...]
    kind: Kind = "text"
    required: Required = False
    title: str = ""

    @property
    def shown(self) -> str:
        return self.title or (self.aliases[0].rstrip("*") if self.aliases else self.field)

    def matches(self, label: str) -> bool:
        key = header_key(label)
        if not key:
            return False
        for alias in self.aliases:
            if alias.endswith("*"):
                if key.startswith(header_key(alias)):
                    return True
            elif key == header_key(alias):
                return True
        return False


@dataclass(frozen=True)
class HeaderColumn:
    """One column of the found header: 0-based `index`, its letter and its label ("Parent / Child")."""

    index: int
    letter: str
    label: str


@dataclass
class Header:
    """The header found on a sheet: rows `first_row..last_row` (1-based); `fields` maps each recognised field
    to its 0-based column; `columns` holds every labelled column; `unknown` the labelled ones no field
    claimed (a UI offers to map them); `missing` the declared columns not found."""

    sheet: str
    first_row: int
    last_row: int
    fields: dict[str, int]
    columns: list[HeaderColumn]
    unknown: list[HeaderColumn] = field(default_factory=list)
    missing: list[Column] = field(default_factory=list)

    def label(self, index: int) -> str:
        return next((c.label for c in self.columns if c.index == index), "")

    def where(self, index: int | None) -> str:
        """How messages name a column: "Pagu (D)"; the letter alone when it has no label."""
        if index is None:
            return ""
        label = self.label(index)
        return f"{label} ({column_letter(index)})" if label else column_letter(index)

    @property
    def missing_required(self) -> list[Column]:
        return [c for c in self.missing if c.required is True]


def _labels(grid: Grid, first: int, last: int) -> list[str]:
    """The combined label of every column over header rows first..last: distinct parts joined by " / "."""
    labels = []
    for col in range(grid.width):
        parts: list[str] = []
        for number in range(first, last + 1):
            text = _text(grid.cell(number, col + 1))
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        labels.append(" / ".join(parts))
    return labels


def _text(value: Cell) -> str:
    if value is None:
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def _assign(labels: Sequence[str], columns: Sequence[Column], mapping: Mapping[str, str]) -> dict[str, int]:
    """Fields to columns: the user's mapping first, then whole labels, then the child part, then the parent."""
    by_field = {c.field: c for c in columns}
    fields: dict[str, int] = {}
    taken: set[int] = set()
    mapped = {header_key(label): f for label, f in mapping.items()}
    for index, label in enumerate(labels):
        target = mapped.get(header_key(label))
        if target in by_field and target not in fields and index not in taken:
            fields[target] = index
            taken.add(index)
    for part in ("whole", "last", "first"):
        for index, label in enumerate(labels):
            if index in taken or not label:
                continue
            pieces = label.split(" / ")
            candidate = {"whole": label, "last": pieces[-1], "first": pieces[0]}[part]
            if part != "whole" and len(pieces) == 1:
                continue
            for column in columns:
                if column.field not in fields and column.matches(candidate):
                    fields[column.field] = index
                    taken.add(index)
                    break
    return fields


def _score(
    fields: Mapping[str, int], labels: Sequence[str], columns: Sequence[Column], depth: int
) -> tuple[int, int, int, int]:
    """Required columns found, columns found, columns named by their whole label, then the shallower."""
    by_field = {c.field: c for c in columns}
    required = sum(1 for c in columns if c.required and c.field in fields)
    whole = sum(1 for f, i in fields.items() if f in by_field and by_field[f].matches(labels[i]))
    return required, len(fields), whole, -depth


def _continues(grid: Grid, last: int) -> bool:
    """Whether row `last + 1` still belongs to the header: a merged range from the header reaches into it, or
    it holds only text under a label merged across columns."""
    below = last + 1
    if below > len(grid.rows):
        return False
    for block in grid.merged:
        if block.first_row <= last < block.last_row and block.first_row != block.last_row:
            return True
    for block in grid.merged:
        if block.first_row == last == block.last_row and block.last_col > block.first_col:
            under = [grid.cell(below, c) for c in range(block.first_col, block.last_col + 1)]
            if all(isinstance(v, str) for v in under if v is not None) and any(v is not None for v in under):
                return True
    return False


def _starts_above(grid: Grid, first: int) -> int | None:
    """The first row of a merged range that reaches into row `first` from above (a two-row header's parent
    labels, or labels merged down both rows); None when none does."""
    starts = [m.first_row for m in grid.merged if m.first_row < first <= m.last_row]
    return min(starts) if starts else None


def find_header(
    grid: Grid,
    columns: Sequence[Column],
    search_rows: int = HEADER_SEARCH_ROWS,
    *,
    mapping: Mapping[str, str] | None = None,
) -> Header:
    """The header row(s) in the first `search_rows` rows that name the most required, then the most declared
    columns (the earliest and shallowest wins a tie); a header with merged cells extends down as far as its
    merges reach. `mapping` maps header labels (as shown, compared by `header_key`) to fields, the user's
    choice from a preview; it wins over the aliases. With no match at all the header is row 1."""
    mapping = mapping or {}
    best: tuple[tuple[int, int, int, int], int, int] | None = None
    limit = min(search_rows, len(grid.rows))
    for first in range(1, limit + 1):
        if all(v is None for v in grid.row(first)):
            continue
        for depth in range(1, MAX_HEADER_DEPTH + 1):
            last = first + depth - 1
            if last > len(grid.rows):
                break
            labels = _labels(grid, first, last)
            score = _score(_assign(labels, columns, mapping), labels, columns, depth)
            if best is None or score > best[0]:
                best = (score, first, last)
    if best is None or best[0][:2] == (0, 0):
        first = last = next((n for n in range(1, limit + 1) if any(v is not None for v in grid.row(n))), 1)
    else:
        _, first, last = best
    while last - first + 1 < MAX_HEADER_DEPTH and (above := _starts_above(grid, first)) is not None:
        first = max(above, last - MAX_HEADER_DEPTH + 1)
    while last - first + 1 < MAX_HEADER_DEPTH and _continues(grid, last):
        last += 1
    labels = _labels(grid, first, last)
    fields = _assign(labels, columns, mapping)
    header_columns = [HeaderColumn(i, column_letter(i), label) for i, label in enumerate(labels) if label]
    claimed = set(fields.values())
    return Header(
        sheet=grid.name,
        first_row=first,
        last_row=last,
        fields=fields,
        columns=header_columns,
        unknown=[c for c in header_columns if c.index not in claimed],
        missing=[c for c in columns if c.field not in fields],
    )
