"""One entry point for every plans file: the Selaras template or an official layout (RPJMD, Renstra T-C.27).

`read_plans` picks the reader from the file's layout and returns the same `PlanWorkbook` whichever it was, so
the web import, the API and `selaras sync analyze` never choose a reader themselves.
"""

from __future__ import annotations

from pathlib import Path

from selaras.core.plans.workbook import DEFAULT_MAX_ROWS, ImportContext, PlanWorkbook, read_plan_workbook
from selaras.core.tables.guard import FileLimits


def read_plans(
    source: bytes | Path,
    *,
    filename: str = "",
    context: ImportContext | None = None,
    limits: FileLimits = FileLimits(),  # noqa: B008 -- frozen, so one shared default is safe
    max_rows: int = DEFAULT_MAX_ROWS,
) -> PlanWorkbook:
    """Read a plans file of any supported layout; never raises on bad input (problems are in the result)."""
    return read_plan_workbook(source, context=context, limits=limits, max_rows=max_rows)
