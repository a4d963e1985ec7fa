"""The SAMPLE synchronization run for `selaras start`: the analysis once on the sample plans (flagged
`is_sample`, shown with a SAMPLE/CONTOH badge)."""

from __future__ import annotations

from selaras.planning.models import Plan
from selaras.sync.models import SyncRun
from selaras.sync.services import sync_run

PROVINCE = "64"
YEARS = (2025, 2026, 2027, 2028, 2029)


def ensure_sample() -> str:
    """Run the analysis on the sample plans once; "" when already there or the sample plans are missing."""
    if SyncRun.objects.filter(is_sample=True).exists():
        return ""
    if not Plan.objects.filter(is_sample=True, region_id=PROVINCE).exists():
        return ""
    run = sync_run(actor=None, province_code=PROVINCE, years=YEARS, is_sample=True)
    summary = run.result_id.get("summary", {})
    return (
        f"synchronization (SAMPLE): {summary.get('coverage_gaps', 0)} gaps, "
        f"{summary.get('target_shortfalls', 0)} shortfalls, {run.proposals.count()} irisan proposals"
    )
