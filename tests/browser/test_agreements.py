"""Issue 6, "done means", in a real browser: the province drafts the village-internet agreement for Kutai
Kartanegara, both sides sign with their PDFs, coverage moves when a village goes live, a late obligation shows on
the monitoring page, and Paser sees neither the agreement nor its documents."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from selaras.agreements.documents import minimal_pdf
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

KUKAR = "64.02"


def _as(browser: Any, server: str, username: str) -> Any:
    context = browser.new_context(base_url=server, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())  # decisions that bind ask first (issue 16)
    sign_in(page, username)
    return page


def _sign(page: Any, region: str, number: str, pdf: Any) -> None:
    form = page.locator(f'[data-testid="sign-{region}"]')
    form.locator("input[name=document_number]").fill(number)
    form.locator("input[name=signatory]").fill("Kepala Dinas Kominfo")
    form.locator("input[name=signed_on]").fill("2026-01-10")
    form.locator("input[name=document]").set_input_files(str(pdf))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def _live_today(page: Any) -> int:
    text = page.locator("[data-testid=coverage]").first.inner_text()
    return int(re.match(r"(\d+) dari", text).group(1))  # type: ignore[union-attr]


def test_a_village_internet_agreement_from_draft_to_monitoring(
    browser: Any, server: str, tmp_path: Any
) -> None:
    pdf = tmp_path / "pks-ditandatangani.pdf"
    pdf.write_bytes(minimal_pdf("PKS Internet Desa - Kutai Kartanegara"))
    fake = tmp_path / "bukan.pdf"
    fake.write_bytes(b"this is not a pdf")

    admin = _as(browser, server, "admin.kaltim")
    admin.click("nav.mainnav >> text=Perjanjian")
    admin.click("[data-testid=nav-new]")
    admin.select_option("#id_regency", KUKAR)
    admin.fill("#id_starts_on", "2026-01-01")
    admin.fill("#id_years", "5")
    admin.click("[data-testid=form-new] button[type=submit]")
    admin.wait_for_url(re.compile(r".*/pks/\d+/$"))
    url = admin.url
    assert admin.locator("[data-testid=agreement-status]").inner_text() == "Draf"

    _sign(admin, "64", "PKS/001/DKISP/2026", fake)  # refused by content, nothing recorded
    assert "bukan dokumen PDF" in admin.locator(".messages").inner_text()
    _sign(admin, "64", "PKS/001/DKISP/2026", pdf)
    assert "PKS/001/DKISP/2026" in admin.locator("[data-testid=parties]").inner_text()

    paser = _as(browser, server, "operator.paser")
    assert paser.goto(url).status == 404
    document = admin.locator("[data-testid=documents] a").first.get_attribute("href")
    assert paser.goto(document).status == 404
    assert paser.goto("/pks/").ok and "Kutai Kartanegara" not in paser.locator("main").inner_text()

    kukar = _as(browser, server, "operator.kukar")
    kukar.goto(url)
    _sign(kukar, KUKAR, "100/02/DISKOMINFO-KKR/2026", pdf)
    assert kukar.locator("[data-testid=agreement-status]").inner_text() == "Aktif"
    with kukar.expect_download() as download:
        kukar.locator("[data-testid=documents] a").first.click()
    assert download.value.suggested_filename.endswith(".pdf")

    before = _live_today(kukar)
    kukar.locator("[data-testid=obligations] a").first.click()  # the 2026 coverage obligation
    kukar.locator("[data-testid=villages] tr", has_text="tidak").first.locator("a").click()
    today = datetime.now(ZoneInfo("Asia/Makassar")).date().isoformat()
    status_form = kukar.locator("[data-testid=access-points] form").first
    status_form.locator("select").select_option("live")
    status_form.locator("input[type=date]").fill(today)
    status_form.locator("button[type=submit]").click()
    kukar.wait_for_load_state()
    kukar.goto(url)
    assert _live_today(kukar) == before + 1

    admin.goto("/pks/pemantauan/")
    late = admin.locator("[data-testid=late]")
    assert late.locator("tr", has_text="Kutai Kartanegara").filter(has_text="Kesiapan lokasi").count() == 1
    assert admin.locator(f'[data-testid="score-{KUKAR}"] [data-testid=score-late]').inner_text() != "0"
