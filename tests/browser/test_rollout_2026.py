"""Issue 15, "done means", in a real browser: the province opens the "2026 budget" sample scenario (Rp 13 billion,
every live site kept running), sees which live sites run at which tier each year, today's rule (every site cut to
50 Mbps) beside it, what Rp 1 billion more would buy and what the budget cannot afford, and adopts it; the
connectivity page shows the real end-2025 count against the RPJMD's target line."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

TITLE = "[CONTOH] Anggaran 2026: Rp 13 miliar per tahun, semua situs tetap hidup"


def test_the_province_sees_what_rp_13_billion_buys_and_adopts_it(page: Any) -> None:
    page.set_default_timeout(60000)  # 802 sites over four years: a heavier page than most
    sign_in(page, "admin.kaltim")
    page.goto("/rollout/")
    page.click(f"text={TITLE}")
    assert page.locator("[data-testid=sample-badge]").is_visible()
    tiers = page.locator("[data-testid=tiers-per-year]").inner_text()
    assert "100 Mbps" in tiers and "50 Mbps" in tiers
    first_year = page.locator(
        "[data-testid=tiers-per-year] tbody tr[data-tier] td:nth-child(2)"
    ).all_inner_texts()
    assert sum(int(n) for n in first_year) == 802  # every live site runs in 2026
    assert "50 Mbps" in page.locator("[data-testid=rule-comparison]").inner_text()
    assert page.locator("[data-testid=marginal-value] tbody tr").count() > 0
    assert page.locator("[data-testid=unaffordable-count]").is_visible()
    page.click("[data-testid=adopt]", timeout=90000)
    page.wait_for_selector("[data-testid=adopted]", timeout=90000)
    assert "tingkat layanan situs aktif" in page.content()


def test_the_connectivity_page_counts_802_desa_against_the_rpjmd_target(page: Any) -> None:
    page.set_default_timeout(60000)
    sign_in(page, "viewer.kaltim")
    page.goto("/konektivitas/")
    assert page.locator("[data-testid='live-64-2025']").inner_text().split()[0] == "802"
    assert page.locator("[data-testid='target-64-2025']").inner_text() == "716"
    assert "KTM-K0302-I1" in page.locator("[data-testid=target-source]").inner_text()
