"""Issue 5 in a real browser: the province admin opens the synchronization report, sees a coverage gap and an
irisan with its reason, reruns the analysis in the background; Paser's operator accepts its proposal."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _as(browser: Any, server: str, username: str) -> Any:
    context = browser.new_context(base_url=server, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())  # decisions that bind ask first (issue 16)
    sign_in(page, username)
    return page


def test_the_province_reads_the_report_and_paser_accepts_its_proposal(browser: Any, server: str) -> None:
    admin = _as(browser, server, "admin.kaltim")
    admin.locator("nav.mainnav a[href='/sinkronisasi/']").click()
    admin.wait_for_url("**/sinkronisasi/provinsi/64/")
    assert "CONTOH" in admin.locator("h1").inner_text()
    gaps = admin.locator("[data-testid=coverage-gaps]")
    assert "KTM-P02-I1" in gaps.inner_text()
    row = admin.locator("[data-testid=irisan] tr", has_text="PSR-P03-I1").first
    assert "tahun bersama" in row.locator("[data-testid=irisan-reason]").inner_text()

    admin.locator("[data-testid=run-analysis]").click()
    admin.wait_for_url("**/tugas/**")
    admin.wait_for_selector("[data-testid=job-status][data-status=done]", timeout=60000)
    admin.goto("/sinkronisasi/provinsi/64/")
    assert "KTM-P02-I1" in admin.locator("[data-testid=coverage-gaps]").inner_text()

    operator = _as(browser, server, "operator.paser")
    operator.goto("/sinkronisasi/wilayah/64.01/")
    row = operator.locator("[data-testid=irisan] tr", has_text="PSR-P03-I1").first
    row.locator("[data-testid=answer-reason]").fill("Kami siap berbagi peran")
    row.locator("[data-testid=accept]").click()
    operator.wait_for_load_state()
    row = operator.locator("[data-testid=irisan] tr", has_text="PSR-P03-I1").first
    assert row.locator("[data-testid=answer-b]").get_attribute("data-answer") == "accepted"
    assert "Kami siap berbagi peran" in row.inner_text()


def test_a_second_run_keeps_paser_s_answer(browser: Any, server: str) -> None:
    operator = _as(browser, server, "operator.paser")
    operator.goto("/sinkronisasi/wilayah/64.01/")
    row = operator.locator("[data-testid=irisan] tr", has_text="PSR-P03-I1").first
    row.locator("[data-testid=answer-reason]").fill("Jawaban yang harus bertahan")
    row.locator("[data-testid=reject]").click()
    operator.wait_for_load_state()

    admin = _as(browser, server, "admin.kaltim")
    admin.goto("/sinkronisasi/provinsi/64/")
    admin.locator("[data-testid=run-analysis]").click()
    admin.wait_for_url("**/tugas/**")
    admin.wait_for_selector("[data-testid=job-status][data-status=done]", timeout=60000)
    admin.locator("[data-testid=job-result-link]").click()  # the task page leads to the report
    admin.wait_for_url("**/sinkronisasi/provinsi/64/")
    assert "tetap beserta jawabannya" in admin.locator("[data-testid=run-changes]").inner_text()

    operator.goto("/sinkronisasi/wilayah/64.01/")
    row = operator.locator("[data-testid=irisan] tr", has_text="PSR-P03-I1").first
    assert row.locator("[data-testid=answer-b]").get_attribute("data-answer") == "rejected"
    assert "Jawaban yang harus bertahan" in row.inner_text()
